import { describe, expect, it } from 'vitest';
import { definitionOf, PROPERTY_DEFINITIONS, PROPERTY_GROUPS, type PropertyDefinition } from '../../../src/properties/property-definitions.js';
import {
  planGroup,
  planProperty,
  planProvisioning,
  type PropertyPlan,
} from '../../../src/provisioning/plan-properties.js';
import type { RemoteProperty } from '../../../src/provisioning/types.js';

/**
 * The planner alone: no HubSpot, no network. It lives with the provisioning tests so the whole command is specified
 * in one folder.
 */

function definition(name: string): PropertyDefinition {
  const found = definitionOf(name);
  if (found === undefined) throw new Error(`no property ${name}`);
  return found;
}

/** A property as HubSpot holds it when provisioning created it, with overrides. */
function remote(name: string, overrides: Partial<RemoteProperty> = {}): RemoteProperty {
  const d = definition(name);
  return {
    name: d.name,
    label: d.label,
    description: d.description,
    groupName: d.groupName,
    type: d.type,
    fieldType: d.fieldType,
    options: (d.options ?? []).map((o, i) => ({ label: o.label, value: o.value, displayOrder: i, hidden: false })),
    ...overrides,
  };
}

const PATHWAY = { label: 'Pathway', value: 'pathway', displayOrder: 0, hidden: false };
const COURSE = { label: 'Course', value: 'course', displayOrder: 1, hidden: false };
const MODULE = { label: 'Module', value: 'module', displayOrder: 2, hidden: false };
const VIEWED_TYPE_OPTIONS = [PATHWAY, COURSE, MODULE];

describe('planGroup', () => {
  it.each([
    ['creates a missing group', undefined, { action: 'create', body: { name: 'learning_milestones', label: 'Learning Milestones' } }],
    ['leaves a matching group unchanged', { name: 'learning_milestones', label: 'Learning Milestones' }, { action: 'unchanged' }],
    [
      'updates the label of a group whose label differs',
      { name: 'learning_milestones', label: 'Milestones' },
      { action: 'update', body: { label: 'Learning Milestones' }, differences: ['label "Milestones" → "Learning Milestones"'] },
    ],
  ])('%s', (_label, remoteGroup, expected) => {
    // Act
    const plan = planGroup(PROPERTY_GROUPS.milestones, remoteGroup);

    // Assess
    expect(plan).toEqual({ kind: 'group', name: 'learning_milestones', ...expected });
  });
});

describe('planProperty', () => {
  type Case = [string, string, Partial<RemoteProperty>, Partial<PropertyPlan> & Record<string, unknown>];
  const cases: Case[] = [
    ['leaves a property that matches unchanged', 'hhl_progress_state', {}, { action: 'unchanged' }],
    [
      'updates a different label',
      'hhl_progress_summary',
      { label: 'Summary' },
      { action: 'update', body: { label: 'Learning Progress Summary' }, differences: ['label "Summary" → "Learning Progress Summary"'] },
    ],
    [
      'updates a different description',
      'hhl_total_progress',
      { description: '' },
      { action: 'update', body: { description: 'Number of modules the learner has completed.' }, differences: ['description'] },
    ],
    [
      'updates a different group',
      'hhl_total_progress',
      { groupName: 'contactinformation' },
      { action: 'update', body: { groupName: 'learning_milestones' }, differences: ['group contactinformation → learning_milestones'] },
    ],
    [
      'updates a different fieldType of a string property',
      'hhl_progress_state',
      { fieldType: 'text' },
      { action: 'update', body: { fieldType: 'textarea' }, differences: ['fieldType text → textarea'] },
    ],
    ['ignores the fieldType of a datetime property', 'hhl_progress_updated_at', { fieldType: 'text' }, { action: 'unchanged' }],
    ['ignores the fieldType of a date property', 'hhl_last_activity', { fieldType: 'text' }, { action: 'unchanged' }],
    [
      'replaces options whose label differs',
      'hhl_last_viewed_type',
      { options: [PATHWAY, { ...COURSE, label: 'Courses' }, MODULE] },
      { action: 'update', body: { options: VIEWED_TYPE_OPTIONS }, differences: ['options (course label "Courses" → "Course")'] },
    ],
    [
      'replaces options with a missing and an extra value',
      'hhl_last_viewed_type',
      { options: [PATHWAY, COURSE, { label: 'Lesson', value: 'lesson', displayOrder: 2, hidden: false }] },
      { action: 'update', body: { options: VIEWED_TYPE_OPTIONS }, differences: ['options (missing module, extra lesson)'] },
    ],
    [
      'replaces options that are hidden or out of order',
      'hhl_last_viewed_type',
      { options: [PATHWAY, { ...COURSE, hidden: true }, { ...MODULE, displayOrder: 7 }] },
      { action: 'update', body: { options: VIEWED_TYPE_OPTIONS }, differences: ['options (course hidden, module order 7 → 2)'] },
    ],
    [
      'reports a date-typed datetime as differs that the service tolerates, with nothing to patch',
      'hhl_progress_updated_at',
      { type: 'date' },
      {
        action: 'differs',
        typeMismatch: {
          actual: 'date',
          expected: 'datetime',
          tolerated: true,
          consequence: 'the service writes midnight UTC dates to it; keeps working',
        },
        differences: [],
      },
    ],
    [
      'patches the label of a date-typed datetime but never its type',
      'hhl_last_viewed_at',
      { type: 'date', label: 'Viewed at' },
      { action: 'differs', body: { label: 'Last Viewed Learning Content At' }, differences: ['label "Viewed at" → "Last Viewed Learning Content At"'] },
    ],
    [
      'reports a string-typed number as differs the service cannot rely on',
      'hhl_total_progress',
      { type: 'string', fieldType: 'text' },
      { action: 'differs', typeMismatch: expect.objectContaining({ actual: 'string', expected: 'number', tolerated: false }), differences: [] },
    ],
    [
      'reports a datetime-typed date as differs the service cannot rely on',
      'hhl_last_activity',
      { type: 'datetime' },
      { action: 'differs', typeMismatch: expect.objectContaining({ actual: 'datetime', expected: 'date', tolerated: false }) },
    ],
    [
      'compares no options across types',
      'hhl_last_viewed_type',
      { type: 'string', fieldType: 'text', options: [] },
      { action: 'differs', differences: [] },
    ],
  ];

  it.each(cases)('%s', (_label, name, overrides, expected) => {
    // Act
    const plan = planProperty(definition(name), remote(name, overrides));

    // Assess
    expect(plan).toMatchObject({ kind: 'property', name, ...expected });
    if (expected.action === 'unchanged' || (expected.action === 'differs' && !('body' in expected))) {
      expect(plan).not.toHaveProperty('body');
    }
  });

  it('creates a missing enumeration property with its options in order, none hidden', () => {
    // Act
    const plan = planProperty(definition('hhl_last_viewed_type'), undefined);

    // Assess
    expect(plan).toEqual({
      kind: 'property',
      name: 'hhl_last_viewed_type',
      action: 'create',
      body: {
        name: 'hhl_last_viewed_type',
        label: 'Last Viewed Learning Content Type',
        description: 'Whether the learner last viewed a pathway, a course or a module page.',
        groupName: 'learning_program_properties',
        type: 'enumeration',
        fieldType: 'select',
        options: VIEWED_TYPE_OPTIONS,
      },
    });
  });

  it('creates a missing non-enumeration property without options', () => {
    // Act
    const plan = planProperty(definition('hhl_total_progress'), undefined);

    // Assess
    expect(plan.action === 'create' && plan.body).toEqual({
      name: 'hhl_total_progress',
      label: 'Total Modules Completed',
      description: 'Number of modules the learner has completed.',
      groupName: 'learning_milestones',
      type: 'number',
      fieldType: 'number',
    });
  });

  it('tells the fix for a type the service cannot rely on', () => {
    // Act
    const plan = planProperty(definition('hhl_total_progress'), remote('hhl_total_progress', { type: 'string' }));

    // Assess
    expect(plan.action === 'differs' && plan.typeMismatch.consequence).toBe(
      'the service\'s writes to it may be refused; to fix, delete it in HubSpot (its values are lost) and run this ' +
        'again to recreate it as number, or give the property a new name in src/properties/property-definitions.ts',
    );
  });
});

describe('planProvisioning', () => {
  it('plans every group, then every property, in the order of src/properties/property-definitions.ts', () => {
    // Act
    const plan = planProvisioning(
      { groups: Object.values(PROPERTY_GROUPS), properties: PROPERTY_DEFINITIONS },
      { groups: new Map(), properties: new Map() },
    );

    // Assess
    expect(plan.map((item) => `${item.kind} ${item.name} ${item.action}`)).toEqual([
      'group learning_program_properties create',
      'group learning_milestones create',
      ...PROPERTY_DEFINITIONS.map((d) => `property ${d.name} create`),
    ]);
  });

  it('does not modify what HubSpot returned', () => {
    // Prepare
    const properties = new Map(PROPERTY_DEFINITIONS.map((d) => [d.name, Object.freeze(remote(d.name, { label: 'x' }))]));
    const groups = new Map([['learning_milestones', Object.freeze({ name: 'learning_milestones', label: 'x' })]]);
    const before = JSON.stringify([...properties, ...groups]);

    // Act
    const plan = planProvisioning({ groups: Object.values(PROPERTY_GROUPS), properties: PROPERTY_DEFINITIONS }, { groups, properties });

    // Assess
    expect(plan.filter((item) => item.action === 'update')).toHaveLength(15);
    expect(JSON.stringify([...properties, ...groups])).toBe(before);
  });
});

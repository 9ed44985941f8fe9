import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  completePortal,
  fakePortal,
  hubspotProperty,
  lineFor,
  PROPERTIES_PATH,
  runProvision,
  type HubSpotPropertyJson,
} from '../../fixtures/fake-portal.js';

/** A portal holding everything as defined except the given properties, as given. */
function portalWith(...changed: HubSpotPropertyJson[]) {
  const { groups, properties } = completePortal();
  return fakePortal({ groups, properties: properties.map((p) => changed.find((c) => c.name === p.name) ?? p) });
}

beforeAll(() => {
  nock.disableNetConnect();
});

afterEach(() => {
  nock.cleanAll();
});

afterAll(() => {
  nock.enableNetConnect();
});

describe('provision on a portal whose properties differ from the definitions', () => {
  it('updates a property whose label differs with a PATCH of the label alone', async () => {
    // Prepare
    const portal = portalWith(hubspotProperty('hhl_progress_summary', { label: 'Progress Summary' }));

    // Act
    const { exitCode, lines } = await runProvision('apply');

    // Assess
    expect(exitCode).toBe(0);
    expect(portal.writes()).toEqual([
      expect.objectContaining({
        method: 'PATCH',
        path: `${PROPERTIES_PATH}/hhl_progress_summary`,
        body: { label: 'Learning Progress Summary' },
      }),
    ]);
    expect(lineFor(lines, 'hhl_progress_summary')).toBe(
      'property  hhl_progress_summary           updated: label "Progress Summary" → "Learning Progress Summary"',
    );
    expect(lines).toContain('2 groups, 14 properties: 0 created, 1 updated, 15 unchanged, 0 differ');
  });

  it('updates description, group and fieldType in one PATCH when they differ', async () => {
    // Prepare
    const portal = portalWith(
      hubspotProperty('hhl_enrolled_courses', { description: '', groupName: 'contactinformation', fieldType: 'text' }),
    );

    // Act
    const { exitCode } = await runProvision('apply');

    // Assess
    expect(exitCode).toBe(0);
    expect(portal.writes().map((r) => r.body)).toEqual([
      {
        description: 'Slugs of the courses the learner is enrolled in, sorted, separated by ";".',
        groupName: 'learning_milestones',
        fieldType: 'textarea',
      },
    ]);
  });

  it('replaces enumeration options that differ with the defined list', async () => {
    // Prepare
    const portal = portalWith(
      hubspotProperty('hhl_last_viewed_type', {
        options: [
          { label: 'Pathways', value: 'pathway', displayOrder: 0, hidden: false },
          { label: 'Course', value: 'course', displayOrder: 1, hidden: false },
        ],
      }),
    );

    // Act
    const { lines } = await runProvision('apply');

    // Assess
    expect(portal.writes().map((r) => r.body)).toEqual([
      {
        options: [
          { label: 'Pathway', value: 'pathway', displayOrder: 0, hidden: false },
          { label: 'Course', value: 'course', displayOrder: 1, hidden: false },
          { label: 'Module', value: 'module', displayOrder: 2, hidden: false },
        ],
      },
    ]);
    expect(lineFor(lines, 'hhl_last_viewed_type')).toContain('updated: options (pathway label "Pathways" → "Pathway", missing module)');
  });

  it('reports a date-typed hhl_progress_updated_at as differs, says the service keeps working, and writes nothing', async () => {
    // Prepare
    const portal = portalWith(hubspotProperty('hhl_progress_updated_at', { type: 'date', fieldType: 'date' }));

    // Act
    const { exitCode, lines, results } = await runProvision('apply');

    // Assess
    expect(exitCode).toBe(0);
    expect(portal.writes()).toEqual([]);
    expect(results.find((r) => r.name === 'hhl_progress_updated_at')).toMatchObject({ outcome: 'differs', blocking: false });
    expect(lineFor(lines, 'hhl_progress_updated_at')).toBe(
      'property  hhl_progress_updated_at        differs: type is date, expected datetime — the service writes midnight UTC dates to it; keeps working',
    );
    expect(lines).toContain('2 groups, 14 properties: 0 created, 0 updated, 15 unchanged, 1 differs');
  });

  it('still patches the label of a date-typed hhl_last_viewed_at, never its type or fieldType', async () => {
    // Prepare
    const portal = portalWith(hubspotProperty('hhl_last_viewed_at', { type: 'date', label: 'Last viewed' }));

    // Act
    const { exitCode, lines } = await runProvision('apply');

    // Assess
    expect(exitCode).toBe(0);
    expect(portal.writes()).toEqual([
      expect.objectContaining({ method: 'PATCH', body: { label: 'Last Viewed Learning Content At' } }),
    ]);
    expect(portal.properties.get('hhl_last_viewed_at')?.type).toBe('date');
    expect(lineFor(lines, 'hhl_last_viewed_at')).toContain(
      'keeps working (also updated: label "Last viewed" → "Last Viewed Learning Content At")',
    );
  });

  it('reports any other type difference as differs with how to fix it, writes nothing and exits 1', async () => {
    // Prepare
    const portal = portalWith(hubspotProperty('hhl_total_progress', { type: 'string', fieldType: 'text' }));

    // Act
    const { exitCode, lines, results } = await runProvision('apply');

    // Assess
    expect(exitCode).toBe(1);
    expect(portal.writes()).toEqual([]);
    expect(results.find((r) => r.name === 'hhl_total_progress')).toMatchObject({ outcome: 'differs', blocking: true });
    const line = lineFor(lines, 'hhl_total_progress');
    expect(line).toContain('differs: type is string, expected number — the service\'s writes to it may be refused');
    expect(line).toContain('delete it in HubSpot');
    expect(line).toContain('give the property a new name in src/properties/property-definitions.ts');
    expect(lines.at(-1)).toBe('1 property differs in a way the service cannot rely on: fix as described above.');
  });
});

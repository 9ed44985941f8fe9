import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PROPERTIES_PATH, TOKEN, fakePortal, lineFor, runProvision } from '../../fixtures/fake-portal.js';

beforeAll(() => {
  nock.disableNetConnect();
});

afterEach(() => {
  nock.cleanAll();
});

afterAll(() => {
  nock.enableNetConnect();
});

describe('provision on a portal without the groups and properties', () => {
  it('creates both groups and every property, groups first, and exits 0', async () => {
    // Prepare
    const portal = fakePortal();

    // Act
    const { exitCode, lines, results } = await runProvision('apply');

    // Assess
    expect(exitCode).toBe(0);
    expect(results.map((r) => r.outcome)).toEqual(Array(16).fill('created'));
    const creates = portal.writes();
    expect(creates.map((r) => `${r.method} ${r.path}`)).toEqual([
      `POST ${PROPERTIES_PATH}/groups`,
      `POST ${PROPERTIES_PATH}/groups`,
      ...Array(14).fill(`POST ${PROPERTIES_PATH}`),
    ]);
    expect(lines).toContain('group     learning_milestones            created');
    expect(lines).toContain('property  hhl_total_progress             created');
    expect(lines).toContain('2 groups, 14 properties: 16 created, 0 updated, 0 unchanged, 0 differ');
    expect([...portal.properties.keys()]).toHaveLength(14);
  });

  it('sends a group its name and label', async () => {
    // Prepare
    const portal = fakePortal();

    // Act
    await runProvision('apply');

    // Assess
    const body = portal.writes().find((r) => r.path.endsWith('/groups') && JSON.stringify(r.body).includes('learning_milestones'))?.body;
    expect(body).toEqual({ name: 'learning_milestones', label: 'Learning Milestones' });
  });

  it('sends an enumeration property its type, fieldType, group and options with label, value, displayOrder and hidden false', async () => {
    // Prepare
    const portal = fakePortal();

    // Act
    await runProvision('apply');

    // Assess
    const body = portal.writes().find((r) => JSON.stringify(r.body).includes('"hhl_last_viewed_type"'))?.body;
    expect(body).toEqual({
      name: 'hhl_last_viewed_type',
      label: 'Last Viewed Learning Content Type',
      description: 'Whether the learner last viewed a pathway, a course or a module page.',
      groupName: 'learning_program_properties',
      type: 'enumeration',
      fieldType: 'select',
      options: [
        { label: 'Pathway', value: 'pathway', displayOrder: 0, hidden: false },
        { label: 'Course', value: 'course', displayOrder: 1, hidden: false },
        { label: 'Module', value: 'module', displayOrder: 2, hidden: false },
      ],
    });
  });

  it('sends a datetime property without options', async () => {
    // Prepare
    const portal = fakePortal();

    // Act
    await runProvision('apply');

    // Assess
    const body = portal.writes().find((r) => JSON.stringify(r.body).includes('"hhl_progress_updated_at"'))?.body;
    expect(body).toEqual({
      name: 'hhl_progress_updated_at',
      label: 'Learning Progress Updated At',
      description: 'When the HHL progress API last wrote this learner\'s progress.',
      groupName: 'learning_program_properties',
      type: 'datetime',
      fieldType: 'date',
    });
  });

  it('authenticates every request with the token as a bearer token and never prints it', async () => {
    // Prepare
    const portal = fakePortal();

    // Act
    const { lines } = await runProvision('apply');

    // Assess
    expect(portal.requests.length).toBeGreaterThan(0);
    expect(portal.requests.every((r) => r.authorization === `Bearer ${TOKEN}`)).toBe(true);
    expect(lines.join('\n')).not.toContain(TOKEN);
  });

  it('changes nothing on a second run, and says so', async () => {
    // Prepare
    const portal = fakePortal();
    await runProvision('apply');
    const writesAfterFirstRun = portal.writes().length;

    // Act
    const { exitCode, lines, results } = await runProvision('apply');

    // Assess
    expect(exitCode).toBe(0);
    expect(portal.writes()).toHaveLength(writesAfterFirstRun);
    expect(results.every((r) => r.outcome === 'unchanged')).toBe(true);
    expect(lineFor(lines, 'hhl_last_viewed_type')).toBe('property  hhl_last_viewed_type           unchanged');
    expect(lines.slice(-2)).toEqual([
      '2 groups, 14 properties: 0 created, 0 updated, 16 unchanged, 0 differ',
      'Nothing changed: HubSpot already matches src/properties/property-definitions.ts.',
    ]);
  });
});

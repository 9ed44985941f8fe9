import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { completePortal, fakePortal, hubspotGroup, lineFor, PROPERTIES_PATH, runProvision } from '../../fixtures/fake-portal.js';

beforeAll(() => {
  nock.disableNetConnect();
});

afterEach(() => {
  nock.cleanAll();
});

afterAll(() => {
  nock.enableNetConnect();
});

describe('provision on a portal holding every group and property as defined', () => {
  it('reports every group and property unchanged, reads each once and writes nothing', async () => {
    // Prepare
    const portal = fakePortal(completePortal());

    // Act
    const { exitCode, lines, results } = await runProvision('apply');

    // Assess
    expect(exitCode).toBe(0);
    expect(results.map((r) => r.outcome)).toEqual(Array(16).fill('unchanged'));
    expect(portal.writes()).toEqual([]);
    expect(portal.requests.map((r) => r.path.split('?')[0])).toEqual([
      `${PROPERTIES_PATH}/groups/learning_program_properties`,
      `${PROPERTIES_PATH}/groups/learning_milestones`,
      ...completePortal().properties.map((p) => `${PROPERTIES_PATH}/${p.name}`),
    ]);
    expect(lineFor(lines, 'learning_milestones')).toBe('group     learning_milestones            unchanged');
    expect(lineFor(lines, 'hhl_total_progress')).toBe('property  hhl_total_progress             unchanged');
    expect(lines.at(-1)).toBe('Nothing changed: HubSpot already matches src/properties/property-definitions.ts.');
  });

  it('updates a group whose label differs with a PATCH of the label', async () => {
    // Prepare
    const { groups, properties } = completePortal();
    const portal = fakePortal({
      groups: groups.map((g) => (g.name === 'learning_milestones' ? hubspotGroup(g.name, { label: 'Milestones' }) : g)),
      properties,
    });

    // Act
    const { exitCode, lines } = await runProvision('apply');

    // Assess
    expect(exitCode).toBe(0);
    expect(portal.writes()).toEqual([
      expect.objectContaining({
        method: 'PATCH',
        path: `${PROPERTIES_PATH}/groups/learning_milestones`,
        body: { label: 'Learning Milestones' },
      }),
    ]);
    expect(lineFor(lines, 'learning_milestones')).toBe(
      'group     learning_milestones            updated: label "Milestones" → "Learning Milestones"',
    );
  });
});

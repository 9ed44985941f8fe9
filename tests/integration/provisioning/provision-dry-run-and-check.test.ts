import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { completePortal, fakePortal, hubspotProperty, lineFor, runProvision } from '../../fixtures/fake-portal.js';

beforeAll(() => {
  nock.disableNetConnect();
});

afterEach(() => {
  nock.cleanAll();
});

afterAll(() => {
  nock.enableNetConnect();
});

/** Everything as defined, but one group missing, one label changed and hhl_progress_updated_at date-typed. */
function driftedPortal() {
  const { groups, properties } = completePortal();
  return fakePortal({
    groups: groups.filter((g) => g.name !== 'learning_milestones'),
    properties: properties.map((p) => {
      if (p.name === 'hhl_progress_summary') return hubspotProperty(p.name, { label: 'Summary' });
      if (p.name === 'hhl_progress_updated_at') return hubspotProperty(p.name, { type: 'date' });
      return p;
    }),
  });
}

describe('provision --dry-run', () => {
  it('prints would create for everything on an empty portal and makes only GET requests', async () => {
    // Prepare
    const portal = fakePortal();

    // Act
    const { exitCode, lines, results } = await runProvision('dry-run');

    // Assess
    expect(exitCode).toBe(0);
    expect(portal.requests).toHaveLength(16);
    expect(portal.requests.every((r) => r.method === 'GET')).toBe(true);
    expect(results.map((r) => r.outcome)).toEqual(Array(16).fill('would create'));
    expect(lineFor(lines, 'learning_milestones')).toBe('group     learning_milestones            would create');
    expect(lines.slice(-2)).toEqual([
      '2 groups, 14 properties: 16 to create, 0 to update, 0 unchanged, 0 differ',
      'Dry run: nothing was changed.',
    ]);
  });

  it('prints the plan of a drifted portal — would create, would update, unchanged, differs — and writes nothing', async () => {
    // Prepare
    const portal = driftedPortal();

    // Act
    const { exitCode, lines } = await runProvision('dry-run');

    // Assess
    expect(exitCode).toBe(0);
    expect(portal.writes()).toEqual([]);
    expect(lineFor(lines, 'learning_milestones')).toBe('group     learning_milestones            would create');
    expect(lineFor(lines, 'hhl_progress_summary')).toBe(
      'property  hhl_progress_summary           would update: label "Summary" → "Learning Progress Summary"',
    );
    expect(lineFor(lines, 'hhl_progress_updated_at')).toContain('differs: type is date, expected datetime');
    expect(lineFor(lines, 'hhl_total_progress')).toBe('property  hhl_total_progress             unchanged');
    expect(lines).toContain('2 groups, 14 properties: 1 to create, 1 to update, 13 unchanged, 1 differs');
  });
});

describe('provision --check', () => {
  it('exits 1 when something is missing, and makes only GET requests', async () => {
    // Prepare
    const { groups, properties } = completePortal();
    const portal = fakePortal({ groups, properties: properties.filter((p) => p.name !== 'hhl_last_activity') });

    // Act
    const { exitCode, lines } = await runProvision('check');

    // Assess
    expect(exitCode).toBe(1);
    expect(portal.writes()).toEqual([]);
    expect(lineFor(lines, 'hhl_last_activity')).toBe('property  hhl_last_activity              would create');
    expect(lines.at(-1)).toBe('Check failed: 1 of 16 groups and properties is missing or different (nothing was changed).');
  });

  it('exits 1 when a property differs from its definition', async () => {
    // Prepare
    const portal = driftedPortal();

    // Act
    const { exitCode } = await runProvision('check');

    // Assess
    expect(exitCode).toBe(1);
    expect(portal.writes()).toEqual([]);
  });

  it('exits 0 when every group and property matches', async () => {
    // Prepare
    const portal = fakePortal(completePortal());

    // Act
    const { exitCode, lines } = await runProvision('check');

    // Assess
    expect(exitCode).toBe(0);
    expect(portal.writes()).toEqual([]);
    expect(lines.at(-1)).toBe('Check passed: HubSpot matches src/properties/property-definitions.ts.');
  });
});

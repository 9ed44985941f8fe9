import { describe, expect, it } from 'vitest';
import { runBackfillCli } from '../../../src/bulk/backfill/backfill-cli.js';
import { runImportCli } from '../../../src/bulk/import/import-cli.js';
import type { HubSpotSimulator, SimulatorInput } from '../../../tools/hubspot-simulator/index.js';
import { bulkEnv, bulkSimulator, capture, fileIn, requestsSince, ROUTES, seedLegacyLearners, workDir } from '../../fixtures/bulk-fixture.js';

/** hh-learn's portal: the properties of the older integration, `hhl_progress_updated_at` a date, no optional metric. */
const HH_LEARN_PORTAL: SimulatorInput = {
  missingProperties: ['hhl_average_score', 'hhl_study_minutes', 'hhl_current_module', 'hhl_progress_percent'],
  propertyTypes: { hhl_progress_updated_at: 'date' },
};

const DEFINITIONS = 'POST /crm/v3/properties/contacts/batch/read';
const WRITES = [ROUTES.update, ROUTES.batchUpdate, ROUTES.batchCreate, 'POST /crm/v3/objects/contacts'];

async function backfill(sim: HubSpotSimulator, dir: string) {
  const before = sim.stats();
  const stdout = capture();
  const exitCode = await runBackfillCli({ argv: ['--rate-share', '1'], env: bulkEnv(sim, dir), stdout, stderr: capture() });
  return { exitCode, stdout, requests: requestsSince(sim, before) };
}

async function importFile(sim: HubSpotSimulator, dir: string, file: string) {
  const before = sim.stats();
  const stdout = capture();
  const exitCode = await runImportCli({ argv: [file, '--rate-share', '1'], env: bulkEnv(sim, dir), stdout, stderr: capture() });
  return { exitCode, stdout, requests: requestsSince(sim, before) };
}

const writesIn = (requests: Record<string, number>) => WRITES.reduce((sum, route) => sum + (requests[route] ?? 0), 0);

describe.each([{ emptyValues: 'null' as const }, { emptyValues: 'omit' as const }, { emptyValues: 'empty-string' as const }])(
  'a portal without the optional properties settles (empty values answered as $emptyValues)',
  ({ emptyValues }) => {
    it('learns the portal with one call per backfill, refuses nothing, and the second backfill writes nothing', async () => {
      // Prepare
      const sim = await bulkSimulator({ ...HH_LEARN_PORTAL, emptyValues });
      const dir = workDir();
      await seedLegacyLearners(sim, 1_000);

      // Act
      const first = await backfill(sim, dir);
      const second = await backfill(sim, dir);

      // Assess: one definitions read each time is all the learning; nothing refused, nothing rewritten
      expect(first.exitCode).toBe(0);
      expect(first.requests).toEqual({ [ROUTES.search]: 5, [ROUTES.batchRead]: 10, [ROUTES.batchUpdate]: 10, [DEFINITIONS]: 1 });
      expect(sim.stats().byStatus['400']).toBeUndefined();
      expect(second.requests).toEqual({ [ROUTES.search]: 5, [DEFINITIONS]: 1 });
      expect(second.stdout.text).toContain('1,000 scanned, 0 changed, 1,000 unchanged, 0 failed');
    });

    it('writes nothing when the same import runs again', async () => {
      const sim = await bulkSimulator({ ...HH_LEARN_PORTAL, emptyValues });
      const dir = workDir();
      const lines = ['email,pathway_slug,course_slug,module_slug,event,occurred_at,score,time_spent_seconds'];
      for (let i = 0; i < 250; i += 1) lines.push(`learner${i}@example.com,,crm-essentials,crm-overview,completed,2026-01-05T10:00:00Z,90,600`);
      const file = fileIn(dir, 'lms.csv', lines);

      const first = await importFile(sim, dir, file);
      const second = await importFile(sim, dir, file);

      expect(first.exitCode).toBe(0);
      expect(first.requests[ROUTES.batchCreate]).toBe(3);
      expect(sim.stats().byStatus['400']).toBeUndefined();
      expect(writesIn(second.requests)).toBe(0);
      expect(second.requests).toEqual({ [ROUTES.batchRead]: 3, [DEFINITIONS]: 1 });
      expect(second.stdout.text).toContain('250 learners, 0 created, 0 updated, 250 unchanged, 0 failed');
    });
  },
);

describe('a token that may not read property definitions', () => {
  it('still backfills, learning the portal from HubSpot’s refusals instead', async () => {
    const sim = await bulkSimulator({ ...HH_LEARN_PORTAL, missingScopes: ['crm.schemas.contacts.read'] });
    const dir = workDir();
    await seedLegacyLearners(sim, 50);

    const first = await backfill(sim, dir);

    expect(first.exitCode).toBe(0);
    expect(first.stdout.text).toContain('50 scanned, 50 changed');
    expect(first.requests[DEFINITIONS]).toBe(1);
    expect(sim.stats().byRoute[DEFINITIONS]).toEqual({ '403': 1 });
  });
});

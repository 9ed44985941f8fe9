import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileCheckpointStore } from '../../../src/bulk/backfill/backfill-checkpoint.js';
import { runBackfill } from '../../../src/bulk/backfill/run-backfill.js';
import { runBackfillCli } from '../../../src/bulk/backfill/backfill-cli.js';
import { loadCatalog } from '../../../src/catalog/load-catalog.js';
import { createHubSpotStore } from '../../../src/crm/hubspot/hubspot-store.js';
import { PortalPropertyTypes } from '../../../src/crm/portal-property-types.js';
import { silentLogger } from '../../../src/observability/logger.js';
import type { HubSpotSimulator } from '../../../tools/hubspot-simulator/index.js';
import { bulkEnv, bulkSimulator, capture, requestsSince, ROUTES, seedLegacyLearners, TOKEN, workDir } from '../../fixtures/bulk-fixture.js';

/** The backfill's dependencies on the service's HubSpot store, pointed at the simulator (no governor: calls are counted). */
function backfillDeps(sim: HubSpotSimulator) {
  const store = createHubSpotStore({ token: TOKEN, baseUrl: sim.url, timeoutMs: 5_000 });
  return { store, scanner: store, catalog: loadCatalog(), propertyTypes: new PortalPropertyTypes(), logger: silentLogger, clock: () => new Date() };
}

/** How many times each contact's summary was written: 1 for every contact means no contact was written twice. */
function writesPerContact(sim: HubSpotSimulator): number[] {
  return sim.contacts().map((contact) => contact.history['hhl_progress_summary']?.length ?? 0);
}

describe('an interrupted backfill', () => {
  it('saves where it stopped and resumes from there: every learner written once, no page scanned twice', async () => {
    // Prepare: stop after two of the five pages, as Ctrl-C does
    const sim = await bulkSimulator();
    const file = join(workDir(), 'backfill-checkpoint.json');
    await seedLegacyLearners(sim, 1_000);
    const stop = new AbortController();

    // Act
    const first = await runBackfill(backfillDeps(sim), {
      checkpoints: fileCheckpointStore(file),
      signal: stop.signal,
      onProgress: ({ pages }) => pages === 2 && stop.abort(),
    });
    const saved = JSON.parse(readFileSync(file, 'utf8'));
    const before = sim.stats();
    const second = await runBackfill(backfillDeps(sim), { checkpoints: fileCheckpointStore(file) });

    // Assess
    expect(first).toMatchObject({ complete: false, counts: { scanned: 400, changed: 400, unchanged: 0, failed: 0 } });
    expect(saved).toMatchObject({ job: 'backfill', lastId: first.lastId, counts: { scanned: 400, changed: 400 } });
    expect(second).toMatchObject({ complete: true, resumedAfter: first.lastId, counts: { scanned: 1_000, changed: 1_000, unchanged: 0, failed: 0 } });
    expect(requestsSince(sim, before)).toEqual({ [ROUTES.search]: 3, [ROUTES.batchRead]: 6, [ROUTES.update]: 1, [ROUTES.batchUpdate]: 6 });
    expect(new Set(writesPerContact(sim))).toEqual(new Set([1]));
    expect(existsSync(file)).toBe(false);
  });

  it('says where it stopped and exits 130 when the command is interrupted, then finishes on the next run', async () => {
    // Prepare
    const sim = await bulkSimulator();
    const dir = workDir();
    await seedLegacyLearners(sim, 500);
    const stop = new AbortController();
    const stderr = {
      isTTY: false,
      // The first progress line arrives after the first page: interrupt there.
      write: (text: string) => {
        if (text.startsWith('backfill ')) stop.abort();
        return true;
      },
    };
    const stdout = capture();

    // Act
    const interrupted = await runBackfillCli({ argv: ['--rate-share', '1'], env: bulkEnv(sim, dir), stdout, stderr, signal: stop.signal });
    const resumedOut = capture();
    const resumed = await runBackfillCli({ argv: ['--rate-share', '1'], env: bulkEnv(sim, dir), stdout: resumedOut, stderr: capture() });

    // Assess
    expect(interrupted).toBe(130);
    expect(stdout.text).toMatch(/Backfill interrupted after contact \d+: 200 scanned, 200 changed/);
    expect(stdout.text).toContain(`Progress is saved in ${join(dir, 'backfill-checkpoint.json')}: run the same command again to resume.`);
    expect(resumed).toBe(0);
    expect(resumedOut.text).toMatch(/Backfill complete \(resumed after contact \d+\): 500 scanned, 500 changed, 0 unchanged, 0 failed/);
    expect(new Set(writesPerContact(sim))).toEqual(new Set([1]));
  });

  it('starts from the first contact again with --restart', async () => {
    // Prepare: a checkpoint past every contact
    const sim = await bulkSimulator();
    const dir = workDir();
    await seedLegacyLearners(sim, 10);
    const checkpoint = fileCheckpointStore(join(dir, 'backfill-checkpoint.json'));
    await checkpoint.save({ version: 1, job: 'backfill', lastId: '999999999', counts: { scanned: 10, changed: 0, unchanged: 10, failed: 0 }, failures: [], startedAt: '', savedAt: '' });
    const stdout = capture();

    // Act
    const exitCode = await runBackfillCli({ argv: ['--restart', '--rate-share', '1'], env: bulkEnv(sim, dir), stdout, stderr: capture() });

    // Assess
    expect(exitCode).toBe(0);
    expect(stdout.text).toContain('Backfill complete: 10 scanned, 10 changed');
  });
});

import { describe, expect, it } from 'vitest';
import { runBackfillCli } from '../../../src/bulk/backfill/backfill-cli.js';
import { runBackfill } from '../../../src/bulk/backfill/run-backfill.js';
import { RateGovernor } from '../../../src/bulk/rate-governor.js';
import { loadCatalog } from '../../../src/catalog/load-catalog.js';
import { createHubSpotStore } from '../../../src/crm/hubspot/hubspot-store.js';
import { PortalPropertyTypes } from '../../../src/crm/portal-property-types.js';
import { silentLogger } from '../../../src/observability/logger.js';
import { bulkEnv, bulkSimulator, capture, contactByEmail, seedLegacyLearners, TOKEN, workDir } from '../../fixtures/bulk-fixture.js';

/** Most entries of `times` (ms) inside any window of `windowMs`. */
function busiestWindow(times: readonly number[], windowMs: number): number {
  return Math.max(0, ...times.map((start) => times.filter((t) => t >= start && t < start + windowMs).length));
}

describe('the backfill’s pace', () => {
  it('keeps to its share of the account’s window and of search’s per-second limit, so HubSpot never answers 429', async () => {
    // Prepare: an account of 20 calls per (shortened) 1-s window; the job may use half of it
    const sim = await bulkSimulator({ tenSecondLimit: 20, windowMs: 1_000, searchPerSecond: 5 });
    await seedLegacyLearners(sim, 600);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const governor = new RateGovernor({ tenSecondLimit: 20, share: 0.5, windowMs: 1_000, searchPerSecond: 5 });
    const calls: { at: number; search: boolean }[] = [];
    const store = createHubSpotStore({
      token: TOKEN,
      baseUrl: sim.url,
      timeoutMs: 5_000,
      beforeCall: async (request) => {
        await governor.take(request.operation === 'search' ? 'search' : 'account');
        calls.push({ at: Date.now(), search: request.operation === 'search' });
      },
    });
    const before = sim.stats();

    // Act
    const result = await runBackfill({ store, scanner: store, catalog: loadCatalog(), propertyTypes: new PortalPropertyTypes(), logger: silentLogger, clock: () => new Date() });

    // Assess
    expect(result.counts).toEqual({ scanned: 600, changed: 600, unchanged: 0, failed: 0 });
    expect(sim.stats().rateLimited - before.rateLimited).toBe(0);
    expect(calls).toHaveLength(16);
    expect(governor.budget).toEqual({ perWindow: 10, windowMs: 1_000, searchPerSecond: 2 });
    expect(busiestWindow(calls.map((c) => c.at), 1_000)).toBeLessThanOrEqual(10);
    expect(busiestWindow(calls.filter((c) => c.search).map((c) => c.at), 1_000)).toBeLessThanOrEqual(2);
  });

  it('waits as long as a 429’s Retry-After asks, then goes on: the run completes', async () => {
    // Prepare
    const sim = await bulkSimulator({ sendRetryAfter: true });
    await seedLegacyLearners(sim, 150);
    sim.force429(2);
    const stdout = capture();
    const stderr = capture();

    // Act
    const exitCode = await runBackfillCli({ argv: ['--rate-share', '1'], env: bulkEnv(sim, workDir()), stdout, stderr });

    // Assess
    expect(exitCode).toBe(0);
    expect(sim.stats().rateLimited).toBe(2);
    expect(stdout.text).toContain('150 scanned, 150 changed, 0 unchanged, 0 failed');
    expect(stderr.lines().filter((line) => line.includes('HubSpot call failed; retrying'))).toHaveLength(2);
    expect(contactByEmail(sim, 'learner149@example.com')).toMatchObject({ hhl_total_progress: '3' });
  });

  it('stops after HubSpot keeps failing, says where progress is saved, and exits 1', async () => {
    // Prepare: every call fails after the first page was written
    const sim = await bulkSimulator();
    const dir = workDir();
    await seedLegacyLearners(sim, 300);
    const stderr = capture();
    let pages = 0;
    const stdout = capture();

    // Act
    const exitCode = await runBackfillCli({
      argv: ['--rate-share', '1'],
      env: bulkEnv(sim, dir),
      stdout,
      stderr: {
        isTTY: false,
        write: (text: string) => {
          if (text.startsWith('backfill ') && (pages += 1) === 1) sim.failNext(100, 503);
          return stderr.write(text);
        },
      },
      sleep: () => Promise.resolve(),
    });

    // Assess
    expect(exitCode).toBe(1);
    expect(stderr.text).toMatch(/Backfill stopped: HubSpot server error \(503\).*Progress is saved in .*backfill-checkpoint\.json: run the same command again to resume\./);
  });
});

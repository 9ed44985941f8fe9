/**
 * How long a batch read of 50 learners with 60 KB states takes when it asks for their history, against
 * `HUBSPOT_TIMEOUT_MS` (3,000 ms by default): HubSpot documents no cap on the versions `propertiesWithHistory`
 * returns, so each learner's answer carries every version kept (20 in the simulator here, or HISTORY_VERSIONS).
 *
 * Each learner has a state of about 60 KB written HISTORY_VERSIONS times in the last minutes (so every version is one
 * the merge would use). Measured with the real HubSpot store on the simulator, answers sent at several speeds
 * (`bytesPerSecond`: loopback, 50 MB/s, 10 MB/s):
 * - before: one `batch/read` of the 50 with history, as the consumer read a batch (HubSpot allows 50 with history);
 * - after: `readWithRecentVersions`, the consumer's read now: the 50 without history, then their history in reads
 *   sized by the current states (ten 60 KB learners a call at most).
 * The time of the slowest single call is what meets or misses the timeout.
 */
import { createHubSpotStore } from '../../src/crm/hubspot/hubspot-store.js';
import type { HubSpotCall } from '../../src/crm/hubspot/hubspot-store.js';
import { READ_PROPERTIES } from '../../src/properties/property-definitions.js';
import { readWithRecentVersions } from '../../src/tracking/read-recent-versions.js';
import { WITH_STATE_HISTORY } from '../../src/tracking/recent-state.js';
import { startHubSpotSimulator } from '../../tools/hubspot-simulator/index.js';
import { fixed, table, type ScenarioReport } from './report.js';
import { TOKEN } from './rig.js';

const LEARNERS = 50;
const VERSIONS = Number(process.env.HISTORY_VERSIONS ?? 20);
const STATE_BYTES = 60_000;
const TIMEOUT_MS = 3_000;
const SPEEDS: readonly (number | null)[] = [null, 50_000_000, 10_000_000];

/** A progress state of about `bytes` characters of JSON, distinct per learner and version. */
function stateOf(learner: number, version: number, bytes: number): string {
  const modules: Record<string, { completed: boolean; completed_at: string }> = {};
  const state = { courses: { 'bench-course': { enrolled: true, modules } } };
  for (let i = 0; JSON.stringify(state).length < bytes - 120; i += 1) {
    modules[`module-${learner}-${version}-${String(i).padStart(5, '0')}`] = { completed: true, completed_at: '2026-12-01T10:00:00.000Z' };
  }
  return JSON.stringify(state);
}

interface Measure {
  readonly speed: number | null;
  readonly design: 'before' | 'after';
  readonly calls: number;
  readonly totalMs: number;
  readonly slowestMs: number;
  readonly megabytes: number;
}

async function measure(speed: number | null): Promise<Measure[]> {
  const sim = await startHubSpotSimulator({ tenSecondLimit: 1_000_000, maxHistory: Math.max(20, VERSIONS), bytesPerSecond: null });
  try {
    const seed = createHubSpotStore({ token: TOKEN, baseUrl: sim.url, timeoutMs: 60_000 });
    const created = await seed.createMany(Array.from({ length: LEARNERS }, (_, n) => ({ email: `history-${n}@bench.example.com`, properties: { hhl_progress_state: stateOf(n, 0, STATE_BYTES) } })));
    const ids = [...created.created.values()].map((r) => r.id);
    for (let v = 1; v < VERSIONS; v += 1) {
      await seed.updateMany(ids.map((id, n) => ({ id, properties: { hhl_progress_state: stateOf(n, v, STATE_BYTES), hhl_progress_updated_at: new Date().toISOString() } })));
    }
    sim.configure({ bytesPerSecond: speed });
    const results: Measure[] = [];
    for (const design of ['before', 'after'] as const) {
      const calls: HubSpotCall[] = [];
      const store = createHubSpotStore({ token: TOKEN, baseUrl: sim.url, timeoutMs: 60_000, onCall: (c) => calls.push(c) });
      const identities = ids.map((contactId) => ({ kind: 'id', contactId }) as const);
      const started = performance.now();
      const found =
        design === 'before'
          ? await store.readMany(identities, READ_PROPERTIES, WITH_STATE_HISTORY)
          : await readWithRecentVersions(store, identities, READ_PROPERTIES, new Date());
      const totalMs = performance.now() - started;
      const bytes = [...found.values()].reduce((sum, c) => sum + (c.history?.['hhl_progress_state'] ?? []).reduce((b, v) => b + v.value.length, 0), 0);
      results.push({ speed, design, calls: calls.length, totalMs, slowestMs: Math.max(...calls.map((c) => c.ms)), megabytes: bytes / 1e6 });
    }
    return results;
  } finally {
    await sim.close();
  }
}

export async function historyScenario(): Promise<ScenarioReport> {
  const rows: Measure[] = [];
  for (const speed of SPEEDS) {
    for (const m of await measure(speed)) {
      rows.push(m);
      console.error(`  history ${m.design} at ${m.speed ?? 'loopback'}: ${m.calls} calls, slowest ${fixed(m.slowestMs, 0)} ms, total ${fixed(m.totalMs, 0)} ms`);
    }
  }
  const body = table(
    ['answers sent at', 'read', 'HubSpot calls', 'history read back', 'slowest call', `within HUBSPOT_TIMEOUT_MS (${TIMEOUT_MS} ms)`, 'all calls'],
    rows.map((m) => [
      m.speed === null ? 'loopback' : `${m.speed / 1e6} MB/s`,
      m.design === 'before' ? 'before: one batch/read of 50 with history' : 'after: 50 without history, then history in reads of ≤ 12 MB',
      m.calls,
      `${fixed(m.megabytes, 1)} MB`,
      `${fixed(m.slowestMs, 0)} ms`,
      m.slowestMs <= TIMEOUT_MS ? 'yes' : 'no: the call times out',
      `${fixed(m.totalMs, 0)} ms`,
    ]),
  );
  return { title: `A batch read of ${LEARNERS} learners with 60 KB states and ${VERSIONS} versions each`, markdown: body };
}

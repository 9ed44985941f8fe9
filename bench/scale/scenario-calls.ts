/**
 * HubSpot calls per event, each design on its own simulator (50 ms, 100 requests / 10 s), run side by side:
 * - queue mode: 1,000 events over 200 learners (5 modules each, all new learners), offered at CALLS_QUEUE_RATE/s;
 * - direct mode and the naive design: DIRECT_EVENTS (200) over DIRECT_EVENTS/5 learners at a rate each fits under
 *   the limit (direct 4/s, naive 3/s), so the count is the design's own cost, not retries.
 * Calls are the simulator's counts (every request it answered, 429s included).
 */
import { loadCatalog } from '../../src/catalog/load-catalog.js';
import { type BenchEvent, checkStore, offer, roundRobin, summariseCalls, tally, track } from './workload.js';
import { createNaiveWriter } from './naive-writer.js';
import { counts, fixed, table, type ScenarioReport } from './report.js';
import { startRig, TOKEN, type Rig } from './rig.js';

const QUEUE_EVENTS = Number(process.env.QUEUE_EVENTS ?? 1_000);
const QUEUE_LEARNERS = Number(process.env.QUEUE_LEARNERS ?? 200);
const QUEUE_RATE = Number(process.env.CALLS_QUEUE_RATE ?? 100);
const DIRECT_EVENTS = Number(process.env.DIRECT_EVENTS ?? 200);

interface Row {
  design: string;
  events: number;
  learners: number;
  rate: number;
  calls: ReturnType<typeof summariseCalls>;
  byRoute: Record<string, Record<string, number>>;
  missing: number;
  answers: Record<string, number>;
  note: string;
}

async function runService(mode: 'direct' | 'queue', events: BenchEvent[], learners: number, rate: number): Promise<Row> {
  const rig = await startRig();
  try {
    const sent = await offer(events, rate, (e) => track(rig.handler(mode), e));
    const drained = await rig.drain(120_000);
    const stats = rig.sim.stats();
    return {
      design: mode === 'direct' ? 'direct (API + post-write checks)' : 'queue (consumer, batches ≤ 100)',
      events: events.length,
      learners,
      rate,
      calls: summariseCalls(stats),
      byRoute: stats.byRoute,
      missing: checkStore(rig.sim, events).missing.length,
      answers: tally(sent.results.map((r) => r.outcome)),
      note: `${rig.consumer.batches} consumer batches (${counts(rig.consumer.kinds)})${drained ? '' : ', queue NOT drained'}`,
    };
  } finally {
    await rig.close();
  }
}

async function runNaive(events: BenchEvent[], learners: number, rate: number): Promise<Row> {
  const rig: Rig = await startRig({ consumer: false });
  try {
    const writer = createNaiveWriter({ baseUrl: rig.sim.url, token: TOKEN, lookup: 'search' });
    const sent = await offer(events, rate, (e) => writer.record(e));
    const stats = rig.sim.stats();
    return {
      design: 'naive (search → get → update)',
      events: events.length,
      learners,
      rate,
      calls: summariseCalls(stats),
      byRoute: stats.byRoute,
      missing: checkStore(rig.sim, events).missing.length,
      answers: tally(sent.results.map((r) => (r.ok ? 'written' : `lost: ${r.reason}`))),
      note: '',
    };
  } finally {
    await rig.close();
  }
}

export async function callsScenario(): Promise<ScenarioReport> {
  const catalog = loadCatalog();
  const directLearners = Math.max(1, Math.round(DIRECT_EVENTS / 5));
  const rows = await Promise.all([
    runService('queue', roundRobin(catalog, QUEUE_EVENTS, QUEUE_LEARNERS, 'calls-q'), QUEUE_LEARNERS, QUEUE_RATE),
    runService('direct', roundRobin(catalog, DIRECT_EVENTS, directLearners, 'calls-d'), directLearners, 4),
    runNaive(roundRobin(catalog, DIRECT_EVENTS, directLearners, 'calls-n'), directLearners, 3),
  ]);
  const body = table(
    ['design', 'events / learners', 'offered', 'HubSpot calls', 'calls per event', 'single / batch / search', '429s', 'events missing at end', 'answers'],
    rows.map((r) => [
      r.design,
      `${r.events} / ${r.learners}`,
      `${r.rate}/s`,
      r.calls.total,
      fixed(r.calls.total / r.events, 3),
      `${r.calls.single} / ${r.calls.batch} / ${r.calls.search}`,
      r.calls.rateLimited,
      r.missing,
      counts(r.answers),
    ]),
  );
  const routes = rows
    .map((r) => `- ${r.design}: ${Object.entries(r.byRoute).map(([route, s]) => `\`${route}\` ${counts(s)}`).join('; ')}${r.note === '' ? '' : ` — ${r.note}`}`)
    .join('\n');
  return { title: 'HubSpot calls per event', markdown: `${body}\n\nBy route and status:\n${routes}` };
}

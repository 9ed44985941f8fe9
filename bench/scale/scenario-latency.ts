/**
 * Latency of `POST /events/track` as the handler answers it (time of the in-process handler call, no HTTP server, no
 * API Gateway), each mode on its own rig (HubSpot 50 ms, 100 requests / 10 s), at a rate the mode sustains:
 * - direct at 4 events/s for 20 s (80 events over 20 learners: 20 creates, 60 updates), under its ~4.5/s ceiling;
 * - queue at 100 events/s for 10 s (1,000 events over 500 learners).
 * The two run one after the other, so neither disturbs the other's event loop.
 */
import { loadCatalog } from '../../src/catalog/load-catalog.js';
import { counts, fixed, table, type ScenarioReport } from './report.js';
import { startRig, type WriteMode } from './rig.js';
import { offer, percentile, roundRobin, summariseCalls, tally, track } from './workload.js';

interface LatencyRun {
  mode: WriteMode;
  rate: number;
  events: number;
  learners: number;
  ms: number[];
  answers: Record<string, number>;
  rateLimited: number;
}

async function measure(mode: WriteMode, rate: number, seconds: number, learners: number): Promise<LatencyRun> {
  const events = roundRobin(loadCatalog(), rate * seconds, learners, `lat-${mode}`);
  const rig = await startRig();
  try {
    const handler = rig.handler(mode);
    // One warm-up request on another learner: the first call loads the client code paths.
    await track(handler, { email: `warm-${mode}@bench.example.com`, course: 'getting-started', module: 'welcome' });
    const sent = await offer(events, rate, (e) => track(handler, e));
    await rig.drain(60_000);
    return {
      mode,
      rate,
      events: events.length,
      learners,
      ms: sent.results.map((r) => r.ms),
      answers: tally(sent.results.map((r) => r.outcome)),
      rateLimited: summariseCalls(rig.sim.stats()).rateLimited,
    };
  } finally {
    await rig.close();
  }
}

export async function latencyScenario(): Promise<ScenarioReport> {
  const runs = [await measure('direct', 4, 20, 20), await measure('queue', 100, 10, 500)];
  const body = table(
    ['mode', 'offered', 'events / learners', 'p50', 'p95', 'p99', 'max', 'answers', 'HubSpot 429s'],
    runs.map((r) => [
      r.mode,
      `${r.rate}/s`,
      `${r.events} / ${r.learners}`,
      `${fixed(percentile(r.ms, 50))} ms`,
      `${fixed(percentile(r.ms, 95))} ms`,
      `${fixed(percentile(r.ms, 99))} ms`,
      `${fixed(Math.max(...r.ms))} ms`,
      counts(r.answers),
      r.rateLimited,
    ]),
  );
  return { title: 'Latency of /events/track', markdown: body };
}

/**
 * Faults: every design on its own simulator (50 ms, 100 requests / 10 s) where 10 % of the counted requests answer
 * 502 (seeded) and a burst of 3 429s in a row comes every 25 requests, with no `Retry-After` (HubSpot does not
 * confirm one; the consumer then backs off 60 s, 120 s, 240 s … — compressed here by BACKOFF_SCALE, 1/6 by default, to
 * 10 s, 20 s, 40 s … — and the fifth failed delivery dead-letters). The three
 * designs run at the same time, each on its own simulator, offered at a rate under its limit so the faults are the
 * only trouble:
 * - direct: 90 events over 15 learners at 3/s; queue: 2,000 events over 400 learners at 100/s; naive: as direct.
 * (Queue mode makes so few calls that a smaller workload would meet hardly any fault.)
 * After the last answer the service's queue is left to drain (up to FAULT_DRAIN_SECONDS), then every event is checked
 * against the stored state: an event not there never reached HubSpot.
 */
import { loadCatalog } from '../../src/catalog/load-catalog.js';
import { createNaiveWriter } from './naive-writer.js';
import { counts, fixed, table, type ScenarioReport } from './report.js';
import { startRig, TOKEN } from './rig.js';
import { type BenchEvent, checkStore, offer, roundRobin, summariseCalls, tally, track } from './workload.js';

export const FAULTS = { failureRate: 0.1, seed: 20_261_121, burst429: { everyNthRequest: 25, length: 3 }, sendRetryAfter: false } as const;
/** The consumer's back-off (60, 120, 240, 480, 900 s) is compressed by this factor so the run fits in minutes. */
export const BACKOFF_SCALE = Number(process.env.BACKOFF_SCALE ?? 1 / 6);
/** Long enough for a message's five deliveries at the compressed back-off (10 + 20 + 40 + 80 + 150 s). */
const DRAIN_SECONDS = Number(process.env.FAULT_DRAIN_SECONDS ?? 330);

type Design = 'direct' | 'queue' | 'naive';

interface FaultRun {
  design: Design;
  events: number;
  learners: number;
  rate: number;
  answers: Record<string, number>;
  calls: ReturnType<typeof summariseCalls>;
  missing: number;
  drainedAfter: number | undefined;
  redeliveries: number;
  failedByReason: Record<string, number>;
  deadLetters: number;
  written: number;
}

async function runDesign(design: Design, events: BenchEvent[], learners: number, rate: number): Promise<FaultRun> {
  const rig = await startRig({ sim: FAULTS, consumer: design !== 'naive', backoffScale: BACKOFF_SCALE });
  try {
    const naive = createNaiveWriter({ baseUrl: rig.sim.url, token: TOKEN, lookup: 'search' });
    const sent =
      design === 'naive'
        ? await offer(events, rate, async (e) => {
            const result = await naive.record(e);
            return result.ok ? 'written' : `lost: ${result.reason}`;
          })
        : await offer(events, rate, async (e) => (await track(rig.handler(design), e)).outcome);
    let drainedAfter: number | undefined;
    if (design !== 'naive') {
      await new Promise((r) => setTimeout(r, 1_200)); // post-write checks are sent with a 1 s delay
      const drained = await rig.drain(DRAIN_SECONDS * 1000);
      if (drained) drainedAfter = (performance.now() - sent.answeredAt) / 1000;
    }
    const depth = design === 'naive' ? undefined : await rig.depth();
    return {
      design,
      events: events.length,
      learners,
      rate,
      answers: tally(sent.results),
      calls: summariseCalls(rig.sim.stats()),
      missing: checkStore(rig.sim, events).missing.length,
      drainedAfter,
      redeliveries: rig.consumer.redeliveries,
      failedByReason: { ...rig.consumer.failed },
      deadLetters: depth?.dead ?? 0,
      written: rig.consumer.written,
    };
  } finally {
    await rig.close();
  }
}

export async function faultsScenario(): Promise<ScenarioReport> {
  const catalog = loadCatalog();
  const runs = await Promise.all([
    runDesign('direct', roundRobin(catalog, 90, 15, 'fault-d'), 15, 3),
    runDesign('queue', roundRobin(catalog, 2_000, 400, 'fault-q'), 400, 100),
    runDesign('naive', roundRobin(catalog, 90, 15, 'fault-n'), 15, 3),
  ]);
  for (const r of runs) console.error(`  faults ${r.design}: missing ${r.missing}, dead ${r.deadLetters}, drained after ${fixed(r.drainedAfter ?? NaN)} s`);
  const body = table(
    [
      'design',
      'events / learners',
      'offered',
      'answers',
      'HubSpot calls',
      '502s / 429s',
      'consumer: failed deliveries (reason); redeliveries',
      'dead letters',
      'queue drained after the last answer',
      'events that never reached HubSpot',
    ],
    runs.map((r) => [
      r.design,
      `${r.events} / ${r.learners}`,
      `${r.rate}/s`,
      counts(r.answers),
      r.calls.total,
      `${r.calls.serverErrors} / ${r.calls.rateLimited}`,
      r.design === 'naive' ? 'no queue' : `${counts(r.failedByReason)}; ${r.redeliveries}`,
      r.design === 'naive' ? '—' : r.deadLetters,
      r.design === 'naive' ? '—' : r.drainedAfter === undefined ? `not within ${DRAIN_SECONDS} s` : `${fixed(r.drainedAfter)} s`,
      r.missing,
    ]),
  );
  return {
    title: 'Faults: 10 % 502s and bursts of 429s',
    markdown: `Simulator: \`failureRate: ${FAULTS.failureRate}, seed: ${FAULTS.seed}, burst429: { everyNthRequest: ${FAULTS.burst429.everyNthRequest}, length: ${FAULTS.burst429.length} }\`, no \`Retry-After\`; consumer back-off × ${fixed(BACKOFF_SCALE, 3)}.\n\n${body}`,
  };
}

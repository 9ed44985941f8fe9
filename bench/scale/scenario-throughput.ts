/**
 * Sustained events per second with nothing lost, per design, against 100 requests / 10 s.
 *
 * Each design climbs a ladder of offered rates. A step is a fixed workload on a fresh rig: rate × STEP_SECONDS
 * events, open loop (sent on schedule whatever the answers), over rate × 5 learners round-robin, so every learner
 * gets one event every 5 s (longer than the simulator's 3 s search lag: the naive design is measured on its call
 * budget, not on search lag, which the race scenario covers). A step passes when every event is in the simulator's
 * stored state within KEEP_UP_SECONDS of the last send and nothing is lost; the design's sustained rate is its
 * highest passing step. The ladder stops at the first failing step.
 *
 * Steps last 20 s, longer than the 10-s window, so a rate above what the window allows runs into it. A failing step
 * waits up to 30 s after its last send for the stragglers (fallbacks retried through the queue) before it is scored.
 */
import { loadCatalog } from '../../src/catalog/load-catalog.js';
import { createNaiveWriter } from './naive-writer.js';
import { counts, fixed, table, type ScenarioReport } from './report.js';
import { startRig, TOKEN } from './rig.js';
import { checkStore, offer, percentile, roundRobin, summariseCalls, tally, track, waitUntilReflected } from './workload.js';

type Design = 'direct' | 'queue' | 'naive';

const KEEP_UP_SECONDS = Number(process.env.KEEP_UP_SECONDS ?? 3);
const SPACING_SECONDS = 5;

const LADDERS: Record<Design, number[]> = {
  direct: ladder('LADDER_DIRECT', '4,4.5,5'),
  naive: ladder('LADDER_NAIVE', '2.5,3,3.5'),
  queue: ladder('LADDER_QUEUE', '100,200,300,400'),
};
const STEP_SECONDS: Record<Design, number> = {
  direct: Number(process.env.STEP_SECONDS ?? 20),
  naive: Number(process.env.STEP_SECONDS ?? 20),
  queue: Number(process.env.STEP_SECONDS ?? 20),
};

function ladder(name: string, fallback: string): number[] {
  return (process.env[name] ?? fallback).split(',').map(Number).filter((n) => n > 0);
}

export interface StepResult {
  design: Design;
  rate: number;
  events: number;
  learners: number;
  /** Seconds from the first send to every event stored; undefined when not all were within the wait. */
  allStoredAfter: number | undefined;
  /** Seconds after the last send until every event was stored. */
  lag: number | undefined;
  /** Events not in the stored state when the step was scored (for the service: still queued, or lost). */
  notStored: number;
  /** Events given up on: naive failures; for the service, dead letters and `logged` answers. */
  lost: number;
  calls: ReturnType<typeof summariseCalls>;
  answers: Record<string, number>;
  p50: number;
  p95: number;
  passed: boolean;
  note: string;
}

export async function runStep(design: Design, rate: number, seconds: number): Promise<StepResult> {
  const catalog = loadCatalog();
  const learners = Math.max(1, Math.round(rate * SPACING_SECONDS));
  const events = roundRobin(catalog, Math.round(rate * seconds), learners, `tp-${design}-${rate}`);
  const rig = await startRig({ consumer: design !== 'naive' });
  try {
    const naive = createNaiveWriter({ baseUrl: rig.sim.url, token: TOKEN, lookup: 'search' });
    const sent =
      design === 'naive'
        ? await offer(events, rate, async (e) => {
            const started = performance.now();
            const result = await naive.record(e);
            return { ms: performance.now() - started, outcome: result.ok ? 'written' : `lost: ${result.reason}` };
          })
        : await offer(events, rate, (e) => track(rig.handler(design), e));
    // The naive design writes inside the request: what is not stored when the answers are in is lost.
    const waitMs = design === 'naive' ? 0 : 30_000 - (performance.now() - sent.lastSentAt);
    const storedAt = await waitUntilReflected(rig.sim, events, Math.max(0, waitMs));
    let note = '';
    let lost: number;
    let notStored = checkStore(rig.sim, events).missing.length;
    const answers = tally(sent.results.map((r) => r.outcome));
    if (design === 'naive') {
      lost = notStored;
    } else {
      const drained = await rig.drain(storedAt === undefined ? 5_000 : 30_000);
      const depth = await rig.depth();
      const left = depth.visible + depth.inFlight + depth.delayed;
      notStored = checkStore(rig.sim, events).missing.length;
      if (!drained) note = `${left} messages still queued, retrying`;
      if (rig.consumer.redeliveries > 0) note += `${note === '' ? '' : '; '}${rig.consumer.redeliveries} redeliveries`;
      // The service gives an event up only when it is dead-lettered or answered `logged` (queue unreachable).
      lost = depth.dead + Object.entries(answers).filter(([k]) => k.startsWith('logged/')).reduce((a, [, n]) => a + n, 0);
    }
    const allStoredAfter = storedAt === undefined ? undefined : (storedAt - sent.startedAt) / 1000;
    const lag = storedAt === undefined ? undefined : Math.max(0, (storedAt - sent.lastSentAt) / 1000);
    const ms = sent.results.map((r) => r.ms);
    return {
      design,
      rate,
      events: events.length,
      learners,
      allStoredAfter,
      lag,
      notStored,
      lost,
      calls: summariseCalls(rig.sim.stats()),
      answers,
      p50: percentile(ms, 50),
      p95: percentile(ms, 95),
      passed: lost === 0 && notStored === 0 && lag !== undefined && lag <= KEEP_UP_SECONDS,
      note,
    };
  } finally {
    await rig.close();
  }
}

export async function throughputScenario(designs: readonly Design[] = ['direct', 'queue', 'naive']): Promise<ScenarioReport> {
  const steps: StepResult[] = [];
  const sustained: Record<string, string> = {};
  for (const design of designs) {
    let best: number | undefined;
    for (const rate of LADDERS[design]) {
      const step = await runStep(design, rate, STEP_SECONDS[design]);
      steps.push(step);
      console.error(`  throughput ${design} ${rate}/s: ${step.passed ? 'pass' : 'FAIL'} (not stored ${step.notStored}, lost ${step.lost}, lag ${fixed(step.lag ?? NaN)} s, 429s ${step.calls.rateLimited})`);
      if (!step.passed) break;
      best = rate;
    }
    sustained[design] = best === undefined ? `< ${LADDERS[design][0]}` : String(best);
  }
  const summary = table(
    ['design', 'sustained events/s with nothing lost (highest passing step)'],
    designs.map((d) => [d, sustained[d] ?? '—']),
  );
  const detail = table(
    [
      'design',
      'offered',
      'events / learners',
      'all stored after',
      'events/s until all stored',
      'lag after last send',
      'not stored when scored',
      'lost',
      'HubSpot calls (per event)',
      '429s',
      'answers',
      'handler p50 / p95',
      'step',
    ],
    steps.map((s) => [
      s.design,
      `${s.rate}/s`,
      `${s.events} / ${s.learners}`,
      s.allStoredAfter === undefined ? (s.design === 'naive' ? `never (${s.lost} lost)` : 'not within 30 s') : `${fixed(s.allStoredAfter)} s`,
      s.allStoredAfter === undefined ? '—' : fixed(s.events / s.allStoredAfter),
      s.lag === undefined ? '—' : `${fixed(s.lag)} s`,
      s.notStored,
      s.lost,
      `${s.calls.total} (${fixed(s.calls.total / s.events, 2)})`,
      s.calls.rateLimited,
      counts(s.answers),
      `${fixed(s.p50)} / ${fixed(s.p95)} ms`,
      `${s.passed ? 'pass' : 'fail'}${s.note === '' ? '' : ` (${s.note})`}`,
    ]),
  );
  return { title: 'Sustained events per second', markdown: `${summary}\n\nEvery step:\n\n${detail}` };
}

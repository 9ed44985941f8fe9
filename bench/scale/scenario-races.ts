/**
 * Lost updates under concurrency, before and after, each run on a fresh rig (50 ms, 100 requests / 10 s):
 *
 * - case "one learner": a contact that already exists gets 20 (RACE_BURST) `learning_module_completed` at the same
 *   instant, for distinct modules (`bench-course` / m01…m20, a course outside the catalog);
 * - case "new email": 20 first events at the same instant for an email HubSpot does not know yet.
 *
 * Designs: `before` = the old read-modify-write with no history merge, reading by email (`GET …?idProperty=email`,
 * so only the write race remains); `naive` = the same through search (the design replaced); `direct` = the service's
 * direct path (recent versions merged from `propertiesWithHistory`, post-write check through the queue);
 * `queue` = the service in `PROGRESS_WRITE_MODE=queue`.
 *
 * Missing modules are counted in the raw stored `hhl_progress_state` and as read back through the service's
 * `GET /progress/read`, once when every answer is in and again after the queue drained (post-write checks run).
 */
import type { HttpHandler } from '../../src/http/app.js';
import { apiGatewayEvent } from '../../tests/fixtures/api-gateway-event.js';
import { createNaiveWriter } from './naive-writer.js';
import { counts, fixed, table, type ScenarioReport } from './report.js';
import { type Rig, sleep, startRig, TOKEN } from './rig.js';
import { type BenchEvent, checkStore, tally, track } from './workload.js';

const RUNS = Number(process.env.RACE_RUNS ?? 3);
/** Concurrent events per case; `RACE_BURST=30` shows what happens past the 20 versions of history HubSpot's simulator keeps. */
const BURST = Number(process.env.RACE_BURST ?? 20);
const COURSE = 'bench-course';
/** A fallback to the queue (a 429 in the burst) is retried after the consumer's back-off, 60 s at first. */
const DRAIN_MS = Number(process.env.RACE_DRAIN_SECONDS ?? 150) * 1000;

type Design = 'before' | 'naive' | 'direct' | 'queue';
type Case = 'one learner' | 'new email';

const DESIGN_LABEL: Record<Design, string> = {
  before: 'before: read-modify-write by email, no history merge',
  naive: 'naive: search → get → update',
  direct: 'after: direct path (history merge + post-write check)',
  queue: 'queue mode',
};

/** Missing modules, or `fallback` when the read through the API failed. */
type Missing = number | 'fallback';

interface RaceRun {
  design: Design;
  case: Case;
  rawAfterBurst: number;
  readAfterBurst: Missing;
  rawAfterDrain: number | undefined;
  readAfterDrain: Missing | undefined;
  /** False when the queue still held messages at the end of the wait (fallbacks back off 60 s and more). */
  drained: boolean | undefined;
  contacts: number;
  answers: Record<string, number>;
  calls: number;
  burstMs: number;
}

function burstEvents(email: string): BenchEvent[] {
  return Array.from({ length: BURST }, (_, i) => ({ email, course: COURSE, module: `m${String(i + 1).padStart(2, '0')}` }));
}

/**
 * Modules of the burst missing from what `GET /progress/read` answers (the service's merged read); `fallback` when the
 * read itself failed (HubSpot refused it, e.g. a 429 after a burst that used up the window).
 */
async function missingThroughRead(handler: HttpHandler, events: readonly BenchEvent[]): Promise<Missing> {
  const email = events[0]?.email ?? '';
  const response = await handler(apiGatewayEvent({ method: 'GET', path: '/progress/read', query: { email } }));
  const body = JSON.parse(response.body ?? '{}') as {
    mode?: string;
    progress?: { courses?: Record<string, { modules?: Record<string, { completed?: boolean }> }> };
  };
  if (body.mode === 'fallback') return 'fallback';
  const modules = body.progress?.courses?.[COURSE]?.modules ?? {};
  return events.filter((e) => modules[e.module]?.completed !== true).length;
}

function contactsWith(rig: Rig, email: string): number {
  return rig.sim.contacts().filter((c) => c.properties['email']?.toLowerCase() === email).length;
}

async function raceOnce(design: Design, raceCase: Case, run: number): Promise<RaceRun> {
  const rig = await startRig();
  try {
    const email = `race-${design}-${raceCase === 'new email' ? 'new' : 'known'}-${run}@bench.example.com`;
    const events = burstEvents(email);
    if (raceCase === 'one learner') {
      await rig.store.create(email, {});
      // The naive design finds contacts through search, which sees a write only after the index lag (3 s).
      if (design === 'naive') await sleep(rig.sim.options.searchLagMs + 200);
    }
    const callsBefore = rig.sim.stats().total;
    const naive = createNaiveWriter({ baseUrl: rig.sim.url, token: TOKEN, lookup: design === 'naive' ? 'search' : 'email' });
    const started = performance.now();
    const answers = await Promise.all(
      events.map(async (e) => {
        if (design === 'before' || design === 'naive') {
          const result = await naive.record(e);
          return result.ok ? 'written' : `lost: ${result.reason}`;
        }
        return (await track(rig.handler(design), e)).outcome;
      }),
    );
    const burstMs = performance.now() - started;
    let calls = rig.sim.stats().total - callsBefore;
    const reader = rig.handler('direct');
    const rawAfterBurst = checkStore(rig.sim, events).missing.length;
    const readAfterBurst = await missingThroughRead(reader, events);
    let rawAfterDrain: number | undefined;
    let readAfterDrain: Missing | undefined;
    let drained: boolean | undefined;
    if (design === 'direct' || design === 'queue') {
      await sleep(1_200); // the post-write checks are sent with a 1 s delay
      drained = await rig.drain(DRAIN_MS);
      // Every call of the burst and of the queue (post-write checks, queued events), not the read made in between.
      calls = rig.sim.stats().total - callsBefore - 1;
      rawAfterDrain = checkStore(rig.sim, events).missing.length;
      readAfterDrain = await missingThroughRead(reader, events);
    }
    return { design, case: raceCase, rawAfterBurst, readAfterBurst, rawAfterDrain, readAfterDrain, drained, contacts: contactsWith(rig, email), answers: tally(answers), calls, burstMs };
  } finally {
    await rig.close();
  }
}

export async function racesScenario(): Promise<ScenarioReport> {
  const runs: RaceRun[] = [];
  for (const raceCase of ['one learner', 'new email'] as const) {
    for (const design of ['before', 'naive', 'direct', 'queue'] as const) {
      for (let run = 1; run <= RUNS; run += 1) runs.push(await raceOnce(design, raceCase, run));
      const mine = runs.filter((r) => r.design === design && r.case === raceCase);
      console.error(`  races ${raceCase} ${design}: raw missing ${mine.map((r) => r.rawAfterBurst).join(',')} → ${mine.map((r) => r.rawAfterDrain ?? '-').join(',')}`);
    }
  }
  const mean = (values: (number | undefined)[]) => {
    const defined = values.filter((v): v is number => v !== undefined);
    return defined.length === 0 ? undefined : defined.reduce((a, b) => a + b, 0) / defined.length;
  };
  const cell = (values: (Missing | undefined)[]) => {
    if (values.every((v) => v === undefined)) return 'n/a (no repair step)';
    const numbers = values.filter((v): v is number => typeof v === 'number');
    const failedReads = values.filter((v) => v === 'fallback').length;
    const m = mean(numbers);
    const text = m === undefined ? '—' : `${fixed(m, 1)} of ${BURST} (${fixed((100 * m) / BURST, 0)} %; runs ${numbers.join(', ')})`;
    return failedReads === 0 ? text : `${text}; ${failedReads} read(s) answered fallback`;
  };
  const rows: (string | number)[][] = [];
  for (const raceCase of ['one learner', 'new email'] as const) {
    for (const design of ['before', 'naive', 'direct', 'queue'] as const) {
      const mine = runs.filter((r) => r.design === design && r.case === raceCase);
      const allAnswers: Record<string, number> = {};
      for (const r of mine) for (const [k, n] of Object.entries(r.answers)) allAnswers[k] = (allAnswers[k] ?? 0) + n;
      rows.push([
        raceCase === 'one learner' ? `${BURST} concurrent events, one existing learner, distinct modules` : `${BURST} concurrent first events, one new email`,
        DESIGN_LABEL[design],
        cell(mine.map((r) => r.rawAfterBurst)),
        cell(mine.map((r) => r.readAfterBurst)),
        `${cell(mine.map((r) => r.rawAfterDrain))}${mine.some((r) => r.drained === false) ? ' (queue not drained)' : ''}`,
        cell(mine.map((r) => r.readAfterDrain)),
        Math.max(...mine.map((r) => r.contacts - 1)),
        fixed(mean(mine.map((r) => r.calls)) ?? NaN, 0),
        counts(allAnswers),
      ]);
    }
  }
  const body = table(
    [
      'case',
      'design',
      'missing modules, raw property, answers in',
      'missing through `GET /progress/read`, answers in',
      'missing, raw property, queue drained',
      'missing through `GET /progress/read`, queue drained',
      'duplicate contacts (max)',
      'HubSpot calls, burst + queue (mean)',
      `answers (all ${RUNS} runs)`,
    ],
    rows,
  );
  return { title: 'Lost updates under concurrency (before / after)', markdown: `${RUNS} runs of each; mean missing modules of ${BURST}, with each run's count.\n\n${body}` };
}

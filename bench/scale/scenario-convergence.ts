/**
 * Convergence in seconds, the service run with its default settings (no `VERIFY_DELAY_SECONDS` override, the store
 * built from the configuration), each run on a fresh rig (HubSpot 50 ms, 100 requests / 10 s; the consumer's local
 * batching window of 1 s):
 *
 * - "one learner": a contact that exists gets 20 `learning_module_completed` at the same instant, distinct modules
 *   (`bench-course` / m01…m20);
 * - "new email": 20 first events at the same instant for an email HubSpot does not know;
 * - "bursts": 150 events for a class of 50 learners the portal knows (3 catalog modules each), sent 10 at a time: the
 *   next 10 when the 10 before them are answered.
 *
 * Measured: from the first send until HubSpot's stored `hhl_progress_state` (the raw property, what lists and
 * workflows see) holds every event, polled every 100 ms; the 429s HubSpot answered, of all its answers. Goals (issue
 * 11, for the default direct mode): ≤ 3 s, ≤ 3 s, ≤ 20 s with 429s ≤ 5 % of calls.
 */
import { loadCatalog } from '../../src/catalog/load-catalog.js';
import { counts, fixed, table, type ScenarioReport } from './report.js';
import { startRig, type WriteMode } from './rig.js';
import { type BenchEvent, catalogModules, learnerEmail, summariseCalls, tally, track, waitUntilReflected } from './workload.js';

const RUNS = Number(process.env.CONVERGENCE_RUNS ?? 3);
const WAIT_MS = Number(process.env.CONVERGENCE_WAIT_SECONDS ?? 120) * 1000;
const MODES: readonly WriteMode[] = (process.env.CONVERGENCE_MODES ?? 'direct,queue').split(',').map((m) => (m.trim() === 'queue' ? 'queue' : 'direct'));

type Case = 'one learner' | 'new email' | 'bursts';

const CASES: Record<Case, { label: string; goal: string; goalSeconds: number }> = {
  'one learner': { label: '20 concurrent events for one learner', goal: '≤ 3 s', goalSeconds: 3 },
  'new email': { label: '20 first events for one new email', goal: '≤ 3 s', goalSeconds: 3 },
  bursts: { label: '150 events in 10-way bursts (50 learners) against 100 calls / 10 s', goal: '≤ 20 s, 429s ≤ 5 % of calls', goalSeconds: 20 },
};

interface Run {
  readonly case: Case;
  readonly mode: WriteMode;
  /** Seconds from the first send until the stored property held every event; undefined when not within the wait. */
  readonly completeAfter: number | undefined;
  readonly answeredAfter: number;
  readonly calls: number;
  readonly rateLimited: number;
  readonly answers: Record<string, number>;
}

function burstOf(email: string): BenchEvent[] {
  return Array.from({ length: 20 }, (_, i) => ({ email, course: 'bench-course', module: `m${String(i + 1).padStart(2, '0')}` }));
}

function classOf(tag: string): BenchEvent[] {
  const modules = catalogModules(loadCatalog()).slice(0, 3);
  return modules.flatMap((pair) => Array.from({ length: 50 }, (_, n) => ({ email: learnerEmail(tag, n), ...pair })));
}

async function runOnce(raceCase: Case, mode: WriteMode, run: number): Promise<Run> {
  const rig = await startRig({ serviceDefaults: true });
  try {
    const tag = `conv-${raceCase.replace(' ', '-')}-${mode}-${run}`;
    const events = raceCase === 'bursts' ? classOf(tag) : burstOf(`${tag}@bench.example.com`);
    const learners = [...new Set(events.map((e) => e.email))];
    if (raceCase !== 'new email') await rig.store.createMany(learners.map((email) => ({ email, properties: {} })));
    // The seeding calls leave HubSpot's window before the measurement starts.
    if (raceCase !== 'new email') await new Promise((resolve) => setTimeout(resolve, rig.sim.options.windowMs + 200));
    const handler = rig.handler(mode);
    const callsBefore = rig.sim.stats();
    const started = performance.now();
    const outcomes: string[] = [];
    const size = raceCase === 'bursts' ? 10 : events.length;
    for (let i = 0; i < events.length; i += size) {
      const answered = await Promise.all(events.slice(i, i + size).map((e) => track(handler, e)));
      outcomes.push(...answered.map((a) => a.outcome));
    }
    const answeredAfter = (performance.now() - started) / 1000;
    const storedAt = await waitUntilReflected(rig.sim, events, WAIT_MS, 100);
    const after = summariseCalls(rig.sim.stats());
    const before = summariseCalls(callsBefore);
    await rig.drain(10_000);
    return {
      case: raceCase,
      mode,
      completeAfter: storedAt === undefined ? undefined : (storedAt - started) / 1000,
      answeredAfter,
      calls: after.total - before.total,
      rateLimited: after.rateLimited - before.rateLimited,
      answers: tally(outcomes),
    };
  } finally {
    await rig.close();
  }
}

export async function convergenceScenario(): Promise<ScenarioReport> {
  const runs: Run[] = [];
  for (const raceCase of Object.keys(CASES) as Case[]) {
    for (const mode of MODES) {
      for (let run = 1; run <= RUNS; run += 1) {
        const result = await runOnce(raceCase, mode, run);
        runs.push(result);
        console.error(`  convergence ${raceCase} ${mode} #${run}: complete after ${fixed(result.completeAfter ?? NaN)} s, ${result.rateLimited} 429s of ${result.calls} calls`);
      }
    }
  }
  const rows = (Object.keys(CASES) as Case[]).flatMap((raceCase) =>
    MODES.map((mode) => {
      const mine = runs.filter((r) => r.case === raceCase && r.mode === mode);
      const times = mine.map((r) => r.completeAfter);
      const worst = times.some((t) => t === undefined) ? undefined : Math.max(...(times as number[]));
      const calls = mine.reduce((a, r) => a + r.calls, 0);
      const limited = mine.reduce((a, r) => a + r.rateLimited, 0);
      const share = calls === 0 ? 0 : (100 * limited) / calls;
      const goal = CASES[raceCase];
      const met = worst !== undefined && worst <= goal.goalSeconds && (raceCase !== 'bursts' || share <= 5);
      const answers: Record<string, number> = {};
      for (const r of mine) for (const [k, n] of Object.entries(r.answers)) answers[k] = (answers[k] ?? 0) + n;
      return [
        goal.label,
        mode,
        times.map((t) => (t === undefined ? `not within ${WAIT_MS / 1000} s` : `${fixed(t)} s`)).join(', '),
        worst === undefined ? '—' : `${fixed(worst)} s`,
        `${limited} of ${calls} (${fixed(share, 1)} %)`,
        fixed(mine.reduce((a, r) => a + r.answeredAfter, 0) / mine.length, 2) + ' s',
        counts(answers),
        mode === 'direct' ? `${goal.goal}: ${met ? 'met' : 'not met'}` : '—',
      ];
    }),
  );
  const body = table(
    ['case', 'mode', `stored value complete after (${RUNS} runs)`, 'worst', '429s of HubSpot calls (all runs)', 'all answered after (mean)', 'answers (all runs)', 'goal (direct, the default mode)'],
    rows,
  );
  return { title: 'Convergence in the default mode', markdown: body };
}

/**
 * Scale benchmarks of the progress API against the HubSpot simulator (50 ms per answer, 100 requests per rolling
 * 10 s), side by side with the naive design it replaces (search → get → update per event). Everything runs in this
 * process on loopback: the real handler (`createApp`) called with API Gateway v2 events, the real HubSpot store, the
 * embedded SQS-compatible queue and the real batched consumer.
 *
 *   npm run bench:scale                        # every scenario (about 8½ minutes); prints Markdown
 *   SCENARIO=races npm run bench:scale         # one scenario: calls, throughput, latency, races, faults
 *   SCENARIO=calls,faults OUT=/tmp/scale.md npm run bench:scale
 *
 * Scenarios (see each file in bench/scale/ for the exact workload):
 * - calls: HubSpot calls per event (queue mode at 1,000 events over 200 learners; direct and naive at 200 over 40);
 * - throughput: sustained events per second with nothing lost, a ladder of offered rates per design;
 * - latency: p50/p95 of `/events/track` in direct and queue mode;
 * - races: lost updates for 20 concurrent events on one learner and 20 first events for one new email, before/after;
 * - faults: 10 % 502s and bursts of 429s; events that never reach HubSpot;
 * - convergence: seconds until HubSpot's stored value holds every event, with the default settings, for 20 concurrent
 *   events on one learner, 20 first events for one new email, and 150 events in 10-way bursts (429s too);
 * - history: a batch read of 50 learners with 60 KB states and their history, at several network speeds, against
 *   HUBSPOT_TIMEOUT_MS.
 */
import { writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { callsScenario } from './scale/scenario-calls.js';
import { convergenceScenario } from './scale/scenario-convergence.js';
import { historyScenario } from './scale/scenario-history.js';
import { faultsScenario } from './scale/scenario-faults.js';
import { latencyScenario } from './scale/scenario-latency.js';
import { racesScenario } from './scale/scenario-races.js';
import type { ScenarioReport } from './scale/report.js';
import { throughputScenario } from './scale/scenario-throughput.js';

const SCENARIOS: Record<string, () => Promise<ScenarioReport>> = {
  calls: callsScenario,
  throughput: () => throughputScenario(),
  latency: latencyScenario,
  races: racesScenario,
  faults: faultsScenario,
  convergence: convergenceScenario,
  history: historyScenario,
};

async function main(): Promise<void> {
  const wanted = (process.env.SCENARIO ?? 'all').split(',').map((s) => s.trim()).filter((s) => s !== '');
  const names = wanted.includes('all') ? Object.keys(SCENARIOS) : wanted;
  const unknown = names.filter((n) => SCENARIOS[n] === undefined);
  if (unknown.length > 0) throw new Error(`Unknown SCENARIO ${unknown.join(', ')}; choose from ${Object.keys(SCENARIOS).join(', ')} or all`);

  const started = performance.now();
  const cpu = cpus();
  const header = `Node ${process.version}, ${cpu.length} cores (${cpu[0]?.model.trim() ?? 'unknown CPU'}), ${(totalmem() / 2 ** 30).toFixed(1)} GB; ${new Date().toISOString()}`;
  const sections: string[] = [header];
  console.error(header);
  for (const name of names) {
    const scenarioStarted = performance.now();
    console.error(`scenario ${name}…`);
    const report = await (SCENARIOS[name] as () => Promise<ScenarioReport>)();
    const seconds = (performance.now() - scenarioStarted) / 1000;
    console.error(`scenario ${name} done in ${seconds.toFixed(0)} s`);
    sections.push(`### ${report.title}\n\n\`SCENARIO=${name}\`, ${seconds.toFixed(0)} s\n\n${report.markdown}`);
  }
  sections.push(`Whole run: ${((performance.now() - started) / 1000).toFixed(0)} s`);
  const markdown = sections.join('\n\n');
  console.log(markdown);
  if (process.env.OUT !== undefined) writeFileSync(process.env.OUT, `${markdown}\n`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

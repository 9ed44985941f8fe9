/**
 * Cold start of the packaged API function as AWS runs it: the real `osls package` zip under aws-lambda-ric (Node 24),
 * from spawning the runtime to its first GET /next (init), and to the answer of a first `GET /api/health`, which waits
 * for the secrets. Two ways of giving it the HubSpot token: a plain variable (no secret store touched), and an SSM
 * SecureString read through Powertools Parameters from the loopback SSM stand-in (so the figure is the client's
 * load and request cost, not AWS's network).
 *
 *   npm run bench:ric-cold-start        # RUNS=15 by default, alternating the two ways; prints a Markdown table
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { startSsmStandIn } from '../tests/fixtures/aws-stand-ins.js';
import { httpApiEvent } from '../tests/fixtures/lambda-events.js';
import { packageService, WORKING_STAGE_ENV } from '../tests/fixtures/package-service.js';
import { runtimeNodeModules, startRic } from '../tests/fixtures/ric.js';
import { zipEntries } from '../tests/fixtures/zip-entries.js';

const RUNS = Number(process.env.RUNS ?? 15);
const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.ceil((p / 100) * values.length) - 1)] ?? Number.NaN;

async function main(): Promise<void> {
  const ssm = await startSsmStandIn({ '/hhl/bench/hubspot-token': 'pat-bench' });
  const packaged = await packageService({ ...WORKING_STAGE_ENV, HUBSPOT_ACCESS_TOKEN_SSM_PARAMETER: '/hhl/bench/hubspot-token' }, 'bench');
  const taskRoot = mkdtempSync(join(tmpdir(), 'hhl-bench-task-'));
  for (const entry of zipEntries(packaged.zips.api)) {
    if (entry.name.endsWith('/')) continue;
    mkdirSync(dirname(join(taskRoot, entry.name)), { recursive: true });
    writeFileSync(join(taskRoot, entry.name), entry.read());
  }
  const modules = runtimeNodeModules();
  const variables: Record<string, string> = Object.fromEntries(
    Object.entries(packaged.template.Resources.ApiLambdaFunction.Properties.Environment.Variables as Record<string, unknown>).map(([k, v]) => [k, typeof v === 'string' ? v : 'http://127.0.0.1:1/000000000000/q']),
  );
  const ways = {
    'token in a plain variable': { ...variables, HUBSPOT_ACCESS_TOKEN_SSM_PARAMETER: '', HUBSPOT_ACCESS_TOKEN: 'pat-bench' },
    'token from SSM (Powertools Parameters)': { ...variables, AWS_ENDPOINT_URL_SSM: ssm.url },
  };
  const results: Record<string, { init: number[]; first: number[] }> = {};
  for (let run = 0; run < RUNS; run += 1) {
    for (const [way, env] of Object.entries(ways)) {
      const started = performance.now();
      const ric = await startRic({ taskRoot, handler: 'src/lambda.handler', functionName: 'hhl-progress-api-bench-api', env: { ...env, NODE_PATH: modules, LOG_LEVEL: 'silent' } });
      try {
        if ((await ric.initOutcome) !== 'ready') throw new Error(`init failed: ${ric.lines.map((l) => l.line).join('\n')}`);
        const init = performance.now() - started;
        const answer = await ric.invoke(httpApiEvent({ method: 'GET', path: '/api/health' }));
        if (!answer.ok || answer.payload.statusCode !== 200) throw new Error(`health failed: ${JSON.stringify(answer)}`);
        const entry = (results[way] ??= { init: [], first: [] });
        entry.init.push(init);
        entry.first.push(performance.now() - started);
      } finally {
        await ric.stop();
      }
    }
  }
  console.log(`Node 24 under aws-lambda-ric, ${RUNS} fresh runtimes each, api.zip ${Math.round(zipEntries(packaged.zips.api)[0]?.size ?? 0) / 1000} KB unzipped`);
  console.log('\n| token | spawn → init done p50 / p95 | spawn → first answer p50 / p95 |\n|---|---|---|');
  for (const [way, r] of Object.entries(results)) {
    const f = (v: number[]) => `${percentile(v, 50).toFixed(1)} / ${percentile(v, 95).toFixed(1)} ms`;
    console.log(`| ${way} | ${f(r.init)} | ${f(r.first)} |`);
  }
  console.log(`\nSSM requests answered: ${ssm.calls.length}`);
  await ssm.close();
  for (const dir of [taskRoot, modules, packaged.dir]) rmSync(dir, { recursive: true, force: true });
}

await main();

/**
 * Cold start of the packaged Lambda: bundle size, time to load the bundle, and time to answer a first
 * `POST /events/track` (new learner: read 404 → create 201) against a stub HubSpot on loopback.
 *
 *   npm run bench:cold-start            # 15 fresh processes; prints a Markdown table
 *
 * It packages the service with `osls package` (offline), extracts the handler from the real artifact, and runs each
 * measurement in a fresh Node 24 process. For comparison it also bundles a handler that imports the whole official
 * client (`import { Client }`) with the same esbuild settings.
 */
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { zipEntries } from '../tests/fixtures/zip-entries.js';
import { startStubHubSpot } from './stub-hubspot.js';

const RUNS = Number(process.env.RUNS ?? 15);

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

type Run = { loadMs: number; firstRequestMs: number; totalMs: number; status: string };

/** One fresh process per run, one at a time; async, because the stub HubSpot lives in this process's event loop. */
async function measure(bundle: string, env: Record<string, string>): Promise<Run[]> {
  const results: Run[] = [];
  for (let i = 0; i < RUNS; i += 1) {
    const child = await promisify(execFile)(process.execPath, [resolve('bench/cold-start-child.cjs'), bundle], {
      // The bundle leaves the AWS SDK out (Lambda's runtime provides it, from its own node_modules): so does this.
      env: { ...process.env, NODE_PATH: resolve('node_modules'), ...env },
      encoding: 'utf8',
      timeout: 30_000,
    });
    const line = child.stdout.split('\n').find((l) => l.startsWith('@@'));
    if (line === undefined) throw new Error(`run ${i} failed: ${child.stderr}`);
    results.push(JSON.parse(line.slice(2)));
  }
  return results;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'hhl-cold-'));
  execFileSync('npx', ['--no-install', 'osls', 'package', '--stage', 'local', '--package', join(dir, 'pkg')], { stdio: 'pipe' });
  const entry = zipEntries(join(dir, 'pkg', 'api.zip')).find((e) => e.name === 'src/lambda.js');
  if (entry === undefined) throw new Error('src/lambda.js not in the artifact');
  const bundle = join(dir, 'lambda.js');
  writeFileSync(bundle, entry.read());
  const full = join(dir, 'full-client.js');
  execFileSync('npx', ['--no-install', 'esbuild', 'bench/full-client-entry.ts', '--bundle', '--minify', '--platform=node', '--target=node24', '--format=cjs', `--outfile=${full}`], { stdio: 'pipe' });

  const stub = await startStubHubSpot();
  const env = { ENABLE_CRM_PROGRESS: 'true', AUTH_MODE_NONE_ACCEPTED: 'true', HUBSPOT_PRIVATE_APP_TOKEN: 'bench-token', HUBSPOT_API_BASE_URL: stub.url, LOG_LEVEL: 'silent' };
  const ours = await measure(bundle, env);
  // The first request of a HubDB-catalog container also loads the three tables (three calls, in parallel).
  const hubdb = await measure(bundle, { ...env, CATALOG_SOURCE: 'hubdb', HUBDB_COURSES_TABLE_ID: '1', HUBDB_PATHWAYS_TABLE_ID: '2', HUBDB_MODULES_TABLE_ID: '3' });
  const whole = await measure(full, env);
  await stub.close();

  const statuses = new Set([...ours, ...hubdb].map((r) => r.status));
  const row = (label: string, file: string, runs: typeof ours, first: boolean) =>
    `| ${label} | ${(statSync(file).size / 1024).toFixed(0)} KB | ${percentile(runs.map((r) => r.loadMs), 50).toFixed(1)} / ${percentile(runs.map((r) => r.loadMs), 95).toFixed(1)} ms | ${first ? `${percentile(runs.map((r) => r.firstRequestMs), 50).toFixed(1)} / ${percentile(runs.map((r) => r.firstRequestMs), 95).toFixed(1)} ms` : '—'} | ${first ? `${percentile(runs.map((r) => r.totalMs), 50).toFixed(1)} / ${percentile(runs.map((r) => r.totalMs), 95).toFixed(1)} ms` : '—'} |`;
  console.log(`Node ${process.version}, ${RUNS} fresh processes each; first request answered: ${[...statuses].join(', ')}\n`);
  console.log('| bundle | size | load p50 / p95 | first request p50 / p95 | load + first request p50 / p95 |');
  console.log('|---|---|---|---|---|');
  console.log(row('service (`src/lambda.ts`), bundled catalog', bundle, ours, true));
  console.log(row('service, `CATALOG_SOURCE=hubdb` (first request loads the catalog)', bundle, hubdb, true));
  console.log(row('whole official client (`import { Client }`), for comparison', full, whole, false));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

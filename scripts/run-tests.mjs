#!/usr/bin/env node
// Runs the whole vitest suite and ends with the plain line CI counts: "N passed, N failed[, N skipped]".
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const dir = mkdtempSync(join(tmpdir(), 'hhl-vitest-'));
const report = join(dir, 'report.json');
const result = spawnSync(
  'npx',
  ['--no-install', 'vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...process.argv.slice(2)],
  { stdio: 'inherit' },
);
let code = result.status ?? 1;
try {
  const r = JSON.parse(readFileSync(report, 'utf8'));
  const skipped = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
  // A file whose setup fails counts no failed test, only a failed suite: count those too, or a broken file hides.
  const brokenFiles = (r.testResults ?? []).filter((f) => f.status === 'failed' && (f.assertionResults ?? []).every((a) => a.status !== 'failed')).length;
  const failed = r.numFailedTests + brokenFiles;
  console.log(`\n${r.numPassedTests} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}`);
  if (failed > 0) code = code || 1;
  if (r.numTotalTests === 0) code = code || 1;
} catch {
  console.log('\n0 passed, 1 failed');
  code = code || 1;
}
rmSync(dir, { recursive: true, force: true });
process.exit(code);

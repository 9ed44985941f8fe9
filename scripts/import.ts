/**
 * `npm run import -- <file> [--dry-run] [--format csv|ndjson] [--rate-share 0.5]`: imports learning records from an
 * LMS export (CSV or NDJSON), merging each learner's records into their contact, 100 learners per call. Running the
 * same file again changes nothing. Exit 0 done, 1 bad lines or failed learners (the rest is imported), 2 bad arguments,
 * settings or file, 130 interrupted. See docs/bulk-jobs.md and src/bulk/import/import-cli.ts.
 */
import { runImportCli } from '../src/bulk/import/import-cli.js';
import { loadDotEnv } from '../src/config.js';

loadDotEnv();
const stop = new AbortController();
process.once('SIGINT', () => {
  process.stderr.write('\nStopping after the learners in progress (Ctrl-C again to quit now)…\n');
  stop.abort();
  process.once('SIGINT', () => process.exit(130));
});
process.exitCode = await runImportCli({ argv: process.argv.slice(2), env: process.env, stdout: process.stdout, stderr: process.stderr, signal: stop.signal });

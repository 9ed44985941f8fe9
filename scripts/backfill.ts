/**
 * `npm run backfill [-- --dry-run] [--rate-share 0.5] [--checkpoint FILE] [--restart]`: recomputes the derived
 * properties of every contact that has hhl_progress_state, 100 per write, resumable. Exit 0 done, 1 some contacts
 * failed (or a call kept failing), 2 bad arguments or settings, 130 interrupted. See docs/bulk-jobs.md and
 * src/bulk/backfill/backfill-cli.ts.
 */
import { runBackfillCli } from '../src/bulk/backfill/backfill-cli.js';
import { loadDotEnv } from '../src/config.js';

loadDotEnv();
const stop = new AbortController();
// The first Ctrl-C finishes the page in progress and saves the checkpoint; a second one ends the process at once.
process.once('SIGINT', () => {
  process.stderr.write('\nStopping after the page in progress (Ctrl-C again to quit now)…\n');
  stop.abort();
  process.once('SIGINT', () => process.exit(130));
});
process.exitCode = await runBackfillCli({ argv: process.argv.slice(2), env: process.env, stdout: process.stdout, stderr: process.stderr, signal: stop.signal });

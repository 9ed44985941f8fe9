import { CrmError } from '../../errors.js';
import { callsLine, EXIT_CODES, introLine, messageOf, startBulkCli, type BulkCliOptions } from '../bulk-cli.js';
import { BACKFILL_USAGE, parseBackfillArguments, type BackfillSettings } from '../bulk-settings.js';
import { formatCount } from '../format-numbers.js';
import { createProgressRenderer } from '../progress-renderer.js';
import { CheckpointError, fileCheckpointStore } from './backfill-checkpoint.js';
import { runBackfill, type BackfillResult } from './run-backfill.js';

/** Failed contacts listed in the summary; the rest are counted. */
const FAILURES_LISTED = 50;

/**
 * The `backfill` command without the process around it: parses the arguments and the environment, builds the store,
 * walks the contacts with progress on stderr, prints the summary on stdout, and answers the exit code. Never throws.
 * @example process.exitCode = await runBackfillCli({ argv: process.argv.slice(2), env: process.env, stdout: process.stdout, stderr: process.stderr });
 */
export async function runBackfillCli(options: BulkCliOptions): Promise<number> {
  const started = await startBulkCli(options, parseBackfillArguments, BACKFILL_USAGE);
  if ('exitCode' in started) return started.exitCode;
  const { settings, context, out, err, clock } = started;

  const checkpoints = fileCheckpointStore(settings.checkpointFile);
  const progress = createProgressRenderer({ label: 'backfill', stream: options.stderr, clock: () => clock().getTime() });
  const startedAt = clock().getTime();
  out(introLine('Backfill', settings, context));
  let result: BackfillResult;
  try {
    if (settings.restart && !settings.dryRun) await checkpoints.clear();
    result = await runBackfill(context, {
      dryRun: settings.dryRun,
      pageSize: settings.pageSize,
      checkpoints,
      ...(options.signal === undefined ? {} : { signal: options.signal }),
      onProgress: ({ counts, total }) => progress.update({ done: counts.scanned, ...(total === undefined ? {} : { total }), counts: shownCounts(counts, settings) }),
    });
  } catch (error) {
    progress.finish();
    if (error instanceof CheckpointError) {
      err(error.message);
      return EXIT_CODES.setup;
    }
    const resume = settings.dryRun ? '' : ` Progress is saved in ${settings.checkpointFile}: run the same command again to resume.`;
    err(`Backfill stopped: ${messageOf(error)}.${error instanceof CrmError ? resume : ''}`);
    return EXIT_CODES.failures;
  }
  progress.finish();
  for (const line of summary(result, settings, callsLine(context, startedAt, clock().getTime()))) out(line);
  if (!result.complete) return EXIT_CODES.interrupted;
  return result.counts.failed > 0 ? EXIT_CODES.failures : EXIT_CODES.ok;
}

function shownCounts(counts: BackfillResult['counts'], settings: BackfillSettings): Record<string, number> {
  return { [settings.dryRun ? 'would change' : 'changed']: counts.changed, unchanged: counts.unchanged, failed: counts.failed };
}

function summary(result: BackfillResult, settings: BackfillSettings, calls: string): string[] {
  const { counts } = result;
  const state = result.complete ? (result.dryRun ? 'Backfill dry run complete' : 'Backfill complete') : `Backfill interrupted after contact ${result.lastId ?? '(none)'}`;
  const resumed = result.resumedAfter === undefined ? '' : ` (resumed after contact ${result.resumedAfter})`;
  const lines = [
    `${state}${resumed}: ${formatCount(counts.scanned)} scanned, ${formatCount(counts.changed)} ${result.dryRun ? 'would change' : 'changed'}, ` +
      `${formatCount(counts.unchanged)} unchanged, ${formatCount(counts.failed)} failed. ${calls}.`,
  ];
  if (!result.complete) lines.push(`Progress is saved in ${settings.checkpointFile}: run the same command again to resume.`);
  if (result.failures.length > 0) {
    lines.push('Failed (not written; a state that cannot be parsed is never overwritten):');
    for (const failure of result.failures.slice(0, FAILURES_LISTED)) lines.push(`  contact ${failure.contactId}: ${failure.reason}`);
    if (counts.failed > FAILURES_LISTED) lines.push(`  … and ${formatCount(counts.failed - FAILURES_LISTED)} more`);
  }
  return lines;
}

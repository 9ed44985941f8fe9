import { callsLine, EXIT_CODES, introLine, messageOf, startBulkCli, type BulkCliOptions } from '../bulk-cli.js';
import { IMPORT_USAGE, parseImportArguments, type ImportSettings } from '../bulk-settings.js';
import { formatCount } from '../format-numbers.js';
import { createProgressRenderer } from '../progress-renderer.js';
import { importLearners, type ImportResult } from './import-learners.js';
import { ImportFileError, readImportFile, type ImportFile } from './read-import-file.js';

/** Bad lines and failed learners listed; the rest are counted. */
const LISTED = 50;

/**
 * The `import` command without the process around it: parses the arguments and the environment, reads the file
 * (bad lines reported on stderr as `line N: <reason>` and skipped), merges every learner's records, prints the summary
 * on stdout and answers the exit code. Never throws.
 * @example process.exitCode = await runImportCli({ argv: process.argv.slice(2), env: process.env, stdout: process.stdout, stderr: process.stderr });
 */
export async function runImportCli(options: BulkCliOptions): Promise<number> {
  const started = await startBulkCli(options, parseImportArguments, IMPORT_USAGE);
  if ('exitCode' in started) return started.exitCode;
  const { settings, context, out, err, clock } = started;

  // 1. Read the file; a line that cannot be imported is reported and skipped.
  let file: ImportFile;
  try {
    file = await readImportFile(settings.file, { ...(settings.format === undefined ? {} : { format: settings.format }), now: clock() });
  } catch (error) {
    err(error instanceof ImportFileError ? `${settings.file}: ${error.message}` : `Cannot read ${settings.file}: ${messageOf(error)}`);
    return EXIT_CODES.setup;
  }
  for (const bad of file.badLines.slice(0, LISTED)) err(`line ${bad.line}: ${bad.reason}`);
  if (file.badLineCount > LISTED) err(`… and ${formatCount(file.badLineCount - LISTED)} more bad lines`);
  out(
    `Read ${formatCount(file.rows)} records from ${settings.file}: ${formatCount(file.badLineCount)} bad line${file.badLineCount === 1 ? '' : 's'} skipped, ` +
      `${formatCount(file.learners.size)} learner${file.learners.size === 1 ? '' : 's'}.`,
  );

  // 2. Merge and write, 100 learners at a time.
  out(introLine('Import', settings, context));
  const progress = createProgressRenderer({ label: 'import', stream: options.stderr, clock: () => clock().getTime() });
  const startedAt = clock().getTime();
  let result: ImportResult;
  try {
    result = await importLearners({ ...context, allowCreate: settings.config.auth.contactCreate.import }, file.learners, {
      dryRun: settings.dryRun,
      ...(options.signal === undefined ? {} : { signal: options.signal }),
      onProgress: (counts, total) => progress.update({ done: counts.learners, total, counts: shownCounts(counts, settings) }),
    });
  } catch (error) {
    progress.finish();
    err(`Import stopped: ${messageOf(error)}. The learners before it are written; running the same file again writes only what is missing.`);
    return EXIT_CODES.failures;
  }
  progress.finish();
  for (const line of summary(result, callsLine(context, startedAt, clock().getTime()))) out(line);
  if (!result.complete) return EXIT_CODES.interrupted;
  return result.counts.failed > 0 || file.badLineCount > 0 ? EXIT_CODES.failures : EXIT_CODES.ok;
}

function shownCounts(counts: ImportResult['counts'], settings: ImportSettings): Record<string, number> {
  const would = settings.dryRun ? 'would be ' : '';
  return { [`${would}created`]: counts.created, [`${would}updated`]: counts.updated, unchanged: counts.unchanged, failed: counts.failed };
}

function summary(result: ImportResult, calls: string): string[] {
  const { counts } = result;
  const would = result.dryRun ? 'would be ' : '';
  const state = result.complete ? (result.dryRun ? 'Import dry run complete' : 'Import complete') : 'Import interrupted';
  const lines = [
    `${state}: ${formatCount(counts.learners)} learners, ${formatCount(counts.created)} ${would}created, ${formatCount(counts.updated)} ${would}updated, ` +
      `${formatCount(counts.unchanged)} unchanged, ${formatCount(counts.failed)} failed. ${calls}.`,
  ];
  if (!result.complete) lines.push('Run the same command again to import the rest: what is already written is not written twice.');
  if (result.failures.length > 0) {
    lines.push('Failed (not written):');
    for (const failure of result.failures.slice(0, LISTED)) lines.push(`  ${failure.email}: ${failure.reason}`);
    if (counts.failed > LISTED) lines.push(`  … and ${formatCount(counts.failed - LISTED)} more`);
  }
  return lines;
}

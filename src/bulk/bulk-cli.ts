import { createLogger, type Logger } from '../observability/logger.js';
import { openCatalogSource } from '../catalog/open-catalog-source.js';
import { type BulkContext, createBulkContext } from './bulk-context.js';
import type { CommonSettings, Parsed } from './bulk-settings.js';
import { formatCount } from './format-numbers.js';
import type { ProgressStream } from './progress-renderer.js';

/** What the two bulk commands share: how they are called, their exit codes, their first and last lines. */

export interface BulkCliOptions {
  /** Arguments after the script name. */
  readonly argv: readonly string[];
  /** The environment, `.env` already loaded into it. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The summary: what was done, for a person or a pipe. */
  readonly stdout: ProgressStream;
  /** Progress, bad lines, warnings (JSON lines) and errors. */
  readonly stderr: ProgressStream;
  /** Aborted by Ctrl-C: the job stops after the chunk in progress. */
  readonly signal?: AbortSignal;
  readonly clock?: () => Date;
  /** For tests: the wait between retries after a 5xx, a timeout or a network error. */
  readonly sleep?: (ms: number) => Promise<void>;
}

export const EXIT_CODES = {
  /** Everything was done. */
  ok: 0,
  /** Done, but some contacts or lines failed; or a call kept failing and the job stopped. */
  failures: 1,
  /** Bad arguments or settings: nothing was done. */
  setup: 2,
  /** Stopped by Ctrl-C; run again to go on. */
  interrupted: 130,
} as const;

export function lineWriter(stream: ProgressStream): (line: string) => void {
  return (line) => void stream.write(`${line}\n`);
}

/** Warnings (retries, what the portal taught the writer) as JSON lines on stderr. */
export function bulkLogger(stderr: ProgressStream): Logger {
  return createLogger({ level: 'warn', write: (line) => void stderr.write(`${line}\n`) });
}

/** `Backfill of HubSpot at https://api.hubapi.com, at most 50 calls per 10 s (50% of 100)`. */
export function introLine(job: string, settings: CommonSettings, context: BulkContext): string {
  const budget = context.governor?.budget;
  const pace =
    budget === undefined
      ? ''
      : `, at most ${formatCount(budget.perWindow)} calls per ${budget.windowMs / 1000} s (${Math.round(settings.rateShare * 100)}% of ${formatCount(settings.tenSecondLimit)})`;
  return `${job} of ${context.target}${pace}${settings.dryRun ? ' — dry run: nothing is written' : ''}`;
}

/** `25 HubSpot calls in 3.2 s`. */
export function callsLine(context: BulkContext, startedAt: number, now: number): string {
  const unit = context.governor === undefined ? 'store calls' : 'HubSpot calls';
  return `${formatCount(context.calls())} ${unit} in ${((now - startedAt) / 1000).toFixed(1)} s`;
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A bulk command ready to run: its settings, its context and where its lines go. */
export interface StartedBulkCli<T> {
  readonly settings: T;
  readonly context: BulkContext;
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
  readonly clock: () => Date;
}

/**
 * The opening both bulk commands share: parse the arguments and the environment, answer `--help` or a bad argument
 * with the usage, and build the store and rate governor. Answers the exit code when the command ends there.
 */
export async function startBulkCli<T extends CommonSettings>(
  options: BulkCliOptions,
  parse: (argv: readonly string[], env: BulkCliOptions['env']) => Parsed<T>,
  usage: string,
): Promise<StartedBulkCli<T> | { readonly exitCode: number }> {
  const out = lineWriter(options.stdout);
  const err = lineWriter(options.stderr);
  const parsed = parse(options.argv, options.env);
  if (!parsed.ok) {
    err(`${parsed.line}\n\n${usage}`);
    return { exitCode: EXIT_CODES.setup };
  }
  if ('help' in parsed) {
    out(usage);
    return { exitCode: EXIT_CODES.ok };
  }
  const { settings } = parsed;
  const clock = options.clock ?? (() => new Date());
  try {
    const logger = bulkLogger(options.stderr);
    // A HubDB catalog is read once, before the job starts; the file catalogs are read by the context.
    const catalog = settings.config.catalog.source === 'hubdb' ? await openCatalogSource(settings.config, logger, clock).get() : undefined;
    if (settings.config.catalog.source === 'hubdb' && catalog === undefined) {
      err('The HubDB catalog could not be loaded (see the warning above); the job did not start.');
      return { exitCode: EXIT_CODES.setup };
    }
    const context = createBulkContext(settings, { logger, clock, ...(catalog === undefined ? {} : { catalog }), ...(options.sleep === undefined ? {} : { sleep: options.sleep }) });
    return { settings, context, out, err, clock };
  } catch (error) {
    err(messageOf(error));
    return { exitCode: EXIT_CODES.setup };
  }
}

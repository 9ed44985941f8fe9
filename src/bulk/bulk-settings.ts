import { parseArgs } from 'node:util';
import { join } from 'node:path';
import { z } from 'zod';
import { loadConfig, type Config } from '../config.js';
import { MAX_SCAN_PAGE } from '../crm/contact-scanner.js';
import type { ImportFormat } from './import/read-import-file.js';
import { DEFAULT_RATE_SHARE, DEFAULT_TEN_SECOND_LIMIT } from './rate-governor.js';

/**
 * The command lines and the environment of `npm run backfill` and `npm run import`, parsed once, with zod, into a
 * frozen object; a bad value is rejected with one line naming every bad option or variable.
 */

export const BACKFILL_USAGE = [
  'Usage: npm run backfill [-- --dry-run] [--rate-share 0.5] [--checkpoint FILE] [--restart] [--page-size 200]',
  '  Recomputes the derived properties of every contact that has hhl_progress_state; writes only those that change.',
  '  --dry-run        read and report what would change; write nothing',
  `  --rate-share S   share of the account's rate limits to use, 0-1 or a percentage (default ${DEFAULT_RATE_SHARE})`,
  '  --checkpoint F   where progress is saved to resume an interrupted run (default <LOCAL_DATA_DIR>/backfill-checkpoint.json)',
  '  --restart        ignore the checkpoint and start from the first contact',
  `  --page-size N    contacts per search page, 1-${MAX_SCAN_PAGE} (default ${MAX_SCAN_PAGE})`,
  `Reads HUBSPOT_ACCESS_TOKEN or HUBSPOT_PRIVATE_APP_TOKEN (a service key or private app token; none: the local store), HUBSPOT_API_BASE_URL, HUBSPOT_API_VERSION, HUBSPOT_TEN_SECOND_LIMIT (default ${DEFAULT_TEN_SECOND_LIMIT}),`,
  'CATALOG_PATH and LOCAL_DATA_DIR from the environment or .env.',
].join('\n');

export const IMPORT_USAGE = [
  'Usage: npm run import -- <file> [--dry-run] [--format csv|ndjson] [--rate-share 0.5]',
  '  Imports learning records (CSV with a header row, or NDJSON) with the columns email, pathway_slug, course_slug,',
  '  module_slug, event (enrolled|started|completed), occurred_at and optional score and time_spent_seconds.',
  '  --dry-run        read and report what would be created and updated; write nothing',
  '  --format F       csv or ndjson (default: from the extension, else from the first line)',
  `  --rate-share S   share of the account's rate limits to use, 0-1 or a percentage (default ${DEFAULT_RATE_SHARE})`,
  `Reads HUBSPOT_ACCESS_TOKEN or HUBSPOT_PRIVATE_APP_TOKEN (a service key or private app token; none: the local store), HUBSPOT_API_BASE_URL, HUBSPOT_API_VERSION, HUBSPOT_TEN_SECOND_LIMIT (default ${DEFAULT_TEN_SECOND_LIMIT}),`,
  'CATALOG_PATH and LOCAL_DATA_DIR from the environment or .env.',
].join('\n');

export interface CommonSettings {
  readonly dryRun: boolean;
  /** Share of the account's limits the job uses, in (0, 1]. */
  readonly rateShare: number;
  /** Calls per rolling 10 s the account allows. */
  readonly tenSecondLimit: number;
  readonly config: Config;
}

export interface BackfillSettings extends CommonSettings {
  readonly checkpointFile: string;
  readonly restart: boolean;
  readonly pageSize: number;
}

export interface ImportSettings extends CommonSettings {
  readonly file: string;
  readonly format?: ImportFormat;
}

export type Parsed<T> = { readonly ok: true; readonly settings: T } | { readonly ok: true; readonly help: true } | { readonly ok: false; readonly line: string };

const rateShareSchema = z
  .string()
  .trim()
  .transform((text, ctx) => {
    const percent = /^(\d+(?:\.\d+)?)\s*%$/.exec(text);
    const value = percent?.[1] !== undefined ? Number(percent[1]) / 100 : Number(text);
    if (!(Number.isFinite(value) && value > 0 && value <= 1)) {
      ctx.addIssue({ code: 'custom', message: `must be a share in (0, 1] or a percentage such as 50%, got "${text}"` });
      return z.NEVER;
    }
    return value;
  });

const envSchema = z.object({
  HUBSPOT_TEN_SECOND_LIMIT: z.preprocess((v) => (v === undefined || v === '' ? undefined : v), z.coerce.number().int().min(1).max(1_000_000).default(DEFAULT_TEN_SECOND_LIMIT)),
});

/**
 * @example parseBackfillArguments(['--dry-run', '--rate-share', '25%'], process.env) // { ok: true, settings: { dryRun: true, rateShare: 0.25, … } }
 */
export function parseBackfillArguments(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): Parsed<BackfillSettings> {
  return parseWith(argv, env, { checkpoint: { type: 'string' }, restart: { type: 'boolean' }, 'page-size': { type: 'string' } }, false, (values, common) => {
    const pageSize = z.coerce.number().int().min(1).max(MAX_SCAN_PAGE).default(MAX_SCAN_PAGE).safeParse(values['page-size']);
    if (!pageSize.success) return `--page-size must be a whole number from 1 to ${MAX_SCAN_PAGE}`;
    const checkpoint = typeof values['checkpoint'] === 'string' ? values['checkpoint'] : join(common.config.localDataDir, 'backfill-checkpoint.json');
    return { ...common, checkpointFile: checkpoint, restart: values['restart'] === true, pageSize: pageSize.data };
  });
}

/**
 * @example parseImportArguments(['lms.csv', '--dry-run'], process.env) // { ok: true, settings: { file: 'lms.csv', dryRun: true, … } }
 */
export function parseImportArguments(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): Parsed<ImportSettings> {
  return parseWith(argv, env, { format: { type: 'string' } }, true, (values, common, positionals) => {
    const [file, ...extra] = positionals;
    if (file === undefined) return 'Name the file to import: npm run import -- <file>';
    if (extra.length > 0) return `One file at a time: ${extra.join(' ')} is one too many`;
    const format = z.enum(['csv', 'ndjson']).optional().safeParse(values['format']);
    if (!format.success) return '--format must be csv or ndjson';
    return { ...common, file, ...(format.data === undefined ? {} : { format: format.data }) };
  });
}

type Values = Record<string, string | boolean | undefined>;
type OptionSpec = Record<string, { type: 'string' | 'boolean' }>;

function parseWith<T>(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  extra: OptionSpec,
  allowPositionals: boolean,
  finish: (values: Values, common: CommonSettings, positionals: string[]) => T | string,
): Parsed<T> {
  let parsed: { values: Values; positionals: string[] };
  try {
    parsed = parseArgs({
      args: [...argv],
      options: { 'dry-run': { type: 'boolean' }, 'rate-share': { type: 'string' }, help: { type: 'boolean', short: 'h' }, ...extra },
      allowPositionals,
      strict: true,
    });
  } catch (error) {
    return { ok: false, line: error instanceof Error ? error.message : String(error) };
  }
  const { values, positionals } = parsed;
  if (values['help'] === true) return { ok: true, help: true };
  const problems: string[] = [];
  const share = rateShareSchema.optional().safeParse(values['rate-share']);
  if (!share.success) problems.push(`--rate-share ${share.error.issues.map((i) => i.message).join('; ')}`);
  const environment = envSchema.safeParse(env);
  if (!environment.success) problems.push(`HUBSPOT_TEN_SECOND_LIMIT must be a whole number of calls from 1 to 1,000,000`);
  let config: Config | undefined;
  try {
    config = loadConfig(env);
  } catch (error) {
    problems.push(error instanceof Error ? error.message : String(error));
  }
  if (problems.length > 0 || config === undefined || !share.success || !environment.success) return { ok: false, line: problems.join('; ') };
  const common: CommonSettings = {
    dryRun: values['dry-run'] === true,
    rateShare: share.data ?? DEFAULT_RATE_SHARE,
    tenSecondLimit: environment.data.HUBSPOT_TEN_SECOND_LIMIT,
    config,
  };
  const settings = finish(values, common, positionals);
  return typeof settings === 'string' ? { ok: false, line: settings } : { ok: true, settings: Object.freeze(settings) };
}

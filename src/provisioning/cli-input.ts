import { z } from 'zod';
import { BASE_URL_VARIABLE, DEFAULT_BASE_URL, REQUIRED_SCOPES, TOKEN_VARIABLE } from './constants.js';
import type { ProvisionMode } from './types.js';

/** The command line and the environment of `npm run provision:crm-properties`, parsed once. */

export const USAGE = [
  'Usage: npm run provision:crm-properties [-- --dry-run | --check]',
  '  (no option)  create the missing groups and properties, update those that differ',
  '  --dry-run    print the plan (would create / would update / unchanged / differs); change nothing',
  '  --check      change nothing; exit 1 when anything is missing or different, 0 when all is unchanged',
  `Reads ${TOKEN_VARIABLE} and ${BASE_URL_VARIABLE} (default ${DEFAULT_BASE_URL}) from the environment or .env.`,
].join('\n');

export type Arguments = { readonly ok: true; readonly mode: ProvisionMode } | { readonly ok: true; readonly help: true };
export type Rejected = { readonly ok: false; readonly line: string };

/**
 * `--dry-run`, `--check`, `--help`; nothing means apply.
 * @example parseArguments(['--check']) // { ok: true, mode: 'check' }
 */
export function parseArguments(argv: readonly string[]): Arguments | Rejected {
  if (argv.includes('--help') || argv.includes('-h')) return { ok: true, help: true };
  const unknown = argv.filter((arg) => arg !== '--dry-run' && arg !== '--check');
  if (unknown.length > 0) return { ok: false, line: `Unknown argument ${unknown.join(' ')}: use --dry-run or --check (or --help)` };
  const dryRun = argv.includes('--dry-run');
  const check = argv.includes('--check');
  if (dryRun && check) return { ok: false, line: 'Use --dry-run or --check, not both' };
  return { ok: true, mode: dryRun ? 'dry-run' : check ? 'check' : 'apply' };
}

export interface Settings {
  /** Never printed. */
  readonly token: string;
  readonly baseUrl: string;
}

const settingsSchema = z.object({
  [TOKEN_VARIABLE]: z
    .string()
    .trim()
    .optional()
    .refine((v) => v !== undefined && v !== '', {
      message: `is not set: put a private app token (scopes ${REQUIRED_SCOPES.join(', ')}) in the environment or .env`,
    })
    .transform((v) => v ?? ''),
  [BASE_URL_VARIABLE]: z
    .string()
    .trim()
    .optional()
    .transform((v) => (v === undefined || v === '' ? DEFAULT_BASE_URL : v.replace(/\/+$/, '')))
    .pipe(z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' })),
});

/** The token and base URL; a missing token or a bad URL is rejected with one line naming the variable. */
export function readSettings(env: Readonly<Record<string, string | undefined>>): { ok: true; settings: Settings } | Rejected {
  const parsed = settingsSchema.safeParse(env);
  if (!parsed.success) {
    return { ok: false, line: parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ') };
  }
  return { ok: true, settings: { token: parsed.data[TOKEN_VARIABLE], baseUrl: parsed.data[BASE_URL_VARIABLE] } };
}

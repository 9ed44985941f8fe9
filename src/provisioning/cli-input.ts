import { z } from 'zod';
import { BASE_URL_VARIABLE, CREDENTIAL, DEFAULT_BASE_URL, LEGACY_TOKEN_VARIABLE, REQUIRED_SCOPES, TOKEN_VARIABLE } from './constants.js';
import type { ProvisionMode } from './types.js';

/** The command line and the environment of `npm run provision:crm-properties`, parsed once. */

export const USAGE = [
  'Usage: npm run provision:crm-properties [-- --dry-run | --check]',
  '  (no option)  create the missing groups and properties, update those that differ',
  '  --dry-run    print the plan (would create / would update / unchanged / differs); change nothing',
  '  --check      change nothing; exit 1 when anything is missing or different, 0 when all is unchanged',
  `Reads ${TOKEN_VARIABLE} (a ${CREDENTIAL}; ${LEGACY_TOKEN_VARIABLE} also works) and ${BASE_URL_VARIABLE} (default ${DEFAULT_BASE_URL}) from the environment or .env.`,
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
  /** The variable it came from, for messages. */
  readonly tokenVariable: typeof TOKEN_VARIABLE | typeof LEGACY_TOKEN_VARIABLE;
  readonly baseUrl: string;
}

const text = z
  .string()
  .trim()
  .optional()
  .transform((v) => (v === undefined || v === '' ? undefined : v));

const settingsSchema = z.object({
  [TOKEN_VARIABLE]: text,
  [LEGACY_TOKEN_VARIABLE]: text,
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
  const problems = parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`);
  const token = parsed.success ? (parsed.data[TOKEN_VARIABLE] ?? parsed.data[LEGACY_TOKEN_VARIABLE]) : undefined;
  if (parsed.success && token === undefined) {
    problems.unshift(`${TOKEN_VARIABLE} is not set: put a ${CREDENTIAL} (scopes ${REQUIRED_SCOPES.join(', ')}) there, or in ${LEGACY_TOKEN_VARIABLE}, in the environment or .env`);
  }
  if (!parsed.success || token === undefined) return { ok: false, line: problems.join('; ') };
  const tokenVariable = parsed.data[TOKEN_VARIABLE] === undefined ? LEGACY_TOKEN_VARIABLE : TOKEN_VARIABLE;
  return { ok: true, settings: { token, tokenVariable, baseUrl: parsed.data[BASE_URL_VARIABLE] } };
}

import { parseArgs } from 'node:util';
import { resolveOptions, type SimulatorOptions } from './options.js';

/** The command line of `npm run hubspot-sim`, turned into checked settings. */

export const CLI_USAGE = `Usage: npm run hubspot-sim -- [options]

  --port N                    port to listen on (default 4010; 0 picks a free one)
  --host HOST                 address to listen on (default 127.0.0.1)
  --token TOKEN               accept only this bearer token (default: any)
  --latency MS                added to every answer (default 0)
  --jitter MS                 up to this much more, seeded (default 0)
  --limit N                   requests per rolling window (default 100)
  --window-ms MS              rolling window length (default 10000)
  --retry-after               send Retry-After on 429s (HubSpot does not confirm it does)
  --search-per-second N       search requests per second (default 5)
  --search-lag MS             a contact is searchable this long after its last write (default 3000)
  --failure-rate R            share of requests answered 502, 0-1 (default 0)
  --seed N                    seed of failures and jitter (default 1)
  --burst-every N             force a burst of 429s every N requests
  --burst-length N            answers per burst (default 1)
  --max-history N             versions kept per property (default 20)
  --batch-update-unknown-ids  partial (207, others written) or reject (404, nothing written); default partial
  --date-typed NAME           treat this property as a date-typed one (repeatable)
  --missing NAME              the portal lacks this property (repeatable)
  --merge-mode M              new-id (default) or keep-primary-id
  --merged-id-writes M        resolve (default) or not-found: what a write to a merged-away id does
  --additional-email-lookup M match (default) or primary-only
  --empty-values M            null (default), omit or empty-string: how reads answer a property without a value
  --daily-limit N             requests per account day (default: none)
  --time-zone TZ              the account's time zone, whose midnight resets the daily limit (default US/Eastern)
  --required NAME             a property the portal requires on creates from API 2026-09 on (repeatable)
  --missing-scope SCOPE       a scope the token lacks, e.g. crm.schemas.contacts.read (repeatable)
  --bytes-per-second N        send answers at this speed (default: loopback speed)
  --help                      show this text`;

/** The port the CLI listens on when none is given: fixed, so a service can be pointed at it. */
export const CLI_DEFAULT_PORT = 4010;

export type CliCommand = { readonly help: true } | { readonly help: false; readonly options: SimulatorOptions };

/**
 * Parses the arguments after `--`.
 * @throws TypeError for an unknown flag, SimulatorOptionsError naming every bad value.
 * @example parseCliArgs(['--port', '4010', '--latency', '50', '--limit', '100'])
 */
export function parseCliArgs(args: readonly string[]): CliCommand {
  const { values } = parseArgs({
    args: [...args],
    strict: true,
    allowPositionals: false,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      token: { type: 'string' },
      latency: { type: 'string' },
      jitter: { type: 'string' },
      limit: { type: 'string' },
      'window-ms': { type: 'string' },
      'retry-after': { type: 'boolean' },
      'search-per-second': { type: 'string' },
      'search-lag': { type: 'string' },
      'failure-rate': { type: 'string' },
      seed: { type: 'string' },
      'burst-every': { type: 'string' },
      'burst-length': { type: 'string' },
      'max-history': { type: 'string' },
      'batch-update-unknown-ids': { type: 'string' },
      'date-typed': { type: 'string', multiple: true },
      missing: { type: 'string', multiple: true },
      'merge-mode': { type: 'string' },
      'merged-id-writes': { type: 'string' },
      'additional-email-lookup': { type: 'string' },
      'empty-values': { type: 'string' },
      'daily-limit': { type: 'string' },
      'time-zone': { type: 'string' },
      required: { type: 'string', multiple: true },
      'missing-scope': { type: 'string', multiple: true },
      'bytes-per-second': { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (values.help === true) return { help: true };
  const burstEvery = numberOf(values['burst-every']);
  const settings = {
    port: numberOf(values.port) ?? CLI_DEFAULT_PORT,
    host: values.host,
    token: values.token,
    latencyMs: numberOf(values.latency),
    latencyJitterMs: numberOf(values.jitter),
    tenSecondLimit: numberOf(values.limit),
    windowMs: numberOf(values['window-ms']),
    sendRetryAfter: values['retry-after'],
    searchPerSecond: numberOf(values['search-per-second']),
    searchLagMs: numberOf(values['search-lag']),
    failureRate: numberOf(values['failure-rate']),
    seed: numberOf(values.seed),
    burst429: burstEvery === undefined ? undefined : { everyNthRequest: burstEvery, length: numberOf(values['burst-length']) ?? 1 },
    maxHistory: numberOf(values['max-history']),
    batchUpdateUnknownIds: values['batch-update-unknown-ids'],
    propertyTypes: Object.fromEntries((values['date-typed'] ?? []).map((name) => [name, 'date'])),
    missingProperties: values.missing,
    mergeMode: values['merge-mode'],
    mergedIdWrites: values['merged-id-writes'],
    additionalEmailLookup: values['additional-email-lookup'],
    emptyValues: values['empty-values'],
    dailyLimit: numberOf(values['daily-limit']),
    timeZone: values['time-zone'],
    requiredProperties: values.required,
    missingScopes: values['missing-scope'],
    bytesPerSecond: numberOf(values['bytes-per-second']),
  };
  // The schema rejects what does not fit (a mistyped mode, NaN…) and names the key.
  return { help: false, options: resolveOptions(settings) };
}

/** A flag's number; a non-number becomes NaN, which the schema then rejects by name. */
function numberOf(value: string | undefined): number | undefined {
  return value === undefined ? undefined : value.trim() === '' ? Number.NaN : Number(value);
}

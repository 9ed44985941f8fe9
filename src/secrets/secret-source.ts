import { type SecretSetting, secretIdVariable, ssmParameterVariable } from './secret-settings.js';

/** Reads one secret from its store; Powertools Parameters in Lambda ({@link createPowertoolsFetchers}). */
export interface SecretFetchers {
  /** An SSM parameter's value, decrypted (SecureString); `maxAgeSeconds` is how long a value may be served from cache. */
  ssmParameter(name: string, maxAgeSeconds: number): Promise<string | undefined>;
  /** A Secrets Manager secret's string value. */
  secretsManager(id: string, maxAgeSeconds: number): Promise<string | undefined>;
}

/** Where a secret's value was to come from. */
export type SecretReference = { store: 'ssm'; name: string } | { store: 'secrets-manager'; id: string };

export interface SecretFailure {
  /** The setting, e.g. `HUBSPOT_ACCESS_TOKEN`. */
  setting: string;
  reference: SecretReference;
  /** The store's error message (never a value). */
  message: string;
  /** When the read failed (epoch ms): a failure served again within `retryAfterMs` keeps its time. */
  at: number;
}

export interface SecretResolution {
  /** Every resolved secret under its name and each alias, to lay over the environment before `loadConfig`. */
  env: Readonly<Record<string, string>>;
  /** Secrets that have a reference but could not be read (none have a value in `env` unless an older read had one). */
  failures: readonly SecretFailure[];
}

export interface SecretSource {
  /** The current values: from the cache while fresh, read again once `maxAgeSeconds` have passed. */
  resolve(): Promise<SecretResolution>;
}

export interface SecretSourceOptions {
  env: Readonly<Record<string, string | undefined>>;
  settings: readonly SecretSetting[];
  fetchers: SecretFetchers;
  /** How long a value is served from the cache before it is read again (rotation is picked up after it). */
  maxAgeSeconds: number;
  /** After a failed read, how long to answer without trying again, so a missing parameter does not cost a call per request. */
  retryAfterMs?: number;
  clock?: () => number;
}

const present = (value: string | undefined): value is string => value !== undefined && value.trim() !== '';

/** Where a setting's value comes from in this environment: a plain value, a reference, or nowhere. */
export function secretOrigin(setting: SecretSetting, env: Readonly<Record<string, string | undefined>>): { value: string } | { reference: SecretReference } | undefined {
  for (const name of [setting.name, ...setting.aliases]) {
    const value = env[name];
    if (present(value)) return { value: value.trim() };
  }
  for (const name of [setting.name, ...setting.aliases]) {
    const parameter = env[ssmParameterVariable(name)];
    if (present(parameter)) return { reference: { store: 'ssm', name: parameter.trim() } };
    const id = env[secretIdVariable(name)];
    if (present(id)) return { reference: { store: 'secrets-manager', id: id.trim() } };
  }
  return undefined;
}

/**
 * The secrets of one process. A plain value in the environment is used as it is (`npm start`, tests); a reference is
 * read through the fetchers, all in parallel, at most once per `maxAgeSeconds`. When a read fails, the last value read
 * is kept (a rotation or a brief SSM outage never takes a working function down) and the failure is reported.
 * @example const secrets = createSecretSource({ env: process.env, settings: SECRET_SETTINGS, fetchers, maxAgeSeconds: 300 });
 */
export function createSecretSource(options: SecretSourceOptions): SecretSource {
  const clock = options.clock ?? Date.now;
  const retryAfterMs = options.retryAfterMs ?? 30_000;
  const lastGood = new Map<string, string>();
  const lastFailure = new Map<string, { at: number; failure: SecretFailure }>();

  async function read(setting: SecretSetting, reference: SecretReference): Promise<string | SecretFailure> {
    const failed = lastFailure.get(setting.name);
    if (failed !== undefined && clock() - failed.at < retryAfterMs) return failed.failure;
    try {
      const value =
        reference.store === 'ssm'
          ? await options.fetchers.ssmParameter(reference.name, options.maxAgeSeconds)
          : await options.fetchers.secretsManager(reference.id, options.maxAgeSeconds);
      if (!present(value)) throw new Error('the value is empty');
      lastFailure.delete(setting.name);
      return value.trim();
    } catch (error) {
      const failure: SecretFailure = { setting: setting.name, reference, message: error instanceof Error ? error.message : String(error), at: clock() };
      lastFailure.set(setting.name, { at: clock(), failure });
      return failure;
    }
  }

  // Callers at the same moment (the init phase's read and the first request) share one round of reads.
  let inFlight: Promise<SecretResolution> | undefined;

  return {
    resolve() {
      inFlight ??= resolveAll().finally(() => (inFlight = undefined));
      return inFlight;
    },
  };

  async function resolveAll(): Promise<SecretResolution> {
      const env: Record<string, string> = {};
      const failures: SecretFailure[] = [];
      const give = (setting: SecretSetting, value: string) => {
        for (const name of [setting.name, ...setting.aliases]) env[name] = value;
      };
      await Promise.all(
        options.settings.map(async (setting) => {
          const origin = secretOrigin(setting, options.env);
          if (origin === undefined) return;
          if ('value' in origin) return give(setting, origin.value);
          const outcome = await read(setting, origin.reference);
          if (typeof outcome === 'string') {
            lastGood.set(setting.name, outcome);
            return give(setting, outcome);
          }
          failures.push(outcome);
          const kept = lastGood.get(setting.name);
          if (kept !== undefined) give(setting, kept);
        }),
      );
      return { env: Object.freeze(env), failures: Object.freeze(failures) };
  }
}

import type { SecretFailure, SecretResolution, SecretSource } from './secret-source.js';

/**
 * Keeps one thing built from the current secrets (a Lambda's app and its clients) and builds it again only when a
 * value changes, e.g. after a rotation. A build that throws is not kept: the next call tries again.
 * @example const current = boundToSecrets(secrets, (resolved) => buildApp({ ...process.env, ...resolved.env }));
 */
export function boundToSecrets<T>(
  source: SecretSource,
  build: (resolution: SecretResolution) => T,
  onFailure: (failure: SecretFailure) => void = () => undefined,
): () => Promise<T> {
  let built: { key: string; value: T } | undefined;
  let reported = new Set<string>();
  return async function current() {
    const resolution = await source.resolve();
    // A failure served again during the retry pause is reported once.
    const ids = new Set(resolution.failures.map((f) => `${f.setting}@${f.at}`));
    for (const failure of resolution.failures) if (!reported.has(`${failure.setting}@${failure.at}`)) onFailure(failure);
    reported = ids;
    const key = JSON.stringify(Object.entries(resolution.env).sort(([a], [b]) => a.localeCompare(b)));
    if (built === undefined || built.key !== key) built = { key, value: build(resolution) };
    return built.value;
  };
}

/** Seconds a secret is served from the cache (`SECRETS_MAX_AGE_SECONDS`, default 300, 0–3600). */
export function secretsMaxAgeSeconds(env: Readonly<Record<string, string | undefined>>): number {
  const raw = env.SECRETS_MAX_AGE_SECONDS?.trim();
  if (raw === undefined || raw === '') return 300;
  const seconds = Number(raw);
  if (!Number.isInteger(seconds) || seconds < 0 || seconds > 3_600) {
    throw new Error(`Invalid configuration: SECRETS_MAX_AGE_SECONDS: expected a whole number of seconds from 0 to 3600, got "${raw}"`);
  }
  return seconds;
}

import { describe, expect, it } from 'vitest';
import { boundToSecrets, secretsMaxAgeSeconds } from '../../../src/secrets/bound-to-secrets.js';
import { SECRET_SETTINGS, type SecretSetting } from '../../../src/secrets/secret-settings.js';
import { createSecretSource, type SecretFetchers } from '../../../src/secrets/secret-source.js';

const TOKEN: SecretSetting = { name: 'HUBSPOT_ACCESS_TOKEN', aliases: ['HUBSPOT_PRIVATE_APP_TOKEN'], functions: ['api', 'queueConsumer'] };
const SESSION: SecretSetting = { name: 'SESSION_SECRET', aliases: [], functions: ['api'] };

/** Stores that answer from a table and count their reads; a missing name throws as SSM's ParameterNotFound does. */
function stores(ssm: Record<string, string>, secrets: Record<string, string> = {}) {
  const reads: string[] = [];
  const fetchers: SecretFetchers = {
    async ssmParameter(name) {
      reads.push(`ssm:${name}`);
      if (!(name in ssm)) throw new Error(`Parameter ${name} not found.`);
      return ssm[name];
    },
    async secretsManager(id) {
      reads.push(`secrets:${id}`);
      if (!(id in secrets)) throw new Error(`Secrets Manager can't find the specified secret.`);
      return secrets[id];
    },
  };
  return { fetchers, reads };
}

describe('createSecretSource', () => {
  it.each([
    ['a plain value (local runs)', { HUBSPOT_ACCESS_TOKEN: 'pat-plain' }, 'pat-plain', []],
    ['a plain value under the older name', { HUBSPOT_PRIVATE_APP_TOKEN: 'pat-old' }, 'pat-old', []],
    ['an SSM parameter', { HUBSPOT_ACCESS_TOKEN_SSM_PARAMETER: '/hhl/prod/token' }, 'pat-ssm', ['ssm:/hhl/prod/token']],
    ['an SSM parameter named under the older name', { HUBSPOT_PRIVATE_APP_TOKEN_SSM_PARAMETER: '/hhl/prod/token' }, 'pat-ssm', ['ssm:/hhl/prod/token']],
    ['a Secrets Manager secret', { HUBSPOT_ACCESS_TOKEN_SECRET_ID: 'hhl/prod/token' }, 'pat-sm', ['secrets:hhl/prod/token']],
    ['a plain value over a reference', { HUBSPOT_ACCESS_TOKEN: 'pat-plain', HUBSPOT_ACCESS_TOKEN_SSM_PARAMETER: '/hhl/prod/token' }, 'pat-plain', []],
  ])('takes the value from %s and hands it over under every name', async (_, env, value, expectedReads) => {
    // Prepare
    const { fetchers, reads } = stores({ '/hhl/prod/token': 'pat-ssm' }, { 'hhl/prod/token': 'pat-sm' });
    const source = createSecretSource({ env, settings: [TOKEN], fetchers, maxAgeSeconds: 300 });
    // Act
    const resolution = await source.resolve();
    // Assess
    expect(resolution).toEqual({ env: { HUBSPOT_ACCESS_TOKEN: value, HUBSPOT_PRIVATE_APP_TOKEN: value }, failures: [] });
    expect(reads).toEqual(expectedReads);
  });

  it('leaves out a secret that has neither a value nor a reference', async () => {
    const source = createSecretSource({ env: {}, settings: [TOKEN, SESSION], fetchers: stores({}).fetchers, maxAgeSeconds: 300 });
    expect(await source.resolve()).toEqual({ env: {}, failures: [] });
  });

  it('reports a secret that cannot be read, names no value, and waits before trying again', async () => {
    // Prepare
    let now = 1_000;
    const { fetchers, reads } = stores({});
    const source = createSecretSource({ env: { SESSION_SECRET_SSM_PARAMETER: '/hhl/prod/session' }, settings: [SESSION], fetchers, maxAgeSeconds: 300, retryAfterMs: 30_000, clock: () => now });
    // Act
    const first = await source.resolve();
    now += 10_000;
    const during = await source.resolve();
    now += 30_000;
    await source.resolve();
    // Assess
    expect(first).toEqual({
      env: {},
      failures: [{ setting: 'SESSION_SECRET', reference: { store: 'ssm', name: '/hhl/prod/session' }, message: 'Parameter /hhl/prod/session not found.', at: 1_000 }],
    });
    expect(during.failures).toEqual(first.failures);
    expect(reads).toEqual(['ssm:/hhl/prod/session', 'ssm:/hhl/prod/session']);
  });

  it('keeps the last value read when a later read fails', async () => {
    // Prepare
    const ssm: Record<string, string> = { '/t': 'pat-1' };
    const { fetchers } = stores(ssm);
    const source = createSecretSource({ env: { HUBSPOT_ACCESS_TOKEN_SSM_PARAMETER: '/t' }, settings: [TOKEN], fetchers, maxAgeSeconds: 0, retryAfterMs: 0 });
    await source.resolve();
    delete ssm['/t'];
    // Act
    const later = await source.resolve();
    // Assess
    expect(later.env.HUBSPOT_ACCESS_TOKEN).toBe('pat-1');
    expect(later.failures).toHaveLength(1);
  });

  it('shares one round of reads between callers at the same moment', async () => {
    const { fetchers, reads } = stores({ '/t': 'pat-1' });
    const source = createSecretSource({ env: { HUBSPOT_ACCESS_TOKEN_SSM_PARAMETER: '/t' }, settings: [TOKEN], fetchers, maxAgeSeconds: 300 });
    await Promise.all([source.resolve(), source.resolve()]);
    expect(reads).toEqual(['ssm:/t']);
  });
});

describe('boundToSecrets', () => {
  it('builds once while the values stay the same, again after a rotation, and reports each failure once', async () => {
    // Prepare
    const ssm: Record<string, string> = { '/t': 'pat-1' };
    const { fetchers } = stores(ssm);
    const source = createSecretSource({ env: { HUBSPOT_ACCESS_TOKEN_SSM_PARAMETER: '/t', SESSION_SECRET_SSM_PARAMETER: '/missing' }, settings: [TOKEN, SESSION], fetchers, maxAgeSeconds: 0 });
    const builds: string[] = [];
    const failures: string[] = [];
    const current = boundToSecrets(source, (r) => builds.push(r.env.HUBSPOT_ACCESS_TOKEN ?? 'none'), (f) => failures.push(f.setting));
    // Act
    await current();
    await current();
    ssm['/t'] = 'pat-2';
    await current();
    // Assess
    expect(builds).toEqual(['pat-1', 'pat-2']);
    expect(failures).toEqual(['SESSION_SECRET']);
  });
});

describe('the secret settings', () => {
  it('name the HubSpot token (and its older name), the sign-in and certificate secrets', () => {
    expect(SECRET_SETTINGS.map((s) => [s.name, ...s.aliases])).toEqual([
      ['HUBSPOT_ACCESS_TOKEN', 'HUBSPOT_PRIVATE_APP_TOKEN'],
      ['AUTH_HS256_SECRET'],
      ['SESSION_SECRET'],
      ['OIDC_CLIENT_SECRET'],
      ['CERTIFICATE_SECRET'],
    ]);
  });

  it.each([
    ['', 300],
    ['0', 0],
    ['3600', 3600],
  ])('SECRETS_MAX_AGE_SECONDS=%s caches for %i s', (raw, seconds) => {
    expect(secretsMaxAgeSeconds({ SECRETS_MAX_AGE_SECONDS: raw })).toBe(seconds);
  });

  it.each(['-1', '3601', '5m'])('refuses SECRETS_MAX_AGE_SECONDS=%s', (raw) => {
    expect(() => secretsMaxAgeSeconds({ SECRETS_MAX_AGE_SECONDS: raw })).toThrow(/SECRETS_MAX_AGE_SECONDS/);
  });
});

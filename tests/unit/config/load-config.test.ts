import { describe, expect, it } from 'vitest';
import { deploymentProblems, InvalidConfigError, loadConfig } from '../../../src/config.js';

describe('loadConfig', () => {
  it('gives safe defaults for an empty environment', () => {
    // Act
    const config = loadConfig({});
    // Assess
    expect(config).toEqual({
      hubspot: { token: undefined, baseUrl: 'https://api.hubapi.com', timeoutMs: 3000, apiVersion: 'v3', accountTimeZone: undefined, windowReserve: 10 },
      crmEnabled: false,
      progressBackend: 'properties',
      catalogPath: undefined,
      corsAllowedOrigins: [],
      logLevel: 'info',
      logPii: false,
      port: 3000,
      localDataDir: '.data',
      auth: {
        mode: 'none',
        noneAccepted: false,
        session: { ttlSeconds: 43_200 },
        jwksUrl: undefined,
        issuer: undefined,
        audience: undefined,
        hs256Secret: undefined,
        emailClaim: 'email',
        contactIdClaim: undefined,
        cookie: undefined,
        allowContactCreate: true,
        contactCreate: { direct: true, queue: true, import: true },
      },
      learnerWritesPerMinute: 30,
      queue: { writeMode: 'direct', url: undefined, dlqUrl: undefined, endpoint: undefined, verifyDelaySeconds: 1 },
      catalog: { source: 'file', path: undefined, hubdb: undefined, ttlSeconds: 300 },
      certificateSecret: undefined,
    });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('reads every variable', () => {
    const config = loadConfig({
      HUBSPOT_PRIVATE_APP_TOKEN: ' pat-na1-abc ',
      HUBSPOT_API_BASE_URL: 'http://127.0.0.1:4010/',
      HUBSPOT_TIMEOUT_MS: '1500',
      ENABLE_CRM_PROGRESS: 'TRUE',
      PROGRESS_BACKEND: 'properties',
      CATALOG_PATH: 'catalog.json',
      CORS_ALLOWED_ORIGINS: 'https://a.example.com, https://*.sites.example.com ,',
      LOG_LEVEL: 'DEBUG',
      LOG_PII: 'yes',
      PORT: '8080',
    });
    expect(config).toMatchObject({
      hubspot: { token: 'pat-na1-abc', baseUrl: 'http://127.0.0.1:4010', timeoutMs: 1500 },
      crmEnabled: true,
      catalogPath: 'catalog.json',
      corsAllowedOrigins: ['https://a.example.com', 'https://*.sites.example.com'],
      logLevel: 'debug',
      logPii: true,
      port: 8080,
    });
  });

  it('keeps an unknown PROGRESS_BACKEND so the service can name it instead of failing to start', () => {
    expect(loadConfig({ PROGRESS_BACKEND: 'custom_objects' }).progressBackend).toBe('custom_objects');
  });

  it('names every bad key at once', () => {
    // Act
    const attempt = () => loadConfig({ ENABLE_CRM_PROGRESS: 'maybe', LOG_LEVEL: 'loud', PORT: 'eighty', HUBSPOT_API_BASE_URL: 'ftp://x' });
    // Assess
    expect(attempt).toThrow(InvalidConfigError);
    try {
      attempt();
    } catch (error) {
      const keys = (error as InvalidConfigError).issues.map((i) => i.split(':')[0]);
      expect(keys).toEqual(expect.arrayContaining(['ENABLE_CRM_PROGRESS', 'LOG_LEVEL', 'PORT', 'HUBSPOT_API_BASE_URL']));
    }
  });

  it('refuses AUTH_MODE=jwt without a JWKS URL or a secret', () => {
    expect(() => loadConfig({ AUTH_MODE: 'jwt' })).toThrow('AUTH_MODE: jwt needs AUTH_JWKS_URL or AUTH_HS256_SECRET');
  });

  it('refuses AUTH_MODE=jwt without the issuer and audience every token is checked against', () => {
    const attempt = () => loadConfig({ AUTH_MODE: 'jwt', AUTH_HS256_SECRET: 'a-test-secret-of-at-least-32-characters!' });
    expect(attempt).toThrow('AUTH_ISSUER: required');
    expect(attempt).toThrow('AUTH_AUDIENCE: required');
  });

  it('refuses an HS256 secret shorter than 32 characters', () => {
    expect(() => loadConfig({ AUTH_MODE: 'jwt', AUTH_HS256_SECRET: 'short' })).toThrow('AUTH_HS256_SECRET');
  });

  it('never puts the token in an error message', () => {
    try {
      loadConfig({ HUBSPOT_PRIVATE_APP_TOKEN: 'pat-secret', PORT: '-1' });
    } catch (error) {
      expect(String((error as Error).message)).not.toContain('pat-secret');
    }
  });
});

describe('the HubSpot credential, API version and account settings', () => {
  it.each([
    { env: { HUBSPOT_ACCESS_TOKEN: 'svc-key' }, token: 'svc-key' },
    { env: { HUBSPOT_PRIVATE_APP_TOKEN: 'pat-na1-legacy' }, token: 'pat-na1-legacy' },
    { env: { HUBSPOT_ACCESS_TOKEN: 'same', HUBSPOT_PRIVATE_APP_TOKEN: 'same' }, token: 'same' },
  ])('takes the service key or private app token from either name ($token)', ({ env, token }) => {
    expect(loadConfig(env).hubspot.token).toBe(token);
  });

  it('refuses two different tokens, naming both variables and neither token', () => {
    const load = () => loadConfig({ HUBSPOT_ACCESS_TOKEN: 'svc-secret-1', HUBSPOT_PRIVATE_APP_TOKEN: 'pat-secret-2' });

    expect(load).toThrow(/HUBSPOT_ACCESS_TOKEN: and HUBSPOT_PRIVATE_APP_TOKEN are both set and differ/);
    expect(load).not.toThrow(/secret/);
  });

  it('reads the API version, the account’s time zone and the window reserve, refusing what is not one', () => {
    const config = loadConfig({ HUBSPOT_API_VERSION: '2026-09', HUBSPOT_ACCOUNT_TIME_ZONE: 'US/Eastern', HUBSPOT_WINDOW_RESERVE: '25' });

    expect(config.hubspot).toMatchObject({ apiVersion: '2026-09', accountTimeZone: 'US/Eastern', windowReserve: 25 });
    expect(() => loadConfig({ HUBSPOT_API_VERSION: 'v4', HUBSPOT_ACCOUNT_TIME_ZONE: 'Mars/Olympus' })).toThrow(/HUBSPOT_API_VERSION.*HUBSPOT_ACCOUNT_TIME_ZONE/);
  });

  it.each([
    { value: 'false', direct: false, queue: false, import: false },
    { value: 'import', direct: false, queue: false, import: true },
    { value: 'direct, queue', direct: true, queue: true, import: false },
    { value: 'TRUE', direct: true, queue: true, import: true },
  ])('reads AUTH_ALLOW_CONTACT_CREATE=$value per write path', ({ value, ...paths }) => {
    const config = loadConfig({ AUTH_ALLOW_CONTACT_CREATE: value });

    expect(config.auth.contactCreate).toEqual(paths);
    expect(config.auth.allowContactCreate).toBe(paths.direct);
  });

  it('refuses an unknown write path in AUTH_ALLOW_CONTACT_CREATE', () => {
    expect(() => loadConfig({ AUTH_ALLOW_CONTACT_CREATE: 'direct,bulk' })).toThrow(/AUTH_ALLOW_CONTACT_CREATE: expected true, false or a list of direct, queue, import; got "bulk"/);
  });
});

describe('CORS_ALLOWED_ORIGINS', () => {
  it.each([
    '*',
    'https://*',
    'http://*',
    'HTTPS://*',
    'https://*/',
    'https://**',
    'https://*.*',
    'https://*.com',
    'https://*.co.uk',
    'HTTPS://*.CO.UK/',
    'https://*.hubspotusercontent-na1.net',
    'https://*.hs-sites.com',
    'https://a.*.example.com',
    'https://*a.example.com',
    'https://learn.example.com/path',
    'ftp://learn.example.com',
  ])('refuses %s at start, read in its canonical form', (pattern) => {
    expect(() => loadConfig({ CORS_ALLOWED_ORIGINS: `https://learn.example.com,${pattern}` })).toThrow('CORS_ALLOWED_ORIGINS');
  });

  it('accepts a wildcard below a domain, and writes every entry in its canonical form', () => {
    expect(loadConfig({ CORS_ALLOWED_ORIGINS: 'HTTPS://*.Sites.Example.com/, https://Learn.Example.com:443' }).corsAllowedOrigins).toEqual([
      'https://*.sites.example.com',
      'https://learn.example.com',
    ]);
  });
});

describe('AUTH_MODE=oidc', () => {
  const OIDC = {
    AUTH_MODE: 'oidc',
    OIDC_ISSUER: 'https://id.example.com',
    OIDC_CLIENT_ID: 'hhl-learn',
    OIDC_REDIRECT_URI: 'https://api.example.com/auth/callback',
    SESSION_SECRET: 'a-session-secret-of-at-least-32-characters',
    CORS_ALLOWED_ORIGINS: 'https://learn.example.com,https://*.pages.example.com',
  };

  it('reads the provider, the client and the session, with the scopes and the allowlist defaulted', () => {
    expect(loadConfig(OIDC).auth).toMatchObject({
      mode: 'oidc',
      oidc: {
        issuer: 'https://id.example.com',
        clientId: 'hhl-learn',
        redirectUri: 'https://api.example.com/auth/callback',
        scopes: 'openid email profile',
        redirectAllowlist: ['https://learn.example.com'],
        legacyTokenCookie: 'hhl_access_token',
      },
      session: { secret: OIDC.SESSION_SECRET, ttlSeconds: 43_200 },
    });
  });

  it.each([
    ['OIDC_ISSUER', { OIDC_ISSUER: '' }],
    ['OIDC_CLIENT_ID', { OIDC_CLIENT_ID: '' }],
    ['OIDC_REDIRECT_URI', { OIDC_REDIRECT_URI: '' }],
    ['OIDC_REDIRECT_URI', { OIDC_REDIRECT_URI: 'https://api.example.com/somewhere-else' }],
    ['SESSION_SECRET', { SESSION_SECRET: '' }],
    ['SESSION_SECRET', { SESSION_SECRET: 'too-short' }],
    ['AUTH_REDIRECT_ALLOWLIST', { CORS_ALLOWED_ORIGINS: 'https://*.pages.example.com' }],
    ['AUTH_REDIRECT_ALLOWLIST', { AUTH_REDIRECT_ALLOWLIST: 'https://*.com' }],
    ['OIDC_ISSUER', { OIDC_ISSUER: 'not a url' }],
  ])('refuses to start, naming %s, when it is missing or bad', (key, change) => {
    expect(() => loadConfig({ ...OIDC, ...change })).toThrow(`${key}:`);
  });
});

describe('deploymentProblems', () => {
  it('names AUTH_MODE=none with CRM progress on, unless AUTH_MODE_NONE_ACCEPTED says the risk is accepted', () => {
    expect(deploymentProblems(loadConfig({ ENABLE_CRM_PROGRESS: 'true' }))).toEqual([expect.stringMatching(/^AUTH_MODE: none lets anyone/)]);
    expect(deploymentProblems(loadConfig({ ENABLE_CRM_PROGRESS: 'true', AUTH_MODE_NONE_ACCEPTED: 'true' }))).toEqual([]);
    expect(deploymentProblems(loadConfig({ ENABLE_CRM_PROGRESS: 'false' }))).toEqual([]);
  });
});

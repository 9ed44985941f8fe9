import { describe, expect, it } from 'vitest';
import { InvalidConfigError, loadConfig } from '../../../src/config.js';

describe('loadConfig', () => {
  it('gives safe defaults for an empty environment', () => {
    // Act
    const config = loadConfig({});
    // Assess
    expect(config).toEqual({
      hubspot: { token: undefined, baseUrl: 'https://api.hubapi.com', timeoutMs: 3000 },
      crmEnabled: false,
      progressBackend: 'properties',
      catalogPath: undefined,
      corsAllowedOrigins: [],
      logLevel: 'info',
      logPii: false,
      port: 3000,
      localDataDir: '.data',
      auth: { mode: 'none', jwksUrl: undefined, issuer: undefined, audience: undefined, hs256Secret: undefined, emailClaim: 'email', contactIdClaim: undefined, cookie: undefined, allowContactCreate: true },
      learnerWritesPerMinute: 30,
      queue: { writeMode: 'direct', url: undefined, dlqUrl: undefined, endpoint: undefined, verifyDelaySeconds: 10 },
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
      CORS_ALLOWED_ORIGINS: 'https://a.example.com, https://*.hubspotusercontent-na1.net ,',
      LOG_LEVEL: 'DEBUG',
      LOG_PII: 'yes',
      PORT: '8080',
    });
    expect(config).toMatchObject({
      hubspot: { token: 'pat-na1-abc', baseUrl: 'http://127.0.0.1:4010', timeoutMs: 1500 },
      crmEnabled: true,
      catalogPath: 'catalog.json',
      corsAllowedOrigins: ['https://a.example.com', 'https://*.hubspotusercontent-na1.net'],
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

describe('CORS_ALLOWED_ORIGINS', () => {
  it.each(['*', 'https://*', 'http://*', 'https://*.com'])('refuses the over-broad pattern %s', (pattern) => {
    expect(() => loadConfig({ CORS_ALLOWED_ORIGINS: `https://learn.example.com,${pattern}` })).toThrow('CORS_ALLOWED_ORIGINS');
  });

  it('accepts a wildcard below a domain', () => {
    expect(loadConfig({ CORS_ALLOWED_ORIGINS: 'https://*.hubspotusercontent-na1.net' }).corsAllowedOrigins).toEqual(['https://*.hubspotusercontent-na1.net']);
  });
});

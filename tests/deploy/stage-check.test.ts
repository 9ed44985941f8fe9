import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { WORKING_STAGE_ENV } from '../fixtures/package-service.js';

const require = createRequire(import.meta.url);
const { stageProblems } = require('../../deploy/stage-check.cjs') as { stageProblems: (env: Record<string, string | undefined>, stage: string) => string[] };
const run = promisify(execFile);

/** The setting each problem line names (the text before the first colon). */
const named = (env: Record<string, string>, stage = 'prod') => stageProblems(env, stage).map((line) => line.split(':')[0]);

describe('the stage check (deploy/stage-check.cjs)', () => {
  it('passes a stage that records progress, has a token source, names its pages and chose its sign-in', () => {
    expect(stageProblems(WORKING_STAGE_ENV, 'prod')).toEqual([]);
  });

  it('checks nothing on the local stage', () => {
    expect(stageProblems({}, 'local')).toEqual([]);
  });

  it('refuses the defaults with one line per problem', () => {
    expect(stageProblems({}, 'prod')).toEqual([
      'ENABLE_CRM_PROGRESS: not set, so the stage would answer every event logged/anonymous and record nothing; set true (or false to deploy a stage that deliberately records nothing)',
      "CORS_ALLOWED_ORIGINS: empty, so no page could call the API from a browser; list the site's origins (https://learn.example.com,https://*.hubspotusercontent-na1.net)",
    ]);
  });

  it.each([
    ['no token source with CRM on', { HUBSPOT_ACCESS_TOKEN_SSM_PARAMETER: '' }, ['HUBSPOT_ACCESS_TOKEN_SSM_PARAMETER']],
    ['a plain token in the deploy environment', { HUBSPOT_PRIVATE_APP_TOKEN: 'pat-na1-x' }, ['HUBSPOT_PRIVATE_APP_TOKEN']],
    ['a plain secret of any kind', { SESSION_SECRET: 's'.repeat(40) }, ['SESSION_SECRET']],
    ['two stores for one secret', { HUBSPOT_ACCESS_TOKEN_SECRET_ID: 'hhl/token' }, ['HUBSPOT_ACCESS_TOKEN_SSM_PARAMETER and HUBSPOT_ACCESS_TOKEN_SECRET_ID are both set']],
    ['the old deploy-time token parameter', { HUBSPOT_TOKEN_SSM_PARAMETER: '/hhl/token' }, ['HUBSPOT_TOKEN_SSM_PARAMETER']],
    ['a CRM switch that is not a boolean', { ENABLE_CRM_PROGRESS: 'maybe' }, ['ENABLE_CRM_PROGRESS']],
    ['an origin pattern letting every site in', { CORS_ALLOWED_ORIGINS: 'https://*.com' }, ['CORS_ALLOWED_ORIGINS']],
    ['an origin with a path', { CORS_ALLOWED_ORIGINS: 'https://learn.example.com/courses' }, ['CORS_ALLOWED_ORIGINS']],
    ['a plain-http origin', { CORS_ALLOWED_ORIGINS: 'http://learn.example.com' }, ['CORS_ALLOWED_ORIGINS']],
    ['AUTH_MODE=none with CRM on, not accepted', { AUTH_MODE_NONE_ACCEPTED: '' }, ['AUTH_MODE']],
    ['jwt without a JWKS URL or HS256 secret', { AUTH_MODE: 'jwt' }, ['AUTH_MODE']],
    ['oidc without a session secret', { AUTH_MODE: 'oidc' }, ['AUTH_MODE']],
    ['an unknown sign-in mode', { AUTH_MODE: 'basic' }, ['AUTH_MODE']],
    ['reserved consumer concurrency', { CONSUMER_CONCURRENCY: '1' }, ['CONSUMER_CONCURRENCY']],
    ['a maximum concurrency the event source refuses', { CONSUMER_MAX_CONCURRENCY: '1' }, ['CONSUMER_MAX_CONCURRENCY']],
    ['a HubSpot limit that is not a number', { HUBSPOT_TEN_SECOND_LIMIT: 'lots' }, ['HUBSPOT_TEN_SECOND_LIMIT']],
  ])('refuses %s', (_, change, settings) => {
    expect(named({ ...WORKING_STAGE_ENV, ...change })).toEqual(settings);
  });

  it.each([
    ['CRM deliberately off, with no token', { ENABLE_CRM_PROGRESS: 'false', HUBSPOT_ACCESS_TOKEN_SSM_PARAMETER: '', AUTH_MODE_NONE_ACCEPTED: '' }],
    ['jwt with a JWKS URL', { AUTH_MODE: 'jwt', AUTH_JWKS_URL: 'https://idp.example.com/jwks.json', AUTH_MODE_NONE_ACCEPTED: '' }],
    ['jwt with an HS256 secret in SSM', { AUTH_MODE: 'jwt', AUTH_HS256_SECRET_SSM_PARAMETER: '/hhl/hs256' }],
    ['oidc with a session secret in Secrets Manager', { AUTH_MODE: 'oidc', SESSION_SECRET_SECRET_ID: 'hhl/session' }],
    ['the token in Secrets Manager', { HUBSPOT_ACCESS_TOKEN_SSM_PARAMETER: '', HUBSPOT_ACCESS_TOKEN_SECRET_ID: 'hhl/token' }],
    ['host patterns and localhost', { CORS_ALLOWED_ORIGINS: 'https://*.hubspotusercontent-na1.net,http://localhost:3000' }],
  ])('accepts %s', (_, change) => {
    expect(stageProblems({ ...WORKING_STAGE_ENV, ...change }, 'prod')).toEqual([]);
  });
});

describe('npm run check:stage', () => {
  const check = (env: Record<string, string>) =>
    run('npx', ['--no-install', 'tsx', 'scripts/check-stage.ts'], { env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env } });

  it('adds what the service would refuse at cold start, and exits 1', async () => {
    // Act
    const refused = check({ ...WORKING_STAGE_ENV, APP_STAGE: 'prod', LOG_LEVEL: 'verbose', CATALOG_PATH: 'no/such/catalog.json' });
    // Assess
    await expect(refused).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/^Stage prod refuses to build: 1 problem .*\nconfiguration: LOG_LEVEL: /),
    });
  }, 30_000);

  it('prints one line and exits 0 for a stage that works', async () => {
    const passed = await check({ ...WORKING_STAGE_ENV, APP_STAGE: 'prod' });
    expect(passed.stdout).toBe('Stage prod: settings checked, no problem found\n');
  }, 30_000);
});

import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createHubSpotPropertyApi } from '../../../src/provisioning/property-api.js';
import { runCli } from '../../../src/provisioning/run-cli.js';
import { BASE_URL, completePortal, fakePortal, hubspotError, PROPERTIES_PATH, TOKEN } from '../../fixtures/fake-portal.js';

const SCOPES = 'crm.schemas.contacts.write, crm.objects.contacts.read, crm.objects.contacts.write';
const STACK_FRAME = /^\s+at /m;

/** Runs the command as `npm run provision:crm-properties` would, keeping stdout and stderr lines apart. */
async function cli(argv: string[], env: Record<string, string | undefined>) {
  const out: string[] = [];
  const err: string[] = [];
  const exitCode = await runCli({
    argv,
    env,
    write: (line) => out.push(line),
    writeError: (line) => err.push(line),
    createApi: createHubSpotPropertyApi,
  });
  return { exitCode, out, err, all: [...out, ...err].join('\n') };
}

const withToken = { HUBSPOT_PRIVATE_APP_TOKEN: TOKEN, HUBSPOT_API_BASE_URL: BASE_URL };
const firstRead = `${PROPERTIES_PATH}/groups/learning_program_properties`;

beforeAll(() => {
  nock.disableNetConnect();
});

afterEach(() => {
  nock.cleanAll();
});

afterAll(() => {
  nock.enableNetConnect();
});

describe('the provision:crm-properties command', () => {
  it.each([
    ['unset', {}],
    ['empty', { HUBSPOT_PRIVATE_APP_TOKEN: '  ', HUBSPOT_ACCESS_TOKEN: '' }],
  ])('exits 2 with one line naming HUBSPOT_ACCESS_TOKEN when the token is %s, before any request', async (_label, env) => {
    // Prepare
    const portal = fakePortal();

    // Act
    const { exitCode, out, err } = await cli([], env);

    // Assess
    expect(exitCode).toBe(2);
    expect(out).toEqual([]);
    expect(err).toHaveLength(1);
    expect(err[0]).toMatch(/^HUBSPOT_ACCESS_TOKEN is not set: put a service key or private app token/);
    expect(err[0]).toContain(SCOPES);
    expect(portal.requests).toEqual([]);
  });

  it('takes the service key from HUBSPOT_ACCESS_TOKEN and names it in a 401', async () => {
    // Prepare
    const scope = nock(BASE_URL).get(firstRead).query(true).reply(401, hubspotError('INVALID_AUTHENTICATION', 'Authentication credentials not found.'));

    // Act
    const { exitCode, err } = await cli(['--check'], { HUBSPOT_ACCESS_TOKEN: TOKEN, HUBSPOT_API_BASE_URL: BASE_URL });

    // Assess
    expect(scope.isDone()).toBe(true);
    expect(exitCode).toBe(2);
    expect(err[0]).toMatch(/^HubSpot rejected HUBSPOT_ACCESS_TOKEN \(401\): the service key or private app token is invalid/);
  });

  it.each([
    [401, 'Authentication credentials not found.', 'HubSpot rejected HUBSPOT_PRIVATE_APP_TOKEN (401)'],
    [403, 'This app hasn\'t been granted all required scopes to make this call.', 'HubSpot refused access (403)'],
  ])('exits 2 with one line naming the scopes when HubSpot answers %i, without a stack or the token', async (status, message, start) => {
    // Prepare
    const scope = nock(BASE_URL).get(firstRead).query(true).reply(status, hubspotError('INVALID_AUTHENTICATION', message));

    // Act
    const { exitCode, err, all } = await cli(['--check'], withToken);

    // Assess
    expect(exitCode).toBe(2);
    expect(scope.isDone()).toBe(true);
    expect(err).toHaveLength(1);
    expect(err[0]).toMatch(new RegExp(`^${start.replace(/[()]/g, '\\$&')}`));
    expect(err[0]).toContain(`scopes ${SCOPES}`);
    expect(all).not.toMatch(STACK_FRAME);
    expect(all).not.toContain(TOKEN);
  });

  it('exits 1 with one line holding the HTTP status and HubSpot\'s message when a call fails otherwise', async () => {
    // Prepare
    const { groups, properties } = completePortal();
    nock(BASE_URL)
      .post(PROPERTIES_PATH)
      .reply(500, hubspotError('INTERNAL_ERROR', 'Something went wrong on our side'));
    fakePortal({ groups, properties: properties.filter((p) => p.name !== 'hhl_total_progress') });

    // Act
    const { exitCode, err, all } = await cli([], withToken);

    // Assess
    expect(exitCode).toBe(1);
    expect(err).toEqual([
      'Failed creating property hhl_total_progress (POST /crm/v3/properties/contacts): HubSpot answered 500: ' +
        'INTERNAL_ERROR: Something went wrong on our side',
    ]);
    expect(all).not.toMatch(STACK_FRAME);
  });

  it('exits 1 with one line when HubSpot cannot be reached', async () => {
    // Prepare: no interceptor, and nock refuses real connections.

    // Act
    const { exitCode, err, all } = await cli(['--dry-run'], withToken);

    // Assess
    expect(exitCode).toBe(1);
    expect(err).toHaveLength(1);
    expect(err[0]).toMatch(/^Failed reading group learning_program_properties \(GET .*\): could not reach HubSpot: /);
    expect(all).not.toMatch(STACK_FRAME);
  });

  it('names the run\'s base URL and mode on its first line, and never the token', async () => {
    // Prepare
    fakePortal(completePortal());

    // Act
    const { exitCode, out, all } = await cli(['--dry-run'], withToken);

    // Assess
    expect(exitCode).toBe(0);
    expect(out[0]).toBe('HubSpot contact properties at http://hubspot.test (dry run: reads only)');
    expect(all).not.toContain(TOKEN);
  });

  it.each([
    ['an unknown argument', ['--force'], withToken, /^Unknown argument --force/],
    ['both --dry-run and --check', ['--dry-run', '--check'], withToken, /^Use --dry-run or --check, not both$/],
    ['a base URL that is not http(s)', [], { ...withToken, HUBSPOT_API_BASE_URL: 'ftp://hubspot.test' }, /^HUBSPOT_API_BASE_URL must be an http\(s\) URL$/],
  ])('exits 2 with one line for %s', async (_label, argv, env, line) => {
    // Act
    const { exitCode, out, err } = await cli(argv, env);

    // Assess
    expect(exitCode).toBe(2);
    expect(out).toEqual([]);
    expect(err).toHaveLength(1);
    expect(err[0]).toMatch(line);
  });

  it('prints the usage and exits 0 for --help', async () => {
    // Act
    const { exitCode, out } = await cli(['--help'], {});

    // Assess
    expect(exitCode).toBe(0);
    expect(out.join('\n')).toContain('Usage: npm run provision:crm-properties [-- --dry-run | --check]');
  });
});

import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { describe, expect, it, onTestFinished } from 'vitest';
import { SimulatorOptionsError, parseCliArgs, startHubSpotSimulator } from '../../../tools/hubspot-simulator/index.js';
import { CONTACTS, client, createContact, learner, simulator } from '../../fixtures/sim-fixture.js';

describe('the /__sim/ test helpers', () => {
  it('report requests by route and status, without a token and without counting themselves', async () => {
    // Prepare
    const sim = await simulator({ tenSecondLimit: 2 });
    const api = client(sim);
    const helpers = client(sim, null);
    const id = await createContact(api, learner(1));
    await api.get(`${CONTACTS}/${id}`);
    await api.get(`${CONTACTS}/${id}`);

    // Act
    const stats = await helpers.get('/__sim/stats');

    // Assess
    expect(stats.status).toBe(200);
    expect(stats.body).toEqual({
      total: 3,
      byRoute: { 'POST /crm/v3/objects/contacts': { '201': 1 }, 'GET /crm/v3/objects/contacts/{id}': { '200': 1, '429': 1 } },
      byStatus: { '201': 1, '200': 1, '429': 1 },
      rateLimited: 1,
      injectedFaults: 0,
    });
    expect(sim.stats()).toEqual(stats.body);
  });

  it('list the contacts with their history, and forget everything on reset', async () => {
    const sim = await simulator({ tenSecondLimit: 1 });
    const api = client(sim);
    const helpers = client(sim, null);
    await createContact(api, learner(1));

    const listed = await helpers.get('/__sim/contacts');
    const reset = await helpers.post('/__sim/reset');
    const afterReset = await helpers.get('/__sim/contacts');
    const nextRequest = await api.get(`${CONTACTS}/1`);

    expect(listed.body.contacts).toEqual([
      expect.objectContaining({ properties: learner(1), history: expect.objectContaining({ hhl_total_progress: [expect.objectContaining({ value: '1' })] }) }),
    ]);
    expect(reset.status).toBe(200);
    expect(afterReset.body).toEqual({ contacts: [] });
    expect(nextRequest.status).toBe(404); // the window was emptied too
    expect(sim.stats().total).toBe(1);
  });

  it('change settings and queue failures over HTTP, rejecting bad values by name', async () => {
    const sim = await simulator();
    const helpers = client(sim, null);

    const configured = await helpers.post('/__sim/configure', { tenSecondLimit: 190, latencyMs: 5 });
    const rejected = await helpers.post('/__sim/configure', { tenSecondLimit: -1, nope: true });
    await helpers.post('/__sim/fail-next', { count: 1, status: 500 });
    const failed = await client(sim).get(`${CONTACTS}/1`);

    expect(configured.body.options).toMatchObject({ tenSecondLimit: 190, latencyMs: 5 });
    expect(sim.options.tenSecondLimit).toBe(190);
    expect(rejected.status).toBe(400);
    expect(rejected.body.message).toMatch(/tenSecondLimit/);
    expect(rejected.body.message).toMatch(/nope/);
    expect(failed.status).toBe(500);
  });
});

describe('options', () => {
  it('refuse bad values, naming every bad key', async () => {
    await expect(startHubSpotSimulator({ failureRate: 2, maxHistory: 0 })).rejects.toThrow(SimulatorOptionsError);
    await expect(startHubSpotSimulator({ failureRate: 2, maxHistory: 0 })).rejects.toThrow(/failureRate.*maxHistory|maxHistory.*failureRate/);
  });
});

describe('the command line', () => {
  it('parses the flags into settings, with port 4010 by default', () => {
    const command = parseCliArgs(['--latency', '50', '--limit', '190', '--retry-after', '--date-typed', 'hhl_progress_updated_at', '--burst-every', '20']);

    expect(command).toEqual({
      help: false,
      options: expect.objectContaining({
        port: 4010,
        latencyMs: 50,
        tenSecondLimit: 190,
        sendRetryAfter: true,
        propertyTypes: { hhl_progress_updated_at: 'date' },
        burst429: { everyNthRequest: 20, length: 1 },
      }),
    });
  });

  it('parses the real-portal flags: merges, additional emails, empty values, the daily limit, required fields, scopes', () => {
    const command = parseCliArgs([
      '--merge-mode', 'keep-primary-id', '--merged-id-writes', 'not-found', '--additional-email-lookup', 'primary-only',
      '--empty-values', 'omit', '--daily-limit', '250000', '--time-zone', 'US/Pacific', '--required', 'firstname',
      '--missing-scope', 'crm.schemas.contacts.read', '--missing', 'hhl_average_score', '--bytes-per-second', '10000000',
    ]);

    expect(command).toEqual({
      help: false,
      options: expect.objectContaining({
        mergeMode: 'keep-primary-id',
        mergedIdWrites: 'not-found',
        additionalEmailLookup: 'primary-only',
        emptyValues: 'omit',
        dailyLimit: 250_000,
        timeZone: 'US/Pacific',
        requiredProperties: ['firstname'],
        missingScopes: ['crm.schemas.contacts.read'],
        missingProperties: ['hhl_average_score'],
        bytesPerSecond: 10_000_000,
      }),
    });
    expect(() => parseCliArgs(['--time-zone', 'Mars/Olympus'])).toThrow(/timeZone/);
  });

  it('rejects unknown flags and values that are not numbers', () => {
    expect(() => parseCliArgs(['--latnecy', '50'])).toThrow(/latnecy/);
    expect(() => parseCliArgs(['--latency', 'fast'])).toThrow(/latencyMs/);
  });

  it('starts a simulator that answers over HTTP (npm run hubspot-sim)', async () => {
    // Prepare
    const child = spawn(process.execPath, ['--import', 'tsx', 'tools/hubspot-simulator/main.ts', '--port', '0', '--latency', '1'], {
      cwd: process.cwd(),
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    onTestFinished(async () => {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await once(child, 'exit');
      }
    });
    const lines = createInterface({ input: child.stdout });
    const [firstLine] = (await once(lines, 'line')) as [string];
    const { url } = JSON.parse(firstLine) as { url: string };

    // Act
    const answer = await fetch(`${url}${CONTACTS}/1`, { headers: { authorization: 'Bearer any' } });

    // Assess
    expect(answer.status).toBe(404);
    expect(answer.headers.get('x-hubspot-ratelimit-max')).toBe('100');
  });
});

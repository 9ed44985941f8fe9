import { describe, expect, it } from 'vitest';
import type { HubSpotSimulator } from '../../../tools/hubspot-simulator/index.js';
import { CONTACTS, client, createContact, learner, simulator } from '../../fixtures/sim-fixture.js';

/** `status` or `status:html` for each of `count` sequential reads. */
async function outcomes(sim: HubSpotSimulator, count: number): Promise<string[]> {
  const api = client(sim);
  const seen: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const answer = await api.get(`${CONTACTS}/1`);
    seen.push(answer.headers.get('content-type')?.startsWith('text/html') ? `${answer.status}:html` : String(answer.status));
  }
  return seen;
}

describe('failureRate', () => {
  it('fails the same requests, with the same bodies, for the same seed', async () => {
    // Prepare
    const options = { failureRate: 0.3, seed: 42, tenSecondLimit: 1_000 };
    const first = await simulator(options);
    const second = await simulator(options);
    const otherSeed = await simulator({ ...options, seed: 7 });

    // Act
    const [a, b, c] = await Promise.all([outcomes(first, 40), outcomes(second, 40), outcomes(otherSeed, 40)]);

    // Assess: about 30 % fail, some with JSON and some with a gateway's HTML page.
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    const failures = a.filter((o) => o.startsWith('502'));
    expect(failures.length).toBeGreaterThan(4);
    expect(failures.length).toBeLessThan(24);
    expect(new Set(failures)).toEqual(new Set(['502', '502:html']));
    expect(first.stats().injectedFaults).toBe(failures.length);
  });

  it('restarts the sequence on reset', async () => {
    const sim = await simulator({ failureRate: 0.5, seed: 3 });

    const before = await outcomes(sim, 20);
    sim.reset();
    const after = await outcomes(sim, 20);

    expect(after).toEqual(before);
  });

  it('answers a JSON 502 in HubSpot’s error shape', async () => {
    const sim = await simulator();
    sim.failNext(1, 502);

    const answer = await client(sim).get(`${CONTACTS}/1`);

    expect(answer.status).toBe(502);
    expect(answer.body).toMatchObject({ status: 'error', category: 'INTERNAL_ERROR', correlationId: expect.any(String) });
  });
});

describe('forced answers', () => {
  it('answers the next n requests with the status given, then behaves again', async () => {
    const sim = await simulator();
    sim.failNext(2, 503);

    expect(await outcomes(sim, 3)).toEqual(['503', '503', '404']);
  });

  it('answers the next n requests 429 TEN_SECONDLY_ROLLING with force429', async () => {
    const sim = await simulator();
    sim.force429(2);
    const api = client(sim);

    const answer = await api.get(`${CONTACTS}/1`);

    expect(answer.status).toBe(429);
    expect(answer.body.policyName).toBe('TEN_SECONDLY_ROLLING');
    expect(await outcomes(sim, 2)).toEqual(['429', '404']);
  });

  it('answers bursts of 429s every nth request', async () => {
    const sim = await simulator({ burst429: { everyNthRequest: 5, length: 2 } });

    const seen = await outcomes(sim, 12);

    expect(seen.map((o, i) => (o === '429' ? i + 1 : 0)).filter((n) => n > 0)).toEqual([5, 6, 10, 11]);
  });

  it('does not write when a fault answers instead', async () => {
    const sim = await simulator();
    sim.failNext(1, 502, 'html');

    const answer = await client(sim).post(CONTACTS, { properties: learner(1) });

    expect(answer.status).toBe(502);
    expect(answer.text).toContain('502 Bad Gateway');
    expect(sim.contacts()).toEqual([]);
  });
});

describe('latency', () => {
  it('delays every answer by latencyMs', async () => {
    const sim = await simulator({ latencyMs: 150 });
    const api = client(sim);

    const started = performance.now();
    await api.get(`${CONTACTS}/1`);
    const elapsed = performance.now() - started;

    expect(elapsed).toBeGreaterThanOrEqual(145);
  });

  it('applies a write only after the latency', async () => {
    const sim = await simulator();
    const api = client(sim);
    const id = await createContact(api, learner(1));
    sim.configure({ latencyMs: 100 });

    const pending = api.patch(`${CONTACTS}/${id}`, { properties: { hhl_total_progress: '2' } });
    await new Promise((resolve) => setTimeout(resolve, 30));
    const during = sim.contacts()[0]?.properties['hhl_total_progress'];
    await pending;

    expect(during).toBe('1');
    expect(sim.contacts()[0]?.properties['hhl_total_progress']).toBe('2');
  });

  it('lets concurrent read-modify-writes lose an update, as HubSpot does (last writer wins)', async () => {
    // Prepare
    const sim = await simulator();
    const api = client(sim);
    const id = await createContact(api, learner(0));
    sim.configure({ latencyMs: 80 });

    // Act: two writers each read the count and write it plus one.
    const increment = async () => {
      const read = await api.get(`${CONTACTS}/${id}?properties=hhl_total_progress`);
      const next = String(Number(read.body.properties.hhl_total_progress) + 1);
      await api.patch(`${CONTACTS}/${id}`, { properties: { hhl_total_progress: next } });
    };
    await Promise.all([increment(), increment()]);

    // Assess: both read 0 and wrote 1; history shows both writes.
    const answer = await api.get(`${CONTACTS}/${id}?propertiesWithHistory=hhl_total_progress`);
    expect(answer.body.propertiesWithHistory.hhl_total_progress.map((v: { value: string }) => v.value)).toEqual(['1', '1', '0']);
  });
});

import { describe, expect, it } from 'vitest';
import { createHubSpotStore } from '../../../src/crm/hubspot/hubspot-store.js';
import type { EventQueue } from '../../../src/tracking/event-queue.js';
import type { QueueMessage } from '../../../src/tracking/queue-message.js';
import { createAppFixture } from '../../fixtures/app-fixture.js';
import { client, createContact, simulator, TOKEN } from '../../fixtures/sim-fixture.js';

function recordingQueue() {
  const sent: { message: QueueMessage; delaySeconds: number | undefined }[] = [];
  const queue: EventQueue = {
    async send(message, options) {
      sent.push({ message, delaySeconds: options?.delaySeconds });
    },
  };
  return { queue, sent };
}

const body = (email: string) => ({
  eventName: 'learning_module_completed',
  contactIdentifier: { email },
  payload: { course_slug: 'crm-essentials', module_slug: 'crm-overview' },
});

describe('the direct path and HubSpot’s 10-second window', () => {
  it('queues events instead of calling HubSpot once the window is down to the reserve: no 429 answered', async () => {
    // Prepare: 30 calls per window, 6 kept in reserve; 20 learners the portal knows
    const sim = await simulator({ tenSecondLimit: 30 });
    const api = client(sim);
    const emails = Array.from({ length: 20 }, (_, i) => `learner${i}@example.com`);
    for (const email of emails) await createContact(api, { email });
    const store = createHubSpotStore({ token: TOKEN, baseUrl: sim.url, timeoutMs: 2_000, windowReserve: 6 });
    const { queue, sent } = recordingQueue();
    const app = createAppFixture({ store, queue, env: { VERIFY_DELAY_SECONDS: '0' }, clock: () => new Date() });

    // Act: the 20 seeding calls are in the window too
    const answers = [];
    for (const email of emails) answers.push((await app.send({ method: 'POST', path: '/events/track', body: body(email) })).body.status);

    // Assess: 30 - 20 seeds - 6 reserve = 4 calls: two events written; the other 18 queued; HubSpot never said 429
    expect(answers.filter((s) => s === 'persisted')).toHaveLength(2);
    expect(answers.filter((s) => s === 'queued')).toHaveLength(18);
    expect(sim.stats().rateLimited).toBe(0);
    expect(sent.filter((s) => s.message.kind === 'event')).toHaveLength(18);
  });

  it('queues every event while the account’s day is spent, held until its midnight, with no call to HubSpot', async () => {
    const now = new Date('2026-12-02T03:00:00.000Z');
    const sim = await simulator({ clock: () => now.getTime() });
    const store = createHubSpotStore({ token: TOKEN, baseUrl: sim.url, timeoutMs: 2_000, accountTimeZone: 'America/New_York' });
    const { queue, sent } = recordingQueue();
    const app = createAppFixture({ store, queue, clock: () => now });
    sim.force429(1, 'DAILY');
    await app.send({ method: 'POST', path: '/events/track', body: body('a@example.com') });
    const before = sim.stats().total;

    const answer = await app.send({ method: 'POST', path: '/events/track', body: body('b@example.com') });

    expect(answer.body.status).toBe('queued');
    expect(sim.stats().total).toBe(before);
    expect(sent.at(-1)).toEqual({ message: expect.objectContaining({ holdUntil: '2026-12-02T05:00:00.000Z' }), delaySeconds: 900 });
  });
});

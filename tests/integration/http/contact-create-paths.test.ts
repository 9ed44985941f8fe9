import { describe, expect, it } from 'vitest';
import { createHubSpotStore } from '../../../src/crm/hubspot/hubspot-store.js';
import { processBatch } from '../../../src/queue/process-batch.js';
import type { EventQueue } from '../../../src/tracking/event-queue.js';
import type { QueueMessage } from '../../../src/tracking/queue-message.js';
import { createAppFixture, trackBody } from '../../fixtures/app-fixture.js';
import { batchDeps, inbound } from '../../fixtures/queue-fixture.js';
import { client, createContact, simulator, TOKEN } from '../../fixtures/sim-fixture.js';

const EMAIL = 'learner@example.com';

/** A queue that keeps what it is sent. */
function recordingQueue() {
  const sent: QueueMessage[] = [];
  const queue: EventQueue = {
    async send(message) {
      sent.push(message);
    },
  };
  return { queue, sent };
}

async function appOn(env: Record<string, string>) {
  const sim = await simulator();
  const store = createHubSpotStore({ token: TOKEN, baseUrl: sim.url, timeoutMs: 2_000 });
  const { queue, sent } = recordingQueue();
  const app = createAppFixture({ store, env, queue, clock: () => new Date() });
  const track = () => app.send({ method: 'POST', path: '/events/track', body: trackBody('learning_module_started', { module_slug: 'crm-overview', course_slug: 'crm-essentials' }) });
  return { sim, store, app, sent, track };
}

describe('AUTH_ALLOW_CONTACT_CREATE per write path', () => {
  it('re-creates a contact HubSpot deleted for GDPR on the next event by default (true: every path creates)', async () => {
    // Prepare
    const { sim, track } = await appOn({});
    const id = await createContact(client(sim), { email: EMAIL });
    sim.gdprDelete(id);

    // Act
    const answer = await track();

    // Assess: today's behaviour, kept as the default
    expect(answer.body).toMatchObject({ status: 'persisted' });
    expect(sim.contacts().map((c) => c.properties['email'])).toEqual([EMAIL]);
    expect(sim.contacts()[0]?.id).not.toBe(id);
  });

  it.each(['false', 'import'])('never re-creates it with %s: the event is logged, not recorded', async (value) => {
    const { sim, track, sent } = await appOn({ AUTH_ALLOW_CONTACT_CREATE: value });
    const id = await createContact(client(sim), { email: EMAIL });
    sim.gdprDelete(id);

    const answer = await track();

    expect(answer.body).toEqual({ status: 'logged', mode: 'anonymous' });
    expect(sim.contacts()).toEqual([]);
    expect(sent).toEqual([]);
  });

  it('leaves new learners to the queue with queue: the event is queued, and the consumer creates the contact', async () => {
    // Prepare
    const { sim, store, track, sent } = await appOn({ AUTH_ALLOW_CONTACT_CREATE: 'queue' });

    // Act
    const answer = await track();
    const { deps } = batchDeps(store);
    const result = await processBatch({ ...deps, clock: () => new Date(), allowCreate: true }, sent.map((m) => inbound(m)));

    // Assess
    expect(answer.body).toMatchObject({ status: 'queued' });
    expect(sent).toEqual([expect.objectContaining({ kind: 'event', allowCreate: true })]);
    expect(result.failed).toEqual([]);
    expect(sim.contacts().map((c) => c.properties['email'])).toEqual([EMAIL]);
  });

  it('lets the consumer refuse to create, whatever the message says, when queue is not named', async () => {
    const { sim, store, sent, track } = await appOn({});
    sim.failNext(1, 503);
    await track();
    const { deps, logs } = batchDeps(store);

    await processBatch({ ...deps, clock: () => new Date(), allowCreate: false }, sent.filter((m) => m.kind === 'event').map((m) => inbound(m)));

    expect(sim.contacts()).toEqual([]);
    expect(logs.map((l) => l['message'])).toContain('Events for a contact that does not exist and may not be created; dropped');
  });
});

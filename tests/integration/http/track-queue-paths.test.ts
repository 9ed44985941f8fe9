import { catalogOf } from '../../fixtures/progress-factories.js';
import { describe, expect, it } from 'vitest';
import type { ContactStore } from '../../../src/crm/contact-store.js';
import { createLocalContactStore } from '../../../src/crm/local/local-store.js';
import { CrmError } from '../../../src/errors.js';
import { type EventQueue, QueueUnavailableError } from '../../../src/tracking/event-queue.js';
import type { QueueMessage } from '../../../src/tracking/queue-message.js';
import { createAppFixture, NOW, trackBody } from '../../fixtures/app-fixture.js';

/** A queue that records what it is sent (the SQS protocol itself is covered by the pipeline specs). */
function recordingQueue(fail = false): EventQueue & { sent: { message: QueueMessage; delaySeconds?: number }[] } {
  const sent: { message: QueueMessage; delaySeconds?: number }[] = [];
  return {
    sent,
    async send(message, options = {}) {
      if (fail) throw new QueueUnavailableError('Queue unreachable: connect ECONNREFUSED');
      sent.push({ message, ...(options.delaySeconds === undefined ? {} : { delaySeconds: options.delaySeconds }) });
    },
  };
}

/** A store whose every call fails as HubSpot does under load. */
function failingStore(error: CrmError): ContactStore {
  const inner = createLocalContactStore({ clock: () => NOW });
  const fail = async () => {
    throw error;
  };
  return { ...inner, kind: 'local', calls: 0, read: fail, create: fail, update: fail, readMany: fail, createMany: fail, updateMany: fail };
}

const track = (body: unknown) => ({ method: 'POST', path: '/events/track', body });
const event = trackBody('learning_module_completed', { module_slug: 'crm-overview', course_slug: 'crm-essentials' });

describe('direct mode with a queue', () => {
  it.each([
    ['a 502', new CrmError('HubSpot unavailable', { status: 502, retryable: true })],
    ['a 429 with Retry-After', new CrmError('rate limited', { status: 429, retryable: true, retryAfterSeconds: 5 })],
    ['a 429 without Retry-After', new CrmError('rate limited', { status: 429, retryable: true })],
    ['a timeout', new CrmError('HubSpot did not answer within 4000 ms (timeout)', { retryable: true, category: 'TIMEOUT' })],
  ])('queues the event when HubSpot fails with %s, and answers queued/fallback', async (_label, error) => {
    // Prepare
    const queue = recordingQueue();
    const app = createAppFixture({ store: failingStore(error), queue });
    // Act
    const res = await app.send(track(event));
    // Assess
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'queued', mode: 'fallback', error: expect.any(String) });
    expect(queue.sent).toHaveLength(1);
    expect(queue.sent[0]?.message).toMatchObject({ kind: 'event', event: { name: 'learning_module_completed', at: NOW.toISOString() }, learner: { email: 'learner@example.com' } });
    expect(app.logs.some((l) => l.message === 'Event logged for replay')).toBe(false);
  });

  it('logs the whole event for replay only when the queue itself is unreachable', async () => {
    const app = createAppFixture({ store: failingStore(new CrmError('down', { status: 503, retryable: true })), queue: recordingQueue(true) });
    const res = await app.send(track(event));
    expect(res.body).toMatchObject({ status: 'logged', mode: 'fallback' });
    expect(app.logs.map((l) => l.message)).toEqual(expect.arrayContaining(['Queue unreachable', 'Event logged for replay']));
  });

  it('schedules a delayed check of the learner after a direct write', async () => {
    const queue = recordingQueue();
    const app = createAppFixture({ queue, env: { VERIFY_DELAY_SECONDS: '7' } });
    const res = await app.send(track(event));
    expect(res.body.status).toBe('persisted');
    expect(queue.sent).toEqual([{ message: { v: 1, kind: 'verify', learner: { identity: { kind: 'email', email: 'learner@example.com' }, email: 'learner@example.com' } }, delaySeconds: 7 }]);
  });
});

describe('PROGRESS_WRITE_MODE=queue', () => {
  it('validates, enqueues and answers without calling HubSpot', async () => {
    const queue = recordingQueue();
    const app = createAppFixture({ queue, env: { PROGRESS_WRITE_MODE: 'queue' } });
    const res = await app.send(track(event));
    expect(res.body).toEqual({ status: 'queued', mode: 'authenticated', backend: 'properties' });
    expect(app.store.calls).toBe(0);
    expect(queue.sent).toHaveLength(1);
  });

  it('still refuses an invalid event with 400 and enqueues nothing', async () => {
    const queue = recordingQueue();
    const app = createAppFixture({ queue, env: { PROGRESS_WRITE_MODE: 'queue' } });
    const res = await app.send(track(trackBody('learning_module_completed', { module_slug: 'not-in-the-catalog' })));
    expect(res.status).toBe(400);
    expect(res.body.details.code).toBe('UNKNOWN_CONTENT');
    expect(queue.sent).toHaveLength(0);
  });

  it('answers logged/fallback and logs the event for replay when the queue is unreachable', async () => {
    const app = createAppFixture({ queue: recordingQueue(true), env: { PROGRESS_WRITE_MODE: 'queue' } });
    const res = await app.send(track(event));
    expect(res.body).toMatchObject({ status: 'logged', mode: 'fallback' });
    expect(app.logs.some((l) => l.message === 'Event logged for replay')).toBe(true);
  });
});

describe('concurrent events for one learner in direct mode', () => {
  it('loses no module when twenty events race: every write merges the versions it has not seen yet', async () => {
    // Prepare: a store whose reads all happen before any write, as twenty simultaneous requests would
    const inner = createLocalContactStore({ clock: () => NOW });
    await inner.create('racer@example.com', {});
    let reads = 0;
    let release: () => void = () => {};
    const allRead = new Promise<void>((resolve) => {
      release = resolve;
    });
    const store: ContactStore = {
      ...inner,
      kind: 'local',
      get calls() {
        return inner.calls;
      },
      async read(identity, properties, options) {
        const contact = await inner.read(identity, properties, options);
        reads += 1;
        if (reads === 20) release();
        await allRead;
        return contact;
      },
      create: inner.create,
      update: inner.update,
      readMany: inner.readMany,
      createMany: inner.createMany,
      updateMany: inner.updateMany,
    };
    const modules = Array.from({ length: 20 }, (_, i) => `m${String(i + 1).padStart(2, '0')}`);
    const app = createAppFixture({ store, catalog: catalogOf({ courses: { 'race-course': modules } }) });
    // Act
    await Promise.all(modules.map((m) => app.send(track(trackBody('learning_module_completed', { module_slug: m, course_slug: 'race-course' }, 'racer@example.com')))));
    reads = -1_000; // later reads are not part of the race
    const read = await app.send({ method: 'GET', path: '/progress/read', query: { email: 'racer@example.com' } });
    // Assess: the stored value is the last writer's, but the read merges the recent versions back in
    const held = Object.keys(read.body.progress.courses['race-course'].modules);
    expect(held.sort()).toEqual(modules);
  });
});

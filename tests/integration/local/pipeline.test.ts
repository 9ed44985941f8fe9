import { ReceiveMessageCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { afterEach, describe, expect, it } from 'vitest';
import type { ContactStore } from '../../../src/crm/contact-store.js';
import { createLocalContactStore } from '../../../src/crm/local/local-store.js';
import { CrmError } from '../../../src/errors.js';
import { type LocalSqs, startLocalSqs } from '../../../src/local/local-sqs.js';
import { processBatch } from '../../../src/queue/process-batch.js';
import { type QueuePoller, startQueuePoller } from '../../../src/local/queue-poller.js';
import { createSqsClient } from '../../../src/queue/sqs-client.js';
import { createSqsEventQueue } from '../../../src/queue/sqs-event-queue.js';
import { createAppFixture, NOW, trackBody } from '../../fixtures/app-fixture.js';
import { batchDeps } from '../../fixtures/queue-fixture.js';


async function until(check: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('the queued pipeline over the SQS protocol (embedded local-aws-sqs)', () => {
  let sqs: LocalSqs | undefined;
  let poller: QueuePoller | undefined;
  afterEach(async () => {
    await poller?.stop();
    await sqs?.close();
  });

  it('carries events from /events/track in queue mode to the store in batches', async () => {
    // Prepare
    sqs = await startLocalSqs();
    const client = createSqsClient(sqs.endpoint);
    const store = createLocalContactStore({ clock: () => NOW });
    const app = createAppFixture({ store, queue: createSqsEventQueue({ client, queueUrl: sqs.queueUrl }), env: { PROGRESS_WRITE_MODE: 'queue' } });
    const { deps } = batchDeps(store);
    const batches: number[] = [];
    poller = startQueuePoller({
      sqs: client,
      queueUrl: sqs.queueUrl,
      logger: deps.logger,
      windowMs: 300,
      process: async (messages) => {
        batches.push(messages.length);
        return processBatch(deps, messages);
      },
    });
    const emails = Array.from({ length: 10 }, (_, i) => `q${i}@example.com`);
    // Act
    for (const email of emails) {
      for (const module_slug of ['crm-overview', 'contacts-and-companies', 'deals-pipeline']) {
        const res = await app.send({ method: 'POST', path: '/events/track', body: trackBody('learning_module_completed', { module_slug, course_slug: 'crm-essentials' }, email) });
        expect(res.body.status).toBe('queued');
      }
    }
    // Assess
    await until(async () => (await store.read({ kind: 'email', email: 'q9@example.com' }, ['hhl_total_progress']))?.properties.hhl_total_progress === '3');
    for (const email of emails) {
      const contact = await store.read({ kind: 'email', email }, ['hhl_completed_courses']);
      expect(contact?.properties.hhl_completed_courses).toBe('crm-essentials');
    }
    expect(batches.reduce((a, b) => a + b, 0)).toBe(30);
    expect(batches.length).toBeLessThan(30);
  });

  it('writes the good message and moves a poison message to the dead-letter queue after maxReceiveCount', async () => {
    // Prepare: visibility 0 so a failed message comes straight back; the store refuses one learner's update for good
    sqs = await startLocalSqs({ maxReceiveCount: 3 });
    const client = createSqsClient(sqs.endpoint);
    const inner = createLocalContactStore({ clock: () => NOW });
    const { deps } = batchDeps(inner);
    const processed: string[][] = [];
    poller = startQueuePoller({
      sqs: client,
      queueUrl: sqs.queueUrl,
      logger: deps.logger,
      windowMs: 50,
      visibilityTimeoutSeconds: 1,
      process: async (messages) => {
        processed.push(messages.map((m) => m.body.includes('poison') ? 'poison' : 'event'));
        return processBatch(deps, messages);
      },
    });
    const queue = createSqsEventQueue({ client, queueUrl: sqs.queueUrl });
    // Act
    await client.send(new SendMessageCommand({ QueueUrl: sqs.queueUrl, MessageBody: '{"poison":true}' }));
    await queue.send({ v: 1, kind: 'event', event: { name: 'learning_pathway_enrolled', at: NOW.toISOString(), pathway: 'hubspot-foundations' }, learner: { identity: { kind: 'email', email: 'ok@example.com' }, email: 'ok@example.com' }, allowCreate: true });
    // Assess
    await until(async () => {
      const dead = await client.send(new ReceiveMessageCommand({ QueueUrl: sqs?.dlqUrl, WaitTimeSeconds: 0, VisibilityTimeout: 30 }));
      return (dead.Messages ?? []).some((m) => m.Body === '{"poison":true}');
    });
    expect(processed.flat().filter((k) => k === 'poison')).toHaveLength(3);
    // SQS delivers at least once; a redelivered event merges into the same state, so only "written" matters.
    expect(processed.flat().filter((k) => k === 'event').length).toBeGreaterThanOrEqual(1);
    expect(await inner.read({ kind: 'email', email: 'ok@example.com' }, [])).not.toBeNull();
  });

  it('keeps a 429-refused batch in the queue, delayed, and writes it once HubSpot accepts again', async () => {
    // Prepare: the first batch read answers 429 with Retry-After 1
    sqs = await startLocalSqs();
    const client = createSqsClient(sqs.endpoint);
    const inner = createLocalContactStore({ clock: () => NOW });
    let refusals = 1;
    const store: ContactStore = {
      ...inner,
      get calls() {
        return inner.calls;
      },
      read: inner.read,
      create: inner.create,
      update: inner.update,
      createMany: inner.createMany,
      updateMany: inner.updateMany,
      async readMany(...args) {
        if (refusals > 0) {
          refusals -= 1;
          throw new CrmError('HubSpot rate limit reached', { status: 429, retryable: true, retryAfterSeconds: 1 });
        }
        return inner.readMany(...args);
      },
    };
    const { deps } = batchDeps(store);
    const attempts: number[] = [];
    poller = startQueuePoller({ sqs: client, queueUrl: sqs.queueUrl, logger: deps.logger, windowMs: 50, process: async (m) => {
      attempts.push(Date.now());
      return processBatch(deps, m);
    } });
    // Act
    await createSqsEventQueue({ client, queueUrl: sqs.queueUrl }).send({ v: 1, kind: 'event', event: { name: 'learning_pathway_enrolled', at: NOW.toISOString(), pathway: 'p1' }, learner: { identity: { kind: 'email', email: 'later@example.com' }, email: 'later@example.com' }, allowCreate: true });
    // Assess
    await until(async () => (await inner.read({ kind: 'email', email: 'later@example.com' }, [])) !== null);
    expect(attempts).toHaveLength(2);
    expect((attempts[1] ?? 0) - (attempts[0] ?? 0)).toBeGreaterThanOrEqual(900);
  });
});

describe('the local poller', () => {
  let sqs: LocalSqs | undefined;
  let poller: QueuePoller | undefined;
  afterEach(async () => {
    await poller?.stop();
    await sqs?.close();
  });

  it('counts deliveries itself, so delaying a failed message does not skip back-off steps', async () => {
    // Prepare: a consumer that fails every message and asks for a 1 s delay
    sqs = await startLocalSqs();
    const client = createSqsClient(sqs.endpoint);
    const counts: number[] = [];
    const { deps } = batchDeps();
    poller = startQueuePoller({
      sqs: client,
      queueUrl: sqs.queueUrl,
      logger: deps.logger,
      windowMs: 20,
      process: async (messages) => {
        counts.push(...messages.map((m) => m.receiveCount));
        return { failed: messages.map((m) => ({ id: m.id, reason: 'test', retryAfterSeconds: 1 })) };
      },
    });
    // Act
    await client.send(new SendMessageCommand({ QueueUrl: sqs.queueUrl, MessageBody: 'x' }));
    await until(async () => counts.length >= 3, 20_000);
    // Assess
    expect(counts.slice(0, 3)).toEqual([1, 2, 3]);
  });
});

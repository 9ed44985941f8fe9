import { ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { afterEach, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../../src/catalog/load-catalog.js';
import type { ContactStore } from '../../../src/crm/contact-store.js';
import { createHubSpotStore } from '../../../src/crm/hubspot/hubspot-store.js';
import { PortalPropertyTypes } from '../../../src/crm/portal-property-types.js';
import { type LocalSqs, startLocalSqs } from '../../../src/local/local-sqs.js';
import { silentLogger } from '../../../src/observability/logger.js';
import { createConsumerHandler } from '../../../src/queue/consumer-handler.js';
import { createSqsClient } from '../../../src/queue/sqs-client.js';
import { verifyAfterBatch } from '../../../src/queue/verify-after-batch.js';
import { sqsEvent, sqsRecord } from '../../fixtures/lambda-events.js';
import { CONTACTS, client, simulator, TOKEN } from '../../fixtures/sim-fixture.js';

/**
 * The event source runs up to 2 consumers at once (ScalingConfig.MaximumConcurrency). Each batch writes a learner once,
 * but two batches can both hold one learner. These tests make that race happen on purpose (each consumer writes only
 * after both have read) against the HubSpot simulator, and show what holds: no fact is lost, and the stored state
 * converges once the delayed re-check each consumer queues has run.
 */
const QUEUE_ARN = 'arn:aws:sqs:us-east-1:000000000000:hhl-progress-events';
const EMAIL = 'two-consumers@example.com';
let sqs: LocalSqs | undefined;
afterEach(() => sqs?.close());

/** A store whose batch writes wait until `parties` consumers have read: the worst interleaving, every time. */
function afterAllHaveRead(parties: number) {
  let reads = 0;
  let release: () => void = () => undefined;
  const allRead = new Promise<void>((resolve) => (release = resolve));
  return (store: ContactStore): ContactStore => ({
    ...store,
    read: store.read.bind(store),
    create: store.create.bind(store),
    update: store.update.bind(store),
    createMany: store.createMany.bind(store),
    async readMany(...args) {
      const found = await store.readMany(...args);
      reads += 1;
      if (reads === parties) release();
      return found;
    },
    async updateMany(inputs) {
      await allRead;
      return store.updateMany(inputs);
    },
  });
}

const moduleCompleted = (module: string) =>
  JSON.stringify({
    v: 1,
    kind: 'event',
    event: { name: 'learning_module_completed', at: '2026-12-01T10:00:00.000Z', module, course: 'crm-essentials' },
    learner: { identity: { kind: 'email', email: EMAIL }, email: EMAIL },
    allowCreate: true,
  });

describe('two queue consumers writing one learner at once', () => {
  it('loses no fact: the overwritten one is repaired by the delayed re-check both consumers queue', async () => {
    // Prepare: an existing learner, two consumers on their own HubSpot clients, the race forced.
    const sim = await simulator({ token: TOKEN, latencyMs: 5 });
    await client(sim).post(CONTACTS, { properties: { email: EMAIL } });
    sqs = await startLocalSqs();
    const queue = createSqsClient(sqs.endpoint);
    const race = afterAllHaveRead(2);
    const consumer = () => {
      const deps = {
        store: race(createHubSpotStore({ token: TOKEN, baseUrl: sim.url, timeoutMs: 2_000 })),
        catalog: loadCatalog(),
        clock: () => new Date(),
        logger: silentLogger,
        propertyTypes: new PortalPropertyTypes(),
        sqs: queue,
        queueUrl: sqs?.queueUrl ?? '',
      };
      return verifyAfterBatch(createConsumerHandler(deps), { ...deps, delaySeconds: 0 });
    };
    const [first, second] = [consumer(), consumer()];
    const state = () => sim.contacts().find((c) => c.properties.email === EMAIL)?.properties.hhl_progress_state ?? '';

    // Act: each consumer takes one of the learner's two events, at the same moment.
    const answers = await Promise.all([
      first(sqsEvent([sqsRecord({ body: moduleCompleted('crm-overview') }, QUEUE_ARN)])),
      second(sqsEvent([sqsRecord({ body: moduleCompleted('contacts-and-companies') }, QUEUE_ARN)])),
    ]);
    const afterRace = state();
    const verifies = (await queue.send(new ReceiveMessageCommand({ QueueUrl: sqs.queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }))).Messages ?? [];
    const repair = await consumer()(sqsEvent(verifies.map((m) => sqsRecord(m, QUEUE_ARN))));

    // Assess: both batches succeeded and both wrote, so the later write dropped the other's module...
    expect(answers).toEqual([{ batchItemFailures: [] }, { batchItemFailures: [] }]);
    expect([afterRace.includes('crm-overview'), afterRace.includes('contacts-and-companies')].sort()).toEqual([false, true]);
    // ...each queued a re-check of the learner, and the re-check writes the merged state back.
    expect(verifies.map((m) => JSON.parse(m.Body ?? '{}'))).toEqual([
      { v: 1, kind: 'verify', learner: { identity: { kind: 'email', email: EMAIL }, email: EMAIL } },
      { v: 1, kind: 'verify', learner: { identity: { kind: 'email', email: EMAIL }, email: EMAIL } },
    ]);
    expect(repair).toEqual({ batchItemFailures: [] });
    expect(state()).toContain('crm-overview');
    expect(state()).toContain('contacts-and-companies');
  });
});

/**
 * One benchmark rig: the HubSpot simulator, the embedded SQS-compatible queue with its dead-letter queue, the queue
 * consumer polling it (the real `processBatch` over the real HubSpot store), and the real handler (`createApp`) in
 * direct or queue mode, all in this process on loopback. Scenarios build a fresh rig per run so rate windows, queues
 * and counters never leak from one measurement into the next.
 */
import { GetQueueAttributesCommand, PurgeQueueCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { loadCatalog } from '../../src/catalog/load-catalog.js';
import { loadConfig } from '../../src/config.js';
import { createHubSpotStore, type HubSpotContactStore } from '../../src/crm/hubspot/hubspot-store.js';
import { PortalPropertyTypes } from '../../src/crm/portal-property-types.js';
import { createApp, type HttpHandler } from '../../src/http/app.js';
import { silentLogger } from '../../src/observability/logger.js';
import type { Catalog } from '../../src/progress/types.js';
import type { EventQueue } from '../../src/tracking/event-queue.js';
import { startLocalSqs, type LocalSqs } from '../../src/local/local-sqs.js';
import { processBatch, type InboundMessage } from '../../src/queue/process-batch.js';
import { startQueuePoller, type QueuePoller } from '../../src/local/queue-poller.js';
import { createSqsClient } from '../../src/queue/sqs-client.js';
import { createSqsEventQueue } from '../../src/queue/sqs-event-queue.js';
import { startHubSpotSimulator, type HubSpotSimulator, type SimulatorInput } from '../../tools/hubspot-simulator/index.js';

export const TOKEN = 'pat-bench-scale-token';

/** The conditions: 50 ms per HubSpot answer, 100 requests per rolling 10 s (the simulator's default window). */
export const HUBSPOT_CONDITIONS: SimulatorInput = { latencyMs: 50, tenSecondLimit: 100 };

/** The consumer as the local pipeline runs it: batches of up to 100, gathered for up to this long. */
export const CONSUMER_WINDOW_MS = Number(process.env.CONSUMER_WINDOW_MS ?? 1_000);

export type WriteMode = 'direct' | 'queue';

export interface ConsumerCounters {
  /** Batches handed to `processBatch`. */
  batches: number;
  /** Messages handed to it, redeliveries included. */
  messages: number;
  /** Deliveries after the first (ApproximateReceiveCount > 1). */
  redeliveries: number;
  /** Messages it answered as failed (left for redelivery), by reason. */
  failed: Record<string, number>;
  /** Learners it wrote. */
  written: number;
  /** Message kinds received: `event`, `verify`. */
  kinds: Record<string, number>;
}

export interface QueueDepth {
  visible: number;
  inFlight: number;
  delayed: number;
  dead: number;
}

export interface Rig {
  readonly sim: HubSpotSimulator;
  readonly store: HubSpotContactStore;
  readonly catalog: Catalog;
  /** The real handler in this write mode, with the queue and the consumer of this rig. */
  handler(mode: WriteMode): HttpHandler;
  readonly consumer: ConsumerCounters;
  /** Messages the API sent to the queue, by kind (`event` = fallback or queue mode, `verify`). */
  readonly sent: Record<string, number>;
  depth(): Promise<QueueDepth>;
  /**
   * Waits until the queue holds nothing (visible, in flight or delayed) for two polls in a row and no batch is being
   * processed. Answers whether it drained before the timeout.
   */
  drain(timeoutMs: number): Promise<boolean>;
  close(): Promise<void>;
}

export interface RigOptions {
  /** Simulator settings on top of {@link HUBSPOT_CONDITIONS}. */
  sim?: SimulatorInput;
  /** Whether to run the consumer (a naive-design run needs none). */
  consumer?: boolean;
  /** Seconds before the post-write check of a direct write; 1 so the repair runs inside the benchmark. */
  verifyDelaySeconds?: number;
  /**
   * Run the service as configured by default (the convergence scenarios): the store built from the configuration
   * (`HUBSPOT_WINDOW_RESERVE`, `HUBSPOT_TIMEOUT_MS`), `VERIFY_DELAY_SECONDS` left at its default.
   */
  serviceDefaults?: boolean;
  windowMs?: number;
  /**
   * Multiplies the back-off the consumer asks for on a failed message (`retryAfterSeconds`, 60 s, 120 s … without a
   * `Retry-After`) so a fault run fits in minutes: 1/6 turns 60/120/240/480/900 s into 10/20/40/80/150 s. The number
   * of deliveries before the dead-letter queue does not change. 1 (the default) leaves the consumer's delays alone.
   */
  backoffScale?: number;
}

/**
 * The embedded SQS server (`local-aws-sqs` 2.0.2) adds one to ApproximateReceiveCount on every ChangeMessageVisibility
 * as well as on every receive, so a message the consumer delays after a failure comes back with a count two higher
 * and is dead-lettered after 3 failed deliveries instead of 5. The rig counts deliveries itself, gives the consumer
 * the count SQS would, and sets the redrive threshold to 10 so the 5th failed, delayed delivery dead-letters, as
 * `maxReceiveCount: 5` does in AWS.
 */
const EMULATED_MAX_RECEIVE_COUNT = 10;

/** Starts a rig; close it when the measurement ends. */
export async function startRig(options: RigOptions = {}): Promise<Rig> {
  const sim = await startHubSpotSimulator({ ...HUBSPOT_CONDITIONS, ...options.sim });
  const sqs: LocalSqs = await startLocalSqs({ visibilityTimeoutSeconds: 30, maxReceiveCount: EMULATED_MAX_RECEIVE_COUNT });
  const deliveries = new Map<string, number>();
  const backoffScale = options.backoffScale ?? 1;
  const client: SQSClient = createSqsClient(sqs.endpoint);
  const defaults = loadConfig({ HUBSPOT_PRIVATE_APP_TOKEN: TOKEN, HUBSPOT_API_BASE_URL: sim.url });
  const store =
    options.serviceDefaults === true
      ? createHubSpotStore({ ...defaults.hubspot, token: TOKEN })
      : createHubSpotStore({ token: TOKEN, baseUrl: sim.url, timeoutMs: 4_000 });
  const catalog = loadCatalog();
  const propertyTypes = new PortalPropertyTypes();
  const sent: Record<string, number> = {};
  const rawQueue = createSqsEventQueue({ client, queueUrl: sqs.queueUrl });
  const queue: EventQueue = {
    async send(message, sendOptions) {
      await rawQueue.send(message, sendOptions);
      sent[message.kind] = (sent[message.kind] ?? 0) + 1;
    },
  };
  const consumer: ConsumerCounters = { batches: 0, messages: 0, redeliveries: 0, failed: {}, written: 0, kinds: {} };
  let busy = 0;
  let poller: QueuePoller | undefined;
  if (options.consumer !== false) {
    poller = startQueuePoller({
      sqs: client,
      queueUrl: sqs.queueUrl,
      logger: silentLogger,
      batchSize: 100,
      windowMs: options.windowMs ?? CONSUMER_WINDOW_MS,
      waitSeconds: 1,
      process: async (messages: InboundMessage[]) => {
        busy += 1;
        try {
          consumer.batches += 1;
          consumer.messages += messages.length;
          const counted = messages.map((m) => {
            const receiveCount = (deliveries.get(m.id) ?? 0) + 1;
            deliveries.set(m.id, receiveCount);
            if (receiveCount > 1) consumer.redeliveries += 1;
            const kind = /"kind":"(\w+)"/.exec(m.body)?.[1] ?? 'other';
            consumer.kinds[kind] = (consumer.kinds[kind] ?? 0) + 1;
            return { ...m, receiveCount };
          });
          const result = await processBatch(
            { store, catalog, clock: () => new Date(), logger: silentLogger, propertyTypes, requeue: queue },
            counted,
          );
          consumer.written += result.written;
          for (const f of result.failed) {
            consumer.failed[f.reason] = (consumer.failed[f.reason] ?? 0) + 1;
          }
          const failed = result.failed.map((f) =>
            f.retryAfterSeconds === undefined ? f : { ...f, retryAfterSeconds: Math.max(1, Math.ceil(f.retryAfterSeconds * backoffScale)) },
          );
          return { ...result, failed };
        } finally {
          busy -= 1;
        }
      },
    });
  }

  const handlers = new Map<WriteMode, HttpHandler>();
  function handler(mode: WriteMode): HttpHandler {
    const existing = handlers.get(mode);
    if (existing !== undefined) return existing;
    const config = loadConfig({
      ENABLE_CRM_PROGRESS: 'true',
      HUBSPOT_PRIVATE_APP_TOKEN: TOKEN,
      HUBSPOT_API_BASE_URL: sim.url,
      LEARNER_WRITES_PER_MINUTE: '0',
      ...(options.serviceDefaults === true ? {} : { VERIFY_DELAY_SECONDS: String(options.verifyDelaySeconds ?? 1) }),
      PROGRESS_WRITE_MODE: mode,
      LOG_LEVEL: 'silent',
    });
    const created = createApp({ config, catalog, store, clock: () => new Date(), logger: silentLogger, propertyTypes, queue });
    handlers.set(mode, created);
    return created;
  }

  async function countOf(queueUrl: string): Promise<{ visible: number; inFlight: number; delayed: number }> {
    const answer = await client.send(
      new GetQueueAttributesCommand({
        QueueUrl: queueUrl,
        AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible', 'ApproximateNumberOfMessagesDelayed'],
      }),
    );
    const a = answer.Attributes ?? {};
    return {
      visible: Number(a.ApproximateNumberOfMessages ?? 0),
      inFlight: Number(a.ApproximateNumberOfMessagesNotVisible ?? 0),
      delayed: Number(a.ApproximateNumberOfMessagesDelayed ?? 0),
    };
  }

  async function depth(): Promise<QueueDepth> {
    const main = await countOf(sqs.queueUrl);
    const dead = await countOf(sqs.dlqUrl);
    return { ...main, dead: dead.visible + dead.inFlight + dead.delayed };
  }

  return {
    sim,
    store,
    catalog,
    handler,
    consumer,
    sent,
    depth,
    async drain(timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      let quiet = 0;
      while (Date.now() < deadline) {
        const d = await depth();
        quiet = d.visible + d.inFlight + d.delayed === 0 && busy === 0 ? quiet + 1 : 0;
        if (quiet >= 2) return true;
        await sleep(250);
      }
      return false;
    },
    async close() {
      await poller?.stop();
      await client.send(new PurgeQueueCommand({ QueueUrl: sqs.queueUrl })).catch(() => undefined);
      client.destroy();
      await sqs.close();
      await sim.close();
    },
  };
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

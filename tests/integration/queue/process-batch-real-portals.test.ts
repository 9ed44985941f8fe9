import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../../src/catalog/load-catalog.js';
import { createHubSpotStore } from '../../../src/crm/hubspot/hubspot-store.js';
import { PortalPropertyTypes } from '../../../src/crm/portal-property-types.js';
import { createLogger } from '../../../src/observability/logger.js';
import { type BatchDependencies, processBatch } from '../../../src/queue/process-batch.js';
import type { EventQueue } from '../../../src/tracking/event-queue.js';
import { eventMessage, parseQueueMessage, type QueueMessage } from '../../../src/tracking/queue-message.js';
import type { HubSpotSimulator, SimulatorInput } from '../../../tools/hubspot-simulator/index.js';
import { inbound } from '../../fixtures/queue-fixture.js';
import { client, createContact, learner, simulator, TOKEN } from '../../fixtures/sim-fixture.js';

const ROUTE = {
  batchRead: 'POST /crm/v3/objects/contacts/batch/read',
  batchCreate: 'POST /crm/v3/objects/contacts/batch/create',
  batchUpdate: 'POST /crm/v3/objects/contacts/batch/update',
  create: 'POST /crm/v3/objects/contacts',
} as const;

/** A queue that keeps what the consumer sends back to it. */
function recordingQueue() {
  const sent: { message: QueueMessage; delaySeconds: number | undefined }[] = [];
  const queue: EventQueue = {
    async send(message, options) {
      sent.push({ message, delaySeconds: options?.delaySeconds });
    },
  };
  return { queue, sent };
}

/** The consumer's dependencies on the simulator, with the real HubSpot store, a clock and captured logs. */
async function consumerOn(input: SimulatorInput = {}, now = () => new Date(), accountTimeZone?: string) {
  const sim = await simulator(input);
  const logs: Record<string, unknown>[] = [];
  const { queue, sent } = recordingQueue();
  const deps: BatchDependencies = {
    store: createHubSpotStore({ token: TOKEN, baseUrl: sim.url, timeoutMs: 2_000, ...(accountTimeZone === undefined ? {} : { accountTimeZone }) }),
    catalog: loadCatalog(),
    clock: now,
    logger: createLogger({ level: 'debug', write: (line) => logs.push(JSON.parse(line)) }),
    propertyTypes: new PortalPropertyTypes(),
    requeue: queue,
  };
  return { sim, deps, logs, sent };
}

const AT = new Date().toISOString();

/** `learning_module_completed` for a learner named by email, or by contact id only. */
function completed(who: { email: string } | { contactId: string }, module: string, allowCreate = true) {
  const learnerIdentity = 'email' in who ? { identity: { kind: 'email' as const, email: who.email }, email: who.email } : { identity: { kind: 'id' as const, contactId: who.contactId } };
  return inbound(eventMessage({ name: 'learning_module_completed', at: AT, module, course: 'crm-essentials' }, learnerIdentity, allowCreate));
}

function moduleDone(sim: HubSpotSimulator, id: string, module: string): boolean {
  const state = JSON.parse(sim.contacts().find((c) => c.id === id)?.properties['hhl_progress_state'] ?? '{}');
  return state.courses?.['crm-essentials']?.modules?.[module]?.completed === true;
}

function requests(sim: HubSpotSimulator): Record<string, number> {
  return Object.fromEntries(Object.entries(sim.stats().byRoute).map(([route, statuses]) => [route, Object.values(statuses).reduce((a, b) => a + b, 0)]));
}

describe('the queue consumer on a real portal', () => {
  it('writes the events of a learner named by an id that was merged away, to the merged record', async () => {
    // Prepare: the page still knows the secondary's id
    const { sim, deps, logs } = await consumerOn();
    const api = client(sim);
    const primary = await createContact(api, learner(1));
    const secondary = await createContact(api, learner(2));
    const merged = sim.merge(primary, secondary);
    const before = sim.stats().total;

    // Act
    const result = await processBatch(deps, [completed({ contactId: secondary }, 'crm-overview', false), completed({ contactId: primary }, 'deals-pipeline', false)]);

    // Assess: nothing dropped, one write for both old ids
    expect(result.failed).toEqual([]);
    expect(result.written).toBe(1);
    expect(logs.map((l) => l['message'])).not.toContain('Events for a contact that does not exist and may not be created; dropped');
    expect(moduleDone(sim, merged, 'crm-overview') && moduleDone(sim, merged, 'deals-pipeline')).toBe(true);
    expect(sim.stats().total - before).toBe(2);
  });

  it('updates a learner named by an additional email in two calls, never taking them for a new learner', async () => {
    const { sim, deps } = await consumerOn();
    const id = await createContact(client(sim), learner(1));
    sim.addAdditionalEmail(id, 'ada.work@example.com');
    const before = requests(sim);

    const result = await processBatch(deps, [completed({ email: 'ada.work@example.com' }, 'crm-overview'), completed({ email: 'learner1@example.com' }, 'deals-pipeline')]);

    expect(result.failed).toEqual([]);
    const after = requests(sim);
    expect((after[ROUTE.batchRead] ?? 0) - (before[ROUTE.batchRead] ?? 0)).toBe(1);
    expect(after[ROUTE.batchUpdate]).toBe(1);
    expect(after[ROUTE.batchCreate]).toBeUndefined();
    expect((after[ROUTE.create] ?? 0) - (before[ROUTE.create] ?? 0)).toBe(0);
    expect(moduleDone(sim, id, 'crm-overview') && moduleDone(sim, id, 'deals-pipeline')).toBe(true);
  });

  it('fails only the messages of a new learner HubSpot refuses; the other new learners are created', async () => {
    const { sim, deps } = await consumerOn({ invalidEmails: ['refused@example.com'] });
    const good = completed({ email: 'good@example.com' }, 'crm-overview');
    const bad = completed({ email: 'refused@example.com' }, 'crm-overview');
    const other = completed({ email: 'other@example.com' }, 'crm-overview');

    const result = await processBatch(deps, [good, bad, other]);

    expect(result.failed.map((f) => f.id)).toEqual([bad.id]);
    expect(sim.contacts().map((c) => c.properties['email']).sort()).toEqual(['good@example.com', 'other@example.com']);
  });

  it('holds every message on a DAILY 429 until the account’s midnight: re-sent with a delay, never failed, alarmed', async () => {
    // Prepare: 22:00 in New York, the account's day spent
    const now = new Date('2026-12-02T03:00:00.000Z');
    const { sim, deps, sent, logs } = await consumerOn({ timeZone: 'America/New_York' }, () => now, 'America/New_York');
    sim.force429(1, 'DAILY');
    const messages = [completed({ email: 'a@example.com' }, 'crm-overview'), completed({ email: 'b@example.com' }, 'crm-overview')];

    // Act
    const result = await processBatch(deps, messages.map((m) => ({ ...m, receiveCount: 4 })));

    // Assess: no failure (so no receive is burnt and nothing can dead-letter); re-sent to wait for 05:00Z
    expect(result.failed).toEqual([]);
    expect(result.held.map((h) => h.id).sort()).toEqual(messages.map((m) => m.id).sort());
    expect(sent).toHaveLength(2);
    for (const { message, delaySeconds } of sent) {
      expect(message.holdUntil).toBe('2026-12-02T05:00:00.000Z');
      expect(delaySeconds).toBe(900);
    }
    expect(logs.some((l) => l['level'] === 'ERROR' && l['message'] === 'HubSpot daily limit reached; messages held until the account’s midnight')).toBe(true);
  });

  it('sends a held message back again before its time without calling HubSpot, and processes it after', async () => {
    let now = new Date('2026-12-02T04:30:00.000Z');
    const { sim, deps, sent } = await consumerOn({}, () => now);
    const held = { ...eventMessage({ name: 'learning_module_completed', at: AT, module: 'crm-overview', course: 'crm-essentials' }, { identity: { kind: 'email', email: 'a@example.com' }, email: 'a@example.com' }, true), holdUntil: '2026-12-02T05:00:00.000Z' };

    const early = await processBatch(deps, [inbound(held)]);
    now = new Date('2026-12-02T05:00:01.000Z');
    const late = await processBatch(deps, [inbound(held)]);

    expect(early).toMatchObject({ failed: [], written: 0 });
    expect(sent.map((s) => s.delaySeconds)).toEqual([900]);
    expect(late).toMatchObject({ failed: [], written: 1 });
    expect(sim.contacts().map((c) => c.properties['email'])).toEqual(['a@example.com']);
  });

  it('retries a batch HubSpot answered 502 with Retry-After after that long, burning one receive (HubSpot is in trouble)', async () => {
    const { sim, deps } = await consumerOn();
    sim.failNext(1, 502, 'json', { retryAfterSeconds: 30 });

    const result = await processBatch(deps, [completed({ email: 'a@example.com' }, 'crm-overview')]);

    expect(result.failed).toHaveLength(1);
    expect(result.failed[0]?.retryAfterSeconds).toBe(30);
  });

  it('holds a batch HubSpot answered 423 Locked for at least 2 s, without burning a receive', async () => {
    const now = new Date('2026-12-02T03:00:00.000Z');
    const { sim, deps, sent } = await consumerOn({}, () => now);
    sim.failNext(1, 423);

    const result = await processBatch(deps, [completed({ email: 'a@example.com' }, 'crm-overview')]);

    expect(result.failed).toEqual([]);
    expect(sent).toEqual([{ message: expect.objectContaining({ holdUntil: '2026-12-02T03:00:02.000Z' }), delaySeconds: 2 }]);
  });

  it('holds the batch until the time a 477 names, however far, instead of burning its receives', async () => {
    const now = new Date('2026-12-02T03:00:00.000Z');
    const { sim, deps, sent } = await consumerOn({}, () => now);
    sim.failNext(1, 477, 'json', { retryAfterSeconds: 7_200 });

    const result = await processBatch(deps, [completed({ email: 'a@example.com' }, 'crm-overview')]);

    expect(result.failed).toEqual([]);
    expect(sent.map((s) => parseQueueMessage(JSON.stringify(s.message))?.holdUntil)).toEqual(['2026-12-02T05:00:00.000Z']);
  });
});

import { loadCatalog } from '../../src/catalog/load-catalog.js';
import type { ContactStore } from '../../src/crm/contact-store.js';
import { createLocalContactStore } from '../../src/crm/local/local-store.js';
import { PortalPropertyTypes } from '../../src/crm/portal-property-types.js';
import { createJsonLogger } from '../../src/observability/logger.js';
import type { BatchDependencies, InboundMessage } from '../../src/queue/process-batch.js';
import { eventMessage, type QueueMessage, verifyMessage } from '../../src/tracking/queue-message.js';
import type { ProgressEvent } from '../../src/progress/types.js';
import { NOW } from './app-fixture.js';

export const AT = NOW.toISOString();

/** The consumer's dependencies over the in-memory local store, with captured logs. */
export function batchDeps(store: ContactStore = createLocalContactStore({ clock: () => NOW })) {
  const logs: Record<string, unknown>[] = [];
  const deps: BatchDependencies = {
    store,
    catalog: loadCatalog(),
    clock: () => NOW,
    logger: createJsonLogger({ level: 'debug', write: (l) => logs.push(JSON.parse(l)) }),
    propertyTypes: new PortalPropertyTypes(),
  };
  return { deps, logs, store };
}

let next = 0;

/** A queue message for an event, as the API would send it. */
export function inbound(message: QueueMessage, receiveCount = 1): InboundMessage {
  next += 1;
  return { id: `m${next}`, body: JSON.stringify(message), receiveCount };
}

export function moduleCompleted(email: string, module: string, course = 'crm-essentials'): InboundMessage {
  const event: ProgressEvent = { name: 'learning_module_completed', at: AT, module, course };
  return inbound(eventMessage(event, { identity: { kind: 'email', email }, email }, true));
}

export function verify(email: string): InboundMessage {
  return inbound(verifyMessage({ identity: { kind: 'email', email }, email }));
}

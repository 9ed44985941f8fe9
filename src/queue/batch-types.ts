import type { ContactStore } from '../crm/contact-store.js';
import type { PortalPropertyTypes } from '../crm/portal-property-types.js';
import type { Logger } from '../observability/logger.js';
import type { Catalog } from '../progress/types.js';
import type { EventQueue } from '../tracking/event-queue.js';
import type { HeldMessage } from './hold-messages.js';

/** What the queue consumer's `processBatch` is given and answers. */

export interface FailedMessage {
  id: string;
  reason: string;
  /** Seconds to keep it invisible before the next try (`Retry-After`, else exponential back-off). */
  retryAfterSeconds?: number;
}

export interface BatchResult {
  /** Messages to leave on the queue (`ReportBatchItemFailures`); every other one is done and deleted. */
  failed: FailedMessage[];
  /** Learners written. */
  written: number;
  /** Messages sent back to the queue to wait (HubSpot's day spent, a 429, 423 or 477): done here, not failed. */
  held: HeldMessage[];
}

export interface BatchDependencies {
  store: ContactStore;
  catalog: Catalog;
  clock: () => Date;
  logger: Logger;
  propertyTypes: PortalPropertyTypes;
  /**
   * Where held messages are sent back to wait (the events queue). Without it a message HubSpot asks to wait on is
   * failed with a visibility delay instead (at most 15 minutes), which burns one of its receives each time.
   */
  requeue?: EventQueue;
  /** Whether this consumer may create contacts (`AUTH_ALLOW_CONTACT_CREATE` names `queue`); true by default. */
  allowCreate?: boolean;
}

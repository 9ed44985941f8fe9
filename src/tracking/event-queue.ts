import type { QueueMessage } from './queue-message.js';

/** SQS delays a message at most 15 minutes; a longer wait is asked for again each time the message comes round. */
export const MAX_QUEUE_DELAY_SECONDS = 900;

/** The delay, in whole seconds, that makes a message visible at `until` (epoch ms), as long as SQS allows. */
export function delayUntil(until: number, now: number): number {
  return Math.min(MAX_QUEUE_DELAY_SECONDS, Math.max(0, Math.ceil((until - now) / 1000)));
}

/** The durable queue events go through: Amazon SQS in AWS, an embedded SQS-compatible server locally. */
export interface EventQueue {
  /** Sends one message; throws when the queue cannot be reached. */
  send(message: QueueMessage, options?: { delaySeconds?: number }): Promise<void>;
}

/** Thrown when the queue cannot be reached; the event is then logged whole for replay. */
export class QueueUnavailableError extends Error {
  override readonly name = 'QueueUnavailableError';
}

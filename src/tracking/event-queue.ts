import type { QueueMessage } from './queue-message.js';

/** The durable queue events go through: Amazon SQS in AWS, an embedded SQS-compatible server locally. */
export interface EventQueue {
  /** Sends one message; throws when the queue cannot be reached. */
  send(message: QueueMessage, options?: { delaySeconds?: number }): Promise<void>;
}

/** Thrown when the queue cannot be reached; the event is then logged whole for replay. */
export class QueueUnavailableError extends Error {
  override readonly name = 'QueueUnavailableError';
}

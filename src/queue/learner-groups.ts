import { type Identity, identityKey } from '../identity.js';
import type { Logger } from '../observability/logger.js';
import type { ProgressEvent } from '../progress/types.js';
import { parseQueueMessage, type QueueMessage } from '../tracking/queue-message.js';

/** A message as the queue delivered it. */
export interface InboundMessage {
  id: string;
  body: string;
  /** How many times the queue has delivered it (SQS ApproximateReceiveCount). */
  receiveCount: number;
}

/** One parsed message of a batch. */
export interface BatchMessage {
  readonly id: string;
  readonly receiveCount: number;
  readonly message: QueueMessage;
}

/** The messages of one learner (one identity) in a batch. */
export interface LearnerGroup {
  readonly identity: Identity;
  email?: string;
  /** Whether one of its events may create the contact (the API's say, and the consumer's `allowCreate`). */
  allowCreate: boolean;
  readonly messages: BatchMessage[];
}

/** The events a group's messages carry (a verify message carries none). */
export function eventsOf(groups: readonly LearnerGroup[]): ProgressEvent[] {
  return groups.flatMap((g) => g.messages.flatMap((m) => (m.message.kind === 'event' ? [m.message.event] : [])));
}

/**
 * Parses a batch: poison messages (not ours) apart, the others as they came. Pure but for the log line of a poison
 * message.
 */
export function parseBatch(inbound: readonly InboundMessage[], logger: Logger): { messages: BatchMessage[]; poison: string[] } {
  const messages: BatchMessage[] = [];
  const poison: string[] = [];
  for (const m of inbound) {
    const message = parseQueueMessage(m.body);
    if (message === undefined) {
      logger.error('Poison message (not a progress event); left for the dead-letter queue', { messageId: m.id, receiveCount: m.receiveCount });
      poison.push(m.id);
    } else {
      messages.push({ id: m.id, receiveCount: m.receiveCount, message });
    }
  }
  return { messages, poison };
}

/** Groups messages by learner (identity key); `consumerAllowsCreate` is the consumer's own say on creating contacts. */
export function groupByLearner(messages: readonly BatchMessage[], consumerAllowsCreate: boolean): Map<string, LearnerGroup> {
  const groups = new Map<string, LearnerGroup>();
  for (const m of messages) {
    const key = identityKey(m.message.learner.identity);
    const group = groups.get(key) ?? { identity: m.message.learner.identity, allowCreate: false, messages: [] };
    group.email ??= m.message.learner.email;
    group.allowCreate ||= consumerAllowsCreate && m.message.kind === 'event' && m.message.allowCreate;
    group.messages.push(m);
    groups.set(key, group);
  }
  return groups;
}

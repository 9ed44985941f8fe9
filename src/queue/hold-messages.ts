import type { Logger } from '../observability/logger.js';
import { delayUntil, type EventQueue } from '../tracking/event-queue.js';
import { heldUntil } from '../tracking/queue-message.js';
import type { BatchMessage } from './learner-groups.js';

/** A message sent back to the queue to wait, with when it may be processed. */
export interface HeldMessage {
  readonly id: string;
  readonly holdUntil: string;
}

/**
 * Sends messages back to the queue to wait until `until` (at most 15 minutes per round: SQS's longest delay), each
 * carrying `holdUntil` so that a consumer that gets it earlier sends it back again without calling HubSpot. Answers
 * the ones sent; those that could not be sent are left to the caller (to fail them, so the queue keeps them).
 */
export async function holdMessages(
  deps: { readonly requeue?: EventQueue; readonly logger: Logger },
  messages: readonly BatchMessage[],
  until: number,
  now: number,
): Promise<{ held: HeldMessage[]; notHeld: BatchMessage[] }> {
  if (deps.requeue === undefined) return { held: [], notHeld: [...messages] };
  const holdUntil = new Date(until).toISOString();
  const delaySeconds = delayUntil(until, now);
  const held: HeldMessage[] = [];
  const notHeld: BatchMessage[] = [];
  for (const m of messages) {
    try {
      await deps.requeue.send(heldUntil(m.message, holdUntil), { delaySeconds });
      held.push({ id: m.id, holdUntil });
    } catch (error) {
      deps.logger.warn('Could not send a held message back to the queue; it stays failed', { error, messageId: m.id });
      notHeld.push(m);
    }
  }
  return { held, notHeld };
}

/** Whether a message's hold is still on at `now`. */
export function stillHeld(m: BatchMessage, now: number): boolean {
  const until = m.message.holdUntil === undefined ? Number.NaN : Date.parse(m.message.holdUntil);
  return Number.isFinite(until) && until > now;
}

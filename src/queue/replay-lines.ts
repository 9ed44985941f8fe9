import { parseQueueMessage, type QueueMessage } from '../tracking/queue-message.js';

export interface ReplayRead {
  messages: QueueMessage[];
  /** Lines that were replay lines but held an event we cannot read (reported with their line numbers). */
  invalid: { line: number; reason: string }[];
  /** Lines that were not replay lines (other log lines), skipped silently. */
  skipped: number;
}

/**
 * Reads the events out of log text: every `Event logged for replay` line (the API writes one, with the whole event and
 * the learner, when neither HubSpot nor the queue could take an event). Accepts CloudWatch exports where each line may
 * carry a prefix before the JSON. Pure.
 */
export function readReplayLines(text: string, allowCreate: boolean): ReplayRead {
  const result: ReplayRead = { messages: [], invalid: [], skipped: 0 };
  text.split(/\r?\n/).forEach((raw, index) => {
    const start = raw.indexOf('{');
    if (start < 0 || !raw.includes('Event logged for replay')) {
      if (raw.trim() !== '') result.skipped += 1;
      return;
    }
    let line: { replay?: { event?: unknown; identity?: unknown; email?: unknown } };
    try {
      line = JSON.parse(raw.slice(start));
    } catch {
      result.invalid.push({ line: index + 1, reason: 'not JSON' });
      return;
    }
    const replay = line.replay;
    const message = parseQueueMessage(
      JSON.stringify({ v: 1, kind: 'event', event: replay?.event, learner: { identity: replay?.identity, email: replay?.email }, allowCreate }),
    );
    if (message === undefined) result.invalid.push({ line: index + 1, reason: 'not a valid event' });
    else result.messages.push(message);
  });
  return result;
}

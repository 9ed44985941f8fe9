import { z } from 'zod';
import { pathwaySlugSchema, slugSchema } from '../catalog/catalog-schema.js';
import type { RequestIdentity } from '../identity.js';
import { MAX_SCORE, MAX_TIME_SPENT_SECONDS } from '../progress/module-measures.js';
import { CONTENT_TYPES, type ProgressEvent } from '../progress/types.js';

/**
 * What travels through the queue (and replay files): a validated event with its resolved event time, and who it is
 * for. Parsed again with zod on the way out, so a message that is not one of ours (a poison message) is recognised
 * and left for the dead-letter queue instead of crashing the consumer.
 */

const instant = z.iso.datetime({ offset: true });
const source = z.string().min(1).max(200).optional();
const pathway = pathwaySlugSchema.optional();
const measures = {
  score: z.number().min(0).max(MAX_SCORE).optional(),
  timeSpentSeconds: z.number().int().min(0).max(MAX_TIME_SPENT_SECONDS).optional(),
};

const progressEventSchema = z.discriminatedUnion('name', [
  z.object({ name: z.literal('learning_pathway_enrolled'), at: instant, pathway: slugSchema, source }),
  z.object({ name: z.literal('learning_course_enrolled'), at: instant, course: slugSchema, pathway, source }),
  z.object({ name: z.literal('learning_module_started'), at: instant, module: slugSchema, course: slugSchema.optional(), pathway, ...measures }),
  z.object({ name: z.literal('learning_module_completed'), at: instant, module: slugSchema, course: slugSchema.optional(), pathway, ...measures }),
  z.object({ name: z.literal('learning_course_completed'), at: instant, course: slugSchema, pathway }),
  z.object({ name: z.literal('learning_pathway_completed'), at: instant, pathway: slugSchema }),
  z.object({ name: z.literal('learning_page_viewed'), at: instant, contentType: z.enum(CONTENT_TYPES), slug: slugSchema }),
]);

const emailSchema = z.email().max(254);
const identitySchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('id'), contactId: z.string().regex(/^[1-9][0-9]{0,19}$/) }),
  z.object({ kind: z.literal('email'), email: emailSchema }),
]);
const learnerSchema = z.object({ identity: identitySchema, email: emailSchema.optional() });

/** Set on a message the consumer sent back to wait (HubSpot's day spent, an account migrating): not before then. */
const holdUntil = instant.optional();

const messageSchema = z.discriminatedUnion('kind', [
  z.object({ v: z.literal(1), kind: z.literal('event'), event: progressEventSchema, learner: learnerSchema, allowCreate: z.boolean(), holdUntil }),
  /** Written after a direct write: re-read the learner later and repair a lost concurrent update. */
  z.object({ v: z.literal(1), kind: z.literal('verify'), learner: learnerSchema, holdUntil }),
]);

/** When a held message may be processed again (ISO-8601); absent on a message that was never held. */
type Hold = { holdUntil?: string };

export type QueueMessage =
  | ({ v: 1; kind: 'event'; event: ProgressEvent; learner: RequestIdentity; allowCreate: boolean } & Hold)
  | ({ v: 1; kind: 'verify'; learner: RequestIdentity } & Hold);

export function eventMessage(event: ProgressEvent, learner: RequestIdentity, allowCreate: boolean): QueueMessage {
  return { v: 1, kind: 'event', event, learner, allowCreate };
}

export function verifyMessage(learner: RequestIdentity): QueueMessage {
  return { v: 1, kind: 'verify', learner };
}

/** Parses a message body; undefined when it is not a message this service wrote (a poison message). */
export function parseQueueMessage(body: string): QueueMessage | undefined {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return undefined;
  }
  const parsed = messageSchema.safeParse(json);
  if (!parsed.success) return undefined;
  const m = parsed.data;
  const learner: RequestIdentity = m.learner.email === undefined ? { identity: m.learner.identity } : { identity: m.learner.identity, email: m.learner.email };
  const hold = m.holdUntil === undefined ? {} : { holdUntil: m.holdUntil };
  if (m.kind === 'verify') return { v: 1, kind: 'verify', learner, ...hold };
  return { v: 1, kind: 'event', event: withoutUndefined(m.event), learner, allowCreate: m.allowCreate, ...hold };
}

/** The message held until `until` (sent back to the queue to wait), or released (`undefined`). */
export function heldUntil(message: QueueMessage, until: string | undefined): QueueMessage {
  const { holdUntil: _previous, ...rest } = message;
  return until === undefined ? rest : { ...rest, holdUntil: until };
}

/** zod keeps optional keys as `undefined`; the engine's events leave them out. */
function withoutUndefined(event: z.infer<typeof progressEventSchema>): ProgressEvent {
  return Object.fromEntries(Object.entries(event).filter(([, v]) => v !== undefined)) as ProgressEvent;
}

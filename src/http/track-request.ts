import { z } from 'zod';
import { pathwaySlugSchema, slugSchema } from '../catalog/catalog-schema.js';
import { RequestError } from '../errors.js';
import { resolveEventTime } from '../progress/event-time.js';
import { CONTENT_TYPES, EVENT_NAMES, type ProgressEvent } from '../progress/types.js';
import { formatIssues } from './format-issues.js';
import { contactIdSchema, emailSchema, type RequestIdentity, toRequestIdentity } from '../identity.js';

const optionalSlug = z.preprocess((v) => (v === null || v === '' ? undefined : v), slugSchema.optional());
const pathwaySlug = z.preprocess((v) => (v === null || v === '' ? undefined : v), pathwaySlugSchema.optional());
const optionalSource = z.preprocess(
  (v) => (v === null || v === '' ? undefined : v),
  z
    .string()
    .trim()
    .min(1)
    .max(200, 'must be at most 200 characters')
    .regex(/^[^\p{Cc}]*$/u, 'must not contain control characters')
    .optional(),
);

const slugFields = {
  pathway_slug: pathwaySlug,
  course_slug: optionalSlug,
  module_slug: optionalSlug,
  enrollment_source: optionalSource,
};

const trackBodySchema = z.object({
  eventName: z.enum(EVENT_NAMES, { message: `must be one of ${EVENT_NAMES.join(', ')}` }),
  contactIdentifier: z
    .object({ email: emailSchema, contactId: contactIdSchema })
    .refine((c) => c.email !== undefined || c.contactId !== undefined, 'must have an email or a contactId')
    .nullish(),
  payload: z
    .object({
      ...slugFields,
      ts: z.unknown().optional(),
      content_type: z.preprocess((v) => (v === null || v === '' ? undefined : v), z.enum(CONTENT_TYPES).optional()),
      slug: optionalSlug,
    })
    .nullish(),
  ...slugFields,
});

export interface TrackRequest {
  event: ProgressEvent;
  /** Undefined when the caller named no learner: the event is only logged. */
  learner?: RequestIdentity;
}

/**
 * Validates a `POST /events/track` body and resolves it into a {@link ProgressEvent}: slugs top-level or in
 * `payload` (top-level wins), the event time fixed from `payload.ts` or the receive time.
 * Throws {@link RequestError} `SCHEMA_VALIDATION_FAILED` naming every missing or malformed field.
 */
export function parseTrackRequest(body: unknown, receivedAt: Date): TrackRequest {
  const parsed = trackBodySchema.safeParse(body);
  if (!parsed.success) {
    throw new RequestError(400, 'SCHEMA_VALIDATION_FAILED', 'Invalid event', formatIssues(parsed.error.issues));
  }
  const b = parsed.data;
  const p = b.payload ?? {};
  const pathway = b.pathway_slug ?? p.pathway_slug;
  const course = b.course_slug ?? p.course_slug;
  const module = b.module_slug ?? p.module_slug;
  const source = b.enrollment_source ?? p.enrollment_source;
  const at = resolveEventTime(p.ts, receivedAt);
  const missing = (...fields: string[]) => {
    throw new RequestError(
      400,
      'SCHEMA_VALIDATION_FAILED',
      `Missing required field(s) for ${b.eventName}: ${fields.join(', ')}`,
      fields.map((f) => `${f}: required for ${b.eventName}`),
    );
  };

  const event = ((): ProgressEvent => {
    switch (b.eventName) {
      case 'learning_pathway_enrolled':
        return pathway === undefined ? missing('pathway_slug') : withSource({ name: b.eventName, at, pathway }, source);
      case 'learning_course_enrolled':
        return course === undefined ? missing('course_slug') : withSource(withPathway({ name: b.eventName, at, course }, pathway), source);
      case 'learning_module_started':
      case 'learning_module_completed':
        // Course and pathway may both be absent (a module page opened outside a course): the write plan places it.
        if (module === undefined) return missing('module_slug');
        return withPathway(withCourse({ name: b.eventName, at, module }, course), pathway);
      case 'learning_course_completed':
        return course === undefined ? missing('course_slug') : withPathway({ name: b.eventName, at, course }, pathway);
      case 'learning_pathway_completed':
        return pathway === undefined ? missing('pathway_slug') : { name: b.eventName, at, pathway };
      case 'learning_page_viewed': {
        const fields = [p.content_type === undefined ? 'content_type' : undefined, p.slug === undefined ? 'slug' : undefined];
        if (p.content_type === undefined || p.slug === undefined) return missing(...fields.filter((f) => f !== undefined).map((f) => `payload.${f}`));
        return { name: b.eventName, at, contentType: p.content_type, slug: p.slug };
      }
    }
  })();

  const learner = toRequestIdentity(b.contactIdentifier?.email, b.contactIdentifier?.contactId);
  return learner === undefined ? { event } : { event, learner };
}

function withSource<T extends object>(event: T, source: string | undefined): T & { source?: string } {
  return source === undefined ? event : { ...event, source };
}
function withPathway<T extends object>(event: T, pathway: string | undefined): T & { pathway?: string } {
  return pathway === undefined ? event : { ...event, pathway };
}
function withCourse<T extends object>(event: T, course: string | undefined): T & { course?: string } {
  return course === undefined ? event : { ...event, course };
}

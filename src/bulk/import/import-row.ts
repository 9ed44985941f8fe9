import { z } from 'zod';
import { slugSchema } from '../../catalog/catalog-schema.js';
import { normaliseEmail } from '../../identity.js';
import { MAX_FUTURE_SKEW_MS } from '../../progress/event-time.js';
import { parseIsoInstant, toInstant } from '../../progress/instant.js';
import { MAX_SCORE, MAX_TIME_SPENT_SECONDS } from '../../progress/module-measures.js';
import { RESERVED_STATE_KEYS } from '../../progress/progress-nodes.js';
import type { ProgressEvent } from '../../progress/types.js';

/**
 * One learning record of an LMS export, as a CSV row or an NDJSON object, validated with zod and turned into the
 * engine's event for the learner it names.
 *
 * | column | |
 * |---|---|
 * | `email` | the learner; matched case-insensitively (lower-cased and trimmed) |
 * | `pathway_slug`, `course_slug`, `module_slug` | where the event happened; empty means not given |
 * | `event` | `enrolled`, `started` or `completed` |
 * | `occurred_at` | ISO-8601 (`Z` or an offset; no zone means UTC) or a date (midnight UTC) |
 * | `score` | optional, 0–100 |
 * | `time_spent_seconds` | optional, ≥ 0, rounded to whole seconds |
 *
 * - `enrolled` enrols the most specific of course and pathway given (a course inside the pathway when both are);
 *   `module_slug`, `score` and `time_spent_seconds` do not apply to it and are ignored.
 * - `started` and `completed` need `module_slug` and a course or a pathway to hold it (a module alone belongs nowhere).
 * - `occurred_at` is the event's time, however old: unlike a beacon's timestamp it is not limited to the last 30 days,
 *   since an export is history by nature; a time in the future is refused.
 */

export const IMPORT_COLUMNS = ['email', 'pathway_slug', 'course_slug', 'module_slug', 'event', 'occurred_at', 'score', 'time_spent_seconds'] as const;
export const REQUIRED_COLUMNS = ['email', 'event', 'occurred_at'] as const;

/** Recorded as the enrolment source of what an import enrols. */
export const IMPORT_SOURCE = 'import';

export interface ImportRecord {
  /** Lower-cased and trimmed. */
  readonly email: string;
  readonly event: ProgressEvent;
}

/** Empty text, whitespace and `null` mean "not given". */
const blank = (value: unknown) => (value === null || (typeof value === 'string' && value.trim() === '') ? undefined : value);
const text = (value: unknown) => (typeof value === 'string' ? value.trim() : value);
const numeric = (value: unknown) => (typeof value === 'string' && /^\s*-?(\d+\.?\d*|\.\d+)\s*$/.test(value) ? Number(value) : value);

const slug = (what: string) => z.preprocess((v) => text(blank(v)), slugSchema.optional()).describe(what);

function rowSchema(now: Date) {
  return z
    .object({
      email: z.preprocess(text, z.string('is required').min(1, 'is required').pipe(z.email('is not an email address').max(254, 'is longer than 254 characters'))),
      pathway_slug: slug('pathway').refine((s) => s === undefined || !RESERVED_STATE_KEYS.includes(s), `"courses" and "modules" cannot be pathway slugs`),
      course_slug: slug('course'),
      module_slug: slug('module'),
      event: z.preprocess((v) => (typeof v === 'string' ? v.trim().toLowerCase() : v), z.enum(['enrolled', 'started', 'completed'], 'must be enrolled, started or completed')),
      occurred_at: z.preprocess(text, z.union([z.string(), z.number()], 'is required')).transform((value, ctx) => {
        if (value === '') {
          ctx.addIssue({ code: 'custom', message: 'is required' });
          return z.NEVER;
        }
        const at = instantOf(value);
        if (at === undefined) {
          ctx.addIssue({ code: 'custom', message: 'is not an ISO-8601 date-time or a date' });
          return z.NEVER;
        }
        if (Date.parse(at) > now.getTime() + MAX_FUTURE_SKEW_MS) {
          ctx.addIssue({ code: 'custom', message: 'is in the future' });
          return z.NEVER;
        }
        return at;
      }),
      score: z.preprocess((v) => numeric(blank(v)), z.number('must be a number').min(0, 'must be 0-100').max(MAX_SCORE, 'must be 0-100').optional()),
      time_spent_seconds: z.preprocess(
        (v) => numeric(blank(v)),
        z.number('must be a number').min(0, 'must not be negative').max(MAX_TIME_SPENT_SECONDS, 'is over ten years').optional(),
      ),
    })
    .superRefine((row, ctx) => {
      if (row.event === 'enrolled' && row.course_slug === undefined && row.pathway_slug === undefined) {
        ctx.addIssue({ code: 'custom', path: [], message: 'enrolled needs course_slug or pathway_slug' });
      }
      if (row.event !== 'enrolled' && row.module_slug === undefined) {
        ctx.addIssue({ code: 'custom', path: [], message: `${row.event} needs module_slug` });
      }
      if (row.event !== 'enrolled' && row.course_slug === undefined && row.pathway_slug === undefined) {
        ctx.addIssue({ code: 'custom', path: [], message: `${row.event} needs course_slug or pathway_slug to place the module` });
      }
    });
}

/**
 * The record a row holds, or why it cannot be imported (every problem, named by column).
 * @example parseImportRow({ email: 'Ada@Example.com', course_slug: 'crm-essentials', event: 'enrolled', occurred_at: '2026-01-05' }, now)
 * // { ok: true, record: { email: 'ada@example.com', event: { name: 'learning_course_enrolled', course: 'crm-essentials', … } } }
 */
export function parseImportRow(row: Readonly<Record<string, unknown>>, now: Date): { ok: true; record: ImportRecord } | { ok: false; reason: string } {
  const parsed = rowSchema(now).safeParse(row);
  if (!parsed.success) {
    const reasons = parsed.error.issues.map((issue) => (issue.path.length === 0 ? issue.message : `${issue.path.join('.')} ${issue.message}`));
    return { ok: false, reason: [...new Set(reasons)].join('; ') };
  }
  const r = parsed.data;
  const place = { ...(r.course_slug === undefined ? {} : { course: r.course_slug }), ...(r.pathway_slug === undefined ? {} : { pathway: r.pathway_slug }) };
  const measures = {
    ...(r.score === undefined ? {} : { score: r.score === 0 ? 0 : r.score }),
    ...(r.time_spent_seconds === undefined ? {} : { timeSpentSeconds: Math.round(r.time_spent_seconds) }),
  };
  let event: ProgressEvent;
  if (r.event === 'enrolled') {
    // The checks above make the last branch unreachable; it keeps the types honest without a cast.
    if (r.course_slug !== undefined) event = { name: 'learning_course_enrolled', at: r.occurred_at, course: r.course_slug, ...place, source: IMPORT_SOURCE };
    else if (r.pathway_slug !== undefined) event = { name: 'learning_pathway_enrolled', at: r.occurred_at, pathway: r.pathway_slug, source: IMPORT_SOURCE };
    else return { ok: false, reason: 'enrolled needs course_slug or pathway_slug' };
  } else {
    if (r.module_slug === undefined) return { ok: false, reason: `${r.event} needs module_slug` };
    const name = r.event === 'started' ? 'learning_module_started' : 'learning_module_completed';
    event = { name, at: r.occurred_at, module: r.module_slug, ...place, ...measures };
  }
  return { ok: true, record: { email: normaliseEmail(r.email), event } };
}

/** A zoned or zone-less ISO-8601 instant, a bare date, or epoch milliseconds, in `toISOString()` form. */
function instantOf(value: string | number): string | undefined {
  if (typeof value === 'number') return toInstant(value);
  if (/^\d{12,}$/.test(value)) return toInstant(Number(value));
  const ms = parseIsoInstant(value.replace(' ', 'T'), { requireZone: false, allowDateOnly: true });
  return ms === undefined ? undefined : toInstant(ms);
}

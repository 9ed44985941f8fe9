/**
 * Reading `hhl_progress_state` as portals hold it: any of the three forms `serializeState` writes, and the odd but
 * meaningful values older integrations wrote. Anything that cannot be read without guessing is refused with
 * CorruptStateError, so that a state we do not understand is never overwritten.
 */
import { gunzipSync } from 'node:zlib';
import { CorruptStateError } from './errors.js';
import { parseIsoInstant, toInstant } from './instant.js';
import { MAX_SCORE, MAX_TIME_SPENT_SECONDS } from './module-measures.js';
import { STANDALONE_COURSES_KEY, STANDALONE_MODULES_KEY, emptyState, makeCourse, makeModule, makePathway } from './progress-nodes.js';
import { emptyRecord } from './slug-record.js';
import type { CourseProgress, EnrollmentFacts, Instant, ModuleProgress, PathwayProgress, ProgressState, SlugRecord } from './types.js';

/** Prefix of the gzip form: `gz:` + base64(gzip(compact JSON)). */
export const GZIP_PREFIX = 'gz:';

/** Far above anything that fits a property; stops a crafted gzip value from expanding without bound. */
const MAX_INFLATED_BYTES = 16 * 1024 * 1024;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const MAX_NAME_IN_MESSAGE = 60;

type JsonNode = Record<string, unknown>;

interface Flag {
  readonly flag: boolean;
  readonly at?: Instant;
}

/**
 * The state stored in `raw`; empty when there is none. Throws CorruptStateError, naming what is wrong but never
 * quoting the value, when `raw` is not JSON (or not valid gzip), not an object, or holds a node or container that is
 * not an object.
 *
 * Leniency: a flag is true for `true`, `"true"` or `1`; a missing flag is true when its `*_at` is present; an explicit
 * false flag drops its time; times are ISO strings (no zone means UTC, a bare date means midnight UTC) or epoch
 * milliseconds and come back in `toISOString()` form; an unreadable time is dropped; a module's `score` (0–100) and
 * `time_spent_seconds` (≥ 0) are numbers or numeric text, dropped when out of range; a missing or null `courses` or
 * `modules` is empty; unknown keys are ignored.
 */
export function parseStoredState(raw: string | null | undefined): ProgressState {
  const text = raw?.trim() ?? '';
  if (text === '') return emptyState();
  const json = text.startsWith(GZIP_PREFIX) ? inflate(text.slice(GZIP_PREFIX.length)) : text;
  const root = parseJson(json);
  if (!isJsonObject(root)) throw new CorruptStateError(`Progress state is ${describe(root)}, not a JSON object`);
  const state = emptyState();
  for (const [slug, value] of Object.entries(root)) {
    if (slug === STANDALONE_COURSES_KEY) {
      state.courses = parseRecord(value, [STANDALONE_COURSES_KEY], parseCourse);
    } else if (slug === STANDALONE_MODULES_KEY) {
      state.modules = parseRecord(value, [STANDALONE_MODULES_KEY], parseModule);
    } else {
      state.pathways[slug] = parsePathway(value, [slug]);
    }
  }
  return state;
}

function inflate(base64: string): string {
  if (!BASE64.test(base64)) throw new CorruptStateError(`Progress state has the "${GZIP_PREFIX}" prefix but is not base64`);
  try {
    return gunzipSync(Buffer.from(base64, 'base64'), { maxOutputLength: MAX_INFLATED_BYTES }).toString('utf8');
  } catch (cause) {
    throw new CorruptStateError(`Progress state has the "${GZIP_PREFIX}" prefix but is not valid gzip`, { cause });
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    // The SyntaxError quotes the value, which may hold personal data, so it is not kept as the cause.
    throw new CorruptStateError(`Progress state is not valid JSON (${text.length} characters)`);
  }
}

function parsePathway(value: unknown, path: readonly string[]): PathwayProgress {
  const node = expectNode(value, path);
  const started = parseFlag(node, 'started', 'started_at');
  const completed = parseFlag(node, 'completed', 'completed_at');
  return makePathway({
    ...parseEnrollment(node),
    started: started.flag,
    started_at: started.at,
    completed: completed.flag,
    completed_at: completed.at,
    courses: parseRecord(field(node, 'courses'), [...path, 'courses'], parseCourse),
    modules: parseRecord(field(node, 'modules'), [...path, 'modules'], parseModule),
  });
}

function parseCourse(value: unknown, path: readonly string[]): CourseProgress {
  const node = expectNode(value, path);
  const started = parseFlag(node, 'started', 'started_at');
  const completed = parseFlag(node, 'completed', 'completed_at');
  return makeCourse({
    ...parseEnrollment(node),
    started: started.flag,
    started_at: started.at,
    completed: completed.flag,
    completed_at: completed.at,
    modules: parseRecord(field(node, 'modules'), [...path, 'modules'], parseModule),
  });
}

function parseModule(value: unknown, path: readonly string[]): ModuleProgress {
  const node = expectNode(value, path);
  const started = parseFlag(node, 'started', 'started_at');
  const completed = parseFlag(node, 'completed', 'completed_at');
  return makeModule({
    started: started.flag,
    started_at: started.at,
    completed: completed.flag,
    completed_at: completed.at,
    score: parseMeasure(field(node, 'score'), MAX_SCORE),
    time_spent_seconds: parseMeasure(field(node, 'time_spent_seconds'), MAX_TIME_SPENT_SECONDS),
  });
}

/** A number (or numeric text) in [0, max]; anything else is dropped, like an unreadable time. */
function parseMeasure(value: unknown, max: number): number | undefined {
  const number = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  if (!Number.isFinite(number) || number < 0 || number > max) return undefined;
  // -0 would not survive a JSON round trip as itself.
  return number === 0 ? 0 : number;
}

function parseEnrollment(node: JsonNode): EnrollmentFacts {
  const enrolled = parseFlag(node, 'enrolled', 'enrolled_at');
  const source = field(node, 'enrollment_source');
  return {
    enrolled: enrolled.flag,
    enrolled_at: enrolled.at,
    enrollment_source: typeof source === 'string' ? source : undefined,
  };
}

function parseRecord<T>(
  value: unknown,
  path: readonly string[],
  parseChild: (child: unknown, childPath: readonly string[]) => T,
): SlugRecord<T> {
  const record = emptyRecord<T>();
  // A missing or null container says "nothing here"; both mean empty.
  if (value === undefined || value === null) return record;
  if (!isJsonObject(value)) throw new CorruptStateError(`Progress state ${formatPath(path)} is ${describe(value)}, not an object`);
  for (const [slug, child] of Object.entries(value)) record[slug] = parseChild(child, [...path, slug]);
  return record;
}

/** The flag's value, reading a missing flag as true when its time is there; a time only survives with a true flag. */
function parseFlag(node: JsonNode, flagKey: string, timeKey: string): Flag {
  const rawFlag = field(node, flagKey);
  const rawTime = field(node, timeKey);
  const timePresent = rawTime !== undefined && rawTime !== null && rawTime !== '';
  const flag = rawFlag === undefined || rawFlag === null ? timePresent : rawFlag === true || rawFlag === 'true' || rawFlag === 1;
  return flag ? { flag, at: parseStoredTime(rawTime) } : { flag };
}

function parseStoredTime(value: unknown): Instant | undefined {
  if (typeof value === 'number') return toInstant(value);
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  // Some writers stored epoch milliseconds as a string.
  if (/^-?\d{10,}$/.test(text)) return toInstant(Number(text));
  const epochMs = parseIsoInstant(text, { requireZone: false, allowDateOnly: true });
  return epochMs === undefined ? undefined : toInstant(epochMs);
}

function expectNode(value: unknown, path: readonly string[]): JsonNode {
  if (!isJsonObject(value)) throw new CorruptStateError(`Progress state ${formatPath(path)} is ${describe(value)}, not an object`);
  return value;
}

/** An own field only: `node.constructor` must not find `Object.prototype.constructor`. */
function field(node: JsonNode, key: string): unknown {
  return Object.hasOwn(node, key) ? node[key] : undefined;
}

function isJsonObject(value: unknown): value is JsonNode {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}

function formatPath(path: readonly string[]): string {
  const names = path.map((name) =>
    JSON.stringify(name.length > MAX_NAME_IN_MESSAGE ? `${name.slice(0, MAX_NAME_IN_MESSAGE)}…` : name),
  );
  return `node ${names.join(' → ')}`;
}

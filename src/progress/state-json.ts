/**
 * The wire shape of a state as a JSON tree, in the full or the compact form (see `state-codec.ts`), and the writer
 * that turns such a tree into text with sorted keys.
 */
import { RESERVED_STATE_KEYS, STANDALONE_COURSES_KEY, STANDALONE_MODULES_KEY } from './progress-nodes.js';
import { compareStrings, lookup, sortedKeys } from './slug-record.js';
import type { CourseProgress, Instant, ModuleProgress, PathwayProgress, ProgressState, SlugRecord } from './types.js';

export type JsonValue = string | number | boolean | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue;
}

/** `full`: every flag, every container. `compact`: no false or implied flags, no empty containers. */
export type StateForm = 'full' | 'compact';

/**
 * The state in its wire shape: pathways at the top level beside the standalone `courses` and, when there are any,
 * the standalone `modules` (left out when empty in both forms, so a state without them keeps the text it always had).
 * Objects have a null prototype, so slugs such as `__proto__` stay ordinary keys. Throws RangeError when a pathway is
 * named `courses` or `modules`, which the wire format cannot tell from the standalone content.
 */
export function stateToJson(state: ProgressState, form: StateForm = 'full'): JsonObject {
  const root = jsonObject();
  for (const slug of sortedKeys(state.pathways)) {
    if (RESERVED_STATE_KEYS.includes(slug)) {
      throw new RangeError(`Pathway slug "${slug}" is reserved for standalone content`);
    }
    const pathway = lookup(state.pathways, slug);
    if (pathway !== undefined) root[slug] = pathwayJson(pathway, form);
  }
  putRecord(root, STANDALONE_COURSES_KEY, state.courses, (course) => courseJson(course, form), form);
  if (Object.keys(state.modules).length > 0) {
    putRecord(root, STANDALONE_MODULES_KEY, state.modules, (module) => moduleJson(module, form), form);
  }
  return root;
}

/** Compact JSON text of a tree, keys sorted by code unit so equal states always give equal text. */
export function writeJson(value: JsonValue): string {
  if (typeof value !== 'object') return JSON.stringify(value);
  const members = Object.entries(value)
    .sort(([a], [b]) => compareStrings(a, b))
    .map(([key, member]) => `${JSON.stringify(key)}:${writeJson(member)}`);
  return `{${members.join(',')}}`;
}

function pathwayJson(pathway: PathwayProgress, form: StateForm): JsonObject {
  const node = courseLikeJson(pathway, form);
  putRecord(node, 'courses', pathway.courses, (course) => courseJson(course, form), form);
  putRecord(node, 'modules', pathway.modules, (module) => moduleJson(module, form), form);
  return node;
}

function courseJson(course: CourseProgress, form: StateForm): JsonObject {
  const node = courseLikeJson(course, form);
  putRecord(node, 'modules', course.modules, (module) => moduleJson(module, form), form);
  return node;
}

function courseLikeJson(node: CourseProgress | PathwayProgress, form: StateForm): JsonObject {
  const json = jsonObject();
  putFlag(json, 'enrolled', node.enrolled, 'enrolled_at', node.enrolled_at, form);
  if (node.enrollment_source !== undefined) json.enrollment_source = node.enrollment_source;
  putFlag(json, 'started', node.started, 'started_at', node.started_at, form);
  putFlag(json, 'completed', node.completed, 'completed_at', node.completed_at, form);
  return json;
}

function moduleJson(module: ModuleProgress, form: StateForm): JsonObject {
  const json = jsonObject();
  putFlag(json, 'started', module.started, 'started_at', module.started_at, form);
  putFlag(json, 'completed', module.completed, 'completed_at', module.completed_at, form);
  // Only when known, in both forms: states without measures keep exactly the text they always had.
  if (module.score !== undefined) json.score = module.score;
  if (module.time_spent_seconds !== undefined) json.time_spent_seconds = module.time_spent_seconds;
  return json;
}

/** The compact form leaves out a false flag and a flag its time implies; the parser restores both. */
function putFlag(json: JsonObject, flagKey: string, flag: boolean, timeKey: string, at: Instant | undefined, form: StateForm): void {
  if (form === 'full' || (flag && at === undefined)) json[flagKey] = flag;
  if (at !== undefined) json[timeKey] = at;
}

function putRecord<T>(
  json: JsonObject,
  key: string,
  record: SlugRecord<T>,
  toJson: (value: T) => JsonObject,
  form: StateForm,
): void {
  const slugs = sortedKeys(record);
  if (form === 'compact' && slugs.length === 0) return;
  const children = jsonObject();
  for (const slug of slugs) {
    const value = lookup(record, slug);
    if (value !== undefined) children[slug] = toJson(value);
  }
  json[key] = children;
}

function jsonObject(): JsonObject {
  const object: JsonObject = Object.create(null);
  return object;
}

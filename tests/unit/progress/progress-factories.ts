/** Test data for the progress engine: instants, a catalog, events, and nodes with sensible defaults. */
import { applyEvent } from '../../../src/progress/apply-event.js';
import { emptyState } from '../../../src/progress/progress-nodes.js';
import { emptyRecord } from '../../../src/progress/slug-record.js';
import type {
  Catalog,
  ContentType,
  CourseProgress,
  Instant,
  ModuleProgress,
  PathwayProgress,
  ProgressEvent,
  ProgressState,
  SlugRecord,
} from '../../../src/progress/types.js';

/** Instants an hour apart, T[0] earliest. */
export const T: readonly Instant[] = [
  '2026-11-21T10:00:00.000Z',
  '2026-11-21T11:00:00.000Z',
  '2026-11-21T12:00:00.000Z',
  '2026-11-21T13:00:00.000Z',
  '2026-11-21T14:00:00.000Z',
];

export function at(index: number): Instant {
  const instant = T[index];
  if (instant === undefined) throw new RangeError(`No test instant ${index}`);
  return instant;
}

export interface CatalogSpec {
  courses?: Record<string, string[]>;
  pathways?: Record<string, { courses?: string[]; modules?: string[] }>;
}

export function catalogOf(spec: CatalogSpec): Catalog {
  return {
    courses: new Map(Object.entries(spec.courses ?? {}).map(([slug, modules]) => [slug, { modules }])),
    pathways: new Map(
      Object.entries(spec.pathways ?? {}).map(([slug, p]) => [slug, { courses: p.courses ?? [], modules: p.modules ?? [] }]),
    ),
  };
}

/**
 * c1 = m1 + m2, c2 = m3, solo = s1 + s2; pathway p1 = c1 + c2, flat pathway fp = m1 + m2, pathway hollow lists nothing.
 */
export function sampleCatalog(): Catalog {
  return catalogOf({
    courses: { c1: ['m1', 'm2'], c2: ['m3'], solo: ['s1', 's2'] },
    pathways: { p1: { courses: ['c1', 'c2'] }, fp: { modules: ['m1', 'm2'] }, hollow: {} },
  });
}

interface Placement {
  course?: string;
  pathway?: string;
  at?: Instant;
}

export function moduleStarted(module: string, placement: Placement = {}): ProgressEvent {
  return { name: 'learning_module_started', at: placement.at ?? at(0), module, ...slugs(placement) };
}

export function moduleCompleted(module: string, placement: Placement = {}): ProgressEvent {
  return { name: 'learning_module_completed', at: placement.at ?? at(0), module, ...slugs(placement) };
}

/** Only the slugs a placement names, so events never carry `undefined` members. */
function slugs(placement: Placement): { course?: string; pathway?: string } {
  const named: { course?: string; pathway?: string } = {};
  if (placement.course !== undefined) named.course = placement.course;
  if (placement.pathway !== undefined) named.pathway = placement.pathway;
  return named;
}

export function courseEnrolled(course: string, options: { pathway?: string; source?: string; at?: Instant } = {}): ProgressEvent {
  const event: ProgressEvent = { name: 'learning_course_enrolled', at: options.at ?? at(0), course };
  if (options.pathway !== undefined) event.pathway = options.pathway;
  if (options.source !== undefined) event.source = options.source;
  return event;
}

export function pathwayEnrolled(pathway: string, options: { source?: string; at?: Instant } = {}): ProgressEvent {
  const event: ProgressEvent = { name: 'learning_pathway_enrolled', at: options.at ?? at(0), pathway };
  if (options.source !== undefined) event.source = options.source;
  return event;
}

export function courseCompleted(course: string, pathway?: string): ProgressEvent {
  return pathway === undefined
    ? { name: 'learning_course_completed', at: at(0), course }
    : { name: 'learning_course_completed', at: at(0), course, pathway };
}

export function pathwayCompleted(pathway: string): ProgressEvent {
  return { name: 'learning_pathway_completed', at: at(0), pathway };
}

export function pageViewed(contentType: ContentType, slug: string): ProgressEvent {
  return { name: 'learning_page_viewed', at: at(0), contentType, slug };
}

/** The state after applying `events` in order to `state`. */
export function applyAll(events: readonly ProgressEvent[], catalog: Catalog, state: ProgressState = emptyState()): ProgressState {
  return events.reduce((current, event) => applyEvent(current, event, catalog), state);
}

/** A null-prototype record from entries, so slugs such as `__proto__` can be used as keys. */
export function recordOf<T>(entries: Record<string, T> | [string, T][]): SlugRecord<T> {
  const record = emptyRecord<T>();
  for (const [slug, value] of Array.isArray(entries) ? entries : Object.entries(entries)) record[slug] = value;
  return record;
}

export function moduleNode(overrides: Partial<ModuleProgress> = {}): ModuleProgress {
  return { started: false, completed: false, ...overrides };
}

export function startedModule(time: Instant = at(0)): ModuleProgress {
  return { started: true, started_at: time, completed: false };
}

export function completedModule(time: Instant = at(0), startedAt: Instant = time): ModuleProgress {
  return { started: true, started_at: startedAt, completed: true, completed_at: time };
}

export function courseNode(
  overrides: Partial<Omit<CourseProgress, 'modules'>> = {},
  modules: Record<string, ModuleProgress> = {},
): CourseProgress {
  return { enrolled: false, started: false, completed: false, ...overrides, modules: recordOf(modules) };
}

export function pathwayNode(
  overrides: Partial<Omit<PathwayProgress, 'modules' | 'courses'>> = {},
  children: { courses?: Record<string, CourseProgress>; modules?: Record<string, ModuleProgress> } = {},
): PathwayProgress {
  return {
    enrolled: false,
    started: false,
    completed: false,
    ...overrides,
    courses: recordOf(children.courses ?? {}),
    modules: recordOf(children.modules ?? {}),
  };
}

export function stateOf(content: { pathways?: Record<string, PathwayProgress>; courses?: Record<string, CourseProgress> }): ProgressState {
  return { pathways: recordOf(content.pathways ?? {}), courses: recordOf(content.courses ?? {}) };
}

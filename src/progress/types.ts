/**
 * The progress model: the facts a learner's `hhl_progress_state` holds, and the events that add to them.
 *
 * Shape on the wire (compatible with the JSON portals already hold):
 * ```
 * { "<pathway>": PathwayProgress, "courses": { "<course>": CourseProgress }, "modules": { "<module>": ModuleProgress } }
 * ```
 * Inside the engine every slug-keyed record is a null-prototype object, so a slug such as `__proto__` or
 * `constructor` is an ordinary key and never reaches `Object.prototype`.
 */

/** ISO-8601 instant in UTC, e.g. `2026-11-21T10:00:00.000Z`. */
export type Instant = string;

/** A record keyed by slug. Always created with `Object.create(null)` inside the engine. */
export type SlugRecord<T> = Record<string, T>;

export interface ModuleProgress {
  started: boolean;
  started_at?: Instant;
  completed: boolean;
  completed_at?: Instant;
  /** The best score reported for the module, 0–100 (imports from an LMS carry it). */
  score?: number;
  /** The longest time reported spent in the module, in whole seconds. */
  time_spent_seconds?: number;
}

export interface EnrollmentFacts {
  enrolled: boolean;
  enrolled_at?: Instant;
  enrollment_source?: string;
}

export interface CourseProgress extends EnrollmentFacts {
  started: boolean;
  started_at?: Instant;
  completed: boolean;
  completed_at?: Instant;
  modules: SlugRecord<ModuleProgress>;
}

/** A pathway holds courses (hierarchical) or modules directly (flat), or both in legacy data. */
export interface PathwayProgress extends EnrollmentFacts {
  started: boolean;
  started_at?: Instant;
  completed: boolean;
  completed_at?: Instant;
  courses: SlugRecord<CourseProgress>;
  modules: SlugRecord<ModuleProgress>;
}

/**
 * The whole state: pathways by slug, plus standalone courses under the reserved key `courses` and standalone modules
 * (modules no course or pathway of the catalog holds) under the reserved key `modules`.
 */
export interface ProgressState {
  pathways: SlugRecord<PathwayProgress>;
  courses: SlugRecord<CourseProgress>;
  modules: SlugRecord<ModuleProgress>;
}

declare const derived: unique symbol;

/**
 * A state whose derived values (every course's and pathway's `started` and `completed`) were recomputed against the
 * catalog by `deriveState`, the only function that makes one. What reads derived values takes this type, so a state
 * is derived once per write and never twice.
 */
export type DerivedState = ProgressState & { readonly [derived]: true };

export const EVENT_NAMES = [
  'learning_pathway_enrolled',
  'learning_course_enrolled',
  'learning_module_started',
  'learning_module_completed',
  'learning_course_completed',
  'learning_pathway_completed',
  'learning_page_viewed',
] as const;

export type EventName = (typeof EVENT_NAMES)[number];

export const CONTENT_TYPES = ['pathway', 'course', 'module'] as const;
export type ContentType = (typeof CONTENT_TYPES)[number];

/** What an LMS reports about a module besides started/completed: a score (0–100) and the time spent (seconds). */
export interface ModuleMeasures {
  score?: number;
  timeSpentSeconds?: number;
}

/**
 * A validated learning event, with its slugs resolved (top-level wins over `payload`) and its event time fixed.
 * This is what the engine consumes and what travels through queues and replay files.
 */
export type ProgressEvent =
  | { name: 'learning_pathway_enrolled'; at: Instant; pathway: string; source?: string }
  | { name: 'learning_course_enrolled'; at: Instant; course: string; pathway?: string; source?: string }
  | ({ name: 'learning_module_started'; at: Instant; module: string; course?: string; pathway?: string } & ModuleMeasures)
  | ({ name: 'learning_module_completed'; at: Instant; module: string; course?: string; pathway?: string } & ModuleMeasures)
  | { name: 'learning_course_completed'; at: Instant; course: string; pathway?: string }
  | { name: 'learning_pathway_completed'; at: Instant; pathway: string }
  | { name: 'learning_page_viewed'; at: Instant; contentType: ContentType; slug: string };

/** A course of the catalog: its modules in order, and what a page shows of it. */
export interface CatalogCourse {
  readonly modules: readonly string[];
  readonly title?: string;
  /** False when the catalog says this course awards no certificate. */
  readonly awardsCertificate?: boolean;
}

/** A pathway of the catalog: its courses (hierarchical) or modules (flat), in order. */
export interface CatalogPathway {
  readonly courses: readonly string[];
  readonly modules: readonly string[];
  readonly title?: string;
  readonly awardsCertificate?: boolean;
}

export interface CatalogModule {
  readonly title?: string;
}

/**
 * The course catalog: which modules make a course, which courses (or modules, for a flat pathway) a pathway, and
 * every module it knows (those its courses and pathways list, and those that stand alone). Each map iterates in
 * catalog order (the order the source lists its content in).
 */
export interface Catalog {
  courses: ReadonlyMap<string, CatalogCourse>;
  pathways: ReadonlyMap<string, CatalogPathway>;
  modules: ReadonlyMap<string, CatalogModule>;
}

/**
 * The metrics LMS users segment on — average score, study minutes, current module, progress percentage — computed
 * from the facts and the catalog alone, so they never disagree with the state and a re-run recomputes the same values.
 *
 * A module is counted once per container (its course, or its flat pathway), as `hhl_total_progress` counts it: the
 * same module of a course held both standalone and inside a pathway is one module, with the larger of its measures.
 */
import { compareInstants } from './instant.js';
import { compareStrings, mapEntries, recordValues } from './slug-record.js';
import type { Catalog, CourseProgress, DerivedState, Instant, ModuleProgress, ProgressState } from './types.js';

export interface LearningMetrics {
  /** Mean of the module scores, rounded to one decimal; undefined when no module has a score. */
  averageScore?: number;
  /** Sum of the modules' time spent, in whole minutes; undefined when no module has a time. */
  studyMinutes?: number;
  /** Slug of the module with the latest start or completion (ties: the smaller slug); undefined when none has a time. */
  currentModule?: string;
  /**
   * Completed catalog modules out of every catalog module of the courses and pathways the learner is in (enrolled,
   * started or completed), as a whole percentage; undefined when the catalog knows none of them.
   */
  progressPercent?: number;
}

interface PlacedModule {
  /** `c:<course>/<module>`, `p:<flat pathway>/<module>` or `m:<standalone module>`. */
  readonly key: string;
  readonly slug: string;
  readonly module: ModuleProgress;
}

/**
 * The learning metrics of a derived state.
 * @example deriveLearningMetrics(state, catalog) // { averageScore: 87.5, studyMinutes: 42, currentModule: 'deals-pipeline', progressPercent: 67 }
 */
export function deriveLearningMetrics(derived: DerivedState, catalog: Catalog): LearningMetrics {
  const placed = placedModules(derived);
  const scores = measurePerKey(placed, (module) => module.score);
  const times = measurePerKey(placed, (module) => module.time_spent_seconds);
  const metrics: LearningMetrics = {};
  if (scores.length > 0) metrics.averageScore = Math.round((sum(scores) / scores.length) * 10) / 10;
  if (times.length > 0) metrics.studyMinutes = Math.round(sum(times) / 60);
  const current = currentModule(placed);
  if (current !== undefined) metrics.currentModule = current;
  const percent = progressPercent(derived, catalog, placed);
  if (percent !== undefined) metrics.progressPercent = percent;
  return metrics;
}

/** Every module node with the key it is counted under. */
function placedModules(state: ProgressState): PlacedModule[] {
  const fromCourse = (course: CourseProgress, courseSlug: string) =>
    mapEntries(course.modules, (module, slug) => ({ key: `c:${courseSlug}/${slug}`, slug, module }));
  return [
    ...mapEntries(state.courses, fromCourse).flat(),
    ...recordValues(state.pathways).flatMap((pathway) => mapEntries(pathway.courses, fromCourse).flat()),
    ...mapEntries(state.pathways, (pathway, pathwaySlug) =>
      mapEntries(pathway.modules, (module, slug) => ({ key: `p:${pathwaySlug}/${slug}`, slug, module })),
    ).flat(),
    ...mapEntries(state.modules, (module, slug) => ({ key: `m:${slug}`, slug, module })),
  ];
}

/** The largest value of a measure for each key that has one. */
function measurePerKey(placed: readonly PlacedModule[], measure: (module: ModuleProgress) => number | undefined): number[] {
  const byKey = new Map<string, number>();
  for (const { key, module } of placed) {
    const value = measure(module);
    if (value !== undefined) byKey.set(key, Math.max(value, byKey.get(key) ?? value));
  }
  return [...byKey.values()];
}

function currentModule(placed: readonly PlacedModule[]): string | undefined {
  let best: { at: Instant; slug: string } | undefined;
  for (const { slug, module } of placed) {
    for (const at of [module.started ? module.started_at : undefined, module.completed ? module.completed_at : undefined]) {
      if (at === undefined) continue;
      const order = best === undefined ? 1 : compareInstants(at, best.at);
      if (order > 0 || (order === 0 && best !== undefined && compareStrings(slug, best.slug) < 0)) best = { at, slug };
    }
  }
  return best?.slug;
}

function progressPercent(state: ProgressState, catalog: Catalog, placed: readonly PlacedModule[]): number | undefined {
  const inScope = new Set<string>();
  const addCourse = (courseSlug: string) => {
    for (const module of catalog.courses.get(courseSlug)?.modules ?? []) inScope.add(`c:${courseSlug}/${module}`);
  };
  const isIn = (node: { enrolled: boolean; started: boolean; completed: boolean }) => node.enrolled || node.started || node.completed;
  const courseEntries = [
    ...mapEntries(state.courses, (course, slug) => ({ slug, course })),
    ...recordValues(state.pathways).flatMap((pathway) => mapEntries(pathway.courses, (course, slug) => ({ slug, course }))),
  ];
  for (const { slug, course } of courseEntries) if (isIn(course)) addCourse(slug);
  for (const [slug, pathway] of Object.entries(state.pathways)) {
    const entry = catalog.pathways.get(slug);
    if (entry === undefined || !isIn(pathway)) continue;
    if (entry.courses.length > 0) entry.courses.forEach(addCourse);
    else for (const module of entry.modules) inScope.add(`p:${slug}/${module}`);
  }
  if (inScope.size === 0) return undefined;
  const completed = new Set(placed.filter(({ module }) => module.completed).map(({ key }) => key));
  const done = [...inScope].filter((key) => completed.has(key)).length;
  return Math.round((done / inScope.size) * 100);
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

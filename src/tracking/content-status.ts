/**
 * The status answers hh-learn's pages read (`/course/status`, `/pathway/status`, `/module/progress`), derived from a
 * learner's state and the catalog. Pure.
 *
 * - A module's status is the best of every place the learner holds it: `complete`, else `in_progress` (started),
 *   else `not_started`. Completion here is the learner's `learning_module_completed` event (there are no quiz or lab
 *   tasks), so every catalog module counts (`has_required_tasks: true`) and `no_tasks` is never answered.
 * - A course's status merges the course wherever the learner holds it (standalone and in any pathway), as
 *   `/progress/aggregate` does: `complete` when every catalog module of it is completed, `in_progress` when any is
 *   started, else `not_started`; it completes at the latest of its modules' completions.
 * - A pathway is `complete` when every catalog course (a flat pathway: every catalog module) is, `in_progress` when
 *   any is started, else `not_started` (an enrolment alone starts nothing).
 */
import { latestInstant } from '../progress/instant.js';
import { mergeCourses, mergeModules } from '../progress/merge-states.js';
import { emptyCourse, emptyModule } from '../progress/progress-nodes.js';
import { lookup, recordValues, sortedKeys } from '../progress/slug-record.js';
import type { Catalog, CourseProgress, Instant, ModuleProgress, ProgressState } from '../progress/types.js';
import type { CertificateEntity } from './certificate-id.js';

export type ContentStatus = 'complete' | 'in_progress' | 'not_started';

/** Issues the id of a certificate for a completion, or null when certificates are off. */
export type IssueCertificate = (entityType: CertificateEntity, slug: string, completedAt: Instant) => string | null;

export interface ModuleRow {
  module_slug: string;
  module_title: string;
  module_status: ContentStatus;
  has_required_tasks: true;
  tasks: Record<string, never>;
}

export interface CourseStatus {
  course_slug: string;
  course_title: string;
  course_status: ContentStatus;
  modules_completed: number;
  modules_total: number;
  modules: ModuleRow[];
  course_cert_id: string | null;
}

export interface PathwayCourseRow {
  course_slug: string;
  course_title: string;
  course_status: ContentStatus;
  modules_completed: number;
  modules_total: number;
  course_cert_id: string | null;
}

export interface PathwayStatus {
  pathway_slug: string;
  pathway_title: string;
  pathway_status: ContentStatus;
  courses_completed: number;
  courses_total: number;
  courses: PathwayCourseRow[];
  pathway_cert_id: string | null;
}

/** A completion the learner has reached, for certificates. */
export interface Completion {
  readonly entityType: CertificateEntity;
  readonly slug: string;
  readonly completedAt: Instant;
}

const NO_CERTIFICATES: IssueCertificate = () => null;

/** `/course/status` for a course the catalog knows. */
export function courseStatus(state: ProgressState, catalog: Catalog, slug: string, issue: IssueCertificate = NO_CERTIFICATES): CourseStatus {
  const course = heldCourse(state, slug);
  const modules = (catalog.courses.get(slug)?.modules ?? []).map((module) => moduleRow(catalog, module, lookup(course.modules, module)));
  const { course_cert_id, ...row } = courseRow(state, catalog, slug, issue);
  return { ...row, modules, course_cert_id };
}

/** `/pathway/status` for a pathway the catalog knows. */
export function pathwayStatus(state: ProgressState, catalog: Catalog, slug: string, issue: IssueCertificate = NO_CERTIFICATES): PathwayStatus {
  const entry = catalog.pathways.get(slug);
  const courses = (entry?.courses ?? []).map((course) => courseRow(state, catalog, course, issue));
  const tally = pathwayTally(state, catalog, slug);
  return {
    pathway_slug: slug,
    pathway_title: entry?.title ?? slug,
    pathway_status: tally.status,
    courses_completed: courses.filter((c) => c.course_status === 'complete').length,
    courses_total: courses.length,
    courses,
    pathway_cert_id: tally.completedAt === undefined ? null : issue('pathway', slug, tally.completedAt),
  };
}

/** Every catalog course and pathway the learner has completed (with a known time), in catalog order. */
export function completions(state: ProgressState, catalog: Catalog): Completion[] {
  const done: Completion[] = [];
  for (const [slug, course] of catalog.courses) {
    const tally = courseTally(state, catalog, slug);
    if (course.awardsCertificate !== false && tally.completedAt !== undefined) done.push({ entityType: 'course', slug, completedAt: tally.completedAt });
  }
  for (const [slug, pathway] of catalog.pathways) {
    const tally = pathwayTally(state, catalog, slug);
    if (pathway.awardsCertificate !== false && tally.completedAt !== undefined) done.push({ entityType: 'pathway', slug, completedAt: tally.completedAt });
  }
  return done;
}

/** A module's progress merged from every place the learner holds it. */
export function heldModule(state: ProgressState, slug: string): ModuleProgress {
  const nodes = [
    lookup(state.modules, slug),
    ...recordValues(state.courses).map((course) => lookup(course.modules, slug)),
    ...recordValues(state.pathways).flatMap((pathway) => [
      lookup(pathway.modules, slug),
      ...recordValues(pathway.courses).map((course) => lookup(course.modules, slug)),
    ]),
  ];
  return nodes.reduce<ModuleProgress>((acc, node) => (node === undefined ? acc : mergeModules(acc, node)), emptyModule());
}

export function moduleStatusOf(module: ModuleProgress | undefined): ContentStatus {
  if (module?.completed === true) return 'complete';
  return module?.started === true ? 'in_progress' : 'not_started';
}

/** The course merged from every place the learner holds it: standalone and in each pathway. */
export function heldCourse(state: ProgressState, slug: string): CourseProgress {
  const held = [lookup(state.courses, slug), ...sortedKeys(state.pathways).map((p) => lookup(lookup(state.pathways, p)?.courses ?? {}, slug))];
  return held.reduce<CourseProgress>((acc, node) => (node === undefined ? acc : mergeCourses(acc, node)), emptyCourse());
}

interface Tally {
  readonly status: ContentStatus;
  readonly completed: number;
  readonly total: number;
  /** Set when complete and every completion has a time. */
  readonly completedAt?: Instant;
}

function courseTally(state: ProgressState, catalog: Catalog, slug: string): Tally {
  const course = heldCourse(state, slug);
  return tallyModules((catalog.courses.get(slug)?.modules ?? []).map((m) => lookup(course.modules, m)));
}

function pathwayTally(state: ProgressState, catalog: Catalog, slug: string): Tally {
  const entry = catalog.pathways.get(slug);
  if (entry === undefined) return { status: 'not_started', completed: 0, total: 0 };
  if (entry.courses.length === 0) {
    const pathway = lookup(state.pathways, slug);
    return tallyModules(entry.modules.map((m) => (pathway === undefined ? undefined : lookup(pathway.modules, m))));
  }
  const courses = entry.courses.map((course) => courseTally(state, catalog, course));
  const completed = courses.filter((c) => c.status === 'complete').length;
  const started = courses.some((c) => c.status !== 'not_started');
  return finish(completed, courses.length, started, courses.map((c) => c.completedAt));
}

/** An enrolment alone is not a start: hh-learn's pages say "Start Course" for a course only enrolled in. */
function tallyModules(modules: readonly (ModuleProgress | undefined)[]): Tally {
  const completed = modules.filter((m) => m?.completed === true).length;
  const started = modules.some((m) => m?.started === true || m?.completed === true);
  return finish(completed, modules.length, started, modules.map((m) => (m?.completed === true ? m.completed_at : undefined)));
}

function finish(completed: number, total: number, started: boolean, times: readonly (Instant | undefined)[]): Tally {
  if (total > 0 && completed === total) {
    const known = times.every((t) => t !== undefined);
    const at = times.reduce<Instant | undefined>(latestInstant, undefined);
    return known && at !== undefined ? { status: 'complete', completed, total, completedAt: at } : { status: 'complete', completed, total };
  }
  return { status: started ? 'in_progress' : 'not_started', completed, total };
}

/** A course's status, its modules tallied and its certificate: a pathway's row, and `/course/status` without modules. */
function courseRow(state: ProgressState, catalog: Catalog, slug: string, issue: IssueCertificate): PathwayCourseRow {
  const tally = courseTally(state, catalog, slug);
  return {
    course_slug: slug,
    course_title: catalog.courses.get(slug)?.title ?? slug,
    course_status: tally.status,
    modules_completed: tally.completed,
    modules_total: tally.total,
    course_cert_id: tally.completedAt === undefined ? null : issue('course', slug, tally.completedAt),
  };
}

function moduleRow(catalog: Catalog, slug: string, module: ModuleProgress | undefined): ModuleRow {
  return {
    module_slug: slug,
    module_title: catalog.modules.get(slug)?.title ?? slug,
    module_status: moduleStatusOf(module),
    has_required_tasks: true,
    tasks: {},
  };
}

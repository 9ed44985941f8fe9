/**
 * The pathways and courses a learner is enrolled in, for a "my learning" page. Pure: derived state in, lists out.
 * A node counts as enrolled when it says so or when the learner has started or completed it (legacy data may hold
 * progress without the enrolment flag) — the rule `hhl_enrolled_courses` follows too.
 */
import { compareInstants } from '../progress/instant.js';
import { compareStrings, mapEntries } from '../progress/slug-record.js';
import type { CourseProgress, Instant, PathwayProgress, ProgressState } from '../progress/types.js';

export interface PathwayEnrollment {
  slug: string;
  enrolled_at: Instant | null;
  enrollment_source: string | null;
}

export interface CourseEnrollment extends PathwayEnrollment {
  /** The pathway the course is held in; null for a standalone course. */
  pathway_slug: string | null;
}

export interface EnrollmentList {
  pathways: PathwayEnrollment[];
  courses: CourseEnrollment[];
}

/**
 * Every enrolled pathway, and every enrolled course once per place it is held (standalone, or in a pathway), the
 * most recent enrolment first (unknown times last), then by slug.
 */
export function listEnrollments(state: ProgressState): EnrollmentList {
  const pathways = mapEntries(state.pathways, (pathway, slug) => (isEnrolled(pathway) ? enrollmentOf(slug, pathway) : undefined));
  const courses = [
    ...mapEntries(state.courses, (course, slug) => courseEnrollment(slug, course, null)),
    ...mapEntries(state.pathways, (pathway, pathwaySlug) =>
      mapEntries(pathway.courses, (course, slug) => courseEnrollment(slug, course, pathwaySlug)),
    ).flat(),
  ];
  return {
    pathways: pathways.filter((p) => p !== undefined).sort(byRecency),
    courses: courses.filter((c) => c !== undefined).sort(byRecency),
  };
}

function courseEnrollment(slug: string, course: CourseProgress, pathwaySlug: string | null): CourseEnrollment | undefined {
  return isEnrolled(course) ? { ...enrollmentOf(slug, course), pathway_slug: pathwaySlug } : undefined;
}

function isEnrolled(node: CourseProgress | PathwayProgress): boolean {
  return node.enrolled || node.started || node.completed;
}

function enrollmentOf(slug: string, node: CourseProgress | PathwayProgress): PathwayEnrollment {
  return { slug, enrolled_at: node.enrolled_at ?? null, enrollment_source: node.enrollment_source ?? null };
}

function byRecency(a: CourseEnrollment | PathwayEnrollment, b: CourseEnrollment | PathwayEnrollment): number {
  if (a.enrolled_at !== b.enrolled_at) {
    if (a.enrolled_at === null) return 1;
    if (b.enrolled_at === null) return -1;
    const byTime = compareInstants(b.enrolled_at, a.enrolled_at);
    if (byTime !== 0) return byTime;
  }
  const bySlug = compareStrings(a.slug, b.slug);
  if (bySlug !== 0) return bySlug;
  return compareStrings(pathwayOf(a), pathwayOf(b));
}

function pathwayOf(entry: CourseEnrollment | PathwayEnrollment): string {
  return 'pathway_slug' in entry && entry.pathway_slug !== null ? entry.pathway_slug : '';
}

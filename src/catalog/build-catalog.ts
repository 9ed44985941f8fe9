import { CatalogError } from '../errors.js';
import type { Catalog, CatalogCourse, CatalogModule, CatalogPathway } from '../progress/types.js';
import type { CatalogFile, CourseEntry, ModuleEntry, PathwayEntry } from './catalog-schema.js';

/** A catalog and what was odd about its source but did not stop it (logged at start and on every refresh). */
export interface BuiltCatalog {
  readonly catalog: Catalog;
  readonly warnings: readonly string[];
}

/**
 * Checks cross-references and freezes a catalog into lookup maps in catalog order: content sorted by `display_order`
 * (missing last), ties in the order the source lists them. A slug defined twice is an error; a pathway naming a
 * course the catalog does not have (hh-learn's content has two, one of them archived) keeps its other courses and
 * the dangling name is reported as a warning, so the pathway can still be completed.
 */
export function buildCatalog(file: CatalogFile, where: string): BuiltCatalog {
  const warnings: string[] = [];
  const courses = new Map<string, CatalogCourse>();
  for (const course of inCatalogOrder(file.courses)) {
    if (courses.has(course.slug)) throw new CatalogError(`Invalid catalog ${where}: course "${course.slug}" is defined twice`);
    courses.set(course.slug, Object.freeze(withOptional({ modules: Object.freeze([...new Set(course.modules)]) }, course)));
  }
  const pathways = new Map<string, CatalogPathway>();
  for (const pathway of inCatalogOrder(file.pathways)) {
    if (pathways.has(pathway.slug)) throw new CatalogError(`Invalid catalog ${where}: pathway "${pathway.slug}" is defined twice`);
    const named = [...new Set(pathway.courses ?? [])];
    const unknown = named.filter((c) => !courses.has(c));
    if (unknown.length > 0) warnings.push(`pathway "${pathway.slug}" names unknown course(s) ${unknown.join(', ')}; they are left out`);
    const entry = { courses: Object.freeze(named.filter((c) => courses.has(c))), modules: Object.freeze([...new Set(pathway.modules ?? [])]) };
    pathways.set(pathway.slug, Object.freeze(withOptional(entry, pathway)));
  }
  return { catalog: Object.freeze({ courses, pathways, modules: moduleRegistry(courses, pathways, file.modules) }), warnings };
}

/** Every module: those the catalog's courses list (in course order), then flat pathways', then the standalone ones. */
function moduleRegistry(
  courses: ReadonlyMap<string, CatalogCourse>,
  pathways: ReadonlyMap<string, CatalogPathway>,
  standalone: readonly ModuleEntry[],
): ReadonlyMap<string, CatalogModule> {
  const titles = new Map(standalone.map((m) => [m.slug, m.title]));
  const modules = new Map<string, CatalogModule>();
  const add = (slug: string) => {
    if (modules.has(slug)) return;
    const title = titles.get(slug);
    modules.set(slug, Object.freeze(title === undefined ? {} : { title }));
  };
  for (const course of courses.values()) course.modules.forEach(add);
  for (const pathway of pathways.values()) pathway.modules.forEach(add);
  for (const module of inCatalogOrder(standalone)) add(module.slug);
  return modules;
}

function inCatalogOrder<T extends { display_order?: number | undefined }>(entries: readonly T[]): T[] {
  return entries
    .map((entry, index) => ({ entry, index }))
    .sort((a, b) => (a.entry.display_order ?? Infinity) - (b.entry.display_order ?? Infinity) || a.index - b.index)
    .map(({ entry }) => entry);
}

function withOptional<T extends object>(entry: T, source: CourseEntry | PathwayEntry): T & { title?: string; awardsCertificate?: boolean } {
  const result: T & { title?: string; awardsCertificate?: boolean } = { ...entry };
  if (source.title !== undefined) result.title = source.title;
  if (source.awards_certificate !== undefined) result.awardsCertificate = source.awards_certificate;
  return result;
}

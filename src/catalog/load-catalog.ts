import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { z } from 'zod';
import { CatalogError } from '../errors.js';
import type { Catalog } from '../progress/types.js';
import { type CatalogFile, catalogFileSchema, courseEntrySchema, pathwayEntrySchema } from './catalog-schema.js';
import defaultCatalogJson from './default-catalog.json' with { type: 'json' };

/**
 * Loads the course catalog. With no path, the catalog bundled with the service (so it cannot go missing at deploy
 * time). A path is one JSON file `{courses, pathways}` or a folder with `courses/*.json` and `pathways/*.json`.
 * Any problem throws a {@link CatalogError} naming the file and the problem, so the service fails at start.
 */
export function loadCatalog(path?: string): Catalog {
  if (path === undefined) return buildCatalog(parseWith(catalogFileSchema, defaultCatalogJson, 'default catalog'), 'default catalog');
  const full = resolve(path);
  let isFolder: boolean;
  try {
    isFolder = statSync(full).isDirectory();
  } catch {
    throw new CatalogError(`Catalog not found: ${full}`);
  }
  const file: CatalogFile = isFolder ? readFolder(full) : parseWith(catalogFileSchema, readJson(full), full);
  return buildCatalog(file, full);
}

function readFolder(folder: string): CatalogFile {
  const courses = jsonFilesIn(join(folder, 'courses')).map((f) => parseWith(courseEntrySchema, readJson(f), f));
  const pathways = jsonFilesIn(join(folder, 'pathways')).map((f) => parseWith(pathwayEntrySchema, readJson(f), f));
  if (courses.length === 0 && pathways.length === 0) {
    throw new CatalogError(`Catalog folder ${folder} has no courses/*.json or pathways/*.json`);
  }
  return { courses, pathways };
}

function jsonFilesIn(folder: string): string[] {
  try {
    return readdirSync(folder)
      .filter((name) => name.endsWith('.json'))
      .sort()
      .map((name) => join(folder, name));
  } catch {
    return [];
  }
}

function readJson(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (cause) {
    throw new CatalogError(`Cannot read catalog file ${file}: ${(cause as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw new CatalogError(`Catalog file ${file} is not valid JSON: ${(cause as Error).message}`);
  }
}

function parseWith<T extends z.ZodType>(schema: T, value: unknown, where: string): z.infer<T> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new CatalogError(`Invalid catalog ${where}: ${problems.join('; ')}`);
  }
  return parsed.data;
}

/** Checks cross-references (unique slugs, known courses) and freezes the catalog into lookup maps. */
function buildCatalog(file: CatalogFile, where: string): Catalog {
  const courses = new Map<string, { modules: readonly string[] }>();
  for (const course of file.courses) {
    if (courses.has(course.slug)) throw new CatalogError(`Invalid catalog ${where}: course "${course.slug}" is defined twice`);
    courses.set(course.slug, Object.freeze({ modules: Object.freeze([...new Set(course.modules)]) }));
  }
  const pathways = new Map<string, { courses: readonly string[]; modules: readonly string[] }>();
  for (const pathway of file.pathways) {
    if (pathways.has(pathway.slug)) throw new CatalogError(`Invalid catalog ${where}: pathway "${pathway.slug}" is defined twice`);
    const unknown = (pathway.courses ?? []).filter((c) => !courses.has(c));
    if (unknown.length > 0) {
      throw new CatalogError(`Invalid catalog ${where}: pathway "${pathway.slug}" names unknown course(s) ${unknown.join(', ')}`);
    }
    pathways.set(
      pathway.slug,
      Object.freeze({
        courses: Object.freeze([...new Set(pathway.courses ?? [])]),
        modules: Object.freeze([...new Set(pathway.modules ?? [])]),
      }),
    );
  }
  return Object.freeze({ courses, pathways });
}

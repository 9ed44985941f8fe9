import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { z } from 'zod';
import { CatalogError } from '../errors.js';
import type { Catalog } from '../progress/types.js';
import { type BuiltCatalog, buildCatalog } from './build-catalog.js';
import { type CatalogFile, type ModuleEntry, SLUG_PATTERN, catalogFileSchema, courseEntrySchema, pathwayEntrySchema } from './catalog-schema.js';
import defaultCatalogJson from './default-catalog.json' with { type: 'json' };

/**
 * Loads the course catalog. With no path, the catalog bundled with the service (so it cannot go missing at deploy
 * time). A path is one JSON file `{courses, pathways, modules?}` or a folder laid out as hh-learn's `content/`:
 * `courses/*.json`, `pathways/*.json` and, optionally, `modules/<slug>/` folders (modules that may stand alone).
 * Unknown keys are ignored and nothing else in the folder (`archive/`, drafts) is read. Any problem throws a
 * {@link CatalogError} naming the file and the problem, so the service fails at start; oddities that do not stop it
 * (a pathway naming a course that does not exist) go to `warn`.
 */
export function loadCatalog(path?: string, warn: (message: string) => void = () => {}): Catalog {
  const built = readCatalog(path);
  built.warnings.forEach(warn);
  return built.catalog;
}

/** {@link loadCatalog} with its warnings returned. */
export function readCatalog(path?: string): BuiltCatalog {
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
  return { courses, pathways, modules: moduleFolders(join(folder, 'modules')) };
}

/** hh-learn keeps one folder per module, named by its slug; a folder whose name is not a slug is not a module. */
function moduleFolders(folder: string): ModuleEntry[] {
  try {
    return readdirSync(folder, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && SLUG_PATTERN.test(entry.name))
      .map((entry) => entry.name)
      .sort()
      .map((slug) => ({ slug }));
  } catch {
    return [];
  }
}

function jsonFilesIn(folder: string): string[] {
  try {
    return readdirSync(folder, { withFileTypes: true })
      .filter((entry) => entry.isFile() && entry.name.endsWith('.json'))
      .map((entry) => entry.name)
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

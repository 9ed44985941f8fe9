/**
 * hh-learn's three HubDB tables as a catalog. The columns are the ones its sync jobs write:
 *
 * | table | slug | title | structure | order |
 * |---|---|---|---|---|
 * | courses | row `path` (`hs_path`) | row `name` (`hs_name`) | `module_slugs_json` | `display_order` |
 * | pathways | row `path` | row `name` | `course_slugs_json` (hierarchical) or `module_slugs_json` (flat) | `display_order` |
 * | modules | row `path` | row `name` | — | `display_order` |
 *
 * `awards_certificate` (a BOOLEAN column set by hand) is read on courses and pathways. A row tagged `archived`
 * (`tags` holds it in a comma-separated list) is skipped, as hh-learn's pages skip it. A row that cannot be read (no
 * path, a slug that is not one, a course without modules) is skipped with a warning rather than failing the catalog.
 */
import { type BuiltCatalog, buildCatalog } from '../build-catalog.js';
import { type CourseEntry, type ModuleEntry, type PathwayEntry, RESERVED_PATHWAY_SLUGS, SLUG_PATTERN, courseEntrySchema, pathwayEntrySchema } from '../catalog-schema.js';
import type { HubDbRow } from './hubdb-rows-api.js';

export interface HubDbTables {
  readonly courses: readonly HubDbRow[];
  readonly pathways: readonly HubDbRow[];
  readonly modules: readonly HubDbRow[];
}

/** The catalog the three tables describe, with a warning for every row left out. */
export function catalogFromHubDb(tables: HubDbTables, where: string): BuiltCatalog {
  const warnings: string[] = [];
  const courses: CourseEntry[] = [];
  for (const row of published(tables.courses)) {
    const slug = rowSlug(row, 'courses', warnings);
    if (slug === undefined) continue;
    const parsed = courseEntrySchema.safeParse({ ...common(row, slug), modules: slugList(row.values['module_slugs_json']) });
    if (parsed.success) courses.push(parsed.data);
    else warnings.push(`courses row "${slug}" left out: its module_slugs_json lists no module slugs`);
  }
  const pathways: PathwayEntry[] = [];
  for (const row of published(tables.pathways)) {
    const slug = rowSlug(row, 'pathways', warnings);
    if (slug === undefined) continue;
    if (RESERVED_PATHWAY_SLUGS.includes(slug)) {
      warnings.push(`pathways row "${slug}" left out: the slug is reserved`);
      continue;
    }
    const parsed = pathwayEntrySchema.safeParse({
      ...common(row, slug),
      courses: slugList(row.values['course_slugs_json']),
      modules: slugList(row.values['module_slugs_json']),
    });
    if (parsed.success) pathways.push(parsed.data);
    else warnings.push(`pathways row "${slug}" left out: its course_slugs_json and module_slugs_json list nothing`);
  }
  const modules: ModuleEntry[] = [];
  for (const row of published(tables.modules)) {
    const slug = rowSlug(row, 'modules', warnings);
    if (slug === undefined) continue;
    const { title, display_order } = common(row, slug);
    modules.push({ slug, ...(title === undefined ? {} : { title }), ...(display_order === undefined ? {} : { display_order }) });
  }
  const built = buildCatalog({ courses, pathways, modules }, where);
  return { catalog: built.catalog, warnings: [...warnings, ...built.warnings] };
}

function published(rows: readonly HubDbRow[]): HubDbRow[] {
  return rows.filter((row) => !text(row.values['tags']).split(',').some((tag) => tag.trim().toLowerCase() === 'archived'));
}

/** hh-learn matches `path` case-insensitively; a path that is not a slug after lower-casing is left out. */
function rowSlug(row: HubDbRow, table: string, warnings: string[]): string | undefined {
  const path = (row.path ?? text(row.values['hs_path'])).trim().toLowerCase();
  if (SLUG_PATTERN.test(path)) return path;
  warnings.push(`${table} row ${row.id ?? '?'} left out: its path ${JSON.stringify(path.slice(0, 60))} is not a slug`);
  return undefined;
}

function common(row: HubDbRow, slug: string): { slug: string; title?: string; display_order?: number; awards_certificate?: boolean } {
  const title = [row.name, row.values['hs_name'], row.values['name']].find((v): v is string => typeof v === 'string' && v.trim() !== '');
  const order = row.values['display_order'];
  const awards = row.values['awards_certificate'];
  const result: { slug: string; title?: string; display_order?: number; awards_certificate?: boolean } = { slug };
  if (title !== undefined) result.title = title.trim();
  if (typeof order === 'number' && Number.isFinite(order)) result.display_order = order;
  if (awards !== undefined && awards !== null && awards !== '') result.awards_certificate = awards === true || awards === 1 || awards === '1' || awards === 'true';
  return result;
}

/**
 * A `*_slugs_json` value: a JSON array of slugs as a string (hh-learn's sync writes it so), possibly inside the
 * `<p>…</p>` of a RICHTEXT column with its quotes as entities; an array as it is. Anything unreadable is empty.
 */
export function slugList(value: unknown): string[] {
  let parsed: unknown = value;
  if (typeof value === 'string') {
    const json = value
      .replace(/<[^>]*>/g, '')
      .replace(/&quot;|&#34;|&#x22;/gi, '"')
      .replace(/&amp;/gi, '&')
      .trim();
    if (json === '') return [];
    try {
      parsed = JSON.parse(json);
    } catch {
      return [];
    }
  }
  if (!Array.isArray(parsed)) return [];
  return parsed.filter((s): s is string => typeof s === 'string').map((s) => s.trim().toLowerCase()).filter((s) => SLUG_PATTERN.test(s));
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

import { z } from 'zod';
import { pathwaySlugSchema, slugSchema } from '../catalog/catalog-schema.js';
import { RequestError } from '../errors.js';
import type { Catalog } from '../progress/types.js';
import type { RequestContext } from './app-dependencies.js';
import { formatIssues } from './format-issues.js';
import { contactIdSchema, emailSchema, type RequestIdentity, toRequestIdentity } from '../identity.js';

export type ContentKind = 'course' | 'pathway' | 'module';

const PARAMETERS: Record<ContentKind, string> = { course: 'course_slug', pathway: 'pathway_slug', module: 'module_slug' };

/**
 * The content a status route is asked about (`?course_slug=…`, `?pathway_slug=…`, `?module_slug=…`) and the learner
 * the query names (`?email=…|?contactId=…`, as on `/progress/read`). A missing or malformed slug is 400
 * `SCHEMA_VALIDATION_FAILED`; one the catalog does not know is 400 `UNKNOWN_CONTENT` with the message hh-learn's pages
 * look for (`course not found`); no catalog loaded at all is 503 `CATALOG_UNAVAILABLE`.
 */
export function parseContentQuery(
  query: Record<string, string | undefined> | undefined,
  kind: ContentKind,
  catalog: Catalog | undefined,
): { slug: string; claimed: RequestIdentity | undefined; catalog: Catalog } {
  const parameter = PARAMETERS[kind];
  const schema = z.object({
    [parameter]: z.preprocess((v) => (typeof v === 'string' ? v.trim().toLowerCase() : v), kind === 'pathway' ? pathwaySlugSchema : slugSchema),
    email: emailSchema,
    contactId: contactIdSchema,
  });
  const raw = query ?? {};
  if (raw[parameter] === undefined || raw[parameter] === '') {
    throw new RequestError(400, 'SCHEMA_VALIDATION_FAILED', `${parameter} query parameter is required`, [`${parameter}: required`]);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new RequestError(400, 'SCHEMA_VALIDATION_FAILED', 'Invalid query', formatIssues(parsed.error.issues));
  const slug = String(parsed.data[parameter]);
  if (catalog === undefined) {
    throw new RequestError(503, 'CATALOG_UNAVAILABLE', 'The catalog is not available yet; try again shortly', [], { 'Retry-After': '30' });
  }
  const known = kind === 'course' ? catalog.courses.has(slug) : kind === 'pathway' ? catalog.pathways.has(slug) : catalog.modules.has(slug);
  if (!known) throw new RequestError(400, 'UNKNOWN_CONTENT', `${kind} not found`, [`${parameter}: ${kind} "${slug}" is not in the catalog`]);
  return { slug, claimed: toRequestIdentity(parsed.data.email, parsed.data.contactId), catalog };
}

/**
 * {@link parseContentQuery} with the request's catalog; before a slug is refused as unknown, a refreshing catalog is
 * asked again (`recheck`), so a page for content published since the last refresh works at once.
 */
export async function resolveContentQuery(
  query: Record<string, string | undefined> | undefined,
  kind: ContentKind,
  context: RequestContext,
): Promise<ReturnType<typeof parseContentQuery>> {
  try {
    return parseContentQuery(query, kind, context.catalog);
  } catch (error) {
    if (!(error instanceof RequestError) || error.code !== 'UNKNOWN_CONTENT') throw error;
    const fresh = await context.services.catalogs.recheck?.();
    if (fresh === undefined || fresh === context.catalog) throw error;
    return parseContentQuery(query, kind, fresh);
  }
}

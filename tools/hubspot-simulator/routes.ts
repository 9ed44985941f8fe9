import { accountDetails, readPropertyDefinitions } from './account-routes.js';
import { batchRead, batchUpdate } from './batch-routes.js';
import { batchCreate } from './batch-create-route.js';
import { createContact, gdprDelete, mergeContacts, readContact, updateContact } from './contact-routes.js';
import { type ApiVersion, DATE_VERSIONS, type RouteHandler } from './route-context.js';
import { searchContacts } from './search-route.js';

/**
 * The HubSpot endpoints the simulator answers, and how a request finds its route. Every endpoint is answered on the
 * `/crm/v3/…` path and on the date-based paths (`/crm/objects/2026-09/contacts/…`, `/crm/properties/2026-09/…`,
 * `/account-info/2026-09/…`), which take the same bodies; a route knows which version it was reached by.
 */

export interface Route {
  /** `METHOD /path/{param}`: the key of the route in the stats. */
  readonly name: string;
  readonly method: string;
  readonly pattern: RegExp;
  /** Names of the pattern's capture groups, in order. */
  readonly params: readonly string[];
  /** Search has its own per-second limit on top of the account's window. */
  readonly limit: 'account' | 'search';
  /** The scope a token needs for it (a token lacking it is answered 403 `MISSING_SCOPES`). */
  readonly scope: string;
  readonly version: ApiVersion;
  readonly handle: RouteHandler;
}

export type RouteMatch =
  | { readonly kind: 'route'; readonly route: Route; readonly params: Readonly<Record<string, string>> }
  | { readonly kind: 'no-route' }
  | { readonly kind: 'wrong-method' };

const READ = 'crm.objects.contacts.read';
const WRITE = 'crm.objects.contacts.write';
const SCHEMA_READ = 'crm.schemas.contacts.read';

interface PathFamily {
  readonly version: ApiVersion;
  readonly contacts: string;
  readonly properties: string;
  readonly account: string;
}

const FAMILIES: readonly PathFamily[] = [
  { version: 'v3', contacts: '/crm/v3/objects/contacts', properties: '/crm/v3/properties/contacts', account: '/account-info/v3' },
  ...DATE_VERSIONS.map((version) => ({
    version,
    contacts: `/crm/objects/${version}/contacts`,
    properties: `/crm/properties/${version}/contacts`,
    account: `/account-info/${version}`,
  })),
];

function route(family: PathFamily, method: string, path: string, handle: RouteHandler, scope: string, limit: Route['limit'] = 'account'): Route {
  const params = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '');
  const source = path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{\w+\}/g, '([^/]+)');
  return { name: `${method} ${path}`, method, pattern: new RegExp(`^${source}$`), params, limit, scope, version: family.version, handle };
}

// The fixed paths come first: `batch/read` must not be taken for an id (it cannot be, it has a slash, but `search` could).
export const ROUTES: readonly Route[] = FAMILIES.flatMap((f) => [
  route(f, 'POST', `${f.contacts}/batch/read`, batchRead, READ),
  route(f, 'POST', `${f.contacts}/batch/create`, batchCreate, WRITE),
  route(f, 'POST', `${f.contacts}/batch/update`, batchUpdate, WRITE),
  route(f, 'POST', `${f.contacts}/search`, searchContacts, READ, 'search'),
  route(f, 'POST', `${f.contacts}/merge`, mergeContacts, WRITE),
  route(f, 'POST', `${f.contacts}/gdpr-delete`, gdprDelete, WRITE),
  route(f, 'POST', f.contacts, createContact, WRITE),
  route(f, 'GET', `${f.contacts}/{id}`, readContact, READ),
  route(f, 'PATCH', `${f.contacts}/{id}`, updateContact, WRITE),
  route(f, 'POST', `${f.properties}/batch/read`, readPropertyDefinitions, SCHEMA_READ),
  route(f, 'GET', `${f.account}/details`, accountDetails, 'oauth'),
]);

/** Finds the route for a request; the path parameters come back URL-decoded. */
export function matchRoute(method: string, pathname: string): RouteMatch {
  let pathMatched = false;
  for (const candidate of ROUTES) {
    const match = candidate.pattern.exec(pathname);
    if (match === null) continue;
    if (candidate.method !== method) {
      pathMatched = true;
      continue;
    }
    const params = Object.fromEntries(candidate.params.map((name, i) => [name, safeDecode(match[i + 1] ?? '')]));
    return { kind: 'route', route: candidate, params };
  }
  return pathMatched ? { kind: 'wrong-method' } : { kind: 'no-route' };
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

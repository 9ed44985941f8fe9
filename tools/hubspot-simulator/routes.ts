import { batchCreate, batchRead, batchUpdate } from './batch-routes.js';
import { createContact, readContact, updateContact } from './contact-routes.js';
import type { RouteHandler } from './route-context.js';
import { searchContacts } from './search-route.js';

/** The HubSpot endpoints the simulator answers, and how a request finds its route. */

export interface Route {
  /** `METHOD /path/{param}`: the key of the route in the stats. */
  readonly name: string;
  readonly method: string;
  readonly pattern: RegExp;
  /** Names of the pattern's capture groups, in order. */
  readonly params: readonly string[];
  /** Search has its own per-second limit on top of the account's window. */
  readonly limit: 'account' | 'search';
  readonly handle: RouteHandler;
}

export type RouteMatch =
  | { readonly kind: 'route'; readonly route: Route; readonly params: Readonly<Record<string, string>> }
  | { readonly kind: 'no-route' }
  | { readonly kind: 'wrong-method' };

const CONTACTS = '/crm/v3/objects/contacts';

function route(method: string, path: string, handle: RouteHandler, limit: Route['limit'] = 'account'): Route {
  const params = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '');
  const source = path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{\w+\}/g, '([^/]+)');
  return { name: `${method} ${path}`, method, pattern: new RegExp(`^${source}$`), params, limit, handle };
}

// The fixed paths come first: `batch/read` must not be taken for an id (it cannot be, it has a slash, but `search` could).
export const ROUTES: readonly Route[] = [
  route('POST', `${CONTACTS}/batch/read`, batchRead),
  route('POST', `${CONTACTS}/batch/create`, batchCreate),
  route('POST', `${CONTACTS}/batch/update`, batchUpdate),
  route('POST', `${CONTACTS}/search`, searchContacts, 'search'),
  route('POST', CONTACTS, createContact),
  route('GET', `${CONTACTS}/{id}`, readContact),
  route('PATCH', `${CONTACTS}/{id}`, updateContact),
];

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

import { additionalEmailsOf, type SimContact } from './contact-history-store.js';
import { valueOf, viewIn } from './contact-view.js';
import { parseBody, searchBodySchema, type SearchFilter } from './request-schemas.js';
import type { RouteContext, RouteRequest } from './route-context.js';
import { invalidInputBody } from './error-bodies.js';
import { json, type SimResponse } from './sim-response.js';

/**
 * `POST /crm/v3/objects/contacts/search`, with the index lag that makes search the wrong tool for identity: a contact
 * is found only `searchLagMs` after its last write (then with its current values). Its per-second limit is applied by
 * the request pipeline, before this runs.
 */

/** HubSpot's cap on the results one search query can page through. */
export const MAX_SEARCH_RESULTS = 10_000;

/** What HubSpot answers from a search when no `properties` are asked for. */
const SEARCH_DEFAULT_PROPERTIES = ['createdate', 'email', 'firstname', 'hs_object_id', 'lastmodifieddate', 'lastname'];

export function searchContacts(request: RouteRequest, context: RouteContext): SimResponse {
  const body = parseBody(searchBodySchema, request.body);
  if (!body.ok) return body.response;
  const { filterGroups, properties, limit, after = 0 } = body.value;
  // HubSpot answers at most 10,000 results per query; paging past them is refused.
  if (after + limit > MAX_SEARCH_RESULTS) {
    return json(400, invalidInputBody(`Paging past ${MAX_SEARCH_RESULTS} results is not supported: narrow the query (e.g. hs_object_id GT the last id)`));
  }
  const indexedBefore = context.now() - context.options.searchLagMs;
  const matches = context.store
    .all()
    .filter((contact) => contact.updatedAt <= indexedBefore)
    // Filter groups are ORed, the filters of a group ANDed; no groups matches everything.
    .filter((contact) => filterGroups.length === 0 || filterGroups.some((group) => group.filters.every((f) => matchesFilter(contact, f))))
    .sort((a, b) => Number(a.id) - Number(b.id));
  const page = matches.slice(after, after + limit);
  const selection = { properties: properties !== undefined && properties.length > 0 ? properties : SEARCH_DEFAULT_PROPERTIES };
  const results = page.map((contact) => viewIn(context, contact, selection));
  const next = after + limit < matches.length ? { paging: { next: { after: String(after + limit) } } } : {};
  return json(200, { total: matches.length, results, ...next });
}

/** HubSpot compares text case-insensitively; `email EQ`/`IN` also matches an additional email, as observed. */
function matchesFilter(contact: SimContact, filter: SearchFilter): boolean {
  if (filter.propertyName === 'email' && (filter.operator === 'EQ' || filter.operator === 'IN')) {
    const wanted = [filter.value, ...(filter.values ?? [])].filter((v): v is string => v !== undefined).map((v) => v.toLowerCase());
    if (additionalEmailsOf(contact).some((email) => wanted.includes(email))) return true;
  }
  const value = valueOf(contact, filter.propertyName)?.toLowerCase();
  const wanted = filter.value?.toLowerCase();
  const wantedList = (filter.values ?? []).map((v) => v.toLowerCase());
  switch (filter.operator) {
    case 'EQ':
      return value !== undefined && value === wanted;
    case 'NEQ':
      return value !== wanted;
    case 'IN':
      return value !== undefined && wantedList.includes(value);
    case 'NOT_IN':
      return value === undefined || !wantedList.includes(value);
    case 'LT':
    case 'LTE':
    case 'GT':
    case 'GTE':
      return value !== undefined && wanted !== undefined && compares(filter.operator, compareValues(value, wanted));
    case 'HAS_PROPERTY':
      return value !== undefined;
    case 'NOT_HAS_PROPERTY':
      return value === undefined;
  }
}

/** Numbers (ids, counts) compare as numbers, anything else as text. */
function compareValues(value: string, wanted: string): number {
  const a = Number(value);
  const b = Number(wanted);
  if (value.trim() !== '' && wanted.trim() !== '' && Number.isFinite(a) && Number.isFinite(b)) return a - b;
  return value < wanted ? -1 : value > wanted ? 1 : 0;
}

function compares(operator: 'LT' | 'LTE' | 'GT' | 'GTE', order: number): boolean {
  switch (operator) {
    case 'LT':
      return order < 0;
    case 'LTE':
      return order <= 0;
    case 'GT':
      return order > 0;
    case 'GTE':
      return order >= 0;
  }
}

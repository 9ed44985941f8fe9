import type { SimContact } from './contact-history-store.js';
import { listParam, viewIn } from './contact-view.js';
import { errorBody, notFoundBody } from './error-bodies.js';
import { createBodySchema, gdprDeleteBodySchema, mergeBodySchema, parseBody, updateBodySchema } from './request-schemas.js';
import type { RouteContext, RouteRequest } from './route-context.js';
import { json, type SimResponse } from './sim-response.js';
import { checkValues, emailConflict, requiredFieldsRefusal } from './write-checks.js';

/** The single-contact endpoints: `GET`, `POST` and `PATCH /crm/v3/objects/contacts[/{idOrEmail}]`, and `merge`. */

/**
 * `GET /crm/v3/objects/contacts/{idOrEmail}[?idProperty=email]&properties=…&propertiesWithHistory=…`. A merged-away
 * id answers the merged record (with its id); an additional email finds its contact unless `additionalEmailLookup`
 * is `primary-only`.
 */
export function readContact(request: RouteRequest, context: RouteContext): SimResponse {
  const found = findContact(request, context, 'read');
  if (!found.ok) return found.response;
  const selection = { properties: listParam(request.query, 'properties'), history: listParam(request.query, 'propertiesWithHistory') };
  return json(200, viewIn(context, found.contact, selection));
}

/**
 * `POST /crm/v3/objects/contacts` `{ properties }` → 201.
 * 1. A known email (primary or additional) is a 409 naming the existing id (checked first, as the embedded store
 *    does; HubSpot's order of the two checks is unconfirmed).
 * 2. Any invalid value is a 400 and nothing is written; so is, from API version 2026-09 on, a missing required
 *    property (`MISSING_REQUIRED_PROPERTY`).
 */
export function createContact(request: RouteRequest, context: RouteContext): SimResponse {
  const body = parseBody(createBodySchema, request.body);
  if (!body.ok) return body.response;
  const { properties } = body.value;
  const conflict = emailConflict(context.store, properties['email']);
  if (conflict) return conflict;
  const checked = checkValues([properties], context.types, context.options.invalidEmails);
  if (!checked.ok) return checked.response;
  const refused = requiredFieldsRefusal(properties, context);
  if (refused) return refused;
  const [values = {}] = checked.value;
  const contact = context.store.create(values, context.now());
  return json(201, viewIn(context, contact, { properties: Object.keys(values) }));
}

/**
 * `PATCH /crm/v3/objects/contacts/{idOrEmail}[?idProperty=email]` `{ properties }` → 200 with the values written.
 * A merged-away id writes the merged record and answers its id, unless `mergedIdWrites` is `not-found` (404).
 */
export function updateContact(request: RouteRequest, context: RouteContext): SimResponse {
  const found = findContact(request, context, 'write');
  if (!found.ok) return found.response;
  const body = parseBody(updateBodySchema, request.body);
  if (!body.ok) return body.response;
  const checked = checkValues([body.value.properties], context.types, context.options.invalidEmails);
  if (!checked.ok) return checked.response;
  const [values = {}] = checked.value;
  const conflict = emailConflict(context.store, values['email'] ?? undefined, found.contact.id);
  if (conflict) return conflict;
  const contact = context.store.update(found.contact.id, values, context.now());
  return json(200, viewIn(context, contact, { properties: Object.keys(values) }));
}

/**
 * `POST /crm/v3/objects/contacts/merge` `{ primaryObjectId, objectIdToMerge }` → 200 with the merged record: a new
 * id (`mergeMode: 'new-id'`, HubSpot's default) or the primary's (`keep-primary-id`).
 */
export function mergeContacts(request: RouteRequest, context: RouteContext): SimResponse {
  const body = parseBody(mergeBodySchema, request.body);
  if (!body.ok) return body.response;
  const { primaryObjectId, objectIdToMerge } = body.value;
  const primary = context.store.get(primaryObjectId);
  const secondary = context.store.get(objectIdToMerge);
  if (primary === undefined || secondary === undefined) return json(404, notFoundBody());
  if (primary.id === secondary.id) return json(400, errorBody('VALIDATION_ERROR', 'A record cannot be merged into itself'));
  const merged = context.store.merge(primary.id, secondary.id, context.now(), context.options.mergeMode);
  return json(200, viewIn(context, merged, {}));
}

/**
 * `POST /crm/v3/objects/contacts/gdpr-delete` `{ objectId, idProperty? }` → 204: the contact is deleted for good, its
 * email forgotten; a later create with that email makes a new contact (HubSpot lets the API re-create it).
 */
export function gdprDelete(request: RouteRequest, context: RouteContext): SimResponse {
  const body = parseBody(gdprDeleteBodySchema, request.body);
  if (!body.ok) return body.response;
  const contact = body.value.idProperty === 'email' ? context.store.getByEmail(body.value.objectId) : context.store.get(body.value.objectId);
  if (contact === undefined || !context.store.purge(contact.id)) return json(404, notFoundBody());
  return { status: 204 };
}

type Found = { ok: true; contact: SimContact } | { ok: false; response: SimResponse };

function findContact(request: RouteRequest, context: RouteContext, use: 'read' | 'write'): Found {
  const key = request.params['id'] ?? '';
  const idProperty = request.query.get('idProperty');
  if (idProperty !== null && idProperty !== 'email' && idProperty !== 'hs_object_id') {
    return { ok: false, response: json(400, errorBody('VALIDATION_ERROR', `${idProperty} is not a unique identifier property of contacts`)) };
  }
  const byEmail = idProperty === 'email';
  const additional = context.options.additionalEmailLookup === 'match';
  const mergedAway = !byEmail && use === 'write' && context.options.mergedIdWrites === 'not-found' && context.store.isMergedAway(key);
  const contact = mergedAway ? undefined : byEmail ? context.store.getByEmail(key, additional) : context.store.get(key);
  return contact === undefined ? { ok: false, response: json(404, notFoundBody()) } : { ok: true, contact };
}

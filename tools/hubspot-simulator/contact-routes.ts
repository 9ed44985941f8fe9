import type { SimContact } from './contact-history-store.js';
import { listParam, viewOf } from './contact-view.js';
import { errorBody, notFoundBody } from './error-bodies.js';
import { createBodySchema, parseBody, updateBodySchema } from './request-schemas.js';
import type { RouteContext, RouteRequest } from './route-context.js';
import { json, type SimResponse } from './sim-response.js';
import { checkValues, emailConflict } from './write-checks.js';

/** The single-contact endpoints: `GET`, `POST` and `PATCH /crm/v3/objects/contacts[/{idOrEmail}]`. */

/** `GET /crm/v3/objects/contacts/{idOrEmail}[?idProperty=email]&properties=…&propertiesWithHistory=…` */
export function readContact(request: RouteRequest, context: RouteContext): SimResponse {
  const found = findContact(request, context);
  if (!found.ok) return found.response;
  const selection = { properties: listParam(request.query, 'properties'), history: listParam(request.query, 'propertiesWithHistory') };
  return json(200, viewOf(found.contact, selection, context.types));
}

/**
 * `POST /crm/v3/objects/contacts` `{ properties }` → 201.
 * 1. A known email is a 409 naming the existing id (checked first, as the embedded store does; HubSpot's order of
 *    the two checks is unconfirmed).
 * 2. Any invalid value is a 400 and nothing is written.
 */
export function createContact(request: RouteRequest, context: RouteContext): SimResponse {
  const body = parseBody(createBodySchema, request.body);
  if (!body.ok) return body.response;
  const { properties } = body.value;
  const conflict = emailConflict(context.store, properties['email']);
  if (conflict) return conflict;
  const checked = checkValues([properties], context.types);
  if (!checked.ok) return checked.response;
  const [values = {}] = checked.value;
  const contact = context.store.create(values, context.now());
  return json(201, viewOf(contact, { properties: Object.keys(values) }, context.types));
}

/** `PATCH /crm/v3/objects/contacts/{idOrEmail}[?idProperty=email]` `{ properties }` → 200 with the values written. */
export function updateContact(request: RouteRequest, context: RouteContext): SimResponse {
  const found = findContact(request, context);
  if (!found.ok) return found.response;
  const body = parseBody(updateBodySchema, request.body);
  if (!body.ok) return body.response;
  const checked = checkValues([body.value.properties], context.types);
  if (!checked.ok) return checked.response;
  const [values = {}] = checked.value;
  const conflict = emailConflict(context.store, values['email'] ?? undefined, found.contact.id);
  if (conflict) return conflict;
  const contact = context.store.update(found.contact.id, values, context.now());
  return json(200, viewOf(contact, { properties: Object.keys(values) }, context.types));
}

type Found = { ok: true; contact: SimContact } | { ok: false; response: SimResponse };

function findContact(request: RouteRequest, context: RouteContext): Found {
  const key = request.params['id'] ?? '';
  const idProperty = request.query.get('idProperty');
  if (idProperty !== null && idProperty !== 'email' && idProperty !== 'hs_object_id') {
    return { ok: false, response: json(400, errorBody('VALIDATION_ERROR', `${idProperty} is not a unique identifier property of contacts`)) };
  }
  const contact = idProperty === 'email' ? context.store.getByEmail(key) : context.store.get(key);
  return contact === undefined ? { ok: false, response: json(404, notFoundBody()) } : { ok: true, contact };
}

import type { SimContact } from './contact-history-store.js';
import { viewOf } from './contact-view.js';
import {
  BATCH_NOT_FOUND_MESSAGE,
  duplicateEmailsBody,
  duplicateIdsBody,
  notFoundBody,
  tooManyInputsBody,
} from './error-bodies.js';
import { batchCreateBodySchema, batchReadBodySchema, batchUpdateBodySchema, parseBody } from './request-schemas.js';
import type { RouteContext, RouteRequest } from './route-context.js';
import { json, type SimResponse } from './sim-response.js';
import { checkValues, emailConflict, repeatedEmails } from './write-checks.js';

/**
 * The batch endpoints. Each checks its whole input before it writes anything, then applies every write in one
 * synchronous step.
 */

/** HubSpot's limit on inputs per batch call. */
export const MAX_BATCH_INPUTS = 100;
/** The limit when `propertiesWithHistory` is asked for. */
export const MAX_BATCH_INPUTS_WITH_HISTORY = 50;

/**
 * `POST /crm/v3/objects/contacts/batch/read` `{ properties, propertiesWithHistory?, idProperty?, inputs: [{ id }] }`:
 * 200 when every input was found, else 207 with one `OBJECT_NOT_FOUND` error listing the misses (as sent).
 */
export function batchRead(request: RouteRequest, context: RouteContext): SimResponse {
  const startedAt = new Date(context.now()).toISOString();
  const body = parseBody(batchReadBodySchema, request.body);
  if (!body.ok) return body.response;
  const { inputs, idProperty, properties, propertiesWithHistory } = body.value;
  const withHistory = propertiesWithHistory !== undefined && propertiesWithHistory.length > 0;
  const max = withHistory ? MAX_BATCH_INPUTS_WITH_HISTORY : MAX_BATCH_INPUTS;
  if (inputs.length > max) return json(400, tooManyInputsBody(inputs.length, max));
  const found = new Map<string, SimContact>();
  const missing: string[] = [];
  for (const { id } of inputs) {
    const contact = idProperty === 'email' ? context.store.getByEmail(id) : context.store.get(id);
    if (contact === undefined) missing.push(id);
    else found.set(contact.id, contact);
  }
  const results = [...found.values()].map((c) => viewOf(c, { properties, history: propertiesWithHistory }, context.types));
  const completedAt = new Date(context.now()).toISOString();
  if (missing.length === 0) return json(200, { status: 'COMPLETE', results, startedAt, completedAt });
  const errors = [{ status: 'error', category: 'OBJECT_NOT_FOUND', message: BATCH_NOT_FOUND_MESSAGE, context: { ids: missing } }];
  return json(207, { status: 'COMPLETE', results, numErrors: errors.length, errors, startedAt, completedAt });
}

/**
 * `POST /crm/v3/objects/contacts/batch/create` `{ inputs: [{ properties }] }` → 201. All or nothing:
 * 1. the same email twice in the batch → 400;
 * 2. an email that already has a contact → 409 for the whole batch, naming the first such contact;
 * 3. any invalid value → 400 listing every issue.
 */
export function batchCreate(request: RouteRequest, context: RouteContext): SimResponse {
  const startedAt = new Date(context.now()).toISOString();
  const body = parseBody(batchCreateBodySchema, request.body);
  if (!body.ok) return body.response;
  const { inputs } = body.value;
  if (inputs.length > MAX_BATCH_INPUTS) return json(400, tooManyInputsBody(inputs.length, MAX_BATCH_INPUTS));
  const emails = inputs.map((input) => input.properties['email']);
  const repeated = repeatedEmails(emails);
  if (repeated.length > 0) return json(400, duplicateEmailsBody(repeated));
  for (const email of emails) {
    const conflict = emailConflict(context.store, email);
    if (conflict) return conflict;
  }
  const checked = checkValues(inputs.map((input) => input.properties), context.types);
  if (!checked.ok) return checked.response;
  const at = context.now();
  const results = checked.value.map((values) =>
    viewOf(context.store.create(values, at), { properties: Object.keys(values) }, context.types),
  );
  return json(201, { status: 'COMPLETE', results, startedAt, completedAt: new Date(context.now()).toISOString() });
}

/**
 * `POST /crm/v3/objects/contacts/batch/update` `{ inputs: [{ id, properties }] }`, by record id → 200.
 * 1. The same id twice → 400 for the whole batch ("Duplicate IDs found in batch input").
 * 2. Any invalid value, or an email another contact has → 400 / 409 for the whole batch; nothing is written.
 * 3. Ids with no contact: with `batchUpdateUnknownIds: 'partial'` (default) the others are written and the answer is
 *    207 with an `OBJECT_NOT_FOUND` error listing them; with `'reject'` the answer is 404 and nothing is written.
 */
export function batchUpdate(request: RouteRequest, context: RouteContext): SimResponse {
  const startedAt = new Date(context.now()).toISOString();
  const body = parseBody(batchUpdateBodySchema, request.body);
  if (!body.ok) return body.response;
  const { inputs } = body.value;
  if (inputs.length > MAX_BATCH_INPUTS) return json(400, tooManyInputsBody(inputs.length, MAX_BATCH_INPUTS));
  const duplicates = repeatedIds(inputs.map((input) => input.id));
  if (duplicates.length > 0) return json(400, duplicateIdsBody(duplicates));
  const checked = checkValues(inputs.map((input) => input.properties), context.types);
  if (!checked.ok) return checked.response;
  const writes = inputs.map((input, i) => ({ id: input.id, values: checked.value[i] ?? {} }));
  const known = writes.filter((write) => context.store.get(write.id) !== undefined);
  const missing = writes.filter((write) => context.store.get(write.id) === undefined).map((write) => write.id);
  if (missing.length > 0 && context.options.batchUpdateUnknownIds === 'reject') {
    return json(404, notFoundBody({ context: { ids: missing } }));
  }
  const repeated = repeatedEmails(known.map((write) => write.values['email'] ?? undefined));
  if (repeated.length > 0) return json(400, duplicateEmailsBody(repeated));
  for (const write of known) {
    const conflict = emailConflict(context.store, write.values['email'] ?? undefined, write.id);
    if (conflict) return conflict;
  }
  const at = context.now();
  const results = known.map((write) =>
    viewOf(context.store.update(write.id, write.values, at), { properties: Object.keys(write.values) }, context.types),
  );
  const completedAt = new Date(context.now()).toISOString();
  if (missing.length === 0) return json(200, { status: 'COMPLETE', results, startedAt, completedAt });
  const errors = [{ status: 'error', category: 'OBJECT_NOT_FOUND', message: BATCH_NOT_FOUND_MESSAGE, context: { ids: missing } }];
  return json(207, { status: 'COMPLETE', results, numErrors: errors.length, errors, startedAt, completedAt });
}

function repeatedIds(ids: readonly string[]): string[] {
  const seen = new Set<string>();
  const repeated = new Set<string>();
  for (const id of ids) {
    if (seen.has(id)) repeated.add(id);
    seen.add(id);
  }
  return [...repeated];
}

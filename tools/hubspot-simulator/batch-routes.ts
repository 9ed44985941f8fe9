import type { SimContact } from './contact-history-store.js';
import { viewIn } from './contact-view.js';
import { BATCH_NOT_FOUND_MESSAGE, duplicateEmailsBody, duplicateIdsBody, notFoundBody, tooManyInputsBody } from './error-bodies.js';
import { batchReadBodySchema, batchUpdateBodySchema, parseBody } from './request-schemas.js';
import type { RouteContext, RouteRequest } from './route-context.js';
import { json, type SimResponse } from './sim-response.js';
import { checkValues, emailConflict, repeatedEmails } from './write-checks.js';

/**
 * The batch read and update endpoints (`batch/create` is in `batch-create-route.ts`). Each checks its whole input
 * before it writes anything, then applies every write in one synchronous step.
 */

/** HubSpot's limit on inputs per batch call. */
export const MAX_BATCH_INPUTS = 100;
/** The limit when `propertiesWithHistory` is asked for. */
export const MAX_BATCH_INPUTS_WITH_HISTORY = 50;

/**
 * `POST /crm/v3/objects/contacts/batch/read` `{ properties, propertiesWithHistory?, idProperty?, inputs: [{ id }] }`:
 * 200 when every input was found, else 207 with one `OBJECT_NOT_FOUND` error listing the misses (as sent).
 * As HubSpot does, a merged-away id answers the merged record under its (new) id, and an additional email answers
 * its contact with the primary `email`: neither says which input it answers, unless `hs_merged_object_ids` or
 * `hs_additional_emails` is asked for.
 */
export function batchRead(request: RouteRequest, context: RouteContext): SimResponse {
  const startedAt = new Date(context.now()).toISOString();
  const body = parseBody(batchReadBodySchema, request.body);
  if (!body.ok) return body.response;
  const { inputs, idProperty, properties, propertiesWithHistory } = body.value;
  const withHistory = propertiesWithHistory !== undefined && propertiesWithHistory.length > 0;
  const max = withHistory ? MAX_BATCH_INPUTS_WITH_HISTORY : MAX_BATCH_INPUTS;
  if (inputs.length > max) return json(400, tooManyInputsBody(inputs.length, max));
  const additional = context.options.additionalEmailLookup === 'match';
  const found = new Map<string, SimContact>();
  const missing: string[] = [];
  for (const { id } of inputs) {
    const contact = idProperty === 'email' ? context.store.getByEmail(id, additional) : context.store.get(id);
    if (contact === undefined) missing.push(id);
    else found.set(contact.id, contact);
  }
  const results = [...found.values()].map((c) => viewIn(context, c, { properties, history: propertiesWithHistory }));
  const completedAt = new Date(context.now()).toISOString();
  if (missing.length === 0) return json(200, { status: 'COMPLETE', results, startedAt, completedAt });
  const errors = [{ status: 'error', category: 'OBJECT_NOT_FOUND', message: BATCH_NOT_FOUND_MESSAGE, context: { ids: missing } }];
  return json(207, { status: 'COMPLETE', results, numErrors: errors.length, errors, startedAt, completedAt });
}

/**
 * `POST /crm/v3/objects/contacts/batch/update` `{ inputs: [{ id, properties }] }`, by record id → 200.
 * 1. The same id twice (or two ids of one merged record) → 400 for the whole batch ("Duplicate IDs found").
 * 2. Any invalid value, or an email another contact has → 400 / 409 for the whole batch; nothing is written.
 * 3. Ids with no contact: with `batchUpdateUnknownIds: 'partial'` (default) the others are written and the answer is
 *    207 with an `OBJECT_NOT_FOUND` error listing them; with `'reject'` the answer is 404 and nothing is written.
 * 4. A merged-away id writes the merged record, whose result carries the new id and nothing that names the input
 *    (`mergedIdWrites: 'resolve'`), or counts as unknown (`'not-found'`).
 */
export function batchUpdate(request: RouteRequest, context: RouteContext): SimResponse {
  const startedAt = new Date(context.now()).toISOString();
  const body = parseBody(batchUpdateBodySchema, request.body);
  if (!body.ok) return body.response;
  const { inputs } = body.value;
  if (inputs.length > MAX_BATCH_INPUTS) return json(400, tooManyInputsBody(inputs.length, MAX_BATCH_INPUTS));
  const duplicates = repeatedIds(inputs.map((input) => input.id));
  if (duplicates.length > 0) return json(400, duplicateIdsBody(duplicates));
  const checked = checkValues(inputs.map((input) => input.properties), context.types, context.options.invalidEmails);
  if (!checked.ok) return checked.response;
  const target = (id: string) =>
    context.options.mergedIdWrites === 'not-found' && context.store.isMergedAway(id) ? undefined : context.store.get(id)?.id;
  const writes = inputs.map((input, i) => ({ id: input.id, target: target(input.id), values: checked.value[i] ?? {} }));
  const known = writes.flatMap((write) => (write.target === undefined ? [] : [{ ...write, target: write.target }]));
  const missing = writes.filter((write) => write.target === undefined).map((write) => write.id);
  const sameRecord = repeatedIds(known.map((write) => write.target));
  if (sameRecord.length > 0) return json(400, duplicateIdsBody(sameRecord));
  if (missing.length > 0 && context.options.batchUpdateUnknownIds === 'reject') {
    return json(404, notFoundBody({ context: { ids: missing } }));
  }
  const repeated = repeatedEmails(known.map((write) => write.values['email'] ?? undefined));
  if (repeated.length > 0) return json(400, duplicateEmailsBody(repeated));
  for (const write of known) {
    const conflict = emailConflict(context.store, write.values['email'] ?? undefined, write.target);
    if (conflict) return conflict;
  }
  const at = context.now();
  const results = known.map((write) => viewIn(context, context.store.update(write.target, write.values, at), { properties: Object.keys(write.values) }));
  const completedAt = new Date(context.now()).toISOString();
  if (missing.length === 0) return json(200, { status: 'COMPLETE', results, startedAt, completedAt });
  const errors = [{ status: 'error', category: 'OBJECT_NOT_FOUND', message: BATCH_NOT_FOUND_MESSAGE, context: { ids: missing } }];
  return json(207, { status: 'COMPLETE', results, numErrors: errors.length, errors, startedAt, completedAt });
}

export function repeatedIds(ids: readonly string[]): string[] {
  const seen = new Set<string>();
  const repeated = new Set<string>();
  for (const id of ids) {
    if (seen.has(id)) repeated.add(id);
    seen.add(id);
  }
  return [...repeated];
}

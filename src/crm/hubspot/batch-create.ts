import { normaliseEmail } from '../../identity.js';
import type { CreateResult } from '../contact-store.js';
import { createInChunks, type CreateInput, type NormalisedCreate } from '../batch-chunks.js';

import { CONTACTS_PATH, type BatchContext } from './transport.js';

/** `createMany` of the HubSpot store: `POST /crm/v3/objects/contacts/batch/create` in chunks of 100, 409-safe. */

const BATCH_CREATE_PATH = `${CONTACTS_PATH}/batch/create`;

/**
 * Creates many contacts as leads (the caller may set `lifecyclestage`; `email` always wins), answering each input's
 * email (as the caller spelled it) with `{ id, created }`.
 *
 * Call cost: one call per chunk of 100 when none of its emails exists yet. HubSpot rejects a whole chunk with 409 when
 * any one of its emails exists, so such a chunk costs 1 + n calls: the batch, then one single create per input
 * (whose own 409 answers the existing id with `created: false`). An input a 201/207 answer does not account for
 * (a per-item error) costs one single create too.
 *
 * 1. Lower-case and trim the emails; two inputs for one email are a programming error (HubSpot would reject the
 *    whole batch), thrown as a plain `Error` before any call.
 * 2. Create each chunk, in order; match the results back by their `email` value.
 * 3. Create whatever is left one by one with the single create.
 * @throws CrmError when a call fails as a whole (429, 5xx, timeout, network; a 400 for an invalid value). Chunks
 * created before it stay created: a retry finds them with `created: false`.
 */
export function batchCreate(context: BatchContext, inputs: readonly CreateInput[]): Promise<Map<string, CreateResult>> {
  return createInChunks(inputs, (chunk) => createChunk(context, chunk), context.create);
}

/** One `batch/create`: the ids it created, by normalised email; none when HubSpot refused the chunk with 409. */
async function createChunk(context: BatchContext, chunk: readonly NormalisedCreate[]): Promise<Map<string, string>> {
  const inputs = chunk.map((input) => ({ properties: { lifecyclestage: 'lead', ...input.properties, email: input.normalised } }));
  const outcome = await context.send({ operation: 'batchCreate', method: 'POST', path: BATCH_CREATE_PATH }, (o) =>
    context.batchApi.createWithHttpInfo({ inputs }, o),
  );
  if (!outcome.ok) {
    // Some email of the chunk exists (or was just created by someone else): nothing was created.
    if (outcome.failure.status === 409) return new Map();
    throw context.fail(outcome.failure);
  }
  const created = new Map<string, string>();
  for (const result of outcome.data.results) {
    const email = result.properties['email'];
    if (typeof email === 'string') created.set(normaliseEmail(email), result.id);
  }
  return created;
}

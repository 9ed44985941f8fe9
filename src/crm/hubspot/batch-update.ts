import { CrmError } from '../../errors.js';
import { updateInChunks, type UpdateInput } from '../batch-chunks.js';
import { CONTACTS_PATH, type BatchContext } from './transport.js';
import { batchItemErrors } from './hubspot-error.js';

/** `updateMany` of the HubSpot store: `POST /crm/v3/objects/contacts/batch/update` by record id, in chunks of 100. */

const BATCH_UPDATE_PATH = `${CONTACTS_PATH}/batch/update`;

/**
 * Updates many contacts by record id (never by email: HubSpot's batch update by email is broken). Answers the ids
 * whose update failed, with why; every other id was written.
 *
 * Call cost: one call per chunk of 100. A chunk HubSpot refuses as a whole with 400 (one invalid value refuses all)
 * costs 1 + n calls: it is isolated by updating its n inputs one by one, so one bad learner does not block the others
 * (a chunk of one is not sent twice: the batch's 400 is its answer).
 *
 * 1. Two inputs for one id are a programming error (HubSpot would reject the whole batch), thrown as a plain `Error`
 *    before any call.
 * 2. Update each chunk, in order. A 207 names the refused ids (`errors[].context.ids`, e.g. `OBJECT_NOT_FOUND`); each
 *    gets a non-retryable CrmError. An id neither in the results nor in the errors gets a retryable one: its outcome
 *    is unknown, and writing it again is harmless.
 * 3. A whole-chunk 400: isolate (single updates; the non-retryable failures are collected, a retryable one throws).
 * @throws CrmError when a call fails for a retryable reason (429 with `retryAfterSeconds`, 5xx, timeout, network) or
 * as a whole with another status (401, 403): the caller retries the whole batch later. Chunks written before it stay
 * written.
 */
export function batchUpdate(context: BatchContext, inputs: readonly UpdateInput[]): Promise<{ failed: Map<string, CrmError> }> {
  return updateInChunks(inputs, (chunk) => updateChunk(context, chunk), context.update);
}

/** One `batch/update`: the ids it refused, or `isolate` when HubSpot refused the whole chunk with 400. */
async function updateChunk(context: BatchContext, chunk: readonly UpdateInput[]): Promise<Map<string, CrmError> | 'isolate'> {
  const inputs = chunk.map(({ id, properties }) => ({ id, properties: { ...properties } }));
  const outcome = await context.send({ operation: 'batchUpdate', method: 'POST', path: BATCH_UPDATE_PATH }, (o) =>
    context.batchApi.updateWithHttpInfo({ inputs }, o),
  );
  if (!outcome.ok) {
    const [only] = chunk;
    if (outcome.failure.status !== 400) throw context.fail(outcome.failure);
    return chunk.length === 1 && only !== undefined ? new Map([[only.id, context.fail(outcome.failure)]]) : 'isolate';
  }
  const refused = 'errors' in outcome.data ? batchItemErrors(outcome.data.errors, context.secrets) : new Map<string, CrmError>();
  const written = new Set(outcome.data.results.map((result) => result.id));
  const failed = new Map<string, CrmError>();
  for (const { id } of chunk) {
    const error = refused.get(id) ?? (written.has(id) ? undefined : unconfirmed(id));
    if (error !== undefined) failed.set(id, error);
  }
  return failed;
}

function unconfirmed(id: string): CrmError {
  return new CrmError(`HubSpot answered the batch update without a result or an error for contact ${id}`, {
    retryable: true,
    category: 'UNCONFIRMED',
  });
}

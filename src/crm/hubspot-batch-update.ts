import { CrmError } from '../errors.js';
import type { PropertyValues } from './contact-store.js';
import { assertDistinct, BATCH_LIMIT, chunksOf } from './hubspot-batch-limits.js';
import { CONTACTS_PATH, type BatchContext } from './hubspot-batch-transport.js';
import { batchItemErrors } from './hubspot-error.js';

/** `updateMany` of the HubSpot store: `POST /crm/v3/objects/contacts/batch/update` by record id, in chunks of 100. */

const BATCH_UPDATE_PATH = `${CONTACTS_PATH}/batch/update`;

export interface UpdateInput {
  readonly id: string;
  readonly properties: PropertyValues;
}

/**
 * Updates many contacts by record id (never by email: HubSpot's batch update by email is broken). Answers the ids
 * whose update failed, with why; every other id was written.
 *
 * Call cost: one call per chunk of 100. A chunk HubSpot refuses as a whole with 400 (one invalid value refuses all)
 * costs 1 + n calls: it is isolated by updating its n inputs one by one, so one bad learner does not block the others
 * (a chunk of one is not sent twice: the batch's 400 is its answer).
 *
 * 1. Two inputs for one id are a programming error (HubSpot would reject the whole batch), thrown as a plain `Error`.
 * 2. Update each chunk, in order. A 207 names the refused ids (`errors[].context.ids`, e.g. `OBJECT_NOT_FOUND`); each
 *    gets a non-retryable CrmError. An id neither in the results nor in the errors gets a retryable one: its outcome
 *    is unknown, and writing it again is harmless.
 * 3. A whole-chunk 400: isolate (single updates; the non-retryable failures are collected).
 * @throws CrmError when a call fails for a retryable reason (429 with `retryAfterSeconds`, 5xx, timeout, network) or
 * with another whole-call status (401, 403): the caller retries the whole batch later. Chunks written before it stay
 * written.
 */
export async function batchUpdate(context: BatchContext, inputs: readonly UpdateInput[]): Promise<{ failed: Map<string, CrmError> }> {
  assertDistinct(
    inputs.map((input) => input.id),
    'updateMany ids',
  );
  const failed = new Map<string, CrmError>();
  for (const chunk of chunksOf(inputs, BATCH_LIMIT)) {
    const outcome = await context.send({ operation: 'batchUpdate', method: 'POST', path: BATCH_UPDATE_PATH }, (o) =>
      context.batchApi.updateWithHttpInfo({ inputs: chunk.map(({ id, properties }) => ({ id, properties: { ...properties } })) }, o),
    );
    if (outcome.ok) {
      const refused = 'errors' in outcome.data ? batchItemErrors(outcome.data.errors, context.secrets) : new Map<string, CrmError>();
      const written = new Set(outcome.data.results.map((result) => result.id));
      for (const { id } of chunk) {
        const error = refused.get(id) ?? (written.has(id) ? undefined : unconfirmed(id));
        if (error !== undefined) failed.set(id, error);
      }
    } else if (outcome.failure.status === 400) {
      const [only] = chunk;
      if (chunk.length === 1 && only !== undefined) failed.set(only.id, context.fail(outcome.failure));
      else await isolate(context, chunk, failed);
    } else {
      throw context.fail(outcome.failure);
    }
  }
  return { failed };
}

/** Updates a refused chunk one input at a time, collecting the refusals; a retryable failure stops the batch. */
async function isolate(context: BatchContext, chunk: readonly UpdateInput[], failed: Map<string, CrmError>): Promise<void> {
  for (const { id, properties } of chunk) {
    try {
      await context.update(id, properties);
    } catch (error) {
      if (!(error instanceof CrmError) || error.retryable) throw error;
      failed.set(id, error);
    }
  }
}

function unconfirmed(id: string): CrmError {
  return new CrmError(`HubSpot answered the batch update without a result or an error for contact ${id}`, {
    retryable: true,
    category: 'UNCONFIRMED',
  });
}

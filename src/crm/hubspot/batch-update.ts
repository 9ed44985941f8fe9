import { CrmError } from '../../errors.js';
import { updateInChunks, type UpdateInput } from '../batch-chunks.js';
import { type BatchContext } from './transport.js';
import { batchItemErrors } from './hubspot-error.js';
import { MERGED_IDS, splitList } from './batch-read.js';

/** `updateMany` of the HubSpot store: `POST /crm/v3/objects/contacts/batch/update` by record id, in chunks of 100. */

/**
 * Updates many contacts by record id (never by email: HubSpot's batch update by email is broken). Answers the ids
 * whose update failed, with why; every other id was written.
 *
 * Call cost: one call per chunk of 100. A chunk HubSpot refuses as a whole with 400 (one invalid value refuses all)
 * costs 1 + n calls: it is isolated by updating its n inputs one by one, so one bad learner does not block the others
 * (a chunk of one is not sent twice: the batch's 400 is its answer). A chunk naming a merged-away id costs one batch
 * read more (see 3).
 *
 * 1. Two inputs for one id are a programming error (HubSpot would reject the whole batch), thrown as a plain `Error`
 *    before any call.
 * 2. Update each chunk, in order. A 207 names the refused ids (`errors[].context.ids`, e.g. `OBJECT_NOT_FOUND`); each
 *    gets a non-retryable CrmError. An id neither in the results nor in the errors gets a retryable one: its outcome
 *    is unknown, and writing it again is harmless.
 * 3. Unless it was merged away: HubSpot answers a write to an old id under the merged record's new id, so the answer
 *    does not name the input, or refuses it as not found. One batch read of those ids (`hs_merged_object_ids`) tells:
 *    an id whose merged record is in the results was written; one HubSpot refused fails with category `MERGED` and
 *    `mergedInto` (not retryable: the values were planned from the old record; read the learner again, then write).
 * 4. A whole-chunk 400: isolate (single updates; the non-retryable failures are collected, a retryable one throws).
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
  const outcome = await context.send({ operation: 'batchUpdate', method: 'POST', path: context.paths.batchUpdate }, (o) =>
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
  const suspects = [...failed].filter(([, error]) => error.options.category === 'UNCONFIRMED' || error.status === 404).map(([id]) => id);
  if (suspects.length > 0) await settleMerged(context, suspects, written, failed);
  return failed;
}

/** Step 3: tells, for ids the answer did not confirm, whether they were merged away, and what became of the write. */
async function settleMerged(context: BatchContext, ids: readonly string[], written: ReadonlySet<string>, failed: Map<string, CrmError>): Promise<void> {
  let resolved: Map<string, string>;
  try {
    resolved = await currentIds(context, ids);
  } catch {
    // The reading failed: leave the answers as they were (an unconfirmed id is retried, which is harmless).
    return;
  }
  for (const id of ids) {
    const target = resolved.get(id);
    if (target === id) continue;
    if (target === undefined) {
      // Neither there nor merged: an unconfirmed id that does not exist any more is simply gone.
      if (failed.get(id)?.options.category === 'UNCONFIRMED') failed.set(id, gone(id));
    } else if (written.has(target)) {
      failed.delete(id);
    } else {
      failed.set(id, new CrmError(`HubSpot merged contact ${id} into ${target} and refused the write to the old id`, { status: 404, retryable: false, category: 'MERGED', mergedInto: target }));
    }
  }
}

/** The record each id resolves to now (itself, or the record it was merged into); absent when none (one batch read). */
async function currentIds(context: BatchContext, ids: readonly string[]): Promise<Map<string, string>> {
  const input = { inputs: ids.map((id) => ({ id })), properties: [MERGED_IDS], propertiesWithHistory: [] };
  const outcome = await context.send({ operation: 'batchRead', method: 'POST', path: context.paths.batchRead }, (o) =>
    context.batchApi.readWithHttpInfo(input, undefined, o),
  );
  if (!outcome.ok) throw context.fail(outcome.failure);
  const targets = new Map<string, string>();
  for (const result of outcome.data.results) {
    for (const id of [result.id, ...splitList(result.properties[MERGED_IDS])]) if (ids.includes(id)) targets.set(id, result.id);
  }
  return targets;
}

function unconfirmed(id: string): CrmError {
  return new CrmError(`HubSpot answered the batch update without a result or an error for contact ${id}`, {
    retryable: true,
    category: 'UNCONFIRMED',
  });
}

function gone(id: string): CrmError {
  return new CrmError(`Contact ${id} no longer exists (not found after the batch update)`, { status: 404, retryable: false, category: 'OBJECT_NOT_FOUND' });
}

import { normaliseEmail } from '../identity.js';
import { CrmError } from '../errors.js';
import type { CreateResult } from './contact-store.js';
import type { PropertyValues } from '../properties/types.js';
import { assertDistinct, BATCH_LIMIT, chunksOf } from './batch-limits.js';

/**
 * The chunk loops of `createMany` and `updateMany` with their one-by-one fallbacks, shared by the HubSpot store and
 * the local store so both answer, fail and count calls alike. Each store brings its own chunk call.
 */

export interface CreateInput {
  readonly email: string;
  readonly properties: PropertyValues;
}

export interface UpdateInput {
  readonly id: string;
  readonly properties: PropertyValues;
}

/** A create input whose email is lower-cased and trimmed. */
export type NormalisedCreate = CreateInput & { readonly normalised: string };

/**
 * Creates in chunks of 100: each chunk with one batch call, then whatever the batch did not create (a chunk refused
 * with 409 because one email exists, an item it refused) one by one with the 409-safe single create. Answers each
 * input's email as the caller spelled it.
 * @param createChunk one batch call: the ids it created, by normalised email (none when refused with 409).
 * @throws Error when two inputs have one email (a programming error), before any call.
 */
export async function createInChunks(
  inputs: readonly CreateInput[],
  createChunk: (chunk: readonly NormalisedCreate[]) => Promise<ReadonlyMap<string, string>>,
  createOne: (email: string, properties: PropertyValues) => Promise<CreateResult>,
): Promise<Map<string, CreateResult>> {
  const normalised = inputs.map((input) => ({ ...input, normalised: normaliseEmail(input.email) }));
  assertDistinct(
    normalised.map((input) => input.normalised),
    'createMany emails',
  );
  const results = new Map<string, CreateResult>();
  for (const chunk of chunksOf(normalised, BATCH_LIMIT)) {
    const created = await createChunk(chunk);
    for (const input of chunk) {
      const id = created.get(input.normalised);
      results.set(input.email, id === undefined ? await createOne(input.normalised, input.properties) : { id, created: true });
    }
  }
  return results;
}

/**
 * Updates in chunks of 100: each chunk with one batch call, which answers the ids it refused, or `isolate` when it
 * refused the whole chunk (an invalid value): then the chunk's inputs are updated one by one, and those refused are
 * collected, so one bad input does not block the others.
 * @throws Error when two inputs have one id (a programming error), before any call.
 * @throws CrmError when a call fails for a retryable reason, or as a whole for another than 400 (`updateChunk`'s).
 */
export async function updateInChunks(
  inputs: readonly UpdateInput[],
  updateChunk: (chunk: readonly UpdateInput[]) => Promise<ReadonlyMap<string, CrmError> | 'isolate'>,
  updateOne: (id: string, properties: PropertyValues) => Promise<void>,
): Promise<{ failed: Map<string, CrmError> }> {
  assertDistinct(
    inputs.map((input) => input.id),
    'updateMany ids',
  );
  const failed = new Map<string, CrmError>();
  for (const chunk of chunksOf(inputs, BATCH_LIMIT)) {
    const refused = await updateChunk(chunk);
    if (refused !== 'isolate') {
      for (const [id, error] of refused) failed.set(id, error);
      continue;
    }
    for (const { id, properties } of chunk) {
      try {
        await updateOne(id, properties);
      } catch (error) {
        // A 429 or a 5xx says nothing about this input: stop, and let the caller retry the batch later.
        if (!(error instanceof CrmError) || error.retryable) throw error;
        failed.set(id, error);
      }
    }
  }
  return { failed };
}

import { normaliseEmail } from '../identity.js';
import { CrmError } from '../errors.js';
import type { CreateManyOutcome, CreateResult } from './contact-store.js';
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

/** What one `batch/create` call made of its chunk, each input on its own (by normalised email). */
export interface ChunkCreated {
  readonly created: ReadonlyMap<string, string>;
  /** Inputs whose email already has a contact, with its id. */
  readonly existing: ReadonlyMap<string, string>;
  /** Inputs refused on their own. */
  readonly refused: ReadonlyMap<string, CrmError>;
}

/**
 * What a chunk call answers: each input's fate, or that the chunk was refused as a whole — `conflict` (409: an email
 * exists) or `isolate` (400: one bad input refuses all) — so its inputs go one by one.
 */
export type ChunkAnswer = ChunkCreated | 'conflict' | 'isolate';

/**
 * Creates in chunks of 100: each chunk with one batch call, then whatever the batch did not settle (a chunk refused
 * whole, an input its answer does not account for) one by one with the 409-safe single create, so one bad input
 * never fails the others. Answers each input's email as the caller spelled it.
 * @param createChunk one batch call.
 * @throws Error when two inputs have one email (a programming error), before any call.
 * @throws CrmError when a call fails for a retryable reason, or as a whole for another than 400/409.
 */
export async function createInChunks(
  inputs: readonly CreateInput[],
  createChunk: (chunk: readonly NormalisedCreate[]) => Promise<ChunkAnswer>,
  createOne: (email: string, properties: PropertyValues) => Promise<CreateResult>,
): Promise<CreateManyOutcome> {
  const normalised = inputs.map((input) => ({ ...input, normalised: normaliseEmail(input.email) }));
  assertDistinct(
    normalised.map((input) => input.normalised),
    'createMany emails',
  );
  const created = new Map<string, CreateResult>();
  const failed = new Map<string, CrmError>();
  for (const chunk of chunksOf(normalised, BATCH_LIMIT)) {
    const answer = await createChunk(chunk);
    const settled: ChunkCreated = typeof answer === 'string' ? { created: new Map(), existing: new Map(), refused: new Map() } : answer;
    for (const input of chunk) {
      const id = settled.created.get(input.normalised);
      const existing = settled.existing.get(input.normalised);
      const refused = settled.refused.get(input.normalised);
      if (id !== undefined) created.set(input.email, { id, created: true });
      else if (existing !== undefined) created.set(input.email, { id: existing, created: false });
      else if (refused !== undefined) failed.set(input.email, refused);
      else {
        try {
          created.set(input.email, await createOne(input.normalised, input.properties));
        } catch (error) {
          // A 429 or a 5xx says nothing about this input: stop, and let the caller retry the batch later.
          if (!(error instanceof CrmError) || error.retryable) throw error;
          failed.set(input.email, error);
        }
      }
    }
  }
  return { created, failed };
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

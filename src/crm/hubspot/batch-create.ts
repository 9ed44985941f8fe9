import { normaliseEmail } from '../../identity.js';
import type { CreateManyOutcome } from '../contact-store.js';
import { createInChunks, type ChunkAnswer, type CreateInput, type NormalisedCreate } from '../batch-chunks.js';
import { type BatchContext } from './transport.js';
import { existingContactId, itemStatus, toCrmError } from './hubspot-error.js';
import type { CrmError } from '../../errors.js';

/** `createMany` of the HubSpot store: `POST /crm/v3/objects/contacts/batch/create` in chunks of 100, per input. */

/**
 * Creates many contacts as leads (the caller may set `lifecyclestage`; `email` always wins), answering each input's
 * email (as the caller spelled it) with `{ id, created }`, or in `failed` with why HubSpot refused it.
 *
 * Without trace ids HubSpot's batch create is all or nothing (one existing email: 409 for the whole batch), so every
 * input carries an `objectWriteTraceId` (its position in the chunk): HubSpot then answers 207, each refusal naming its
 * input in `errors[].context.objectWriteTraceId` — a `CONFLICT` with the existing id (`context.existingId`, else the
 * message's `Existing ID:`), a `VALIDATION_ERROR` for that input alone — and creates the rest.
 *
 * Call cost: one call per chunk of 100. An input the answer does not account for (a conflict naming no id), or a
 * chunk still refused whole (a portal that ignores trace ids: 409 or 400), costs one single create per input, which
 * settles it alone (its 409 answers the existing id; its 400 fails only it).
 *
 * 1. Lower-case and trim the emails; two inputs for one email are a programming error (HubSpot would reject the
 *    whole batch), thrown as a plain `Error` before any call.
 * 2. Create each chunk, in order; match the results back by their `email` value, the errors by their trace id.
 * 3. Create whatever is left one by one with the single create.
 * @throws CrmError when a call fails as a whole for another reason (429, 5xx, timeout, network, 401, 403). Chunks
 * created before it stay created: a retry finds them with `created: false`.
 */
export function batchCreate(context: BatchContext, inputs: readonly CreateInput[]): Promise<CreateManyOutcome> {
  return createInChunks(inputs, (chunk) => createChunk(context, chunk), context.create);
}

/** One `batch/create`, each input traced by its index in the chunk. */
async function createChunk(context: BatchContext, chunk: readonly NormalisedCreate[]): Promise<ChunkAnswer> {
  const inputs = chunk.map((input, index) => ({
    objectWriteTraceId: String(index),
    properties: { lifecyclestage: 'lead', ...input.properties, email: input.normalised },
  }));
  const outcome = await context.send({ operation: 'batchCreate', method: 'POST', path: context.paths.batchCreate }, (o) =>
    context.batchApi.createWithHttpInfo({ inputs }, o),
  );
  if (!outcome.ok) {
    // Refused whole despite the trace ids: an email exists (409), or one input is bad (400); one by one then.
    if (outcome.failure.status === 409) return 'conflict';
    if (outcome.failure.status === 400 && chunk.length > 1) return 'isolate';
    if (outcome.failure.status === 400) return { created: new Map(), existing: new Map(), refused: new Map([[chunk[0]?.normalised ?? '', context.fail(outcome.failure)]]) };
    throw context.fail(outcome.failure);
  }
  const created = new Map<string, string>();
  for (const result of outcome.data.results) {
    const email = result.properties['email'];
    if (typeof email === 'string') created.set(normaliseEmail(email), result.id);
  }
  const existing = new Map<string, string>();
  const refused = new Map<string, CrmError>();
  const errors = 'errors' in outcome.data && Array.isArray(outcome.data.errors) ? outcome.data.errors : [];
  for (const error of errors) {
    const itemContext = error.context ?? {};
    for (const trace of itemContext['objectWriteTraceId'] ?? []) {
      const input = chunk[Number(trace)];
      if (input === undefined) continue;
      if (error.category === 'CONFLICT') {
        const id = itemContext['existingId']?.[0] ?? existingContactId(error.message);
        // A conflict naming no contact is settled by the single create, whose 409 does.
        if (id !== undefined) existing.set(input.normalised, id);
      } else {
        // Read like the single create's answer: a category without a status of its own is the 400 it stands for.
        refused.set(input.normalised, toCrmError({ status: itemStatus(error.category) ?? 400, body: error, headers: {}, cause: error }, context.secrets));
      }
    }
  }
  return { created, existing, refused };
}

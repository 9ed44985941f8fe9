import { CrmError } from '../errors.js';
import type { Logger } from '../observability/logger.js';
import { changesNothing } from '../properties/changed-properties.js';
import type { PropertyValues, StoredValues } from '../properties/types.js';
import type { ContactStore, CreateManyOutcome, CreateResult } from './contact-store.js';
import type { PortalPropertyTypes } from './portal-property-types.js';
import { propertiesRefusedWith } from './refused-properties.js';

/**
 * Progress writes that adapt to the portal: the one place where values are adapted to what the portal has, and where
 * HubSpot's refusals teach {@link PortalPropertyTypes} what that is. The direct path (`trackEvent`), the queue consumer
 * and the bulk jobs all write through here.
 *
 * - `INVALID_DATE`: the property is a `date` in this portal; write its day (midnight UTC) instead.
 * - `PROPERTY_DOESNT_EXIST` naming optional properties: the portal lacks them; write without them.
 *
 * Either is learned once per process and costs one extra call then; a refusal that teaches nothing is thrown as it is.
 */

export interface LearningDependencies {
  readonly propertyTypes: PortalPropertyTypes;
  readonly logger: Logger;
}

/** One update of a batch, with the values the contact holds (so an update that learning empties is skipped). */
export interface PlannedUpdate {
  readonly id: string;
  readonly values: PropertyValues;
  readonly previous?: StoredValues;
}

export interface PlannedCreate {
  readonly email: string;
  readonly values: PropertyValues;
}

export interface UpdateOutcome {
  /** Ids written. */
  readonly written: string[];
  /** Ids not written because, as the portal takes them, the values would change nothing. */
  readonly unchanged: string[];
  /** Ids HubSpot refused, with why. */
  readonly failed: Map<string, CrmError>;
}

/** A date and a missing property may come back in two answers; never more retries than that. */
const MAX_LEARNING_RETRIES = 2;

/**
 * Updates one contact with `values` as the portal takes them, unless that changes nothing it holds (`previous`):
 * then no call is made. Learns as {@link writeLearning} does.
 * @throws CrmError as the store's `update` does, when the refusal teaches nothing.
 */
export async function updateLearning(
  deps: LearningDependencies & { readonly store: Pick<ContactStore, 'update'> },
  id: string,
  values: PropertyValues,
  previous: StoredValues,
): Promise<'written' | 'unchanged'> {
  const adapted = deps.propertyTypes.adapt(values);
  if (changesNothing(adapted, previous)) return 'unchanged';
  // A refusal that teaches (a missing optional property) may leave nothing to change: then nothing is sent again.
  const written = await writeAdapted(deps, adapted, async (v) => {
    if (v !== adapted && changesNothing(v, previous)) return false;
    await deps.store.update(id, v);
    return true;
  });
  return written ? 'written' : 'unchanged';
}

/**
 * Whether writing `values` to a contact holding `previous` would change anything, as this portal takes them (its
 * date-typed properties written as days, the optional properties it lacks left out): what a dry run reports.
 */
export function wouldChange(portal: Pick<PortalPropertyTypes, 'adapt'>, values: PropertyValues, previous: StoredValues): boolean {
  return !changesNothing(portal.adapt(values), previous);
}

/**
 * Creates one contact (409-safe, as the store's `create`) with `values` as the portal takes them. Learns as
 * {@link writeLearning} does.
 */
export function createLearning(
  deps: LearningDependencies & { readonly store: Pick<ContactStore, 'create'> },
  email: string,
  values: PropertyValues,
): Promise<CreateResult> {
  return writeLearning(deps, values, (v) => deps.store.create(email, v));
}

/**
 * Runs one write (a create or an update) of `values` as the portal takes them; when HubSpot refuses it with something
 * learnable, learns it and writes again with the adapted values.
 * @throws whatever `write` throws when the refusal teaches nothing that changes the values.
 * @example await writeLearning(deps, values, (v) => store.update(contactId, v));
 */
export function writeLearning<T>(
  deps: LearningDependencies,
  values: PropertyValues,
  write: (values: PropertyValues) => Promise<T>,
): Promise<T> {
  return writeAdapted(deps, deps.propertyTypes.adapt(values), write);
}

/** The retry loop of {@link writeLearning}, for values already adapted to the portal. */
async function writeAdapted<T>(deps: LearningDependencies, adapted: PropertyValues, write: (values: PropertyValues) => Promise<T>): Promise<T> {
  let sent = adapted;
  for (let retries = 0; ; retries += 1) {
    try {
      const result = await write(sent);
      deps.propertyTypes.observeWritten(Object.keys(sent));
      return result;
    } catch (error) {
      if (retries >= MAX_LEARNING_RETRIES || !learnFrom(deps, error, Object.keys(sent))) throw error;
      // Retry whenever the adapted values differ from what was sent, not only when this answer taught something new:
      // two writes refused at once must both be retried.
      const next = deps.propertyTypes.adapt(sent);
      if (sameValues(next, sent)) throw error;
      sent = next;
    }
  }
}

/**
 * Updates many contacts by id, learning as {@link writeLearning} does.
 *
 * 1. Take note of what the reads show (properties that exist, date-typed ones), adapt the values, skip updates that
 *    change nothing.
 * 2. While a property could still be refused (an optional one not known to exist, a `datetime` one not known to be
 *    one: `unsettled`), update the first contact alone: a batch refused as a whole is retried one contact at a time,
 *    one failed call each. When it is refused for something learnable, it joins the batch, adapted (so a write that
 *    learning empties is skipped). One call more, once per process, and only while nothing has settled it.
 * 3. Update the rest in one `updateMany`; the contacts refused for something learnable are updated again, adapted.
 * @throws CrmError when a call fails as a whole for a retryable reason (429, 5xx, timeout), as `updateMany` does.
 */
export async function updateManyLearning(
  deps: LearningDependencies & { readonly store: Pick<ContactStore, 'update' | 'updateMany'> },
  updates: readonly PlannedUpdate[],
): Promise<UpdateOutcome> {
  const outcome: UpdateOutcome = { written: [], unchanged: [], failed: new Map() };
  const dates = new Set(updates.flatMap((update) => (update.previous === undefined ? [] : deps.propertyTypes.observeRead(update.previous))));
  if (dates.size > 0) deps.logger.warn('[CRM] Portal property is date-typed; writing midnight UTC', { properties: [...dates] });
  let pending = adaptAll(deps, updates, outcome);

  const [first, ...rest] = pending;
  if (first !== undefined && rest.length > 0 && deps.propertyTypes.unsettled(Object.keys(first.values)).length > 0) {
    try {
      await deps.store.update(first.id, first.values);
      outcome.written.push(first.id);
      deps.propertyTypes.observeWritten(Object.keys(first.values));
      pending = rest;
    } catch (error) {
      if (!(error instanceof CrmError) || error.retryable) throw error;
      // Learned something: the first contact goes with the batch, adapted (or is dropped if that leaves nothing to write).
      const learned = learnFrom(deps, error, Object.keys(first.values)) && !sameValues(deps.propertyTypes.adapt(first.values), first.values);
      if (!learned) outcome.failed.set(first.id, error);
      pending = learned ? [first, ...rest] : rest;
    }
    pending = adaptAll(deps, pending, outcome);
  }

  for (let retries = 0; pending.length > 0; retries += 1) {
    const { failed } = await deps.store.updateMany(pending.map(({ id, values }) => ({ id, properties: values })));
    const again: PlannedUpdate[] = [];
    for (const update of pending) {
      const error = failed.get(update.id);
      if (error === undefined) {
        outcome.written.push(update.id);
        deps.propertyTypes.observeWritten(Object.keys(update.values));
      } else if (retries < MAX_LEARNING_RETRIES && learnFrom(deps, error, Object.keys(update.values)) && !sameValues(deps.propertyTypes.adapt(update.values), update.values)) {
        again.push(update);
      } else {
        outcome.failed.set(update.id, error);
      }
    }
    pending = adaptAll(deps, again, outcome);
  }
  return outcome;
}

/**
 * Creates many contacts (409-safe and per input, as `createMany`), learning as {@link writeLearning} does: an input
 * refused for a learnable reason (a property the portal lacks, a date-typed one) is learned from and sent again,
 * adapted; an input refused for another reason is answered in `failed`, and the others are created.
 * @throws CrmError when a call fails as a whole, as `createMany` does.
 */
export async function createManyLearning(
  deps: LearningDependencies & { readonly store: Pick<ContactStore, 'createMany'> },
  creates: readonly PlannedCreate[],
): Promise<CreateManyOutcome> {
  const created = new Map<string, CreateResult>();
  const failed = new Map<string, CrmError>();
  let pending = creates.map(({ email, values }) => ({ email, properties: deps.propertyTypes.adapt(values) }));
  for (let retries = 0; pending.length > 0; retries += 1) {
    const outcome = await deps.store.createMany(pending);
    const again: typeof pending = [];
    for (const create of pending) {
      const result = outcome.created.get(create.email);
      const error = outcome.failed.get(create.email);
      if (result !== undefined) {
        created.set(create.email, result);
        if (result.created) deps.propertyTypes.observeWritten(Object.keys(create.properties));
      } else if (error !== undefined) {
        const learned = retries < MAX_LEARNING_RETRIES && learnFrom(deps, error, Object.keys(create.properties));
        const next = deps.propertyTypes.adapt(create.properties);
        if (learned && !sameValues(next, create.properties)) again.push({ ...create, properties: next });
        else failed.set(create.email, error);
      }
    }
    pending = again;
  }
  return { created, failed };
}

/** Adapts each update to what is known of the portal; those that would change nothing are noted and dropped. */
function adaptAll(deps: LearningDependencies, updates: readonly PlannedUpdate[], outcome: UpdateOutcome): PlannedUpdate[] {
  const kept: PlannedUpdate[] = [];
  for (const update of updates) {
    const values = deps.propertyTypes.adapt(update.values);
    if (update.previous !== undefined && changesNothing(values, update.previous)) outcome.unchanged.push(update.id);
    else kept.push({ ...update, values });
  }
  return kept;
}

/**
 * Learns what a refusal of a write of the properties `sent` says about the portal. True when it was a refusal of that
 * kind (learned now or earlier, by this write or a concurrent one); the caller retries when the adapted values differ.
 */
function learnFrom(deps: LearningDependencies, error: unknown, sent: readonly string[]): boolean {
  if (!(error instanceof CrmError) || error.status !== 400) return false;
  let learnable = false;
  if (/INVALID_DATE|not midnight/i.test(error.message)) {
    const named = error.options.invalidDateProperties ?? propertiesRefusedWith(error.message, 'INVALID_DATE');
    const learned = deps.propertyTypes.learnDateTyped(named.length > 0 ? named : deps.propertyTypes.datetimeProperties());
    if (learned) deps.logger.warn('[CRM] Portal property is date-typed; writing midnight UTC', { properties: named });
    learnable = true;
  }
  if (/PROPERTY_DOESNT_EXIST/.test(error.message) || error.options.missingProperties !== undefined) {
    const named = error.options.missingProperties ?? propertiesRefusedWith(error.message, 'PROPERTY_DOESNT_EXIST');
    // Unnamed (a message cut short): every optional property sent is suspect; they are retried without, once.
    const learned = deps.propertyTypes.learnAbsent(named.length > 0 ? named : sent);
    if (learned.length > 0) deps.logger.warn('[CRM] Optional properties missing in the portal; writing without them', { properties: learned });
    learnable = true;
  }
  return learnable;
}

function sameValues(a: PropertyValues, b: PropertyValues): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => b[key] === a[key]);
}

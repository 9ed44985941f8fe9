import type { ContactStore, StoredContact } from '../../crm/contact-store.js';
import { chunksOf } from '../../crm/batch-limits.js';
import { createManyLearning, updateManyLearning, wouldChange, type PlannedCreate, type PlannedUpdate } from '../../crm/adaptive-writes.js';
import type { PortalPropertyTypes } from '../../crm/portal-property-types.js';
import { settlePortal } from '../../crm/property-schema.js';
import { READ_PROPERTIES } from '../../properties/property-definitions.js';
import { CorruptStateError, StateTooLargeError } from '../../errors.js';
import type { Logger } from '../../observability/logger.js';
import type { Catalog, ProgressEvent } from '../../progress/types.js';
import { planWrite, type WritePlan } from '../../tracking/plan-write.js';

export interface ImportDependencies {
  readonly store: ContactStore;
  /** Whether the import may create contacts for emails HubSpot does not know (`AUTH_ALLOW_CONTACT_CREATE` names `import`). */
  readonly allowCreate?: boolean;
  readonly catalog: Catalog;
  readonly propertyTypes: PortalPropertyTypes;
  readonly logger: Logger;
  readonly clock: () => Date;
}

export interface ImportCounts {
  learners: number;
  /** New contacts (in a dry run: would be created). */
  created: number;
  /** Existing contacts written (in a dry run: would be written). */
  updated: number;
  unchanged: number;
  failed: number;
}

export interface ImportFailure {
  readonly email: string;
  readonly reason: string;
}

export interface ImportOptions {
  readonly dryRun?: boolean;
  /** Stops after the chunk in progress; a later run of the same file picks up the rest (it changes nothing twice). */
  readonly signal?: AbortSignal;
  readonly onProgress?: (counts: Readonly<ImportCounts>, total: number) => void;
}

export interface ImportResult {
  readonly counts: ImportCounts;
  readonly failures: ImportFailure[];
  readonly complete: boolean;
  readonly dryRun: boolean;
}

/** Learners per chunk: one batch read, one batch create and one batch update each. */
export const LEARNERS_PER_CHUNK = 100;

/**
 * Merges each learner's imported events into their contact with the engine, as the queue consumer merges a batch.
 *
 * Per chunk of 100 learners (about three HubSpot calls, whatever the number of records):
 * 1. Read them by email in one batch (case-insensitive: HubSpot keeps emails lower-cased, and so do we).
 * 2. Fold each learner's events into the stored state (`planWrite`); skip learners whose values would not change,
 *    so a second run of the same file writes nothing.
 * 3. Create the new learners in one 409-safe batch: an email that exists after all (created meanwhile) is read by id
 *    and merged into like the others; never a second contact for one email.
 * 4. Update the changed learners in one batch, by record id.
 * @throws CrmError when a call keeps failing (after the caller's retries); the chunks before it are written.
 */
export async function importLearners(
  deps: ImportDependencies,
  learners: ReadonlyMap<string, readonly ProgressEvent[]>,
  options: ImportOptions = {},
): Promise<ImportResult> {
  const dryRun = options.dryRun === true;
  const counts: ImportCounts = { learners: 0, created: 0, updated: 0, unchanged: 0, failed: 0 };
  const failures: ImportFailure[] = [];
  const fail = (email: string, reason: string) => {
    counts.failed += 1;
    failures.push({ email, reason });
  };
  const writeDeps = { store: deps.store, propertyTypes: deps.propertyTypes, logger: deps.logger };
  // What "would change" means depends on what the portal has: learn it first (one call per process).
  await settlePortal(deps);

  for (const chunk of chunksOf([...learners.keys()], LEARNERS_PER_CHUNK)) {
    if (options.signal?.aborted === true) return { counts, failures, complete: false, dryRun };
    // 1. Read.
    const found = await deps.store.readMany(chunk.map((email) => ({ kind: 'email', email }) as const), READ_PROPERTIES);

    // 2. Plan.
    const creates: PlannedCreate[] = [];
    const updates: PlannedUpdate[] = [];
    const emailOfId = new Map<string, string>();
    const plan = (email: string, contact: StoredContact | undefined): void => {
      const planned = planOrFail(deps, contact, learners.get(email) ?? [], (reason) => fail(email, reason));
      if (planned === undefined) return;
      if (contact === undefined && deps.allowCreate === false) fail(email, 'no contact has this email, and AUTH_ALLOW_CONTACT_CREATE does not let the import create one');
      else if (contact === undefined) creates.push({ email, values: { ...planned.values, lifecyclestage: 'lead' } });
      else if (!wouldChange(deps.propertyTypes, planned.values, contact.properties)) counts.unchanged += 1;
      else {
        updates.push({ id: contact.id, values: planned.values, previous: contact.properties });
        emailOfId.set(contact.id, email);
      }
    };
    for (const email of chunk) plan(email, found.get(`email:${email}`));

    // 3. Create.
    if (dryRun) counts.created += creates.length;
    else if (creates.length > 0) {
      const results = await createManyLearning(writeDeps, creates);
      const existing: { email: string; id: string }[] = [];
      for (const [email, error] of results.failed) fail(email, error.message);
      for (const [email, result] of results.created) {
        if (result.created) counts.created += 1;
        else existing.push({ email, id: result.id });
      }
      if (existing.length > 0) {
        deps.logger.info('Learners created meanwhile by someone else; merging into them', { learners: existing.length });
        const reread = await deps.store.readMany(existing.map(({ id }) => ({ kind: 'id', contactId: id }) as const), READ_PROPERTIES);
        for (const { email, id } of existing) plan(email, reread.get(`id:${id}`) ?? { id, properties: {} });
      }
    }

    // 4. Update.
    if (dryRun) counts.updated += updates.length;
    else if (updates.length > 0) {
      const outcome = await updateManyLearning(writeDeps, updates);
      counts.updated += outcome.written.length;
      counts.unchanged += outcome.unchanged.length;
      for (const [id, error] of outcome.failed) fail(emailOfId.get(id) ?? `contact ${id}`, error.message);
    }
    counts.learners += chunk.length;
    options.onProgress?.({ ...counts }, learners.size);
  }
  return { counts, failures, complete: true, dryRun };
}

function planOrFail(
  deps: ImportDependencies,
  contact: StoredContact | undefined,
  events: readonly ProgressEvent[],
  fail: (reason: string) => void,
): WritePlan | undefined {
  try {
    return planWrite({ ...(contact === undefined ? {} : { contact }), events, catalog: deps.catalog, now: deps.clock() });
  } catch (error) {
    // A stored state that cannot be parsed is never overwritten; a state too large to store is not written.
    if (!(error instanceof CorruptStateError || error instanceof StateTooLargeError)) throw error;
    fail(error.message);
    return undefined;
  }
}

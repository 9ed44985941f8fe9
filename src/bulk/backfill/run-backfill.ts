import { MAX_SCAN_PAGE } from '../../crm/contact-scanner.js';
import type { StoredContact } from '../../crm/contact-store.js';
import { updateManyLearning, type PlannedUpdate } from '../../crm/adaptive-writes.js';
import { settlePortal } from '../../crm/property-schema.js';
import { PROPERTY_NAMES, READ_PROPERTIES } from '../../properties/property-definitions.js';
import type { BackfillCheckpoint, CheckpointStore } from './backfill-checkpoint.js';
import { planBackfill } from './plan-backfill.js';
import type { BulkContext } from '../bulk-context.js';

/** What the backfill needs of a bulk job's context. */
export type BackfillDependencies = Pick<BulkContext, 'store' | 'scanner' | 'catalog' | 'propertyTypes' | 'logger' | 'clock'>;

export interface BackfillCounts {
  scanned: number;
  /** Written (in a dry run: would be written). */
  changed: number;
  unchanged: number;
  failed: number;
}

export interface BackfillFailure {
  readonly contactId: string;
  readonly reason: string;
}

export interface BackfillProgress {
  readonly counts: Readonly<BackfillCounts>;
  /** Contacts with the state when the walk (or this resumed part of it) began, as HubSpot counted them. */
  readonly total?: number;
  readonly pages: number;
  readonly lastId?: string;
}

export interface BackfillOptions {
  /** Read and plan everything, write nothing (no checkpoint either). */
  readonly dryRun?: boolean;
  /** Contacts per search page; at most 200. */
  readonly pageSize?: number;
  /** Where the walk resumes from and is saved to; none in a dry run. */
  readonly checkpoints?: CheckpointStore;
  /** Stops the walk after the page in progress (Ctrl-C); the checkpoint then holds where to resume. */
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: BackfillProgress) => void;
}

export interface BackfillResult {
  readonly counts: BackfillCounts;
  /** The failed contacts with why (the first {@link MAX_FAILURES_KEPT}; `counts.failed` has them all). */
  readonly failures: BackfillFailure[];
  /** False when stopped by the signal before the last page. */
  readonly complete: boolean;
  /** The id this run resumed after, when it resumed. */
  readonly resumedAfter?: string;
  readonly lastId?: string;
  readonly dryRun: boolean;
}

/** Failures listed by reason in the checkpoint and the summary; more are counted only. */
export const MAX_FAILURES_KEPT = 1_000;

/**
 * Walks every contact that has `hhl_progress_state` and writes the derived properties of those whose values change.
 *
 * First, the portal's definitions of the service's properties (one call per process, `settlePortal`), so that what
 * changes is judged as the portal takes the values (its date-typed properties as days, no optional property it lacks).
 * Then per page of up to 200 contacts (ascending id, keyset paging: see `hubspot-search.ts`):
 * 1. Search the contacts with their values, and plan each one from what search answered; most contacts of a second run
 *    stop here (unchanged: no more calls).
 * 2. Read the contacts that would change again by id, 100 per call: search's index lags writes by seconds, and
 *    planning a write from a stale state could overwrite a learner's latest event. Plan again from the fresh values.
 * 3. Write the changes, 100 per call (learning the portal's date types and missing optional properties), unless dry.
 * 4. Save the checkpoint (the page's last id and the counts); stop here when the signal asks.
 * Calls for N contacts of which C change: 1 + ⌈N/200⌉ searches + ⌈C/100⌉ reads + ⌈C/100⌉ updates.
 * @throws CrmError when a call keeps failing (after the caller's retries): the checkpoint holds the last page done.
 */
export async function runBackfill(deps: BackfillDependencies, options: BackfillOptions = {}): Promise<BackfillResult> {
  const dryRun = options.dryRun === true;
  const pageSize = Math.min(MAX_SCAN_PAGE, Math.max(1, options.pageSize ?? MAX_SCAN_PAGE));
  const checkpoints = dryRun ? undefined : options.checkpoints;
  const resumed = await checkpoints?.load();
  const counts: BackfillCounts = resumed === undefined ? { scanned: 0, changed: 0, unchanged: 0, failed: 0 } : { ...resumed.counts };
  const failures: BackfillFailure[] = resumed === undefined ? [] : [...resumed.failures];
  const startedAt = resumed?.startedAt ?? deps.clock().toISOString();
  let lastId = resumed?.lastId;
  let total: number | undefined;
  let pages = 0;
  if (resumed !== undefined) deps.logger.info('Backfill resumes from its checkpoint', { afterId: resumed.lastId, scanned: counts.scanned });
  await settlePortal(deps);

  const fail = (contactId: string, reason: string) => {
    counts.failed += 1;
    if (failures.length < MAX_FAILURES_KEPT) failures.push({ contactId, reason });
  };

  for (;;) {
    if (options.signal?.aborted === true) return result(false);
    // 1. One page, planned from what search answered.
    const page = await deps.scanner.scan({ having: PROPERTY_NAMES.state, afterId: lastId, limit: pageSize, properties: READ_PROPERTIES });
    if (page.contacts.length === 0) break;
    total ??= counts.scanned + page.total;
    const candidates: string[] = [];
    for (const contact of page.contacts) {
      const plan = planBackfill(contact, planInput(deps));
      if (plan.kind === 'unchanged') counts.unchanged += 1;
      else candidates.push(contact.id);
    }

    // 2. Fresh values for the contacts that would change, planned again.
    const fresh = candidates.length === 0 ? new Map<string, StoredContact>() : await deps.store.readMany(candidates.map((contactId) => ({ kind: 'id', contactId }) as const), READ_PROPERTIES);
    const updates: PlannedUpdate[] = [];
    for (const contactId of candidates) {
      const contact = fresh.get(`id:${contactId}`);
      // Deleted since the search: nothing to backfill.
      const plan = contact === undefined ? ({ kind: 'unchanged' } as const) : planBackfill(contact, planInput(deps));
      if (plan.kind === 'unchanged') counts.unchanged += 1;
      else if (plan.kind === 'failed') fail(contactId, plan.reason);
      // By the id the read answered: a contact merged since the search is written under its merged record's id.
      else if (contact !== undefined) updates.push({ id: contact.id, values: plan.values, previous: contact.properties });
    }

    // 3. Write.
    if (dryRun) counts.changed += updates.length;
    else if (updates.length > 0) {
      const outcome = await updateManyLearning({ store: deps.store, propertyTypes: deps.propertyTypes, logger: deps.logger }, updates);
      counts.changed += outcome.written.length;
      counts.unchanged += outcome.unchanged.length;
      for (const [contactId, error] of outcome.failed) fail(contactId, error.message);
    }

    // 4. Checkpoint.
    counts.scanned += page.contacts.length;
    lastId = page.contacts[page.contacts.length - 1]?.id ?? lastId;
    pages += 1;
    if (checkpoints !== undefined && lastId !== undefined) await checkpoints.save(checkpoint(lastId));
    options.onProgress?.({ counts: { ...counts }, total, pages, lastId });
    if (page.contacts.length >= page.total) break;
  }
  await checkpoints?.clear();
  return result(true);

  function checkpoint(id: string): BackfillCheckpoint {
    return { version: 1, job: 'backfill', lastId: id, counts: { ...counts }, failures, startedAt, savedAt: deps.clock().toISOString() };
  }

  function result(complete: boolean): BackfillResult {
    return { counts, failures, complete, dryRun, lastId, ...(resumed === undefined ? {} : { resumedAfter: resumed.lastId }) };
  }
}

function planInput(deps: BackfillDependencies) {
  return { catalog: deps.catalog, now: deps.clock(), types: deps.propertyTypes };
}

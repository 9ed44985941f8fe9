import type { StoredContact } from '../crm/contact-store.js';
import { PROPERTY_NAMES } from '../properties/property-definitions.js';
import { CorruptStateError } from '../errors.js';
import { mergeStates } from '../progress/merge-states.js';
import { parseStoredState } from '../progress/state-codec.js';
import type { ProgressState } from '../progress/types.js';

/** How far back earlier versions of the state are merged in. */
export const RECENT_HISTORY_MS = 10 * 60 * 1000;

/**
 * At most this many earlier versions are merged, the newest first, each distinct value once: HubSpot documents no cap
 * on the versions it returns, and each can hold 64 KB of JSON to parse. Twenty is more than the concurrent writes one
 * learner's burst makes before its post-write check repairs it.
 */
export const MAX_MERGED_VERSIONS = 20;

/** Read options that bring the state's recent versions along (same call: `propertiesWithHistory`). */
export const WITH_STATE_HISTORY = { history: [PROPERTY_NAMES.state] } as const;

/** A clock a few seconds off between HubSpot and us must not hide a recent write. */
const CLOCK_SKEW_MS = 60_000;

/**
 * Whether a contact's state can have versions the merge would use: its last progress write (`hhl_progress_updated_at`)
 * is within the window, or cannot be told (absent, unreadable, or a bare date: a date-typed portal's "today" could be
 * a minute ago). Those are the only contacts a read needs `propertiesWithHistory` for.
 */
export function mayHaveRecentVersions(contact: StoredContact, now: Date): boolean {
  const value = contact.properties[PROPERTY_NAMES.updatedAt];
  if (typeof value !== 'string' || value.trim() === '') return contact.properties[PROPERTY_NAMES.state] != null;
  const at = Date.parse(value);
  if (!Number.isFinite(at)) return true;
  const dateOnly = !value.includes('T') && !/^\d+$/.test(value.trim());
  const latest = dateOnly ? at + 24 * 60 * 60 * 1000 : at;
  return latest >= now.getTime() - RECENT_HISTORY_MS - CLOCK_SKEW_MS;
}

/**
 * The learner's state: the current value merged with the versions written in the last ten minutes.
 *
 * Why: HubSpot has no compare-and-set, so two events for one learner that race both read version N and the second
 * write replaces the first. The first write is still in the property's history; since facts only grow and merging is
 * a join (commutative, associative, idempotent), merging recent versions back in recovers it on the next read or
 * write at no extra HubSpot call. Only recent versions count, so a deliberate reset of the property by an operator
 * is not undone by older history after ten minutes.
 *
 * Bounded: at most {@link MAX_MERGED_VERSIONS} distinct versions of the window, the newest first (HubSpot answers
 * newest first).
 *
 * Throws CorruptStateError when the *current* value cannot be parsed (it is never overwritten); an unparseable older
 * version is skipped.
 */
export function recentState(contact: StoredContact, now: Date): ProgressState {
  const current = contact.properties[PROPERTY_NAMES.state];
  let state: ProgressState;
  try {
    state = parseStoredState(current);
  } catch (error) {
    if (error instanceof CorruptStateError) throw new CorruptStateError(`Contact ${contact.id}: ${error.message}`, { cause: error });
    throw error;
  }
  const versions = contact.history?.[PROPERTY_NAMES.state] ?? [];
  const seen = new Set<string>([current ?? '']);
  for (const version of versions) {
    if (seen.has(version.value) || seen.size > MAX_MERGED_VERSIONS) continue;
    const at = Date.parse(version.timestamp);
    if (!Number.isFinite(at) || at < now.getTime() - RECENT_HISTORY_MS) continue;
    seen.add(version.value);
    try {
      state = mergeStates(state, parseStoredState(version.value));
    } catch {
      // An older version that cannot be parsed adds nothing; the current value decides whether we may write.
    }
  }
  return state;
}

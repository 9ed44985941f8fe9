/**
 * Events not yet acknowledged, kept in localStorage so they survive a reload, a crash or a day offline. Every change
 * reads the stored list afresh, so two tabs never overwrite each other's events; the list is always deduplicated by
 * key, in event-time order, at most {@link MAX_ENTRIES} long and no older than {@link MAX_AGE_MS}.
 */
import type { TrackBody } from './progress-tree.js';

export interface StorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

export interface OutboxEntry {
  /** Stable key: learner, event name, slugs and event time. */
  k: string;
  /** The learner it belongs to (contact id or email); events are only sent and shown for that learner. */
  w: string;
  b: TrackBody;
  /**
   * Times handed to a beacon without a read confirming it since. A beacon is delivered unless the service was down;
   * an event still unconfirmed after {@link MAX_BEACONS} (the service does not store it: CRM progress off) is dropped.
   */
  n?: number;
}

export const STORAGE_KEY = 'hhl-progress-outbox';
export const MAX_ENTRIES = 100;
/** The service takes an event's own time up to 30 days back. */
export const MAX_AGE_MS = 30 * 864e5;
export const MAX_BEACONS = 5;

export interface Outbox {
  /** The learner's entries, oldest first. */
  list(who: string): OutboxEntry[];
  add(entry: OutboxEntry): void;
  remove(keys: readonly string[]): void;
  /** Counts one more beacon for the entry. */
  markSent(key: string): void;
}

/** The stable key of an event for a learner. */
export function entryKey(who: string, body: TrackBody): string {
  const p = body.payload;
  return [who, body.eventName, p.pathway_slug, p.course_slug, p.module_slug, p.slug, p.ts].join('|');
}

/** An outbox over `storage` (in memory when there is none, or it refuses to work). */
export function createOutbox(storage: StorageLike | undefined, now: () => number): Outbox {
  const memory: Record<string, string> = {};
  const store = storage ?? { getItem: (k) => memory[k] ?? null, setItem: (k, v) => void (memory[k] = v) };

  function read(): OutboxEntry[] {
    try {
      const list = JSON.parse(store.getItem(STORAGE_KEY) ?? '[]');
      return Array.isArray(list) ? list : [];
    } catch {
      return [];
    }
  }

  /** Deduplicated, unexpired, not given up on, oldest first, capped. */
  function tidy(list: OutboxEntry[]): OutboxEntry[] {
    const seen = new Set<string>();
    const oldest = now() - MAX_AGE_MS;
    return list
      .filter((e) => !seen.has(e.k) && seen.add(e.k) && Date.parse(e.b.payload.ts) > oldest && (e.n ?? 0) < MAX_BEACONS)
      .sort((a, b) => Date.parse(a.b.payload.ts) - Date.parse(b.b.payload.ts))
      .slice(-MAX_ENTRIES);
  }

  function update(change: (list: OutboxEntry[]) => OutboxEntry[]): void {
    try {
      store.setItem(STORAGE_KEY, JSON.stringify(tidy(change(read()))));
    } catch {
      // Storage full or blocked: the event is still sent, it just cannot wait for a retry.
    }
  }

  return {
    list: (who) => tidy(read()).filter((e) => e.w === who),
    add: (entry) => update((list) => [...list, entry]),
    remove: (keys) => update((list) => list.filter((e) => !keys.includes(e.k))),
    markSent: (key) => update((list) => list.map((e) => (e.k === key ? { ...e, n: (e.n ?? 0) + 1 } : e))),
  };
}

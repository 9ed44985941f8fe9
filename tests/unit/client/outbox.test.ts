import { describe, expect, it } from 'vitest';
import { createOutbox, entryKey, MAX_AGE_MS, MAX_BEACONS, MAX_ENTRIES, STORAGE_KEY, type OutboxEntry } from '../../../client/src/outbox.js';
import { fakeStorage } from '../../fixtures/client-factories.js';

const NOW = Date.parse('2026-11-21T10:00:00.000Z');
const clock = () => NOW;

/** An entry for learner `who`, `minutesAgo` before NOW. */
function entryAt(minutesAgo: number, module = 'm1', who = 'a@example.com'): OutboxEntry {
  const b = { eventName: 'learning_module_started', payload: { module_slug: module, course_slug: 'c1', ts: new Date(NOW - minutesAgo * 60_000).toISOString() } };
  return { k: entryKey(who, b), w: who, b };
}

describe('outbox', () => {
  it('keeps events in localStorage, oldest first, whatever order they were added in', () => {
    // Prepare
    const storage = fakeStorage();
    const outbox = createOutbox(storage, clock);
    // Act
    outbox.add(entryAt(1, 'late'));
    outbox.add(entryAt(5, 'early'));
    // Assess
    expect(createOutbox(storage, clock).list('a@example.com').map((e) => e.b.payload.module_slug)).toEqual(['early', 'late']);
    expect(JSON.parse(storage.data[STORAGE_KEY] ?? '[]')).toHaveLength(2);
  });

  it('deduplicates by learner, event name, slugs and event time', () => {
    const outbox = createOutbox(fakeStorage(), clock);
    outbox.add(entryAt(1));
    outbox.add(entryAt(1));
    outbox.add(entryAt(2));
    outbox.add(entryAt(1, 'm1', 'b@example.com'));
    expect(outbox.list('a@example.com')).toHaveLength(2);
    expect(outbox.list('b@example.com')).toHaveLength(1);
  });

  it('never loses another tab\'s events: every change reads the stored list afresh', () => {
    const storage = fakeStorage();
    const tabA = createOutbox(storage, clock);
    const tabB = createOutbox(storage, clock);
    tabA.add(entryAt(3, 'from-a'));
    tabB.add(entryAt(2, 'from-b'));
    tabA.remove([entryAt(3, 'from-a').k]);
    expect(tabB.list('a@example.com').map((e) => e.b.payload.module_slug)).toEqual(['from-b']);
  });

  it(`counts the beacons an event was handed to, and gives up after ${MAX_BEACONS}`, () => {
    const outbox = createOutbox(fakeStorage(), clock);
    const entry = entryAt(1);
    outbox.add(entry);
    outbox.markSent(entry.k);
    const once = outbox.list('a@example.com')[0]?.n;
    for (let i = 1; i < MAX_BEACONS; i += 1) outbox.markSent(entry.k);
    expect(once).toBe(1);
    expect(outbox.list('a@example.com')).toEqual([]);
  });

  it(`drops events older than 30 days and keeps the newest ${MAX_ENTRIES}`, () => {
    const outbox = createOutbox(fakeStorage(), clock);
    outbox.add(entryAt(MAX_AGE_MS / 60_000 + 1, 'expired'));
    for (let i = 0; i < MAX_ENTRIES + 5; i += 1) outbox.add(entryAt(MAX_ENTRIES + 5 - i, `m${i}`));
    const kept = outbox.list('a@example.com');
    expect(kept).toHaveLength(MAX_ENTRIES);
    expect(kept[0]?.b.payload.module_slug).toBe('m5');
    expect(kept.some((e) => e.b.payload.module_slug === 'expired')).toBe(false);
  });

  it.each([
    ['holds something that is not JSON', fakeStorage({ [STORAGE_KEY]: '{oops' })],
    ['holds JSON that is not a list', fakeStorage({ [STORAGE_KEY]: '{"a":1}' })],
    ['throws on every call', fakeStorage({}, true)],
  ])('reads as empty and never throws when storage %s', (_label, storage) => {
    const outbox = createOutbox(storage, clock);
    expect(() => outbox.add(entryAt(1))).not.toThrow();
    expect(outbox.list('a@example.com').length).toBeLessThanOrEqual(1);
  });

  it('works in memory when there is no storage at all', () => {
    const outbox = createOutbox(undefined, clock);
    outbox.add(entryAt(1));
    expect(outbox.list('a@example.com')).toHaveLength(1);
  });
});

import { describe, expect, it } from 'vitest';
import { MAX_MERGED_VERSIONS, mayHaveRecentVersions, recentState } from '../../../src/tracking/recent-state.js';

const NOW = new Date('2026-12-02T12:00:00.000Z');
const at = (secondsAgo: number) => new Date(NOW.getTime() - secondsAgo * 1000).toISOString();
const state = (module: string) => JSON.stringify({ courses: { c: { enrolled: true, modules: { [module]: { completed: true, completed_at: at(0) } } } } });

describe('recentState', () => {
  it(`merges at most ${MAX_MERGED_VERSIONS} earlier versions, the newest first, each distinct value once`, () => {
    // Prepare: 40 distinct versions of the last minute, newest first, the newest written twice (a repeat is one)
    const distinct = Array.from({ length: 40 }, (_, i) => ({ value: state(`m${i}`), timestamp: at(i + 1) }));
    const versions = [{ value: state('m0'), timestamp: at(0) }, ...distinct];
    const contact = { id: '1', properties: { hhl_progress_state: state('current') }, history: { hhl_progress_state: versions } };

    // Act
    const merged = recentState(contact, NOW);

    // Assess: the current module and m0…m19 (20 distinct versions), none older
    const modules = Object.keys(merged.courses['c']?.modules ?? {}).sort();
    expect(modules).toEqual(['current', ...Array.from({ length: 20 }, (_, i) => `m${i}`)].sort());
  });
});

describe('mayHaveRecentVersions', () => {
  it.each([
    { label: 'written a minute ago', updatedAt: at(60), state: '{}', expected: true },
    { label: 'written an hour ago', updatedAt: at(3_600), state: '{}', expected: false },
    { label: 'a date-typed portal’s today', updatedAt: '2026-12-02', state: '{}', expected: true },
    { label: 'a date-typed portal’s yesterday', updatedAt: '2026-12-01', state: '{}', expected: false },
    { label: 'a state with no write time', updatedAt: null, state: '{}', expected: true },
    { label: 'no state at all', updatedAt: null, state: null, expected: false },
  ])('is $expected for $label', ({ updatedAt, state: stored, expected }) => {
    const contact = { id: '1', properties: { hhl_progress_updated_at: updatedAt, hhl_progress_state: stored } };

    expect(mayHaveRecentVersions(contact, NOW)).toBe(expected);
  });
});

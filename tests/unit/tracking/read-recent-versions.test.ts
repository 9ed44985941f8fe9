import { describe, expect, it } from 'vitest';
import { historyChunks } from '../../../src/tracking/read-recent-versions.js';

const contacts = (n: number, stateLength: number) =>
  Array.from({ length: n }, (_, i) => ({ id: String(i + 1), properties: { hhl_progress_state: 'x'.repeat(stateLength) } }));

describe('historyChunks', () => {
  it.each([
    { label: '50 small states', n: 50, stateLength: 500, sizes: [50] },
    { label: '120 small states', n: 120, stateLength: 500, sizes: [50, 50, 20] },
    { label: '50 states of 60 KB', n: 50, stateLength: 60_000, sizes: [9, 9, 9, 9, 9, 5] },
    { label: 'one state past the budget alone', n: 2, stateLength: 65_536 * 10, sizes: [1, 1] },
  ])('packs $label into reads HubSpot can answer in time: $sizes', ({ n, stateLength, sizes }) => {
    expect(historyChunks(contacts(n, stateLength)).map((chunk) => chunk.length)).toEqual(sizes);
  });
});

import { describe, expect, it } from 'vitest';
import { createProgressRenderer } from '../../../src/bulk/progress-renderer.js';

function stream(isTTY: boolean) {
  const writes: string[] = [];
  return { isTTY, writes, write: (text: string) => writes.push(text) };
}

describe('createProgressRenderer', () => {
  it('redraws one line in place on a terminal, with counts, rate and time left', () => {
    // Prepare
    const out = stream(true);
    const time = { now: 0 };
    const progress = createProgressRenderer({ label: 'backfill', stream: out, clock: () => time.now });

    // Act
    progress.update({ done: 0, total: 1_000, counts: { changed: 0 } });
    time.now = 2_000;
    progress.update({ done: 400, total: 1_000, counts: { changed: 380, failed: 1 } });
    progress.finish();

    // Assess
    expect(out.writes[1]).toBe('\rbackfill 400/1,000 (40%) · 200/s · ETA 3s · changed 380 · failed 1\u001b[K');
    expect(out.writes.at(-1)).toMatch(/^\r.*\u001b\[K\n$/);
    expect(out.writes.every((w) => w.startsWith('\r'))).toBe(true);
  });

  it('writes a plain line every N items or every few seconds without a terminal, and the last state at the end', () => {
    // Prepare
    const out = stream(false);
    const time = { now: 0 };
    const progress = createProgressRenderer({ label: 'import', stream: out, clock: () => time.now, everyItems: 100, everyMs: 5_000 });

    // Act
    for (let done = 10; done <= 250; done += 10) {
      time.now += 100;
      progress.update({ done, total: 250 });
    }
    time.now += 10_000;
    progress.update({ done: 250, total: 250 });
    progress.finish();

    // Assess: the first update, then every 100 items, then after 10 s, nothing repeated at the end
    expect(out.writes.map((w) => w.trim().split(' · ')[0])).toEqual(['import 10/250 (4%)', 'import 110/250 (44%)', 'import 210/250 (84%)', 'import 250/250 (100%)']);
    expect(out.writes.every((w) => w.endsWith('\n') && !w.includes('\r'))).toBe(true);
  });
});

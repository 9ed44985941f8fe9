import { formatCount, formatDuration } from './format-numbers.js';

/**
 * Progress of a bulk job for a person watching it: on a terminal, one line redrawn in place with the counts, the rate
 * and the time left; otherwise (a log file, CI) a plain line now and then, so the log neither floods nor goes silent.
 */

export interface ProgressStream {
  write(text: string): unknown;
  readonly isTTY?: boolean;
}

export interface ProgressOptions {
  /** The job's name at the start of every line, e.g. `backfill`. */
  readonly label: string;
  readonly stream: ProgressStream;
  readonly clock?: () => number;
  /** Without a terminal: a line every this many items… */
  readonly everyItems?: number;
  /** …or every this many milliseconds, whichever comes first. */
  readonly everyMs?: number;
}

export interface ProgressSnapshot {
  /** Items done so far (learners, contacts). */
  readonly done: number;
  /** Items in all, when known. */
  readonly total?: number;
  /** Counts to show after the rate, in order: `{ changed: 10, unchanged: 2 }`. */
  readonly counts?: Readonly<Record<string, number>>;
}

export interface ProgressRenderer {
  update(snapshot: ProgressSnapshot): void;
  /** Draws the last state and ends the line. */
  finish(): void;
}

/** Redraws on a terminal at most this often: enough to look live, little enough not to slow the job. */
const TTY_REDRAW_MS = 100;

/**
 * @example
 * const progress = createProgressRenderer({ label: 'backfill', stream: process.stderr });
 * progress.update({ done: 200, total: 1000, counts: { changed: 180, unchanged: 20, failed: 0 } });
 * progress.finish();
 */
export function createProgressRenderer(options: ProgressOptions): ProgressRenderer {
  const clock = options.clock ?? Date.now;
  const tty = options.stream.isTTY === true;
  const everyItems = options.everyItems ?? 1_000;
  const everyMs = options.everyMs ?? 10_000;
  let start: { at: number; done: number } | undefined;
  let last: ProgressSnapshot = { done: 0 };
  let drawnAt = -Infinity;
  let drawnDone = 0;
  let drawnLine = '';

  function line(snapshot: ProgressSnapshot, now: number): string {
    start ??= { at: now, done: snapshot.done };
    const seconds = (now - start.at) / 1000;
    const rate = seconds > 0 ? (snapshot.done - start.done) / seconds : undefined;
    const parts = [`${options.label} ${formatCount(snapshot.done)}${snapshot.total === undefined ? '' : `/${formatCount(snapshot.total)}`}`];
    if (snapshot.total !== undefined && snapshot.total > 0) parts[0] += ` (${Math.floor((snapshot.done / snapshot.total) * 100)}%)`;
    if (rate !== undefined) parts.push(`${formatCount(Math.round(rate))}/s`);
    if (rate !== undefined && rate > 0 && snapshot.total !== undefined && snapshot.total > snapshot.done) {
      parts.push(`ETA ${formatDuration((snapshot.total - snapshot.done) / rate)}`);
    }
    for (const [name, value] of Object.entries(snapshot.counts ?? {})) parts.push(`${name} ${formatCount(value)}`);
    return parts.join(' · ');
  }

  function draw(text: string, now: number, done: number): void {
    // `\r` and "erase to end of line": the new line replaces the old one, even when shorter.
    options.stream.write(tty ? `\r${text}\u001b[K` : `${text}\n`);
    drawnAt = now;
    drawnDone = done;
    drawnLine = text;
  }

  return {
    update(snapshot) {
      last = snapshot;
      const now = clock();
      const text = line(snapshot, now);
      const due = tty ? now - drawnAt >= TTY_REDRAW_MS : snapshot.done - drawnDone >= everyItems || now - drawnAt >= everyMs;
      if (due) draw(text, now, snapshot.done);
    },
    finish() {
      const now = clock();
      const text = line(last, now);
      if (tty) options.stream.write(`\r${text}\u001b[K\n`);
      else if (text !== drawnLine) options.stream.write(`${text}\n`);
    },
  };
}

/** Markdown helpers for the scale benchmark's output. */

export function table(headers: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  const line = (cells: readonly (string | number)[]) => `| ${cells.map(String).join(' | ')} |`;
  return [line(headers), line(headers.map(() => '---')), ...rows.map(line)].join('\n');
}

export function fixed(value: number, digits = 1): string {
  return Number.isFinite(value) ? value.toFixed(digits) : '—';
}

/** `{ a: 2, b: 1 }` → `a 2, b 1`; `—` when empty. */
export function counts(record: Record<string, number>): string {
  const entries = Object.entries(record).filter(([, n]) => n > 0);
  return entries.length === 0 ? '—' : entries.map(([k, n]) => `${k} ${n}`).join(', ');
}

/** A scenario's result: a Markdown section (heading level 3 and below) and a one-line summary for the console. */
export interface ScenarioReport {
  title: string;
  markdown: string;
}

import { createReadStream } from 'node:fs';
import { extname } from 'node:path';
import { createInterface } from 'node:readline';
import type { ProgressEvent } from '../../progress/types.js';
import { createCsvRecordReader } from './csv-records.js';
import { parseImportRow, REQUIRED_COLUMNS, type ImportRecord } from './import-row.js';

/**
 * Reads an LMS export (CSV with a header row, or NDJSON: one JSON object a line) into each learner's events, line by
 * line so a large file streams through. A line that cannot be imported is reported with its number and why, and
 * skipped; the others are imported.
 */

export type ImportFormat = 'csv' | 'ndjson';

export interface BadLine {
  /** 1-based physical line of the file (the first line of a CSV record spanning several). */
  readonly line: number;
  readonly reason: string;
}

export interface ImportFile {
  /** Each learner's events, by lower-cased email, in file order. */
  readonly learners: Map<string, ProgressEvent[]>;
  /** Records read (good and bad; the header and blank lines aside). */
  readonly rows: number;
  /** The first {@link MAX_BAD_LINES_KEPT} lines skipped, with why; `badLineCount` counts them all. */
  readonly badLines: BadLine[];
  readonly badLineCount: number;
}

/** A file that cannot be imported at all (no header, a required column missing). */
export class ImportFileError extends Error {
  override readonly name = 'ImportFileError';
}

export const MAX_BAD_LINES_KEPT = 10_000;

/** `csv` for `.csv`, `ndjson` for `.ndjson`, `.jsonl` and `.json`; undefined otherwise (then the content decides). */
export function formatOfPath(path: string): ImportFormat | undefined {
  const extension = extname(path).toLowerCase();
  if (extension === '.csv') return 'csv';
  if (['.ndjson', '.jsonl', '.json'].includes(extension)) return 'ndjson';
  return undefined;
}

/**
 * Reads a file from disk.
 * @throws ImportFileError when the file as a whole cannot be imported; the file system's error when it cannot be read.
 */
export function readImportFile(path: string, options: { format?: ImportFormat; now: Date }): Promise<ImportFile> {
  const lines = createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Infinity });
  return readImportLines(lines, { format: options.format ?? formatOfPath(path), now: options.now });
}

/**
 * Reads the lines of an export (without their line breaks). With no `format`, a first line starting with `{` means
 * NDJSON, anything else CSV.
 * @example await readImportLines(['email,event,course_slug,occurred_at', 'ada@example.com,enrolled,crm-essentials,2026-01-05'], { now })
 */
export async function readImportLines(lines: AsyncIterable<string> | Iterable<string>, options: { format?: ImportFormat; now: Date }): Promise<ImportFile> {
  const learners = new Map<string, ProgressEvent[]>();
  const badLines: BadLine[] = [];
  let badLineCount = 0;
  let rows = 0;
  const accept = (line: number, row: Readonly<Record<string, unknown>>) => {
    rows += 1;
    const parsed = parseImportRow(row, options.now);
    if (parsed.ok) add(learners, parsed.record);
    else reject(line, parsed.reason);
  };
  const reject = (line: number, reason: string) => {
    badLineCount += 1;
    if (badLines.length < MAX_BAD_LINES_KEPT) badLines.push({ line, reason });
  };

  let format = options.format;
  let header: string[] | undefined;
  const csv = createCsvRecordReader();
  let number = 0;
  for await (const raw of lines) {
    number += 1;
    const text = number === 1 ? raw.replace(/^\uFEFF/, '') : raw;
    format ??= text.trimStart().startsWith('{') ? 'ndjson' : 'csv';
    if (format === 'ndjson') {
      if (text.trim() === '') continue;
      const object = parseObject(text);
      if (typeof object === 'string') {
        rows += 1;
        reject(number, object);
      } else accept(number, object);
      continue;
    }
    // A blank line between records is no record; inside a quoted field it is part of the field.
    const record = text.trim() === '' && !csv.open ? undefined : csv.push(text, number);
    if (record === undefined) continue;
    if (header === undefined) {
      if (!record.ok) throw new ImportFileError(`line ${record.line}: the header row cannot be read: ${record.reason}`);
      header = readHeader(record.fields);
      continue;
    }
    if (!record.ok) {
      rows += 1;
      reject(record.line, record.reason);
    } else if (record.fields.length > header.length) {
      rows += 1;
      reject(record.line, `has ${record.fields.length} fields, the header has ${header.length}`);
    } else {
      const columns = header;
      accept(record.line, Object.fromEntries(columns.map((name, i) => [name, record.fields[i] ?? ''])));
    }
  }
  const unterminated = csv.end();
  if (unterminated !== undefined && !unterminated.ok) {
    rows += 1;
    reject(unterminated.line, unterminated.reason);
  }
  if (format === 'csv' && header === undefined) throw new ImportFileError('the file is empty: a CSV export needs a header row');
  return { learners, rows, badLines, badLineCount };
}

function readHeader(fields: readonly string[]): string[] {
  const names = fields.map((name) => name.trim().toLowerCase());
  const missing = REQUIRED_COLUMNS.filter((column) => !names.includes(column));
  if (missing.length > 0) throw new ImportFileError(`line 1: the header has no ${missing.join(', ')} column (found: ${names.join(', ')})`);
  const repeated = names.filter((name, i) => name !== '' && names.indexOf(name) !== i);
  if (repeated.length > 0) throw new ImportFileError(`line 1: the header names ${[...new Set(repeated)].join(', ')} twice`);
  return names;
}

/** The object a line holds, or why it holds none. Keys are compared without case, as CSV headers are. */
function parseObject(text: string): Record<string, unknown> | string {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return 'is not valid JSON';
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return 'is not a JSON object';
  return Object.fromEntries(Object.entries(json).map(([key, value]) => [key.trim().toLowerCase(), value]));
}

function add(learners: Map<string, ProgressEvent[]>, record: ImportRecord): void {
  const events = learners.get(record.email);
  if (events === undefined) learners.set(record.email, [record.event]);
  else events.push(record.event);
}

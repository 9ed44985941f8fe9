import { createReadStream } from 'node:fs';
import { extname } from 'node:path';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { type CsvError, type Info, parse } from 'csv-parse';
import type { ProgressEvent } from '../../progress/types.js';
import { parseImportRow, REQUIRED_COLUMNS, type ImportRecord } from './import-row.js';

/**
 * Reads an LMS export (CSV with a header row, or NDJSON: one JSON object a line) into each learner's events,
 * streaming so a large file goes through. CSV is read by `csv-parse` (RFC 4180: quoted fields may hold commas, line
 * breaks and doubled quotes). A record that cannot be imported is reported with its line number and why, and
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
  const skip = (line: number, reason: string) => {
    badLineCount += 1;
    if (badLines.length < MAX_BAD_LINES_KEPT) badLines.push({ line, reason });
  };
  /** One record read: imported, or skipped with why. */
  const accept = (line: number, row: Readonly<Record<string, unknown>>) => {
    rows += 1;
    const parsed = parseImportRow(row, options.now);
    if (parsed.ok) add(learners, parsed.record);
    else skip(line, parsed.reason);
  };
  /** One record that cannot be read at all. */
  const reject = (line: number, reason: string) => {
    rows += 1;
    skip(line, reason);
  };

  const { first, all } = await peek(lines);
  const format = options.format ?? (first?.trimStart().startsWith('{') === true ? 'ndjson' : 'csv');
  if (format === 'ndjson') {
    let number = 0;
    for await (const text of all) {
      number += 1;
      if (text.trim() === '') continue;
      const object = parseObject(text);
      if (typeof object === 'string') reject(number, object);
      else accept(number, object);
    }
    return { learners, rows, badLines, badLineCount };
  }

  let header: string[] | undefined;
  // csv-parse reports a record it cannot read as a `skip` event, which may fire before the records ahead of it have
  // been taken from the stream: collect them, and file them in line order once the stream is read.
  const unreadable: BadLine[] = [];
  const parser = Readable.from(withLineBreaks(all)).pipe(
    parse({ relax_column_count: true, skip_empty_lines: true, skip_records_with_error: true, info: true, raw: true }),
  );
  parser.on('skip', (error: CsvError) => unreadable.push({ line: Number(error.lines), reason: reasonOf(error) }));
  for await (const { record, info, raw } of parser as AsyncIterable<{ record: string[]; info: Info; raw: string }>) {
    if (record.every((field) => field.trim() === '')) continue;
    const line = firstLineOf(info, raw);
    const before = unreadable.find((bad) => bad.line < line && header === undefined);
    if (before !== undefined) throw new ImportFileError(`line ${before.line}: the header row cannot be read: ${before.reason}`);
    if (header === undefined) {
      header = readHeader(record);
      continue;
    }
    if (record.length > header.length) reject(line, `has ${record.length} fields, the header has ${header.length}`);
    else {
      const columns = header;
      accept(line, Object.fromEntries(columns.map((name, i) => [name, record[i] ?? ''])));
    }
  }
  if (header === undefined && unreadable[0] !== undefined) {
    throw new ImportFileError(`line ${unreadable[0].line}: the header row cannot be read: ${unreadable[0].reason}`);
  }
  for (const bad of unreadable) reject(bad.line, bad.reason);
  badLines.sort((a, b) => a.line - b.line);
  if (header === undefined) throw new ImportFileError('the file is empty: a CSV export needs a header row');
  return { learners, rows, badLines, badLineCount };
}

/** The first line, and every line again (the first included), without reading ahead more than one. */
async function peek(lines: AsyncIterable<string> | Iterable<string>): Promise<{ first: string | undefined; all: AsyncIterable<string> }> {
  const iterator = Symbol.asyncIterator in lines ? lines[Symbol.asyncIterator]() : toAsync(lines[Symbol.iterator]());
  const head = await iterator.next();
  const first = head.done === true ? undefined : head.value.replace(/^\uFEFF/, '');
  async function* all(): AsyncIterable<string> {
    if (first === undefined) return;
    yield first;
    for (let next = await iterator.next(); next.done !== true; next = await iterator.next()) yield next.value;
  }
  return { first, all: all() };
}

async function* withLineBreaks(lines: AsyncIterable<string>): AsyncIterable<string> {
  for await (const line of lines) yield `${line}\n`;
}

function toAsync(iterator: Iterator<string>): AsyncIterator<string> {
  return { next: async () => iterator.next() };
}

/** csv-parse counts the line a record ends on; a record spanning lines is reported under its first. */
function firstLineOf(info: Info, raw: string): number {
  // `raw` starts with the blank lines skipped before the record and ends with its line break.
  const breaks = raw.replace(/^(\s*\n)+/, '').replace(/\r?\n$/, '').split('\n').length - 1;
  return info.lines - breaks;
}

function reasonOf(error: CsvError): string {
  switch (error.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return 'a quoted field is never closed';
    case 'CSV_INVALID_CLOSING_QUOTE':
      return 'text after a closing quote';
    default:
      return error.message;
  }
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

import { describe, expect, it } from 'vitest';
import { createCsvRecordReader, type CsvResult } from '../../../src/bulk/import/csv-records.js';

function readAll(lines: string[]): CsvResult[] {
  const reader = createCsvRecordReader();
  const records = lines.flatMap((text, i) => reader.push(text, i + 1) ?? []);
  const end = reader.end();
  return end === undefined ? records : [...records, end];
}

describe('createCsvRecordReader', () => {
  it.each<[string, string[], CsvResult[]]>([
    ['plain fields', ['a,b,c'], [{ ok: true, line: 1, fields: ['a', 'b', 'c'] }]],
    ['empty fields', [',,x,'], [{ ok: true, line: 1, fields: ['', '', 'x', ''] }]],
    ['a quoted field holding a comma', ['"a,b",c'], [{ ok: true, line: 1, fields: ['a,b', 'c'] }]],
    ['doubled quotes inside a quoted field', ['"say ""hi""",x'], [{ ok: true, line: 1, fields: ['say "hi"', 'x'] }]],
    ['an empty quoted field', ['"",x'], [{ ok: true, line: 1, fields: ['', 'x'] }]],
    ['a quoted field over two lines, reported at its first', ['a,"one', 'two",b', 'c,d'], [{ ok: true, line: 1, fields: ['a', 'one\ntwo', 'b'] }, { ok: true, line: 3, fields: ['c', 'd'] }]],
    ['a quote inside an unquoted field, kept', ['ab"c,d'], [{ ok: true, line: 1, fields: ['ab"c', 'd'] }]],
    ['text after a closing quote', ['"a"b,c'], [{ ok: false, line: 1, reason: 'text after a closing quote in field 1' }]],
    ['a quoted field never closed', ['x', '"open,', 'still'], [{ ok: true, line: 1, fields: ['x'] }, { ok: false, line: 2, reason: 'a quoted field is never closed' }]],
  ])('reads %s', (_, lines, expected) => {
    expect(readAll(lines)).toEqual(expected);
  });
});

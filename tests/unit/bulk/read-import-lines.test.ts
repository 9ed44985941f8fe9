import { describe, expect, it } from 'vitest';
import { formatOfPath, ImportFileError, readImportLines } from '../../../src/bulk/import/read-import-file.js';

const NOW = new Date('2026-11-21T10:00:00.000Z');
const HEADER = 'email,pathway_slug,course_slug,module_slug,event,occurred_at,score,time_spent_seconds';

describe('readImportLines', () => {
  it('groups each learner’s events by lower-cased email, in file order, whatever the column order', async () => {
    // Act
    const file = await readImportLines(
      [
        '\uFEFFEvent, Email ,Course_Slug,occurred_at,module_slug,notes',
        'enrolled,Ada@Example.com,crm-essentials,2026-01-05,,"first, of many"',
        'started,bob@example.com,crm-essentials,2026-01-06,crm-overview,',
        'completed,ada@example.com,crm-essentials,2026-01-07,crm-overview,',
      ],
      { now: NOW },
    );

    // Assess
    expect(file.rows).toBe(3);
    expect(file.badLines).toEqual([]);
    expect([...file.learners.keys()]).toEqual(['ada@example.com', 'bob@example.com']);
    expect(file.learners.get('ada@example.com')?.map((e) => e.name)).toEqual(['learning_course_enrolled', 'learning_module_completed']);
  });

  it('reports bad lines by their physical line number, blank lines and multi-line records counted', async () => {
    // Act
    const file = await readImportLines(
      [HEADER, '', 'ada@example.com,,c,"m', '1",started,2026-01-05,,', 'x@,,c,m1,started,2026-01-05,,', '"broken,,c'],
      { now: NOW },
    );

    // Assess
    expect(file.learners.size).toBe(0);
    expect(file.badLines).toEqual([
      { line: 3, reason: 'module_slug must be lower-case letters, digits, "-" or "_" (1-200 characters)' },
      { line: 5, reason: 'email is not an email address' },
      { line: 6, reason: 'a quoted field is never closed' },
    ]);
    expect(file.badLineCount).toBe(3);
    expect(file.rows).toBe(3);
  });

  it('reads NDJSON when the first line is an object, keys in any case', async () => {
    // Act
    const file = await readImportLines(
      ['{"EMAIL":"ada@example.com","course_slug":"c","event":"enrolled","occurred_at":"2026-01-05"}', '[1,2]', '', 'nope'],
      { now: NOW },
    );

    // Assess
    expect(file.learners.get('ada@example.com')).toHaveLength(1);
    expect(file.badLines).toEqual([
      { line: 2, reason: 'is not a JSON object' },
      { line: 4, reason: 'is not valid JSON' },
    ]);
  });

  it.each<[string, string[], string]>([
    ['an empty file', [], 'the file is empty: a CSV export needs a header row'],
    ['a header without the event column', ['email,occurred_at', 'a@b.co,2026-01-05'], 'line 1: the header has no event column (found: email, occurred_at)'],
    ['a header naming a column twice', ['email,event,occurred_at,Email'], 'line 1: the header names email twice'],
  ])('refuses %s as a whole', async (_, lines, message) => {
    await expect(readImportLines(lines, { format: 'csv', now: NOW })).rejects.toEqual(new ImportFileError(message));
  });

  it.each([
    ['export.CSV', 'csv'],
    ['export.ndjson', 'ndjson'],
    ['export.jsonl', 'ndjson'],
    ['export.txt', undefined],
  ])('takes the format of %s to be %s', (path, format) => {
    expect(formatOfPath(path)).toBe(format);
  });
});

import { describe, expect, it } from 'vitest';
import { parseImportRow } from '../../../src/bulk/import/import-row.js';

const NOW = new Date('2026-11-21T10:00:00.000Z');

const row = (fields: Record<string, unknown>) => ({ email: 'ada@example.com', occurred_at: '2026-01-05T10:00:00Z', ...fields });

describe('parseImportRow', () => {
  it.each<[string, Record<string, unknown>, unknown]>([
    [
      'a course enrolment, the email lower-cased and trimmed',
      row({ email: ' Ada@Example.COM ', course_slug: 'crm-essentials', event: 'enrolled' }),
      { email: 'ada@example.com', event: { name: 'learning_course_enrolled', at: '2026-01-05T10:00:00.000Z', course: 'crm-essentials', source: 'import' } },
    ],
    [
      'a course enrolment inside a pathway when both are given',
      row({ pathway_slug: 'hubspot-foundations', course_slug: 'crm-essentials', event: 'enrolled' }),
      { email: 'ada@example.com', event: { name: 'learning_course_enrolled', at: '2026-01-05T10:00:00.000Z', course: 'crm-essentials', pathway: 'hubspot-foundations', source: 'import' } },
    ],
    [
      'a pathway enrolment when only the pathway is given; module, score and time are ignored',
      row({ pathway_slug: 'quick-start', module_slug: 'welcome', event: 'ENROLLED', score: '90', time_spent_seconds: '60' }),
      { email: 'ada@example.com', event: { name: 'learning_pathway_enrolled', at: '2026-01-05T10:00:00.000Z', pathway: 'quick-start', source: 'import' } },
    ],
    [
      'a module completion with its score and time spent (rounded to whole seconds)',
      row({ course_slug: 'crm-essentials', module_slug: 'crm-overview', event: 'completed', score: '87.5', time_spent_seconds: '600.4' }),
      { email: 'ada@example.com', event: { name: 'learning_module_completed', at: '2026-01-05T10:00:00.000Z', module: 'crm-overview', course: 'crm-essentials', score: 87.5, timeSpentSeconds: 600 } },
    ],
    [
      'a module start in a flat pathway, numbers given as numbers',
      row({ pathway_slug: 'quick-start', module_slug: 'welcome', event: 'started', score: 0, time_spent_seconds: 30 }),
      { email: 'ada@example.com', event: { name: 'learning_module_started', at: '2026-01-05T10:00:00.000Z', module: 'welcome', pathway: 'quick-start', score: 0, timeSpentSeconds: 30 } },
    ],
  ])('reads %s', (_, input, expected) => {
    expect(parseImportRow(input, NOW)).toEqual({ ok: true, record: expected });
  });

  it.each<[string, string]>([
    ['2026-01-05T11:00:00+01:00', '2026-01-05T10:00:00.000Z'],
    ['2026-01-05T10:00:00', '2026-01-05T10:00:00.000Z'],
    ['2026-01-05 10:00:00', '2026-01-05T10:00:00.000Z'],
    ['2026-01-05', '2026-01-05T00:00:00.000Z'],
    ['1767607200000', '2026-01-05T10:00:00.000Z'],
    // Years old: an export is history, with no 30-day window.
    ['2019-03-01T08:00:00Z', '2019-03-01T08:00:00.000Z'],
  ])('reads occurred_at %s as %s', (occurredAt, at) => {
    const parsed = parseImportRow(row({ course_slug: 'c', event: 'enrolled', occurred_at: occurredAt }), NOW);
    expect(parsed.ok && parsed.record.event.at).toBe(at);
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['no email', row({ email: '', course_slug: 'c', event: 'enrolled' }), 'email is required'],
    ['a bad email', row({ email: 'ada', course_slug: 'c', event: 'enrolled' }), 'email is not an email address'],
    ['an unknown event', row({ course_slug: 'c', event: 'passed' }), 'event must be enrolled, started or completed'],
    ['an enrolment in nothing', row({ event: 'enrolled' }), 'enrolled needs course_slug or pathway_slug'],
    ['a completion without its module', row({ course_slug: 'c', event: 'completed' }), 'completed needs module_slug'],
    ['a module in no course or pathway', row({ module_slug: 'm', event: 'started' }), 'started needs course_slug or pathway_slug to place the module'],
    ['no time', row({ course_slug: 'c', event: 'enrolled', occurred_at: ' ' }), 'occurred_at is required'],
    ['an impossible date', row({ course_slug: 'c', event: 'enrolled', occurred_at: '2026-02-30' }), 'occurred_at is not an ISO-8601 date-time or a date'],
    ['a time in the future', row({ course_slug: 'c', event: 'enrolled', occurred_at: '2027-01-01T00:00:00Z' }), 'occurred_at is in the future'],
    ['a score over 100', row({ course_slug: 'c', module_slug: 'm', event: 'completed', score: '101' }), 'score must be 0-100'],
    ['a score that is no number', row({ course_slug: 'c', module_slug: 'm', event: 'completed', score: 'A+' }), 'score must be a number'],
    ['a negative time', row({ course_slug: 'c', module_slug: 'm', event: 'completed', time_spent_seconds: '-1' }), 'time_spent_seconds must not be negative'],
    ['a slug with capitals', row({ course_slug: 'CRM', event: 'enrolled' }), 'course_slug must be lower-case letters, digits, "-" or "_" (1-200 characters)'],
    ['the reserved pathway slug courses', row({ pathway_slug: 'courses', event: 'enrolled' }), 'pathway_slug "courses" and "modules" cannot be pathway slugs'],
    ['the reserved pathway slug modules', row({ pathway_slug: 'modules', event: 'enrolled' }), 'pathway_slug "courses" and "modules" cannot be pathway slugs'],
  ])('refuses %s', (_, input, reason) => {
    expect(parseImportRow(input, NOW)).toEqual({ ok: false, reason });
  });

  it('names every problem of a row at once', () => {
    const parsed = parseImportRow({ email: 'x', event: 'done', occurred_at: 'soon' }, NOW);
    expect(parsed).toEqual({ ok: false, reason: expect.stringContaining('email is not an email address; event must be enrolled, started or completed; occurred_at') });
  });
});

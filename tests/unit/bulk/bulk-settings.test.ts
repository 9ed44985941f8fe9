import { describe, expect, it } from 'vitest';
import { parseBackfillArguments, parseImportArguments } from '../../../src/bulk/bulk-settings.js';

const ENV = { LOCAL_DATA_DIR: '/tmp/hhl' };

describe('parseBackfillArguments', () => {
  it('defaults to half the limit of a Free or Starter account, checkpoint in the data folder', () => {
    expect(parseBackfillArguments([], ENV)).toMatchObject({
      ok: true,
      settings: { dryRun: false, rateShare: 0.5, tenSecondLimit: 100, checkpointFile: '/tmp/hhl/backfill-checkpoint.json', restart: false, pageSize: 200 },
    });
  });

  it.each<[string[], Record<string, string>, object]>([
    [['--rate-share', '25%'], {}, { rateShare: 0.25 }],
    [['--rate-share', '0.8', '--dry-run'], {}, { rateShare: 0.8, dryRun: true }],
    [['--checkpoint', 'cp.json', '--restart', '--page-size', '50'], {}, { checkpointFile: 'cp.json', restart: true, pageSize: 50 }],
    [[], { HUBSPOT_TEN_SECOND_LIMIT: '190' }, { tenSecondLimit: 190 }],
  ])('reads %j with %j', (argv, env, expected) => {
    expect(parseBackfillArguments(argv, { ...ENV, ...env })).toMatchObject({ ok: true, settings: expected });
  });

  it.each<[string[], Record<string, string>, RegExp]>([
    [['--rate-share', '0'], {}, /--rate-share must be a share in \(0, 1\]/],
    [['--rate-share', '150%'], {}, /--rate-share must be a share/],
    [['--page-size', '500'], {}, /--page-size must be a whole number from 1 to 200/],
    [['--fast'], {}, /Unknown option '--fast'/],
    [[], { HUBSPOT_TEN_SECOND_LIMIT: 'lots' }, /HUBSPOT_TEN_SECOND_LIMIT must be a whole number/],
    [['--rate-share', 'x'], { LOG_LEVEL: 'loud' }, /--rate-share .*; Invalid configuration: LOG_LEVEL/],
  ])('refuses %j with %j, naming every problem', (argv, env, line) => {
    const parsed = parseBackfillArguments(argv, { ...ENV, ...env });
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.line).toMatch(line);
  });

  it('answers help', () => {
    expect(parseBackfillArguments(['--help'], ENV)).toEqual({ ok: true, help: true });
  });
});

describe('parseImportArguments', () => {
  it('takes one file and an optional format', () => {
    expect(parseImportArguments(['lms.txt', '--format', 'ndjson'], ENV)).toMatchObject({ ok: true, settings: { file: 'lms.txt', format: 'ndjson', dryRun: false } });
  });

  it.each<[string[], string]>([
    [[], 'Name the file to import: npm run import -- <file>'],
    [['a.csv', 'b.csv'], 'One file at a time: b.csv is one too many'],
    [['a.csv', '--format', 'xml'], '--format must be csv or ndjson'],
  ])('refuses %j', (argv, line) => {
    expect(parseImportArguments(argv, ENV)).toEqual({ ok: false, line });
  });
});

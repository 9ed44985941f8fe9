import { describe, expect, it } from 'vitest';
import { runImportCli } from '../../../src/bulk/import/import-cli.js';
import type { HubSpotSimulator } from '../../../tools/hubspot-simulator/index.js';
import { client } from '../../fixtures/sim-fixture.js';
import { bulkEnv, bulkSimulator, capture, contactByEmail, fileIn, legacyState, requestsSince, ROUTES, workDir } from '../../fixtures/bulk-fixture.js';

const HEADER = 'email,pathway_slug,course_slug,module_slug,event,occurred_at,score,time_spent_seconds';

/** An LMS export: each learner enrolled in crm-essentials, one module completed, every other learner a second one. */
function lmsExport(learners: number): string[] {
  const rows = [HEADER];
  for (let n = 0; n < learners; n += 1) {
    const email = `learner${n}@example.com`;
    rows.push(`${email},,crm-essentials,,enrolled,2026-01-05T09:00:00Z,,`);
    rows.push(`${email},,crm-essentials,crm-overview,started,2026-01-05T10:00:00Z,,300`);
    rows.push(`${email},,crm-essentials,crm-overview,completed,2026-01-05T10:20:00Z,${80 + (n % 20)},1200`);
    if (n % 2 === 0) rows.push(`${email},,crm-essentials,contacts-and-companies,completed,2026-01-06T10:00:00Z,95,900`);
  }
  return rows;
}

async function importFile(sim: HubSpotSimulator, dir: string, file: string, argv: string[] = []) {
  const stdout = capture();
  const stderr = capture();
  const exitCode = await runImportCli({ argv: [file, '--rate-share', '1', ...argv], env: bulkEnv(sim, dir), stdout, stderr });
  return { exitCode, stdout, stderr };
}

describe('npm run import of an LMS export', () => {
  it('creates each learner with the merged progress and metrics, 100 learners per call', async () => {
    // Prepare
    const sim = await bulkSimulator();
    const dir = workDir();
    const file = fileIn(dir, 'lms.csv', lmsExport(250));
    const before = sim.stats();

    // Act
    const { exitCode, stdout } = await importFile(sim, dir, file);

    // Assess
    expect(exitCode).toBe(0);
    expect(requestsSince(sim, before)).toEqual({ [ROUTES.definitions]: 1, [ROUTES.batchRead]: 3, [ROUTES.batchCreate]: 3 });
    expect(stdout.text).toContain(`Read 875 records from ${file}: 0 bad lines skipped, 250 learners.`);
    expect(stdout.text).toMatch(/Import complete: 250 learners, 250 created, 0 updated, 0 unchanged, 0 failed\. 7 HubSpot calls in/);
    expect(contactByEmail(sim, 'learner2@example.com')).toMatchObject({
      lifecyclestage: 'lead',
      hhl_progress_summary: 'crm-essentials: 2/3 modules',
      hhl_enrolled_courses: 'crm-essentials',
      hhl_total_progress: '2',
      hhl_average_score: '88.5',
      hhl_study_minutes: '35',
      hhl_current_module: 'contacts-and-companies',
      hhl_progress_percent: '67',
      hhl_last_activity: '2026-01-06',
    });
    const state = JSON.parse(contactByEmail(sim, 'learner2@example.com')?.['hhl_progress_state'] ?? '{}');
    expect(state.courses['crm-essentials']).toMatchObject({ enrolled_at: '2026-01-05T09:00:00.000Z', enrollment_source: 'import' });
    expect(state.courses['crm-essentials'].modules['crm-overview']).toEqual({
      started: true,
      started_at: '2026-01-05T10:00:00.000Z',
      completed: true,
      completed_at: '2026-01-05T10:20:00.000Z',
      score: 82,
      time_spent_seconds: 1200,
    });
  });

  it('changes nothing when the same file is imported again: only the batch reads', async () => {
    // Prepare
    const sim = await bulkSimulator();
    const dir = workDir();
    const file = fileIn(dir, 'lms.csv', lmsExport(250));
    await importFile(sim, dir, file);
    const contactsBefore = sim.contacts();
    const before = sim.stats();

    // Act
    const { exitCode, stdout } = await importFile(sim, dir, file);

    // Assess
    expect(exitCode).toBe(0);
    expect(requestsSince(sim, before)).toEqual({ [ROUTES.definitions]: 1, [ROUTES.batchRead]: 3 });
    expect(stdout.text).toContain('Import complete: 250 learners, 0 created, 0 updated, 250 unchanged, 0 failed');
    expect(sim.contacts()).toEqual(contactsBefore);
  });

  it('merges the records into learners HubSpot already has, with their earlier progress kept', async () => {
    // Prepare: learner1 holds a legacy state with all of crm-essentials completed in March 2025
    const sim = await bulkSimulator();
    const dir = workDir();
    await client(sim).post('/crm/v3/objects/contacts', { properties: { email: 'learner1@example.com', hhl_progress_state: legacyState(1) } });
    const file = fileIn(dir, 'lms.csv', [HEADER, 'learner1@example.com,,content-strategy,pillar-pages,completed,2026-02-01T10:00:00Z,70,60']);

    // Act
    const { exitCode, stdout } = await importFile(sim, dir, file);

    // Assess
    expect(exitCode).toBe(0);
    expect(stdout.text).toContain('1 learners, 0 created, 1 updated');
    expect(contactByEmail(sim, 'learner1@example.com')).toMatchObject({
      hhl_completed_courses: 'crm-essentials',
      hhl_enrolled_courses: 'content-strategy;crm-essentials',
      hhl_total_progress: '4',
      hhl_average_score: '70',
      hhl_progress_percent: '80',
    });
  });

  it('never creates a second contact for an email, whatever its case or spaces', async () => {
    // Prepare: Ada exists; Bob is new and written two ways in the file
    const sim = await bulkSimulator();
    const dir = workDir();
    await client(sim).post('/crm/v3/objects/contacts', { properties: { email: 'ada@example.com' } });
    const file = fileIn(dir, 'lms.csv', [
      HEADER,
      'Ada@Example.COM,,crm-essentials,crm-overview,completed,2026-01-05T10:00:00Z,,',
      ' ADA@EXAMPLE.COM ,,crm-essentials,deals-pipeline,started,2026-01-06T10:00:00Z,,',
      'Bob@Example.com,,crm-essentials,crm-overview,started,2026-01-05T10:00:00Z,,',
      'bob@example.com,,crm-essentials,crm-overview,completed,2026-01-05T11:00:00Z,,',
    ]);

    // Act
    const first = await importFile(sim, dir, file);
    const second = await importFile(sim, dir, file);

    // Assess
    expect(first.stdout.text).toContain('2 learners, 1 created, 1 updated');
    expect(second.stdout.text).toContain('2 learners, 0 created, 0 updated, 2 unchanged');
    const emails = sim.contacts().map((contact) => contact.properties['email']);
    expect(emails.sort()).toEqual(['ada@example.com', 'bob@example.com']);
    expect(contactByEmail(sim, 'ada@example.com')).toMatchObject({ hhl_total_progress: '1', hhl_current_module: 'deals-pipeline' });
    expect(contactByEmail(sim, 'bob@example.com')).toMatchObject({ hhl_total_progress: '1' });
  });

  it('reports each bad line by its number and why, skips it, imports the rest and exits 1', async () => {
    // Prepare
    const sim = await bulkSimulator();
    const dir = workDir();
    const file = fileIn(dir, 'lms.csv', [
      HEADER,
      'ada@example.com,,crm-essentials,crm-overview,completed,2026-01-05T10:00:00Z,90,',
      'not-an-email,,crm-essentials,crm-overview,completed,2026-01-05T10:00:00Z,,',
      'ada@example.com,,crm-essentials,crm-overview,finished,2026-01-05T10:00:00Z,,',
      'ada@example.com,,crm-essentials,,completed,2026-01-05T10:00:00Z,,',
      '',
      'ada@example.com,,crm-essentials,deals-pipeline,completed,yesterday,,',
      'ada@example.com,,crm-essentials,deals-pipeline,completed,2026-01-05T10:00:00Z,150,',
      'ada@example.com,,Crm Essentials,deals-pipeline,started,2026-01-05T10:00:00Z,,',
      'ada@example.com,,crm-essentials,deals-pipeline,started,2026-01-05T10:00:00Z,,,extra',
      'bob@example.com,,crm-essentials,crm-overview,started,2026-01-05T10:00:00Z,,',
    ]);

    // Act
    const { exitCode, stdout, stderr } = await importFile(sim, dir, file);

    // Assess
    expect(exitCode).toBe(1);
    expect(stderr.lines().filter((line) => line.startsWith('line '))).toEqual([
      'line 3: email is not an email address',
      'line 4: event must be enrolled, started or completed',
      'line 5: completed needs module_slug',
      'line 7: occurred_at is not an ISO-8601 date-time or a date',
      'line 8: score must be 0-100',
      'line 9: course_slug must be lower-case letters, digits, "-" or "_" (1-200 characters)',
      'line 10: has 9 fields, the header has 8',
    ]);
    expect(stdout.text).toContain('Read 9 records from');
    expect(stdout.text).toContain('7 bad lines skipped, 2 learners.');
    expect(stdout.text).toContain('2 learners, 2 created');
    expect(contactByEmail(sim, 'ada@example.com')).toMatchObject({ hhl_total_progress: '1', hhl_average_score: '90' });
  });

  it('imports NDJSON the same way, numbers or text', async () => {
    // Prepare
    const sim = await bulkSimulator();
    const dir = workDir();
    const file = fileIn(dir, 'lms.ndjson', [
      JSON.stringify({ email: 'ada@example.com', course_slug: 'crm-essentials', event: 'enrolled', occurred_at: '2026-01-05T09:00:00Z' }),
      JSON.stringify({ email: 'ada@example.com', course_slug: 'crm-essentials', module_slug: 'crm-overview', event: 'completed', occurred_at: '2026-01-05T10:00:00Z', score: 77.5, time_spent_seconds: '630' }),
      '{"email": "ada@example.com", "event": "started"',
      JSON.stringify({ email: 'ada@example.com', pathway_slug: 'quick-start', module_slug: 'welcome', event: 'started', occurred_at: '2026-01-07', score: null }),
    ]);

    // Act
    const { exitCode, stdout, stderr } = await importFile(sim, dir, file);

    // Assess
    expect(exitCode).toBe(1);
    expect(stderr.lines()).toContain('line 3: is not valid JSON');
    expect(stdout.text).toContain('1 learners, 1 created');
    expect(contactByEmail(sim, 'ada@example.com')).toMatchObject({
      hhl_average_score: '77.5',
      hhl_study_minutes: '11',
      hhl_current_module: 'welcome',
      hhl_last_activity: '2026-01-07',
      hhl_progress_summary: 'quick-start: 0/3 modules; crm-essentials: 1/3 modules',
    });
  });

  it('reports what would be created and updated and writes nothing with --dry-run', async () => {
    // Prepare
    const sim = await bulkSimulator();
    const dir = workDir();
    await client(sim).post('/crm/v3/objects/contacts', { properties: { email: 'learner0@example.com' } });
    const file = fileIn(dir, 'lms.csv', lmsExport(3));
    const contactsBefore = sim.contacts();
    const before = sim.stats();

    // Act
    const { exitCode, stdout } = await importFile(sim, dir, file, ['--dry-run']);

    // Assess
    expect(exitCode).toBe(0);
    expect(requestsSince(sim, before)).toEqual({ [ROUTES.definitions]: 1, [ROUTES.batchRead]: 1 });
    expect(sim.contacts()).toEqual(contactsBefore);
    expect(stdout.text).toContain('Import dry run complete: 3 learners, 2 would be created, 1 would be updated, 0 unchanged, 0 failed');
  });

  it('refuses a file whose header lacks a required column, before any call (exit 2)', async () => {
    // Prepare
    const sim = await bulkSimulator();
    const dir = workDir();
    const file = fileIn(dir, 'lms.csv', ['mail,event,occurred_at', 'ada@example.com,enrolled,2026-01-05']);

    // Act
    const { exitCode, stderr } = await importFile(sim, dir, file);

    // Assess
    expect(exitCode).toBe(2);
    expect(stderr.text).toContain(`${file}: line 1: the header has no email column (found: mail, event, occurred_at)`);
    expect(sim.stats().total).toBe(0);
  });
});

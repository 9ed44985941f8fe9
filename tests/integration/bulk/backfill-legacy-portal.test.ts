import { describe, expect, it } from 'vitest';
import { runBackfillCli } from '../../../src/bulk/backfill/backfill-cli.js';
import { parseStoredState, serializeState } from '../../../src/progress/state-codec.js';
import { deriveState } from '../../../src/progress/derive-state.js';
import { loadCatalog } from '../../../src/catalog/load-catalog.js';
import { bulkEnv, bulkSimulator, capture, contactByEmail, legacyState, requestsSince, ROUTES, seedLegacyLearners, workDir } from '../../fixtures/bulk-fixture.js';
import { MAX_TEXT_LENGTH } from '../../../src/properties/text-limit.js';

const LEARNERS = 1_000;
const catalog = loadCatalog();

async function backfill(env: Record<string, string>, argv: string[] = []) {
  const stdout = capture();
  const stderr = capture();
  const exitCode = await runBackfillCli({ argv: ['--rate-share', '1', ...argv], env, stdout, stderr });
  return { exitCode, stdout, stderr };
}

describe('npm run backfill on a portal an older integration filled (1,000 learners, state only)', () => {
  it('writes every learner’s derived properties in 26 HubSpot calls: the portal’s definitions, 5 searches, 10 batch reads, 10 updates', async () => {
    // Prepare
    const sim = await bulkSimulator();
    const dir = workDir();
    await seedLegacyLearners(sim, LEARNERS);
    const before = sim.stats();

    // Act
    const { exitCode, stdout } = await backfill(bulkEnv(sim, dir));

    // Assess
    expect(exitCode).toBe(0);
    // The definitions settle the portal first, so no contact has to go alone to learn it.
    expect(requestsSince(sim, before)).toEqual({ [ROUTES.definitions]: 1, [ROUTES.search]: 5, [ROUTES.batchRead]: 10, [ROUTES.batchUpdate]: 10 });
    expect(stdout.lines().at(-1)).toMatch(/^Backfill complete: 1,000 scanned, 1,000 changed, 0 unchanged, 0 failed\. 26 HubSpot calls in [\d.]+ s\.$/);
    expect(contactByEmail(sim, 'learner1@example.com')).toMatchObject({
      hhl_progress_summary: 'crm-essentials: 3/3 modules',
      hhl_enrolled_courses: 'crm-essentials',
      hhl_completed_courses: 'crm-essentials',
      hhl_total_progress: '3',
      hhl_last_activity: '2025-03-03',
      hhl_current_module: 'deals-pipeline',
      hhl_progress_percent: '100',
      hhl_progress_updated_at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
    });
    expect(contactByEmail(sim, 'learner2@example.com')).toMatchObject({ hhl_progress_summary: 'quick-start: 0/3 modules', hhl_current_module: 'welcome', hhl_progress_percent: '0' });
  });

  it('normalises each state to the current format without losing a fact', async () => {
    // Prepare
    const sim = await bulkSimulator();
    await seedLegacyLearners(sim, 8);

    // Act
    await backfill(bulkEnv(sim, workDir()));

    // Assess: the stored text is what the service writes for the facts the legacy text held
    for (let n = 0; n < 8; n += 1) {
      const stored = contactByEmail(sim, `learner${n}@example.com`)?.['hhl_progress_state'];
      expect(stored).toBe(serializeState(deriveState(parseStoredState(legacyState(n)), catalog), MAX_TEXT_LENGTH));
    }
  });

  it('writes nothing the second time: the definitions and five searches, no other call', async () => {
    // Prepare
    const sim = await bulkSimulator();
    const dir = workDir();
    await seedLegacyLearners(sim, LEARNERS);
    await backfill(bulkEnv(sim, dir));
    const before = sim.stats();

    // Act
    const { exitCode, stdout } = await backfill(bulkEnv(sim, dir));

    // Assess
    expect(exitCode).toBe(0);
    expect(requestsSince(sim, before)).toEqual({ [ROUTES.definitions]: 1, [ROUTES.search]: 5 });
    expect(stdout.text).toContain('1,000 scanned, 0 changed, 1,000 unchanged, 0 failed');
  });

  it.each([
    ['learns it from the portal’s definitions, and no call is refused', {}, undefined],
    ['learns it when the contacts hold a date there too, and no call is refused', { hhl_progress_updated_at: '2025-06-01' }, undefined],
  ])('on a portal where hhl_progress_updated_at is a date property: %s', async (_, extra, singleUpdates) => {
    // Prepare
    const sim = await bulkSimulator({ propertyTypes: { hhl_progress_updated_at: 'date' } });
    const api = (await import('../../fixtures/sim-fixture.js')).client(sim);
    const inputs = Array.from({ length: 100 }, (_, n) => ({ properties: { email: `learner${n}@example.com`, hhl_progress_state: legacyState(n), ...extra } }));
    await api.post('/crm/v3/objects/contacts/batch/create', { inputs });
    const before = sim.stats();

    // Act
    const { exitCode, stdout } = await backfill(bulkEnv(sim, workDir()));

    // Assess
    expect(exitCode).toBe(0);
    expect(stdout.text).toContain('100 scanned, 100 changed, 0 unchanged, 0 failed');
    expect(sim.stats().byRoute[ROUTES.update]).toEqual(singleUpdates);
    expect(requestsSince(sim, before)[ROUTES.batchUpdate]).toBe(1);
    expect(contactByEmail(sim, 'learner1@example.com')?.['hhl_progress_updated_at']).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('reports what would change and writes nothing with --dry-run', async () => {
    // Prepare
    const sim = await bulkSimulator();
    const dir = workDir();
    await seedLegacyLearners(sim, 300);
    const contactsBefore = sim.contacts();
    const before = sim.stats();

    // Act
    const { exitCode, stdout } = await backfill(bulkEnv(sim, dir), ['--dry-run']);

    // Assess
    expect(exitCode).toBe(0);
    expect(requestsSince(sim, before)[ROUTES.batchUpdate]).toBeUndefined();
    expect(sim.contacts()).toEqual(contactsBefore);
    expect(stdout.text).toContain('dry run: nothing is written');
    expect(stdout.text).toContain('Backfill dry run complete: 300 scanned, 300 would change, 0 unchanged, 0 failed');
  });

  it('reports a state it cannot parse by contact id, never overwrites it, and writes the others (exit 1)', async () => {
    // Prepare
    const sim = await bulkSimulator();
    await seedLegacyLearners(sim, 3);
    const { api, id } = await createBroken(sim);

    // Act
    const { exitCode, stdout } = await backfill(bulkEnv(sim, workDir()));

    // Assess
    expect(exitCode).toBe(1);
    expect(stdout.text).toContain('4 scanned, 3 changed, 0 unchanged, 1 failed');
    expect(stdout.text).toContain(`contact ${id}: Progress state is not valid JSON`);
    expect((await api.get(`/crm/v3/objects/contacts/${id}?properties=hhl_progress_state`)).body.properties.hhl_progress_state).toBe('{"half":');
  });

  it('answers exit 2 with the usage when an option is wrong, before any call', async () => {
    // Prepare
    const sim = await bulkSimulator();
    const before = sim.stats();

    // Act
    const stderr = capture();
    const exitCode = await runBackfillCli({ argv: ['--rate-share', '2'], env: bulkEnv(sim, workDir()), stdout: capture(), stderr });

    // Assess
    expect(exitCode).toBe(2);
    expect(stderr.text).toMatch(/--rate-share must be a share in \(0, 1\] or a percentage/);
    expect(stderr.text).toContain('Usage: npm run backfill');
    expect(sim.stats().total).toBe(before.total);
  });
});

async function createBroken(sim: Awaited<ReturnType<typeof bulkSimulator>>) {
  const { client } = await import('../../fixtures/sim-fixture.js');
  const api = client(sim);
  const answer = await api.post('/crm/v3/objects/contacts', { properties: { email: 'broken@example.com', hhl_progress_state: '{"half":' } });
  return { api, id: String(answer.body.id) };
}

import { describe, expect, it } from 'vitest';
import { runBackfillCli } from '../../../src/bulk/backfill/backfill-cli.js';
import { runImportCli } from '../../../src/bulk/import/import-cli.js';
import { loadCatalog } from '../../../src/catalog/load-catalog.js';
import { createHubSpotStore } from '../../../src/crm/hubspot/hubspot-store.js';
import { PortalPropertyTypes } from '../../../src/crm/portal-property-types.js';
import { createLogger } from '../../../src/observability/logger.js';
import { processBatch } from '../../../src/queue/process-batch.js';
import { eventMessage } from '../../../src/tracking/queue-message.js';
import { createAppFixture, trackBody } from '../../fixtures/app-fixture.js';
import { client } from '../../fixtures/sim-fixture.js';
import { bulkEnv, bulkSimulator, capture, contactByEmail, fileIn, requestsSince, ROUTES, seedLegacyLearners, TOKEN, workDir } from '../../fixtures/bulk-fixture.js';

const HEADER = 'email,pathway_slug,course_slug,module_slug,event,occurred_at,score,time_spent_seconds';

describe('a portal provisioned before the optional metrics existed', () => {
  it('gets every other property from an import: the portal’s definitions show hhl_average_score missing, nothing is refused', async () => {
    // Prepare
    const sim = await bulkSimulator({ missingProperties: ['hhl_average_score'] });
    const dir = workDir();
    const file = fileIn(dir, 'lms.csv', [
      HEADER,
      'ada@example.com,,crm-essentials,crm-overview,completed,2026-01-05T10:00:00Z,90,600',
      'ada@example.com,,crm-essentials,contacts-and-companies,started,2026-01-06T10:00:00Z,,300',
    ]);
    const before = sim.stats();
    const stderr = capture();

    // Act
    const exitCode = await runImportCli({ argv: [file, '--rate-share', '1'], env: bulkEnv(sim, dir), stdout: capture(), stderr });

    // Assess
    expect(exitCode).toBe(0);
    const ada = contactByEmail(sim, 'ada@example.com');
    expect(ada).toMatchObject({ hhl_total_progress: '1', hhl_study_minutes: '15', hhl_current_module: 'contacts-and-companies', hhl_progress_percent: '33' });
    expect(ada?.['hhl_average_score']).toBeUndefined();
    expect(sim.stats().byRoute[ROUTES.batchCreate]).toEqual({ '201': 1 });
    expect(requestsSince(sim, before)).toEqual({ [ROUTES.definitions]: 1, [ROUTES.batchRead]: 1, [ROUTES.batchCreate]: 1 });
    expect(stderr.text).toContain('Optional properties missing in the portal; writing without them');
  });

  it('gets every other property from a backfill, at the cost of one definitions read per run', async () => {
    // Prepare
    const sim = await bulkSimulator({ missingProperties: ['hhl_current_module', 'hhl_progress_percent'] });
    const dir = workDir();
    await seedLegacyLearners(sim, 250);
    const before = sim.stats();

    // Act
    const exitCode = await runBackfillCli({ argv: ['--rate-share', '1'], env: bulkEnv(sim, dir), stdout: capture(), stderr: capture() });
    const afterFirst = sim.stats();
    const secondOut = capture();
    await runBackfillCli({ argv: ['--rate-share', '1'], env: bulkEnv(sim, dir), stdout: secondOut, stderr: capture() });

    // Assess: each run reads the definitions once; the first batches every write, the second has none
    expect(exitCode).toBe(0);
    expect(requestsSince(sim, before)).toEqual({ [ROUTES.definitions]: 2, [ROUTES.search]: 4, [ROUTES.batchRead]: 3, [ROUTES.batchUpdate]: 3 });
    expect(sim.stats().byStatus['400']).toBeUndefined();
    expect(contactByEmail(sim, 'learner1@example.com')).toMatchObject({ hhl_total_progress: '3', hhl_completed_courses: 'crm-essentials' });
    expect(contactByEmail(sim, 'learner1@example.com')?.['hhl_current_module']).toBeUndefined();
    // The second run learns again (a new process: one call) and then finds nothing to change.
    expect(secondOut.text).toContain('250 scanned, 0 changed, 250 unchanged, 0 failed');
    expect(requestsSince(sim, afterFirst)[ROUTES.batchUpdate]).toBeUndefined();
  });

  it('gets every other property on the direct path: the refused update is retried once, the next event writes at once', async () => {
    // Prepare
    const sim = await bulkSimulator({ missingProperties: ['hhl_average_score'] });
    const store = createHubSpotStore({ token: TOKEN, baseUrl: sim.url, timeoutMs: 5_000 });
    const app = createAppFixture({ store });
    await client(sim).post('/crm/v3/objects/contacts', { properties: { email: 'learner@example.com' } });
    const before = sim.stats();

    // Act
    const first = await app.send({ method: 'POST', path: '/events/track', body: trackBody('learning_module_started', { module_slug: 'crm-overview', course_slug: 'crm-essentials' }) });
    const afterFirst = sim.stats();
    const second = await app.send({ method: 'POST', path: '/events/track', body: trackBody('learning_module_completed', { module_slug: 'crm-overview', course_slug: 'crm-essentials' }) });

    // Assess
    expect(first.body).toMatchObject({ status: 'persisted' });
    expect(second.body).toMatchObject({ status: 'persisted' });
    expect(requestsSince(sim, before)).toMatchObject({ [ROUTES.update]: 3 });
    expect(sim.stats().byRoute[ROUTES.update]).toEqual({ '400': 1, '200': 2 });
    expect(requestsSince(sim, afterFirst)).toMatchObject({ [ROUTES.update]: 1 });
    expect(contactByEmail(sim, 'learner@example.com')).toMatchObject({ hhl_total_progress: '1', hhl_current_module: 'crm-overview', hhl_progress_percent: '33' });
    expect(app.logs.filter((l) => l['message'] === '[CRM] Optional properties missing in the portal; writing without them')).toHaveLength(1);
  });

  it('gets every other property from the queue consumer: one update alone is refused and teaches it, one batch writes everyone', async () => {
    // Prepare: 30 learners the portal knows
    const sim = await bulkSimulator({ missingProperties: ['hhl_average_score'] });
    const emails = await seedLegacyLearners(sim, 30);
    const store = createHubSpotStore({ token: TOKEN, baseUrl: sim.url, timeoutMs: 5_000 });
    const deps = { store, catalog: loadCatalog(), clock: () => new Date(), logger: createLogger({ level: 'silent' }), propertyTypes: new PortalPropertyTypes() };
    const at = new Date().toISOString();
    const messages = emails.map((email, i) => ({
      id: `m${i}`,
      receiveCount: 1,
      body: JSON.stringify(
        eventMessage({ name: 'learning_module_completed', at, module: 'deals-pipeline', course: 'crm-essentials' }, { identity: { kind: 'email', email }, email }, true),
      ),
    }));
    const before = sim.stats();

    // Act
    const result = await processBatch(deps, messages);

    // Assess
    expect(result).toEqual({ failed: [], written: 30, held: [] });
    expect(requestsSince(sim, before)).toEqual({ [ROUTES.batchRead]: 1, [ROUTES.update]: 1, [ROUTES.batchUpdate]: 1 });
    expect(contactByEmail(sim, emails[3] ?? '')).toMatchObject({ hhl_current_module: 'deals-pipeline' });
  });
});

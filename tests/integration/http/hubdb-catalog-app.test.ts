/**
 * The service with `CATALOG_SOURCE=hubdb` against HubDB answers served over HTTP: the catalog loads on the first
 * request, newly published content is taken at once, made-up slugs cost HubDB at most one load per 30 s, and a HubDB
 * outage changes nothing for learners.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openCatalogSource } from '../../../src/catalog/open-catalog-source.js';
import { loadConfig } from '../../../src/config.js';
import { createLogger } from '../../../src/observability/logger.js';
import { createAppFixture, trackBody } from '../../fixtures/app-fixture.js';
import { HH_TABLES, type HubDbDouble, publishHhLearnTables, startHubDbDouble } from '../../fixtures/hubdb-double.js';

const EMAIL = 'ada@example.com';

describe('the service on a HubDB catalog', () => {
  let hubdb: HubDbDouble;
  let now: Date;

  function site() {
    const env = {
      CATALOG_SOURCE: 'hubdb',
      HUBSPOT_PRIVATE_APP_TOKEN: 'test-token',
      HUBSPOT_API_BASE_URL: hubdb.url,
      HUBSPOT_TIMEOUT_MS: '500',
      HUBDB_COURSES_TABLE_ID: HH_TABLES.courses,
      HUBDB_PATHWAYS_TABLE_ID: HH_TABLES.pathways,
      HUBDB_MODULES_TABLE_ID: HH_TABLES.modules,
    };
    const catalog = openCatalogSource(loadConfig(env), createLogger({ level: 'silent' }), () => now);
    return createAppFixture({ catalog, clock: () => now, env: { LEARNER_WRITES_PER_MINUTE: '0' } });
  }
  const track = (fields: Record<string, unknown>, name = 'learning_module_completed') => ({ method: 'POST', path: '/events/track', body: trackBody(name, fields, EMAIL) });
  const hubdbLoads = () => hubdb.requests.filter((r) => r.path.includes(HH_TABLES.courses)).length;

  beforeEach(async () => {
    hubdb = await startHubDbDouble();
    publishHhLearnTables(hubdb);
    now = new Date('2026-11-21T10:00:00.000Z');
  });
  afterEach(async () => {
    await hubdb.close();
  });

  it('records and reads catalog content from HubDB', async () => {
    // Prepare
    const app = site();
    // Act
    const res = await app.send(track({ module_slug: 'cabling-module' }));
    const status = await app.send({ path: '/course/status', query: { course_slug: 'fabric-basics', email: EMAIL } });
    // Assess
    expect(res.body.status).toBe('persisted');
    expect(status.body).toMatchObject({ course_title: 'Course 1: Fabric Basics', modules_completed: 1, modules_total: 3 });
    expect(status.body.modules[1]).toMatchObject({ module_slug: 'cabling-module', module_title: 'Cabling', module_status: 'complete' });
  });

  it('takes content published after the last load at once, and loads HubDB at most once per 30 s for made-up slugs', async () => {
    // Prepare
    const app = site();
    await app.send(track({ module_slug: 'cabling-module' }));
    now = new Date(now.getTime() + 31_000);
    hubdb.publish(HH_TABLES.courses, [
      { path: 'fabric-basics', values: { module_slugs_json: '["intro-module","cabling-module","interfaces-module"]' } },
      { path: 'fresh-course', name: 'Just published', values: { module_slugs_json: '["fresh-module"]' } },
    ]);
    // Act
    const fresh = await app.send(track({ module_slug: 'fresh-module', course_slug: 'fresh-course' }));
    const loadsAfterPublish = hubdbLoads();
    const junk = [];
    for (let i = 0; i < 20; i += 1) junk.push(await app.send(track({ module_slug: `made-up-${i}` })));
    // Assess
    expect(fresh.body.status).toBe('persisted');
    expect(loadsAfterPublish).toBe(2);
    expect(new Set(junk.map((r) => r.body.details?.code))).toEqual(new Set(['UNKNOWN_CONTENT']));
    expect(hubdbLoads()).toBe(2);
  });

  it('keeps recording and reading during a HubDB outage, with the last good catalog', async () => {
    // Prepare
    const app = site();
    await app.send(track({ module_slug: 'intro-module' }));
    hubdb.mode = 'fail';
    now = new Date(now.getTime() + 10 * 60_000);
    // Act
    const during = await app.send(track({ module_slug: 'cabling-module', course_slug: 'fabric-basics' }));
    const status = await app.send({ path: '/course/status', query: { course_slug: 'fabric-basics', email: EMAIL } });
    // Assess
    expect(during.body.status).toBe('persisted');
    expect(status.body).toMatchObject({ course_status: 'in_progress', modules_completed: 2 });
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openCatalogSource } from '../../../src/catalog/open-catalog-source.js';
import type { RefreshingCatalogSource } from '../../../src/catalog/catalog-source.js';
import { loadConfig } from '../../../src/config.js';
import { createLogger } from '../../../src/observability/logger.js';
import { HH_TABLES, type HubDbDouble, publishHhLearnTables, startHubDbDouble } from '../../fixtures/hubdb-double.js';

function hubdbEnv(url: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    CATALOG_SOURCE: 'hubdb',
    HUBSPOT_PRIVATE_APP_TOKEN: 'test-token',
    HUBSPOT_API_BASE_URL: url,
    HUBSPOT_TIMEOUT_MS: '300',
    HUBDB_COURSES_TABLE_ID: HH_TABLES.courses,
    HUBDB_PATHWAYS_TABLE_ID: HH_TABLES.pathways,
    HUBDB_MODULES_TABLE_ID: HH_TABLES.modules,
    CATALOG_TTL_SECONDS: '60',
    ...extra,
  };
}

describe('CATALOG_SOURCE=hubdb: hh-learn\'s tables through the official client, over HTTP', () => {
  let hubdb: HubDbDouble;
  let now: Date;
  const logs: Record<string, unknown>[] = [];
  const logger = createLogger({ level: 'debug', write: (line) => logs.push(JSON.parse(line)) });
  const open = (extra: Record<string, string> = {}) => openCatalogSource(loadConfig(hubdbEnv(hubdb.url, extra)), logger, () => now) as RefreshingCatalogSource;

  beforeEach(async () => {
    hubdb = await startHubDbDouble();
    publishHhLearnTables(hubdb);
    now = new Date('2026-11-21T10:00:00.000Z');
    logs.length = 0;
  });
  afterEach(async () => {
    await hubdb.close();
  });

  it('loads courses, pathways and modules from their columns at the first request, with the token', async () => {
    // Act
    const catalog = await open().get();
    // Assess
    expect(catalog?.courses.get('fabric-basics')).toEqual({ modules: ['intro-module', 'cabling-module', 'interfaces-module'], title: 'Course 1: Fabric Basics', awardsCertificate: true });
    expect([...(catalog?.courses.keys() ?? [])]).toEqual(['fabric-basics', 'fabric-operations']);
    expect(catalog?.pathways.get('fabric-pathway')?.courses).toEqual(['fabric-basics', 'fabric-operations']);
    expect(catalog?.pathways.get('quick-tour')).toMatchObject({ courses: [], modules: ['intro-module', 'tour-stop'] });
    expect(catalog?.modules.get('solo-deep-dive')).toEqual({ title: 'A deep dive no course holds' });
    expect(catalog?.modules.get('intro-module')).toEqual({ title: 'Welcome to the fabric' });
    expect(catalog?.modules.has('gone-module')).toBe(false);
    expect(catalog?.courses.has('old-course')).toBe(false);
    expect(hubdb.requests.map((r) => r.path).sort()).toEqual([HH_TABLES.courses, HH_TABLES.modules, HH_TABLES.pathways].map((t) => `/cms/v3/hubdb/tables/${t}/rows`).sort());
    expect(new Set(hubdb.requests.map((r) => r.authorization))).toEqual(new Set(['Bearer test-token']));
  });

  it('reads every page of a table and answers without `type` (older HubSpot answers) without the client crashing', async () => {
    // Prepare
    hubdb.pageSize = 2;
    hubdb.omitType = true;
    // Act
    const catalog = await open().get();
    // Assess
    expect(catalog?.modules.size).toBe(6);
    expect(hubdb.requests.filter((r) => r.path.includes(HH_TABLES.modules))).toHaveLength(3);
  });

  it('serves the cached catalog within the time to live, then refreshes it in the background: a publish needs no redeploy', async () => {
    // Prepare
    const source = open();
    await source.get();
    hubdb.publish(HH_TABLES.courses, [{ path: 'brand-new', name: 'Brand new', values: { module_slugs_json: '["intro-module"]' } }]);
    // Act
    now = new Date(now.getTime() + 30_000);
    const withinTtl = await source.get();
    const callsWithinTtl = hubdb.requests.length;
    now = new Date(now.getTime() + 31_000);
    const stale = await source.get();
    await source.refresh();
    const fresh = await source.get();
    // Assess
    expect(callsWithinTtl).toBe(3);
    expect(withinTtl?.courses.has('brand-new')).toBe(false);
    expect(stale?.courses.has('brand-new')).toBe(false);
    expect(fresh?.courses.has('brand-new')).toBe(true);
  });

  it.each([
    ['answers 500', 'fail'],
    ['does not answer', 'hang'],
  ] as const)('keeps the last good catalog when HubDB %s, and takes the next publish once it is back', async (_label, mode) => {
    // Prepare
    const source = open();
    const good = await source.get();
    hubdb.mode = mode;
    now = new Date(now.getTime() + 61_000);
    // Act
    const duringOutage = await source.get();
    const refreshed = await source.refresh();
    // Assess
    expect(refreshed).toBe(false);
    expect(duringOutage).toBe(good);
    expect(await source.get()).toBe(good);
    expect(logs.some((l) => l.message === 'Catalog refresh failed; keeping the last good catalog' && l.lastGoodAgeSeconds === 61)).toBe(true);
    // Act: HubDB is back after the retry interval
    hubdb.mode = 'ok';
    hubdb.publish(HH_TABLES.courses, [{ path: 'after-outage', values: { module_slugs_json: '["intro-module"]' } }]);
    now = new Date(now.getTime() + 31_000);
    await source.get();
    await source.refresh();
    // Assess
    expect((await source.get())?.courses.has('after-outage')).toBe(true);
  });

  it('answers the CATALOG_PATH seed when HubDB is down at the cold start, and undefined without one', async () => {
    // Prepare
    hubdb.mode = 'fail';
    // Act
    const seeded = await open({ CATALOG_PATH: 'tests/fixtures/hh-learn-content' }).get();
    const unseeded = await open().get();
    // Assess
    expect(seeded?.courses.has('authoring-101')).toBe(true);
    expect(unseeded).toBeUndefined();
  });

  it('refuses to start without the table ids or a token', () => {
    expect(() => loadConfig({ CATALOG_SOURCE: 'hubdb' })).toThrow(/HUBDB_COURSES_TABLE_ID: required.*HUBDB_PATHWAYS_TABLE_ID: required.*HUBDB_MODULES_TABLE_ID: required.*HUBSPOT_ACCESS_TOKEN/);
  });
});

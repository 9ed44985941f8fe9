import type { Config } from '../config.js';
import { type CatalogLog, type CatalogSource, refreshingCatalogSource, staticCatalogSource } from './catalog-source.js';
import { catalogFromHubDb } from './hubdb/hubdb-catalog.js';
import { createHubDbRowsApi } from './hubdb/hubdb-rows-api.js';
import { readTableRows } from './hubdb/read-table-rows.js';
import { loadCatalog } from './load-catalog.js';

/** After a failed HubDB load, the next try comes no sooner than this (or the time to live, if shorter). */
const RETRY_AFTER_FAILURE_MS = 30_000;

/**
 * The catalog source a process runs with, from its configuration:
 * - `CATALOG_SOURCE=file` (default): `CATALOG_PATH`, or the bundled catalog, read once now (a bad one throws
 *   CatalogError, so the start fails with the problem named);
 * - `CATALOG_SOURCE=hubdb`: hh-learn's three HubDB tables through the official client, loaded on first use, cached
 *   for `CATALOG_TTL_SECONDS` and refreshed in the background; `CATALOG_PATH`, when set, is the seed answered until
 *   HubDB first answers.
 * Like `openContactStore`, one of the places a real client is built; the entry points, `npm start` and the bulk jobs
 * share it.
 * @example const catalog = openCatalogSource(config, logger, () => new Date());
 */
export function openCatalogSource(config: Pick<Config, 'catalog' | 'hubspot'>, log: CatalogLog, clock: () => Date): CatalogSource {
  const warn = (warning: string) => log.warn('Catalog warning', { source: config.catalog.path ?? 'bundled catalog', warning });
  const file = config.catalog.source === 'file' || config.catalog.path !== undefined ? loadCatalog(config.catalog.path, warn) : undefined;
  const tables = config.catalog.hubdb;
  const token = config.hubspot.token;
  if (config.catalog.source === 'file' || tables === undefined || token === undefined) {
    return staticCatalogSource(file ?? loadCatalog(undefined, warn));
  }
  const api = createHubDbRowsApi({ accessToken: token, basePath: config.hubspot.baseUrl });
  const timeoutMs = config.hubspot.timeoutMs;
  const name = `HubDB tables ${tables.coursesTableId}, ${tables.pathwaysTableId}, ${tables.modulesTableId}`;
  const ttlMs = config.catalog.ttlSeconds * 1000;
  return refreshingCatalogSource({
    name,
    ttlMs,
    retryMs: Math.min(ttlMs, RETRY_AFTER_FAILURE_MS),
    clock,
    log,
    ...(file === undefined ? {} : { seed: file }),
    async load() {
      const [courses, pathways, modules] = await Promise.all([
        readTableRows(api, tables.coursesTableId, timeoutMs),
        readTableRows(api, tables.pathwaysTableId, timeoutMs),
        readTableRows(api, tables.modulesTableId, timeoutMs),
      ]);
      return catalogFromHubDb({ courses, pathways, modules }, name);
    },
  });
}

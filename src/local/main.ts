import { EMPTY_CATALOG } from '../catalog/empty-catalog.js';
import { openCatalogSource } from '../catalog/open-catalog-source.js';
import { loadConfig, loadDotEnv } from '../config.js';
import { openContactStore } from '../crm/open-contact-store.js';
import { PortalPropertyTypes } from '../crm/portal-property-types.js';
import { createApp } from '../http/app.js';
import { createLogger } from '../observability/logger.js';
import { startHttpServer } from './http-server.js';
import { createStaticRoutes } from './static-routes.js';
import { startLocalPipeline } from './local-pipeline.js';

/**
 * `npm start`: the same handler over HTTP. With `HUBSPOT_ACCESS_TOKEN` (or `HUBSPOT_PRIVATE_APP_TOKEN`) it talks to HubSpot at
 * `HUBSPOT_API_BASE_URL`; without it, to an embedded contact store persisted under `.data/`, with CRM progress
 * switched on unless `ENABLE_CRM_PROGRESS` says otherwise, so a fresh clone works with no HubSpot account.
 */
async function main(): Promise<void> {
  const hadDotEnv = loadDotEnv();
  const embedded = `${process.env.HUBSPOT_ACCESS_TOKEN ?? ''}${process.env.HUBSPOT_PRIVATE_APP_TOKEN ?? ''}`.trim() === '';
  const env = { ...process.env };
  if (embedded && (env.ENABLE_CRM_PROGRESS ?? '') === '') env.ENABLE_CRM_PROGRESS = 'true';
  const config = loadConfig(env);
  const logger = createLogger({ level: config.logLevel });
  const catalog = openCatalogSource(config, logger, () => new Date());
  const firstCatalog = (await catalog.get()) ?? EMPTY_CATALOG;
  const { store, target, local } = openContactStore(config);
  const propertyTypes = new PortalPropertyTypes();
  const pipeline = await startLocalPipeline({ config, store, catalog, logger, propertyTypes });
  const handler = createApp({ config, catalog, store, clock: () => new Date(), logger, propertyTypes, queue: pipeline.queue });
  // Loopback only: a development server is not for the network. The demo names learners by email with no sign-in,
  // so it exists only in AUTH_MODE=none.
  const host = '127.0.0.1';
  const demo = config.auth.mode === 'none';
  const server = await startHttpServer({ handler, port: config.port, host, logger, routes: createStaticRoutes({ catalog: firstCatalog, store, demo }) });

  logger.info('Local server started', {
    url: server.url,
    demo: demo ? `${server.url}/demo` : 'off (AUTH_MODE is not none)',
    store: local ? `embedded contact store: ${target}; no HubSpot account used` : target,
    crmEnabled: config.crmEnabled,
    catalog: config.catalog.source === 'hubdb' ? 'HubDB' : (config.catalogPath ?? 'bundled default catalog'),
    queue: pipeline.description,
    writeMode: config.queue.writeMode,
    dotenv: hadDotEnv,
  });
  const stop = () => void Promise.all([server.close(), pipeline.stop()]).then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(JSON.stringify({ level: 'error', message: 'Local server failed to start', error: (error as Error).message }));
  process.exit(1);
});

import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { openCatalogSource } from './catalog/open-catalog-source.js';
import { deploymentProblems, InvalidConfigError, loadConfig } from './config.js';
import { createHubSpotStore } from './crm/hubspot/hubspot-store.js';
import { PortalPropertyTypes } from './crm/portal-property-types.js';
import { createApp } from './http/app.js';
import { createLogger } from './observability/logger.js';
import { createEmfMetrics } from './observability/metrics.js';
import { createSqsClient } from './queue/sqs-client.js';
import { createSqsEventQueue } from './queue/sqs-event-queue.js';
import { boundToSecrets, secretsMaxAgeSeconds } from './secrets/bound-to-secrets.js';
import { createPowertoolsFetchers } from './secrets/powertools-fetchers.js';
import { SECRET_SETTINGS } from './secrets/secret-settings.js';
import { createSecretSource, type SecretResolution } from './secrets/secret-source.js';

/**
 * The Lambda entry point: the only place that builds real clients. At cold start:
 * 1. read the secrets this function was given references to (SSM or Secrets Manager, through Powertools Parameters;
 *    plain values in the environment win, for local runs), in parallel, during the init phase;
 * 2. parse the configuration (environment + secrets) and load the catalog: a bad value fails with every problem named;
 * 3. build the app and its clients, kept while the secrets stay the same (a rotated value rebuilds them).
 * A secret that cannot be read is logged; without the HubSpot token every event is queued (`queued/fallback`).
 */
const bootLogger = createLogger({ level: 'info' });
const secrets = createSecretSource({
  env: process.env,
  settings: SECRET_SETTINGS.filter((s) => s.functions.includes('api')),
  fetchers: createPowertoolsFetchers(),
  maxAgeSeconds: secretsMaxAgeSeconds(process.env),
});
const propertyTypes = new PortalPropertyTypes();
// One dimension value per stage, so two stages in one account do not add up in each other's alarms.
const service = `hhl-progress-api-${process.env.APP_STAGE ?? 'dev'}`;

function buildApi(resolution: SecretResolution) {
  const config = loadConfig({ ...process.env, ...resolution.env });
  // A deployment that would be open refuses to run rather than run open.
  const unsafe = deploymentProblems(config);
  if (unsafe.length > 0) throw new InvalidConfigError(unsafe);
  const logger = createLogger({ level: config.logLevel });
  // A file catalog is read now (a bad one fails the first request); a HubDB one on the first request, then refreshed.
  const catalog = openCatalogSource(config, logger, () => new Date());
  const token = config.hubspot.token;
  const store =
    config.crmEnabled && token !== undefined ? createHubSpotStore({ ...config.hubspot, token }) : undefined;
  const queueUrl = config.queue.url;
  const queue = queueUrl === undefined ? undefined : createSqsEventQueue({ client: createSqsClient(config.queue.endpoint), queueUrl });
  const app = createApp({
    config,
    catalog,
    store,
    clock: () => new Date(),
    logger,
    propertyTypes,
    createMetrics: () => createEmfMetrics({ service, write: (line) => console.log(line) }),
    queue,
  });
  if (config.auth.mode === 'none') {
    logger.warn('AUTH_MODE is none (AUTH_MODE_NONE_ACCEPTED): any caller can read and write progress for any email it names; see docs/security.md');
  }
  if (config.certificateSecret === undefined) {
    logger.info('CERTIFICATE_SECRET is not set: /certificates lists none and /certificate/{id} verifies none');
  }
  if (config.crmEnabled && store === undefined) {
    logger.error('Configuration error: ENABLE_CRM_PROGRESS is true but HUBSPOT_ACCESS_TOKEN (the service key or private app token) is empty; events will be answered with fallback responses');
  }
  return { app, logger };
}

const current = boundToSecrets(secrets, buildApi, (failure) =>
  bootLogger.error('Secret could not be read', { setting: failure.setting, reference: failure.reference, error: { message: failure.message } }),
);
// Start reading during the init phase; a failure here is reported by the first request.
current().catch(() => undefined);

export async function handler(event: APIGatewayProxyEventV2, context?: Context) {
  const { app, logger } = await current();
  if (context !== undefined) logger.addContext(context);
  return app(event);
}

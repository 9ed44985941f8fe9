import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { readProgress } from '../../tracking/read-progress.js';
import type { AppDependencies, RequestContext } from '../app-dependencies.js';
import { instrumentStore } from '../../observability/instrumented-store.js';
import { crmAvailability } from '../crm-availability.js';
import { type HttpResponse, jsonResponse } from '../json-response.js';
import { parseReadRequest } from '../read-request.js';
import { resolveLearner } from '../resolve-learner.js';
import { RequestError } from '../../errors.js';

const FALLBACK = { mode: 'fallback', error: 'Unable to read progress' } as const;

/** `GET /progress/read?email=… | ?contactId=…`: one HubSpot call; anonymous when unknown, fallback on CRM failure. */
export async function readRoute(deps: AppDependencies, event: APIGatewayProxyEventV2, { logger, metrics, services }: RequestContext): Promise<HttpResponse> {
  const claimed = parseReadRequest(event.queryStringParameters);
  const resolution = await resolveLearner(deps.config.auth, services.verifyToken, event, claimed, logger, services.isAllowedOrigin);
  if (resolution.kind === 'unauthenticated') {
    throw new RequestError(401, 'UNAUTHORIZED', 'A valid token is required to read progress', ['authorization: missing, invalid or expired token']);
  }
  if (!deps.config.crmEnabled || resolution.kind === 'none') return jsonResponse(200, { mode: 'anonymous' });
  const learner = resolution.learner;
  const crm = crmAvailability(deps);
  if (!crm.ok) {
    logger.error('Configuration error: CRM progress is enabled but cannot be read', { reason: crm.reason });
    return jsonResponse(200, FALLBACK);
  }
  const started = Date.now();
  const store = instrumentStore(crm.store, metrics);
  try {
    const view = await readProgress({ store, catalog: deps.catalog, now: deps.clock() }, learner);
    logger.info('Read progress', { found: view !== undefined, hubspotCalls: store.requestCalls, hubspotMs: store.requestMs, latencyMs: Date.now() - started });
    return jsonResponse(200, view ?? { mode: 'anonymous' });
  } catch (error) {
    logger.error('Failed to read progress from CRM', { error, hubspotCalls: store.requestCalls, latencyMs: Date.now() - started });
    return jsonResponse(200, FALLBACK);
  }
}

import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { readProgress } from '../../tracking/read-progress.js';
import type { AppDependencies, RequestContext } from '../app-dependencies.js';
import { instrumentStore } from '../../observability/instrumented-store.js';
import { crmAvailability } from '../crm-availability.js';
import { type HttpResponse, jsonResponse } from '../json-response.js';
import { parseReadRequest } from '../read-request.js';

const FALLBACK = { mode: 'fallback', error: 'Unable to read progress' } as const;

/** `GET /progress/read?email=… | ?contactId=…`: one HubSpot call; anonymous when unknown, fallback on CRM failure. */
export async function readRoute(deps: AppDependencies, event: APIGatewayProxyEventV2, { logger, metrics }: RequestContext): Promise<HttpResponse> {
  const learner = parseReadRequest(event.queryStringParameters);
  if (!deps.config.crmEnabled || learner === undefined) return jsonResponse(200, { mode: 'anonymous' });
  const crm = crmAvailability(deps);
  if (!crm.ok) {
    logger.error('Configuration error: CRM progress is enabled but cannot be read', { reason: crm.reason });
    return jsonResponse(200, FALLBACK);
  }
  const started = Date.now();
  const store = instrumentStore(crm.store, metrics);
  try {
    const view = await readProgress({ store, catalog: deps.catalog }, learner);
    logger.info('Read progress', { found: view !== undefined, hubspotCalls: store.requestCalls, hubspotMs: store.requestMs, latencyMs: Date.now() - started });
    return jsonResponse(200, view ?? { mode: 'anonymous' });
  } catch (error) {
    logger.error('Failed to read progress from CRM', { error, hubspotCalls: store.requestCalls, latencyMs: Date.now() - started });
    return jsonResponse(200, FALLBACK);
  }
}

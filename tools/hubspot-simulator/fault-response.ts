import { GATEWAY_PAGE, errorBody, rateLimitBody, serverErrorBody } from './error-bodies.js';
import type { Fault } from './fault-injector.js';
import { json, type SimResponse } from './sim-response.js';

/** HubSpot's category for a status a test forces with `failNext`. */
const CATEGORY_OF_STATUS: Readonly<Record<number, string>> = {
  400: 'VALIDATION_ERROR',
  401: 'INVALID_AUTHENTICATION',
  403: 'MISSING_SCOPES',
  404: 'OBJECT_NOT_FOUND',
  409: 'CONFLICT',
};

/** The answer an injected fault gives instead of the real one. */
export function faultResponse(fault: Fault): SimResponse {
  if (fault.kind === 'rate-limit') return json(429, rateLimitBody('TEN_SECONDLY_ROLLING'));
  if (fault.body === 'html') return { status: fault.status, raw: { contentType: 'text/html', text: GATEWAY_PAGE } };
  if (fault.status >= 500) return json(fault.status, serverErrorBody(fault.status));
  return json(fault.status, errorBody(CATEGORY_OF_STATUS[fault.status] ?? 'ERROR', `Simulated failure (${fault.status})`));
}

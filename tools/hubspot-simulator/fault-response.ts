import { GATEWAY_PAGE, errorBody, rateLimitBody, serverErrorBody } from './error-bodies.js';
import type { Fault } from './fault-injector.js';
import { json, withHeaders, type SimResponse } from './sim-response.js';

/** HubSpot's category for a status a test forces with `failNext`. */
const CATEGORY_OF_STATUS: Readonly<Record<number, string>> = {
  400: 'VALIDATION_ERROR',
  401: 'INVALID_AUTHENTICATION',
  403: 'MISSING_SCOPES',
  404: 'OBJECT_NOT_FOUND',
  409: 'CONFLICT',
  // HubSpot documents no body for these two; the standard envelope with a category of our choosing.
  423: 'LOCKED',
  477: 'MIGRATION_IN_PROGRESS',
};

/** HubSpot's words for the two statuses it documents as "wait, then retry". */
const MESSAGE_OF_STATUS: Readonly<Record<number, string>> = {
  423: 'The record is locked while a large volume of data is synced; retry after at least 2 seconds.',
  477: 'This account is being migrated between data hosting locations; retry after the time in Retry-After.',
};

/** The answer an injected fault gives instead of the real one. */
export function faultResponse(fault: Fault): SimResponse {
  if (fault.kind === 'rate-limit') return json(429, rateLimitBody(fault.policy));
  const answer = answerFor(fault.status, fault.body);
  return fault.retryAfterSeconds === undefined ? answer : withHeaders(answer, { 'Retry-After': String(fault.retryAfterSeconds) });
}

function answerFor(status: number, body: 'json' | 'html'): SimResponse {
  if (body === 'html') return { status, raw: { contentType: 'text/html', text: GATEWAY_PAGE } };
  if (status >= 500) return json(status, serverErrorBody(status));
  return json(status, errorBody(CATEGORY_OF_STATUS[status] ?? 'ERROR', MESSAGE_OF_STATUS[status] ?? `Simulated failure (${status})`));
}

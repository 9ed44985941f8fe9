import { CompletionClaimError, RequestError } from '../errors.js';
import { type HttpResponse, jsonResponse } from './json-response.js';

/**
 * The caller's mistakes found below the edge, as the {@link RequestError} they answer: a completion claim the
 * learner's state does not support is a 400 `INVALID_EVENT_DATA`. Anything else is returned as it is.
 */
export function asRequestError(error: unknown): unknown {
  if (error instanceof CompletionClaimError) return new RequestError(400, 'INVALID_EVENT_DATA', error.message, error.details);
  return error;
}

/**
 * The body of every error answer, whatever its status: `{"error","details":{"code","details":[…]}}`, the code
 * machine-readable, the message for people.
 */
export function errorBody(code: string, message: string, details: readonly string[] = []): { error: string; details: { code: string; details: string[] } } {
  return { error: message, details: { code, details: [...details] } };
}

/**
 * The one place errors become responses. A {@link RequestError} reaches the caller with its code and details
 * (`{"error","details":{"code","details":[…]}}`); anything else is a 500 whose details stay in the logs.
 */
export function errorResponse(thrown: unknown): HttpResponse {
  const error = asRequestError(thrown);
  if (error instanceof RequestError) {
    return jsonResponse(error.statusCode, errorBody(error.code, error.message, error.details), { ...error.headers });
  }
  return jsonResponse(500, { error: 'Internal server error' });
}

/** A 404. The path is not echoed: a reflected path is how a response becomes someone's page. */
export function notFoundResponse(): HttpResponse {
  return jsonResponse(404, errorBody('NOT_FOUND', 'No such route'));
}

export function methodNotAllowedResponse(method: string, allowed: readonly string[]): HttpResponse {
  return jsonResponse(405, errorBody('METHOD_NOT_ALLOWED', `Method ${method} not allowed`, [`allowed: ${allowed.join(', ')}`]), { Allow: allowed.join(', ') });
}

import { randomUUID } from 'node:crypto';
import { validationError, type ValidationIssue } from '../../src/crm/local/value-rules.js';

/**
 * HubSpot's error bodies, shaped as `src/crm/hubspot-error.ts` parses them: `status: "error"`, a `message`, a
 * `correlationId`, and a `category` (or `errorType` and `policyName` for a 429).
 */

export interface HubSpotErrorBody {
  readonly status: 'error';
  readonly message: string;
  readonly correlationId: string;
  readonly category?: string;
  readonly [extra: string]: unknown;
}

export type RateLimitPolicy = 'TEN_SECONDLY_ROLLING' | 'SECONDLY' | 'DAILY';

/** HubSpot's message for an id or email with no contact; the two spaces are HubSpot's. */
export const NOT_FOUND_MESSAGE = 'Object not found.  objectId are usually numeric.';

/** The message a batch read puts in its `OBJECT_NOT_FOUND` error. */
export const BATCH_NOT_FOUND_MESSAGE = 'Could not get some CONTACT objects, they may be deleted or not exist. Check that ids are valid.';

export function errorBody(category: string, message: string, extra: Record<string, unknown> = {}): HubSpotErrorBody {
  return { status: 'error', message, correlationId: randomUUID(), category, ...extra };
}

export const notFoundBody = (extra: Record<string, unknown> = {}) => errorBody('OBJECT_NOT_FOUND', NOT_FOUND_MESSAGE, extra);

/** The 409 of a create whose email is taken; the service reads the id back with `Existing ID:\s*(\d+)`. */
export const conflictBody = (existingId: string) => errorBody('CONFLICT', conflictMessage(existingId));

/** The message of a create whose email is taken; HubSpot does not always name the contact. */
export function conflictMessage(existingId: string | undefined): string {
  return existingId === undefined ? 'Contact already exists' : `Contact already exists. Existing ID: ${existingId}`;
}

/** The 400 of a write with invalid values, built by the same code the embedded store uses. */
export function invalidValuesBody(issues: readonly ValidationIssue[]): HubSpotErrorBody {
  const error = validationError(issues);
  return errorBody(error.options.category ?? 'VALIDATION_ERROR', error.message);
}

/** A body that is not what the endpoint takes (HubSpot reports these as invalid input JSON). */
export const invalidInputBody = (detail: string) => errorBody('VALIDATION_ERROR', `Invalid input JSON: ${detail}`);

/** Wording unconfirmed: HubSpot answers 400 `VALIDATION_ERROR` past the limit. */
export const tooManyInputsBody = (count: number, max: number) =>
  errorBody('VALIDATION_ERROR', `Too many inputs: ${count}. A batch accepts at most ${max} inputs.`);

export const duplicateIdsBody = (ids: readonly string[]) =>
  errorBody('VALIDATION_ERROR', `Duplicate IDs found in batch input: [${ids.join(', ')}]. IDs must be unique`);

/** Wording unconfirmed. */
export const duplicateEmailsBody = (emails: readonly string[]) =>
  errorBody('VALIDATION_ERROR', `Duplicate emails found in batch input: [${emails.join(', ')}]. Emails must be unique`);

export const unauthorizedBody = () =>
  errorBody(
    'INVALID_AUTHENTICATION',
    'Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview',
  );

/** A 429 body: no `category`, `errorType` and `policyName` instead (a DAILY one also has a `requestId`). */
export function rateLimitBody(policy: RateLimitPolicy) {
  const window = policy === 'SECONDLY' ? 'secondly' : policy === 'DAILY' ? 'daily' : 'ten_secondly_rolling';
  return {
    status: 'error',
    message: `You have reached your ${window} limit.`,
    errorType: 'RATE_LIMIT',
    correlationId: randomUUID(),
    policyName: policy,
    ...(policy === 'DAILY' ? { requestId: randomUUID() } : {}),
  } as const;
}

/** HubSpot's 403 for a token without a scope the endpoint needs. */
export const missingScopesBody = (scope: string) =>
  errorBody('MISSING_SCOPES', "This app hasn't been granted all required scopes to make this call.", {
    errors: [{ message: 'One or more of the following scopes are required.', context: { requiredGranularScopes: [scope] } }],
  });

/** The 400 of a create that lacks a property the portal requires (enforced from API version 2026-09 on). */
export const missingRequiredBody = (names: readonly string[]) =>
  errorBody('VALIDATION_ERROR', `Missing required properties: ${names.join(', ')}`, {
    errors: names.map((name) => ({ message: `${name} is required`, code: 'MISSING_REQUIRED_PROPERTY', context: { propertyName: [name] } })),
  });

/** A JSON 5xx body; HubSpot's own wording varies, the service only needs the status. */
export const serverErrorBody = (status: number) =>
  errorBody('INTERNAL_ERROR', status === 502 ? 'Bad Gateway' : `Internal error (${status})`);

/** What a load balancer answers for a 502: HTML, no JSON at all. */
export const GATEWAY_PAGE =
  '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n</body>\r\n</html>\r\n';

export const routeNotFoundBody = (method: string, path: string) =>
  errorBody('OBJECT_NOT_FOUND', `The simulator has no route for ${method} ${path}`);

export const methodNotAllowedBody = (method: string, path: string) =>
  errorBody('VALIDATION_ERROR', `HTTP ${method} is not supported by ${path}`);

/**
 * Typed errors. They are mapped to HTTP responses in one place (`src/http/error-response.ts`):
 * 4xx messages reach the caller, anything else stays in the logs. The engine's own errors live beside it (it imports
 * nothing outside itself) and are re-exported here, so every error class can be found from this file.
 */
export { CorruptStateError, StateTooLargeError } from './progress/errors.js';

export type ErrorCode =
  | 'INVALID_JSON'
  | 'SCHEMA_VALIDATION_FAILED'
  | 'PAYLOAD_TOO_LARGE'
  | 'INVALID_EVENT_DATA'
  | 'UNAUTHORIZED'
  | 'RATE_LIMITED'
  | 'SIGN_IN_NOT_CONFIGURED'
  | 'UNKNOWN_CONTENT'
  | 'NOT_FOUND'
  | 'CERTIFICATES_DISABLED'
  | 'CATALOG_UNAVAILABLE';

/** A request the caller must fix: answered with `statusCode` and a machine-readable `code`. */
export class RequestError extends Error {
  override readonly name = 'RequestError';
  constructor(
    readonly statusCode: 400 | 401 | 404 | 413 | 429 | 503,
    readonly code: ErrorCode,
    message: string,
    readonly details: readonly string[] = [],
    /** Extra response headers, e.g. `Retry-After` on a 429. */
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }
}

/** A completion claim (`learning_course_completed`, `learning_pathway_completed`) that state and catalog do not support. */
export class CompletionClaimError extends Error {
  override readonly name = 'CompletionClaimError';
  constructor(message: string, readonly details: readonly string[] = []) {
    super(message);
  }
}

/**
 * A failure talking to the contact store. `retryable` is true for 429, 423, 477, 5xx, timeouts and network errors;
 * `retryAfterSeconds` is how long HubSpot asked to wait (at least 2 s for a 423).
 */
export class CrmError extends Error {
  override readonly name = 'CrmError';
  constructor(
    message: string,
    readonly options: {
      status?: number;
      retryable: boolean;
      /** Seconds HubSpot asked us to wait (`Retry-After`), when it said. */
      retryAfterSeconds?: number;
      /** HubSpot's category, e.g. `RATE_LIMIT`, `VALIDATION_ERROR`, `CONFLICT`. */
      category?: string;
      /** Properties HubSpot rejected with `INVALID_DATE` (a `date` property sent a value not at midnight UTC). */
      invalidDateProperties?: string[];
      /** Properties HubSpot rejected with `PROPERTY_DOESNT_EXIST` (not defined in the portal). */
      missingProperties?: string[];
      /**
       * The rate-limit policy of a 429 (`TEN_SECONDLY_ROLLING`, `SECONDLY`, `DAILY`): a `DAILY` one lasts until the
       * account's midnight, not seconds.
       */
      policy?: string;
      /** The id a contact was merged into, when HubSpot refused a write to its old id (category `MERGED`). */
      mergedInto?: string;
      cause?: unknown;
    },
  ) {
    super(message, { cause: options.cause });
  }
  get status(): number | undefined {
    return this.options.status;
  }
  get retryable(): boolean {
    return this.options.retryable;
  }
}

/** An invalid catalog file or folder; the message names the file and the problem. */
export class CatalogError extends Error {
  override readonly name = 'CatalogError';
}

/**
 * Thrown by the queue consumer when it cannot reach HubSpot at all (no token could be read): it has paused its own
 * event source so the queued messages wait with their receive counts intact, and throws so the failure is alarmed.
 */
export class ConsumerUnavailableError extends Error {
  override readonly name = 'ConsumerUnavailableError';
}

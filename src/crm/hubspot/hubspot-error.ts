import { CrmError } from '../../errors.js';
import { propertiesRefusedWith } from '../refused-properties.js';
import { CallTimeoutError } from './with-timeout.js';

/**
 * HubSpot failures, normalised and mapped to {@link CrmError} in one place.
 * `@hubspot/api-client` throws `ApiException` (`code`, `body`, `headers`), but each API module has its own class, so
 * an answer is recognised by `typeof code === 'number'`, never by `instanceof`.
 */

/** Status and headers of an HTTP answer, seen by a middleware before the client parses the body. */
export interface HubSpotAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
}

/** What a failed call left: HubSpot's answer when there was one, else only the cause (timeout, network). */
export interface HubSpotFailure {
  /** HTTP status; `undefined` when HubSpot did not answer (timeout, network error). */
  readonly status: number | undefined;
  /** Parsed JSON body, a string for text bodies, `undefined` when there was none. */
  readonly body: unknown;
  /** Response headers, names in lower case. */
  readonly headers: Readonly<Record<string, string>>;
  readonly cause: unknown;
}

const MAX_MESSAGE_LENGTH = 1_000;
const REQUIRED_SCOPES = 'crm.objects.contacts.read, crm.objects.contacts.write';

/** HubSpot's 423: "Locks will last for 2 seconds… include a delay of at least 2 seconds". */
export const LOCKED_WAIT_SECONDS = 2;

/** A 477 without `Retry-After` (HubSpot documents one; this is only a floor for an answer that lacks it). */
const MIGRATION_DEFAULT_WAIT_SECONDS = 60;

/**
 * Normalises whatever a client call threw. `answer` fills in the status when the client failed before building an
 * `ApiException`: it throws a bare `Error` for an answer without `Content-Type` (a gateway's empty 502, say).
 */
export function describeFailure(error: unknown, answer?: HubSpotAnswer): HubSpotFailure {
  if (isApiException(error)) {
    return { status: error.code, body: error.body, headers: lowerCaseKeys(error.headers), cause: error };
  }
  if (answer !== undefined && !(error instanceof CallTimeoutError)) {
    return { status: answer.status, body: undefined, headers: lowerCaseKeys(answer.headers), cause: error };
  }
  return { status: undefined, body: undefined, headers: {}, cause: error };
}

/**
 * Maps a failure to a {@link CrmError}: 429, 423 (locked: at least 2 s), 477 (account migrating: `Retry-After`, which
 * can be hours), 5xx, timeouts and network errors are retryable; every other status is not. A 429 keeps its policy
 * (`DAILY` lasts until the account's midnight). HubSpot's `category` and message are kept; `secrets` (the token) are
 * masked in the message.
 */
export function toCrmError(failure: HubSpotFailure, secrets: readonly string[] = []): CrmError {
  const { message, ...options } = describeForCaller(failure);
  return new CrmError(redact(message, secrets), { ...options, cause: failure.cause });
}

/**
 * The contact id in a 409 answer to a create (`Contact already exists. Existing ID: 12345`), if it names one.
 * @example existingContactId({ message: 'Contact already exists. Existing ID: 12345' }) // '12345'
 */
export function existingContactId(body: unknown): string | undefined {
  const text = typeof body === 'string' ? body : stringField(body, 'message');
  return text === undefined ? undefined : /Existing ID:\s*(\d+)/.exec(text)?.[1];
}

/** Statuses that the per-item categories of a 207 stand for, so a per-item failure reads like the single call's. */
const ITEM_STATUS: Readonly<Record<string, number>> = { OBJECT_NOT_FOUND: 404, VALIDATION_ERROR: 400, CONFLICT: 409 };

/** The status a per-item category of a 207 stands for; undefined for a category without one. */
export function itemStatus(category: string | undefined): number | undefined {
  return category === undefined ? undefined : ITEM_STATUS[category];
}

/**
 * The per-item errors of a batch answered 207 (`errors[]`, each naming its records in `context.ids`), as one
 * non-retryable {@link CrmError} per id: the item itself was refused, so sending it again would change nothing.
 * @example batchItemErrors([{ category: 'OBJECT_NOT_FOUND', message: 'Could not get some CONTACT objects', context: { ids: ['7'] } }])
 * // Map { '7' => CrmError(status 404, category OBJECT_NOT_FOUND) }
 */
export function batchItemErrors(errors: unknown, secrets: readonly string[] = []): Map<string, CrmError> {
  const byId = new Map<string, CrmError>();
  for (const item of Array.isArray(errors) ? errors : []) {
    const context = isRecord(item) ? item['context'] : undefined;
    const ids = isRecord(context) && Array.isArray(context['ids']) ? context['ids'] : [];
    const category = stringField(item, 'category');
    const message = truncate(stringField(item, 'message') ?? 'refused');
    const status = itemStatus(category);
    for (const id of ids) {
      if (typeof id !== 'string' && typeof id !== 'number') continue;
      const text = `HubSpot refused contact ${id} in a batch${category ? ` (${category})` : ''}: ${message}`;
      byId.set(String(id), new CrmError(redact(text, secrets), { status, retryable: false, category, cause: item }));
    }
  }
  return byId;
}

/**
 * Names of the properties a 400 rejects with `INVALID_DATE`. HubSpot lists them as JSON inside the message:
 * `Property values were not valid: [{"isValid":false,"message":"…","error":"INVALID_DATE","name":"x"}]`;
 * the structured `errors[]` form (`code`, `context.propertyName`) is read too.
 */
export function invalidDateProperties(body: unknown): string[] {
  return propertiesRefusedWith(body, 'INVALID_DATE');
}

/**
 * Names of the properties a 400 rejects with `PROPERTY_DOESNT_EXIST` (not defined in the portal), read like
 * {@link invalidDateProperties}.
 */
export function missingProperties(body: unknown): string[] {
  return propertiesRefusedWith(body, 'PROPERTY_DOESNT_EXIST');
}

/** Seconds from a `Retry-After` header: delta-seconds or an HTTP date; `undefined` when absent or unreadable. */
export function retryAfterSeconds(
  headers: Readonly<Record<string, string>>,
  now: number = Date.now(),
): number | undefined {
  const value = headers['retry-after']?.trim();
  if (value === undefined || value === '') return undefined;
  if (/^\d+$/.test(value)) return Number(value);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - now) / 1000));
}

type Description = { message: string } & Omit<ConstructorParameters<typeof CrmError>[1], 'cause'>;

function describeForCaller(failure: HubSpotFailure): Description {
  const { status, body, cause } = failure;
  const category = stringField(body, 'category');
  const hubspotMessage = truncate(stringField(body, 'message') ?? '');
  if (status === undefined) {
    if (cause instanceof CallTimeoutError) {
      return { message: `HubSpot did not answer within ${cause.timeoutMs} ms (timeout)`, retryable: true, category: 'TIMEOUT' };
    }
    return { message: `Network error talking to HubSpot: ${messageOf(cause)}`, retryable: true, category: 'NETWORK' };
  }
  const waitFor = retryAfterSeconds(failure.headers);
  const retryAfter = (seconds: number | undefined) => (seconds === undefined ? {} : { retryAfterSeconds: seconds });
  if (status === 429) {
    const policy = stringField(body, 'policyName');
    return {
      message: `HubSpot rate limit reached${policy ? ` (${policy})` : ''}${suffix(hubspotMessage)}`,
      status,
      retryable: true,
      category: stringField(body, 'errorType') ?? category ?? 'RATE_LIMIT',
      ...(policy === undefined ? {} : { policy }),
      ...retryAfter(waitFor),
    };
  }
  if (status === 423) {
    const message = `HubSpot locked the records (423), retry after at least ${LOCKED_WAIT_SECONDS} s${suffix(hubspotMessage)}`;
    return { message, status, retryable: true, category: category ?? 'LOCKED', retryAfterSeconds: Math.max(LOCKED_WAIT_SECONDS, waitFor ?? 0) };
  }
  if (status === 477) {
    const message = `HubSpot is migrating the account (477)${suffix(hubspotMessage)}`;
    return { message, status, retryable: true, category: category ?? 'MIGRATION_IN_PROGRESS', retryAfterSeconds: waitFor ?? MIGRATION_DEFAULT_WAIT_SECONDS };
  }
  if (status >= 500) {
    return { message: `HubSpot server error (${status})${suffix(hubspotMessage)}`, status, retryable: true, category, ...retryAfter(waitFor) };
  }
  if (status === 401) {
    return {
      message: `HubSpot rejected the token (401): check HUBSPOT_ACCESS_TOKEN, the service key or private app token (revoked, rotated or mistyped?)`,
      status,
      retryable: false,
      category,
    };
  }
  if (status === 403) {
    return {
      message:
        `HubSpot refused access (403): the service key or private app token is missing scopes (needs ${REQUIRED_SCOPES})` +
        suffix(hubspotMessage),
      status,
      retryable: false,
      category,
    };
  }
  const dates = status === 400 ? invalidDateProperties(body) : [];
  const missing = status === 400 ? missingProperties(body) : [];
  return {
    message: `HubSpot rejected the request (${status}${category ? ` ${category}` : ''})${suffix(hubspotMessage)}`,
    status,
    retryable: false,
    category,
    ...(dates.length > 0 ? { invalidDateProperties: dates } : {}),
    ...(missing.length > 0 ? { missingProperties: missing } : {}),
  };
}

function isApiException(error: unknown): error is { code: number; body: unknown; headers: Record<string, string> } {
  return isRecord(error) && typeof error['code'] === 'number';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function stringField(value: unknown, key: string): string | undefined {
  if (!isRecord(value)) return undefined;
  const field = value[key];
  return typeof field === 'string' && field !== '' ? field : undefined;
}

function lowerCaseKeys(headers: unknown): Record<string, string> {
  if (!isRecord(headers)) return {};
  return Object.fromEntries(
    Object.entries(headers)
      .filter((entry): entry is [string, string] => typeof entry[1] === 'string')
      .map(([name, value]) => [name.toLowerCase(), value]),
  );
}

function messageOf(cause: unknown): string {
  const message = stringField(cause, 'message') ?? stringField(cause, 'code') ?? String(cause);
  // fetch says "fetch failed" and keeps the useful part (ECONNRESET, ENOTFOUND…) in its own cause.
  const inner = isRecord(cause) ? stringField(cause['cause'], 'message') : undefined;
  return truncate(inner === undefined ? message : `${message}: ${inner}`);
}

function suffix(text: string): string {
  return text === '' ? '' : `: ${text}`;
}

function truncate(text: string): string {
  return text.length > MAX_MESSAGE_LENGTH ? `${text.slice(0, MAX_MESSAGE_LENGTH)}…` : text;
}

function redact(text: string, secrets: readonly string[]): string {
  return secrets.reduce((masked, secret) => (secret === '' ? masked : masked.split(secret).join('[redacted]')), text);
}

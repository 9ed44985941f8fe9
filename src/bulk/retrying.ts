import type { ContactScanner } from '../crm/contact-scanner.js';
import type { ContactStore } from '../crm/contact-store.js';
import type { PropertySchemaReader } from '../crm/property-schema.js';
import { CrmError } from '../errors.js';
import type { Logger } from '../observability/logger.js';
import type { RateGovernor } from './rate-governor.js';

/**
 * Retries for the bulk jobs, which nobody waits on: a 429 waits as long as HubSpot asked (`Retry-After`, else the
 * rest of the window) and pauses the governor for every call; a 5xx, a timeout or a network error waits a growing
 * delay. A daily limit, a 4xx or the last attempt's failure is thrown: the job stops and can be run again.
 */

export interface RetryOptions {
  /** Attempts per call, the first included. */
  readonly attempts?: number;
  /** Delay before retry `n` (1-based) after a 5xx, a timeout or a network error. */
  readonly backoffMs?: (retry: number) => number;
  /** Wait after a 429 without `Retry-After`, by HubSpot's policy. */
  readonly rateLimitWaitMs?: (policy: 'secondly' | 'ten-secondly') => number;
  readonly governor?: RateGovernor;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly logger?: Logger;
}

const DEFAULT_ATTEMPTS = 6;

/**
 * Runs `call`, retrying it as described above.
 * @throws the last failure, or the first one that is not worth retrying.
 */
export async function retrying<T>(name: string, call: () => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const attempts = options.attempts ?? DEFAULT_ATTEMPTS;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await call();
    } catch (error) {
      const wait = attempt < attempts ? retryDelayMs(error, attempt, options) : undefined;
      if (wait === undefined) throw error;
      options.logger?.warn('HubSpot call failed; retrying', { call: name, attempt, waitMs: wait, error });
      if (options.governor !== undefined && error instanceof CrmError && error.status === 429) options.governor.backOff(wait);
      else await sleep(wait);
    }
  }
}

/** A store whose every method is {@link retrying}; `calls` still counts every attempt. */
export function retryingStore(store: ContactStore & Partial<PropertySchemaReader>, options: RetryOptions): ContactStore & Partial<PropertySchemaReader> {
  const { readPropertyTypes } = store;
  return {
    kind: store.kind,
    get calls() {
      return store.calls;
    },
    ...(store.budget === undefined ? {} : { budget: store.budget }),
    ...(readPropertyTypes === undefined ? {} : { readPropertyTypes: (names: readonly string[]) => retrying('readPropertyTypes', () => readPropertyTypes(names), options) }),
    read: (...args) => retrying('read', () => store.read(...args), options),
    create: (...args) => retrying('create', () => store.create(...args), options),
    update: (...args) => retrying('update', () => store.update(...args), options),
    readMany: (...args) => retrying('readMany', () => store.readMany(...args), options),
    createMany: (...args) => retrying('createMany', () => store.createMany(...args), options),
    updateMany: (...args) => retrying('updateMany', () => store.updateMany(...args), options),
  };
}

/** A scanner whose `scan` is {@link retrying}. */
export function retryingScanner(scanner: ContactScanner, options: RetryOptions): ContactScanner {
  return { scan: (request) => retrying('scan', () => scanner.scan(request), options) };
}

/** Milliseconds to wait before trying again; undefined when the failure is not worth another attempt. */
function retryDelayMs(error: unknown, attempt: number, options: RetryOptions): number | undefined {
  if (!(error instanceof CrmError) || !error.retryable) return undefined;
  if (error.status === 429) {
    // The daily limit resets at the account's midnight: stop, and resume from the checkpoint tomorrow.
    if (/DAILY/.test(error.message)) return undefined;
    if (error.options.retryAfterSeconds !== undefined) return error.options.retryAfterSeconds * 1000;
    const policy = /\(SECONDLY\)/.test(error.message) ? 'secondly' : 'ten-secondly';
    return (options.rateLimitWaitMs ?? defaultRateLimitWait)(policy);
  }
  return (options.backoffMs ?? defaultBackoff)(attempt);
}

function defaultRateLimitWait(policy: 'secondly' | 'ten-secondly'): number {
  return policy === 'secondly' ? 1_000 : 10_000;
}

function defaultBackoff(retry: number): number {
  return Math.min(30_000, 1_000 * 2 ** (retry - 1));
}

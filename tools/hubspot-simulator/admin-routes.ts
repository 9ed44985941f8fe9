import { z } from 'zod';
import { errorBody } from './error-bodies.js';
import { SimulatorOptionsError } from './options.js';
import { json, type SimResponse } from './sim-response.js';
import type { SimulatorState } from './simulator-state.js';

/**
 * Test helpers under `/__sim/` (not HubSpot): they need no token, count toward no limit, wait for no latency and are
 * left out of the stats.
 * - `GET /__sim/stats`: requests by route and status, 429s, injected faults
 * - `POST /__sim/reset`: forgets contacts, windows, forced faults and stats
 * - `GET /__sim/contacts`: every contact with its history
 * - `POST /__sim/configure` `{ latencyMs: 50, … }`: changes settings (as `configure()`)
 * - `POST /__sim/fail-next` `{ count, status?, body?: 'json' | 'html', retryAfterSeconds?, policy? }`: forces the next answers
 * - `POST /__sim/merge` `{ primaryId, secondaryId }`: merges two contacts (as `merge()`), answers `{ id }`
 * - `POST /__sim/additional-email` `{ id, email }`: gives a contact a secondary email
 */

export const ADMIN_PREFIX = '/__sim/';

const failNextSchema = z.object({
  count: z.number().int().min(1),
  status: z.number().int().min(400).max(599).default(502),
  body: z.enum(['json', 'html']).default('json'),
  retryAfterSeconds: z.number().int().min(0).optional(),
  policy: z.enum(['TEN_SECONDLY_ROLLING', 'SECONDLY', 'DAILY']).optional(),
});
const mergeSchema = z.object({ primaryId: z.string().min(1), secondaryId: z.string().min(1) });
const additionalEmailSchema = z.object({ id: z.string().min(1), email: z.string().min(3) });

export function answerAdmin(state: SimulatorState, method: string, pathname: string, body: unknown): SimResponse {
  const action = `${method} ${pathname.slice(ADMIN_PREFIX.length)}`;
  switch (action) {
    case 'GET stats':
      return json(200, state.stats.snapshot());
    case 'POST reset':
      state.reset();
      return json(200, { reset: true });
    case 'GET contacts':
      return json(200, { contacts: state.store.snapshot() });
    case 'POST configure':
      return configure(state, body);
    case 'POST fail-next': {
      const parsed = failNextSchema.safeParse(body);
      if (!parsed.success) return json(400, errorBody('VALIDATION_ERROR', z.prettifyError(parsed.error)));
      const { count, status, body: kind, retryAfterSeconds, policy } = parsed.data;
      state.faults.failNext(count, status, kind, { ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }), ...(policy === undefined ? {} : { policy }) });
      return json(200, { queued: count });
    }
    case 'POST merge': {
      const parsed = mergeSchema.safeParse(body);
      if (!parsed.success) return json(400, errorBody('VALIDATION_ERROR', z.prettifyError(parsed.error)));
      return attempt(() => ({ id: state.store.merge(parsed.data.primaryId, parsed.data.secondaryId, state.clock(), state.options.mergeMode).id }));
    }
    case 'POST additional-email': {
      const parsed = additionalEmailSchema.safeParse(body);
      if (!parsed.success) return json(400, errorBody('VALIDATION_ERROR', z.prettifyError(parsed.error)));
      return attempt(() => ({ id: state.store.addAdditionalEmail(parsed.data.id, parsed.data.email).id }));
    }
    default:
      return json(404, errorBody('OBJECT_NOT_FOUND', `No simulator helper ${method} ${pathname}`));
  }
}

/** A helper that may be refused (an unknown contact, an email taken): 400 with why. */
function attempt(work: () => unknown): SimResponse {
  try {
    return json(200, work());
  } catch (error) {
    return json(400, errorBody('VALIDATION_ERROR', error instanceof Error ? error.message : String(error)));
  }
}

function configure(state: SimulatorState, body: unknown): SimResponse {
  try {
    return json(200, { options: state.configure(body ?? {}) });
  } catch (error) {
    if (error instanceof SimulatorOptionsError) return json(400, errorBody('VALIDATION_ERROR', error.message));
    throw error;
  }
}

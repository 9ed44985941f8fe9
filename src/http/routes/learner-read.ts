import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { ContactStore } from '../../crm/contact-store.js';
import { RequestError } from '../../errors.js';
import { instrumentStore } from '../../crm/instrumented-store.js';
import type { AppDependencies, RequestContext } from '../app-dependencies.js';
import { crmAccess } from '../../tracking/crm-access.js';
import type { RequestIdentity } from '../../identity.js';
import { type HttpResponse, jsonResponse } from '../json-response.js';
import { resolveLearner } from '../resolve-learner.js';

/** What a read route answers besides `mode`: the learner's values, or the empty values when it has none. */
export interface LearnerRead<T extends object> {
  /** For the log line: `Read aggregate`. */
  name: string;
  /** The learner the query names (ignored when sign-in is on: the session or token names the learner). */
  claimed: RequestIdentity | undefined;
  /** The values for a learner, or undefined when the contact does not exist. May throw on a CRM failure. */
  read(store: ContactStore, learner: RequestIdentity): Promise<T | undefined>;
  /** The values shown when there is no learner to read, or the read failed. */
  empty: Partial<T>;
  /**
   * The values of a learner with no contact yet (nothing recorded); `empty` when not given. They answer with
   * `mode: "authenticated"` like any learner's, so a read never tells whether an email is in the portal.
   */
  unrecorded?: Partial<T>;
}

/**
 * The identity rules every learner read shares with `GET /progress/read`:
 * 1. Sign-in on (`AUTH_MODE=jwt` or `oidc`) and no valid token or session → 401 `UNAUTHORIZED`.
 * 2. CRM progress off, or no learner named → `{mode:"anonymous", …empty}`, no HubSpot call.
 * 3. CRM unavailable or failing → `{mode:"fallback", error, …empty}` (200: a learner's page never breaks).
 * 4. `{mode:"authenticated", …values}`; a learner with no contact yet gets the unrecorded values, with the same mode,
 *    so the answer never tells whether an email is in the portal.
 */
export async function learnerRead<T extends object>(
  deps: AppDependencies,
  event: APIGatewayProxyEventV2,
  { logger, metrics, services }: RequestContext,
  spec: LearnerRead<T>,
): Promise<HttpResponse> {
  const resolution = await resolveLearner(deps.config.auth, services, event, spec.claimed, logger);
  if (resolution.kind === 'unauthenticated') {
    throw new RequestError(401, 'UNAUTHORIZED', 'Sign in to read progress', ['authorization: missing, invalid or expired session or token']);
  }
  const anonymous = jsonResponse(200, { mode: 'anonymous', ...spec.empty });
  if (!deps.config.crmEnabled || resolution.kind === 'none') return anonymous;
  const fallback = jsonResponse(200, { mode: 'fallback', error: 'Unable to read progress', ...spec.empty });
  const crm = crmAccess(deps.config, deps.store);
  if (!crm.ok) {
    logger.error('Configuration error: CRM progress is enabled but cannot be read', { reason: crm.reason });
    return fallback;
  }
  const started = Date.now();
  const store = instrumentStore(crm.store, metrics);
  try {
    const values = await spec.read(store, resolution.learner);
    logger.info(spec.name, { found: values !== undefined, hubspotCalls: store.requestCalls, hubspotMs: store.requestMs, latencyMs: Date.now() - started });
    return jsonResponse(200, { mode: 'authenticated', ...(values ?? spec.unrecorded ?? spec.empty) });
  } catch (error) {
    logger.error('Failed to read progress from CRM', { read: spec.name, error, hubspotCalls: store.requestCalls, latencyMs: Date.now() - started });
    return fallback;
  }
}

import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { RequestError } from '../../errors.js';
import { instrumentStore } from '../../crm/instrumented-store.js';
import { maskEmail } from '../../observability/logger.js';
import { crmAccess } from '../../tracking/crm-access.js';
import { trackEvent, type TrackOutcome } from '../../tracking/track-event.js';
import type { AppDependencies, RequestContext } from '../app-dependencies.js';
import { type HttpResponse, jsonResponse } from '../json-response.js';
import { readJsonBody } from '../read-json-body.js';
import { resolveLearner } from '../resolve-learner.js';
import { contentProblems } from '../../catalog/content-check.js';
import type { Catalog, ProgressEvent } from '../../progress/types.js';
import { parseTrackRequest } from '../track-request.js';

/**
 * `POST /events/track`: validate (content the catalog does not know is 400 `UNKNOWN_CONTENT`, so nobody can fill a
 * learner's state with made-up slugs), name the learner, cap their writes, and answer what `trackEvent` made of the
 * event. Every CRM problem answers 200 with a fallback body, so a learner's page never breaks; only the caller's own
 * mistakes are 4xx.
 */
export async function trackRoute(deps: AppDependencies, event: APIGatewayProxyEventV2, context: RequestContext): Promise<HttpResponse> {
  const request = parseTrackRequest(readJsonBody(event.body, event.isBase64Encoded), deps.clock());
  const { metrics } = context;
  const catalog = await checkedCatalog(context, request.event);
  metrics.count('EventsTracked');
  const resolution = await resolveLearner(deps.config.auth, context.services, event, request.learner, context.logger);
  const learner = resolution.kind === 'learner' ? resolution.learner : undefined;
  const log = context.logger.child({
    eventName: request.event.name,
    ...(learner?.email === undefined ? {} : { email: deps.config.logPii ? learner.email : maskEmail(learner.email) }),
  });
  if (!deps.config.crmEnabled || learner === undefined) {
    const reason = resolution.kind === 'unauthenticated' ? 'no valid token' : learner === undefined ? 'no identity' : 'ENABLE_CRM_PROGRESS is off';
    log.info('Track event (anonymous)', { reason });
    return jsonResponse(200, { status: 'logged', mode: 'anonymous' });
  }
  const allowance = context.services.rateLimiter.take(learner);
  if (!allowance.ok) {
    log.warn('Learner over the write cap', { retryAfterSeconds: allowance.retryAfterSeconds });
    throw new RequestError(429, 'RATE_LIMITED', 'Too many events for this learner; try again later', [`retry after ${allowance.retryAfterSeconds} s`], {
      'Retry-After': String(allowance.retryAfterSeconds),
    });
  }

  if (catalog === undefined) {
    // Only with CATALOG_SOURCE=hubdb, HubDB down since this container started and no CATALOG_PATH seed: the content
    // cannot be checked, so nothing is written; the event is kept whole for replay.
    log.error('Catalog unavailable; event not written', {});
    log.warn('Event logged for replay', { replay: { event: request.event, identity: learner.identity, email: learner.email } });
    metrics.count('FallbackResponses');
    return jsonResponse(200, { status: 'logged', mode: 'fallback', error: 'Catalog unavailable' });
  }
  const access = crmAccess(deps.config, deps.store);
  const store = access.ok ? instrumentStore(access.store, metrics) : undefined;
  const started = Date.now();
  const outcome = await trackEvent(
    {
      crm: store === undefined ? access : { ok: true, store },
      catalog,
      clock: deps.clock,
      logger: log,
      propertyTypes: deps.propertyTypes,
      queue: deps.queue,
      writeMode: deps.config.queue.writeMode,
      verifyDelaySeconds: deps.config.queue.verifyDelaySeconds,
      allowCreate: deps.config.auth.allowContactCreate,
      queuedCreate: deps.config.auth.contactCreate.queue,
    },
    learner,
    request.event,
  );
  const calls = { hubspotCalls: store?.requestCalls ?? 0, hubspotMs: store?.requestMs ?? 0, latencyMs: Date.now() - started };
  if (outcome.kind === 'persisted' && learner.email !== undefined) context.services.rateLimiter.remember(outcome.contactId, learner.email);
  return answer(outcome, context, log, calls);
}

/**
 * The catalog the event's content is known to, or 400 `UNKNOWN_CONTENT` naming what is not. Before refusing, a
 * refreshing catalog is asked again (`recheck`), so content published since the last refresh is taken at once.
 * Undefined when no catalog has ever loaded.
 */
async function checkedCatalog(context: RequestContext, event: ProgressEvent): Promise<Catalog | undefined> {
  const { catalog } = context;
  if (catalog === undefined) return undefined;
  const problems = contentProblems(event, catalog);
  if (problems.length === 0) return catalog;
  const fresh = await context.services.catalogs.recheck?.();
  if (fresh !== undefined && fresh !== catalog && contentProblems(event, fresh).length === 0) {
    context.logger.info('Content found after a catalog recheck');
    return fresh;
  }
  throw new RequestError(400, 'UNKNOWN_CONTENT', 'The event names content the catalog does not know', problems);
}

/** The response, the request's log line and its metrics, for one outcome. */
function answer(outcome: TrackOutcome, { metrics }: RequestContext, log: RequestContext['logger'], calls: Record<string, number>): HttpResponse {
  switch (outcome.kind) {
    case 'persisted':
      metrics.count('EventsPersisted');
      if (outcome.created) metrics.count('ContactsCreated');
      log.info('Track event (persisted via properties)', {
        contactId: outcome.contactId,
        backend: 'properties',
        created: outcome.created,
        written: outcome.written,
        ...calls,
      });
      return jsonResponse(200, { status: 'persisted', mode: 'authenticated', backend: 'properties', contactId: outcome.contactId });
    case 'queued':
      log.info('Track event (queued)', { backend: 'properties' });
      return jsonResponse(200, { status: 'queued', mode: 'authenticated', backend: 'properties' });
    case 'unknown-contact':
      log.warn('Track event for a contact that does not exist and may not be created (logged only)', { hubspotCalls: calls['hubspotCalls'] });
      return jsonResponse(200, { status: 'logged', mode: 'anonymous' });
    case 'fallback':
      metrics.count('FallbackResponses');
      if (outcome.cause === 'crm-unavailable') {
        log.error('Configuration error: CRM progress is enabled but cannot be written', { reason: outcome.reason });
      } else if (outcome.cause === 'crm-failed') {
        log.error('Failed to persist event to CRM', { error: outcome.error, reason: outcome.reason, hubspotCalls: calls['hubspotCalls'], latencyMs: calls['latencyMs'] });
      }
      return jsonResponse(200, { status: outcome.queued ? 'queued' : 'logged', mode: 'fallback', error: outcome.reason });
  }
}

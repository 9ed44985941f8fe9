import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { CompletionClaimError, RequestError } from '../../errors.js';
import { type Logger, maskEmail } from '../../observability/logger.js';
import { instrumentStore } from '../../observability/instrumented-store.js';
import type { ProgressEvent } from '../../progress/types.js';
import { recordEvent } from '../../tracking/record-event.js';
import type { AppDependencies, RequestContext } from '../app-dependencies.js';
import { crmAvailability } from '../crm-availability.js';
import { describeCrmFailure } from '../../tracking/failure-reason.js';
import type { RequestIdentity } from '../../identity.js';
import { type HttpResponse, jsonResponse } from '../json-response.js';
import { readJsonBody } from '../read-json-body.js';
import { resolveLearner } from '../resolve-learner.js';
import { parseTrackRequest } from '../track-request.js';
import { eventMessage, type QueueMessage, verifyMessage } from '../../tracking/queue-message.js';

/**
 * `POST /events/track`: validate, then persist to the CRM or answer why not. Every CRM problem answers 200 with a
 * fallback body, so a learner's page never breaks; only the caller's own mistakes are 4xx.
 */
export async function trackRoute(deps: AppDependencies, event: APIGatewayProxyEventV2, context: RequestContext): Promise<HttpResponse> {
  const request = parseTrackRequest(readJsonBody(event.body, event.isBase64Encoded), deps.clock());
  const { metrics } = context;
  metrics.count('EventsTracked');
  const resolution = await resolveLearner(deps.config.auth, context.services.verifyToken, event, request.learner, context.logger, context.services.isAllowedOrigin);
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
  const allowance = context.services.rateLimiter.take(learnerKey(learner));
  if (!allowance.ok) {
    log.warn('Learner over the write cap', { retryAfterSeconds: allowance.retryAfterSeconds });
    throw new RequestError(429, 'RATE_LIMITED', 'Too many events for this learner; try again later', [`retry after ${allowance.retryAfterSeconds} s`], {
      'Retry-After': String(allowance.retryAfterSeconds),
    });
  }
  const message = eventMessage(request.event, learner, deps.config.auth.allowContactCreate);
  if (deps.config.queue.writeMode === 'queue') {
    const queued = await enqueue(deps, message, log);
    if (queued) {
      log.info('Track event (queued)', { backend: 'properties' });
      return jsonResponse(200, { status: 'queued', mode: 'authenticated', backend: 'properties' });
    }
    metrics.count('FallbackResponses');
    return jsonResponse(200, { status: 'logged', mode: 'fallback', error: 'Queue unavailable; the event was logged for replay' });
  }

  const crm = crmAvailability(deps);
  if (!crm.ok) {
    log.error('Configuration error: CRM progress is enabled but cannot be written', { reason: crm.reason });
    return fallback(context, deps, log, message, crm.reason);
  }
  const started = Date.now();
  const store = instrumentStore(crm.store, metrics);
  try {
    const outcome = await recordEvent({ ...deps, store, logger: log, allowCreate: deps.config.auth.allowContactCreate }, learner, request.event);
    if (outcome.kind === 'unknown-contact') {
      log.warn('Track event for a contact that does not exist and may not be created (logged only)', { hubspotCalls: store.requestCalls });
      return jsonResponse(200, { status: 'logged', mode: 'anonymous' });
    }
    metrics.count('EventsPersisted');
    if (outcome.created) metrics.count('ContactsCreated');
    log.info('Track event (persisted via properties)', {
      contactId: outcome.contactId,
      backend: 'properties',
      created: outcome.created,
      written: outcome.written,
      hubspotCalls: store.requestCalls,
      hubspotMs: store.requestMs,
      latencyMs: Date.now() - started,
    });
    if (outcome.written) await scheduleVerify(deps, learner, log);
    return jsonResponse(200, { status: 'persisted', mode: 'authenticated', backend: 'properties', contactId: outcome.contactId });
  } catch (error) {
    if (error instanceof CompletionClaimError) {
      throw new RequestError(400, 'INVALID_EVENT_DATA', error.message, error.details);
    }
    const reason = describeCrmFailure(error);
    log.error('Failed to persist event to CRM', { error, reason, hubspotCalls: store.requestCalls, latencyMs: Date.now() - started });
    return fallback(context, deps, log, message, reason);
  }
}

/**
 * The event could not be written now: put it on the durable queue (`queued`), or, only when the queue itself cannot
 * be reached, log it whole for replay (`logged`). Either way the learner's page gets a 200.
 */
async function fallback(context: RequestContext, deps: AppDependencies, log: Logger, message: QueueMessage, reason: string): Promise<HttpResponse> {
  context.metrics.count('FallbackResponses');
  const queued = await enqueue(deps, message, log);
  return jsonResponse(200, { status: queued ? 'queued' : 'logged', mode: 'fallback', error: reason });
}

/** Sends to the queue; false (after logging the event whole for replay) when there is none or it cannot be reached. */
async function enqueue(deps: AppDependencies, message: QueueMessage, log: Logger): Promise<boolean> {
  if (deps.queue !== undefined) {
    try {
      await deps.queue.send(message);
      return true;
    } catch (error) {
      log.error('Queue unreachable', { error });
    }
  }
  if (message.kind === 'event') logForReplay(log, message.event, message.learner);
  return false;
}

/**
 * After a direct write, asks the queue consumer to re-read the learner a few seconds later: if another event for
 * the same learner raced this one (HubSpot has no compare-and-set), the consumer merges the versions and repairs the
 * stored value. Best effort: the versions are also merged on every later read and write.
 */
async function scheduleVerify(deps: AppDependencies, learner: RequestIdentity, log: Logger): Promise<void> {
  if (deps.queue === undefined || deps.config.queue.verifyDelaySeconds === 0) return;
  try {
    await deps.queue.send(verifyMessage(learner), { delaySeconds: deps.config.queue.verifyDelaySeconds });
  } catch (error) {
    log.warn('Could not schedule the post-write check', { error });
  }
}

function learnerKey(learner: RequestIdentity): string {
  return learner.identity.kind === 'id' ? `id:${learner.identity.contactId}` : `email:${learner.identity.email}`;
}

/**
 * Writes the whole event as one line a replay can read back. The identity is needed to replay it, so this line
 * (and only this one) carries the learner's email unmasked; see docs/operations.md.
 */
function logForReplay(logger: Logger, event: ProgressEvent, learner: RequestIdentity): void {
  logger.warn('Event logged for replay', { replay: { event, identity: learner.identity, email: learner.email } });
}

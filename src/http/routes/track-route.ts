import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { CompletionClaimError, RequestError } from '../../errors.js';
import type { Logger } from '../../logging/logger.js';
import { maskEmail } from '../../logging/logger.js';
import { recordEvent } from '../../tracking/record-event.js';
import type { AppDependencies } from '../app-dependencies.js';
import { crmAvailability } from '../crm-availability.js';
import { describeCrmFailure } from '../crm-failure.js';
import type { RequestIdentity } from '../identity-schema.js';
import { type HttpResponse, jsonResponse } from '../json-response.js';
import { readJsonBody } from '../read-json-body.js';
import { parseTrackRequest } from '../track-request.js';
import type { ProgressEvent } from '../../progress/types.js';

/**
 * `POST /events/track`: validate, then persist to the CRM or answer why not. Every CRM problem answers 200 with a
 * fallback body, so a learner's page never breaks; only the caller's own mistakes are 4xx.
 */
export async function trackRoute(deps: AppDependencies, event: APIGatewayProxyEventV2, logger: Logger): Promise<HttpResponse> {
  const request = parseTrackRequest(readJsonBody(event.body, event.isBase64Encoded), deps.clock());
  const log = logger.child({ eventName: request.event.name });
  const learner = request.learner;
  if (!deps.config.crmEnabled || learner === undefined) {
    log.info('Track event (anonymous)', { reason: learner === undefined ? 'no identity' : 'ENABLE_CRM_PROGRESS is off' });
    return jsonResponse(200, { status: 'logged', mode: 'anonymous' });
  }
  const crm = crmAvailability(deps);
  if (!crm.ok) {
    log.error('Configuration error: CRM progress is enabled but cannot be written', { reason: crm.reason });
    logForReplay(log, request.event, learner, deps.config.logPii);
    return jsonResponse(200, { status: 'logged', mode: 'fallback', error: crm.reason });
  }
  const started = Date.now();
  try {
    const outcome = await recordEvent({ ...deps, store: crm.store, logger: log }, learner, request.event);
    if (outcome.kind === 'unknown-contact') {
      log.warn('Track event for unknown contact id without email (logged only)');
      return jsonResponse(200, { status: 'logged', mode: 'anonymous' });
    }
    log.info('Track event (persisted via properties)', {
      contactId: outcome.contactId,
      backend: 'properties',
      created: outcome.created,
      written: outcome.written,
      latencyMs: Date.now() - started,
    });
    return jsonResponse(200, { status: 'persisted', mode: 'authenticated', backend: 'properties', contactId: outcome.contactId });
  } catch (error) {
    if (error instanceof CompletionClaimError) {
      throw new RequestError(400, 'INVALID_EVENT_DATA', error.message, error.details);
    }
    const reason = describeCrmFailure(error);
    log.error('Failed to persist event to CRM', { error, reason, latencyMs: Date.now() - started });
    logForReplay(log, request.event, learner, deps.config.logPii);
    return jsonResponse(200, { status: 'logged', mode: 'fallback', error: reason });
  }
}

/**
 * Writes the whole event as one line a replay can read back. The identity is needed to replay it, so it is
 * written in full here (and only here); see docs/operations.md.
 */
function logForReplay(logger: Logger, event: ProgressEvent, learner: RequestIdentity, logPii: boolean): void {
  logger.warn('Event logged for replay', {
    replay: { event, identity: learner.identity, email: learner.email },
    email: learner.email === undefined || logPii ? learner.email : maskEmail(learner.email),
  });
}

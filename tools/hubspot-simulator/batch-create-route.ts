import { randomUUID } from 'node:crypto';
import type { ValidationIssue } from '../../src/crm/local/value-rules.js';
import { validationError } from '../../src/crm/local/value-rules.js';
import { viewIn } from './contact-view.js';
import { conflictMessage, duplicateEmailsBody, errorBody, tooManyInputsBody } from './error-bodies.js';
import { MAX_BATCH_INPUTS } from './batch-routes.js';
import { batchCreateBodySchema, parseBody } from './request-schemas.js';
import type { RouteContext, RouteRequest } from './route-context.js';
import { json, type SimResponse } from './sim-response.js';
import { checkOne, checkValues, emailOwner, missingRequired, repeatedEmails, requiredFieldsRefusal } from './write-checks.js';

/**
 * `POST /crm/v3/objects/contacts/batch/create` `{ inputs: [{ properties, objectWriteTraceId? }] }`.
 *
 * Without a trace id on every input, all or nothing (HubSpot's "batch create is all-or-nothing"):
 * 1. the same email twice in the batch → 400;
 * 2. an email that already has a contact (primary or additional) → 409 for the whole batch, naming the first such
 *    contact (`batchConflictMessage: 'without-id'`: naming none, as some of HubSpot's answers do);
 * 3. any invalid value → 400 listing every issue (a missing required property too, from API version 2026-09 on).
 *
 * With an `objectWriteTraceId` on every input, each input stands alone: 201 when all were created, else 207
 * `{ status: 'COMPLETE', results, numErrors, errors }`, each error naming its input in `context.objectWriteTraceId`
 * (a `CONFLICT` also gives `context.existingId`). Results carry no trace id (HubSpot's doc example has none).
 */
export function batchCreate(request: RouteRequest, context: RouteContext): SimResponse {
  const startedAt = new Date(context.now()).toISOString();
  const body = parseBody(batchCreateBodySchema, request.body);
  if (!body.ok) return body.response;
  const { inputs } = body.value;
  if (inputs.length > MAX_BATCH_INPUTS) return json(400, tooManyInputsBody(inputs.length, MAX_BATCH_INPUTS));
  const emails = inputs.map((input) => input.properties['email']);
  const repeated = repeatedEmails(emails);
  if (repeated.length > 0) return json(400, duplicateEmailsBody(repeated));
  const traced = inputs.length > 0 && inputs.every((input) => input.objectWriteTraceId !== undefined);
  return traced ? createEachAlone(inputs, context, startedAt) : createAllOrNothing(inputs, context, startedAt);
}

type Input = { properties: Record<string, string>; objectWriteTraceId?: string | undefined };

function createAllOrNothing(inputs: readonly Input[], context: RouteContext, startedAt: string): SimResponse {
  for (const input of inputs) {
    const owner = emailOwner(context.store, input.properties['email']);
    if (owner !== undefined) {
      const named = context.options.batchConflictMessage === 'with-id' ? owner : undefined;
      return json(409, errorBody('CONFLICT', conflictMessage(named)));
    }
  }
  const checked = checkValues(inputs.map((input) => input.properties), context.types, context.options.invalidEmails);
  if (!checked.ok) return checked.response;
  for (const input of inputs) {
    const refused = requiredFieldsRefusal(input.properties, context);
    if (refused) return refused;
  }
  const at = context.now();
  const results = checked.value.map((values) => viewIn(context, context.store.create(values, at), { properties: Object.keys(values) }));
  return json(201, { status: 'COMPLETE', results, startedAt, completedAt: new Date(context.now()).toISOString() });
}

function createEachAlone(inputs: readonly Input[], context: RouteContext, startedAt: string): SimResponse {
  const at = context.now();
  const results = [];
  const errors = [];
  for (const input of inputs) {
    const trace = input.objectWriteTraceId ?? '';
    const owner = emailOwner(context.store, input.properties['email']);
    if (owner !== undefined) {
      errors.push(itemError('CONFLICT', conflictMessage(owner), { objectWriteTraceId: [trace], existingId: [owner] }));
      continue;
    }
    const checked = checkOne(input.properties, context.types, context.options.invalidEmails);
    if (!checked.ok) {
      errors.push(itemError('VALIDATION_ERROR', invalidMessage(checked.issues), { objectWriteTraceId: [trace] }));
      continue;
    }
    const missing = missingRequired(input.properties, context);
    if (missing.length > 0) {
      errors.push(itemError('VALIDATION_ERROR', `Missing required properties: ${missing.join(', ')}`, { objectWriteTraceId: [trace], propertyName: missing }, 'MISSING_REQUIRED_PROPERTY'));
      continue;
    }
    results.push(viewIn(context, context.store.create(checked.values, at), { properties: Object.keys(checked.values) }));
  }
  const completedAt = new Date(context.now()).toISOString();
  if (errors.length === 0) return json(201, { status: 'COMPLETE', results, startedAt, completedAt });
  return json(207, { status: 'COMPLETE', results, numErrors: errors.length, errors, startedAt, completedAt });
}

function itemError(category: string, message: string, context: Record<string, string[]>, code?: string) {
  return { status: 'error', category, message, context, ...(code === undefined ? {} : { subCategory: code }), correlationId: randomUUID() };
}

function invalidMessage(issues: readonly ValidationIssue[]): string {
  return validationError(issues).message;
}

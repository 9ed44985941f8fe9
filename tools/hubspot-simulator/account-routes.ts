import { PROPERTY_DEFINITIONS } from '../../src/properties/property-definitions.js';
import { utcOffsetMs } from './daily-limit.js';
import { parseBody, propertyBatchReadBodySchema } from './request-schemas.js';
import type { RouteContext, RouteRequest } from './route-context.js';
import { json, type SimResponse } from './sim-response.js';

/** What HubSpot's `fieldType` is for a property type the simulator holds (the service's own are as defined). */
const FIELD_TYPE: Readonly<Record<string, string>> = { string: 'text', number: 'number', date: 'date', datetime: 'date', enumeration: 'select' };

/** HubSpot's built-in contact properties the portal always has, answered as definitions too. */
const BUILT_IN: Readonly<Record<string, string>> = { email: 'string', firstname: 'string', lastname: 'string', lifecyclestage: 'enumeration' };

/**
 * `POST /crm/v3/properties/contacts/batch/read` `{ archived?, inputs: [{ name }] }`: the definitions of the named
 * properties the portal has (its types, with the simulator's overrides; none for its `missingProperties`). 200 when
 * every name exists, else 207 with an `OBJECT_NOT_FOUND` error naming the others (HubSpot's own answer for a missing
 * name is unconfirmed: a client should treat any name without a result as missing).
 */
export function readPropertyDefinitions(request: RouteRequest, context: RouteContext): SimResponse {
  const startedAt = new Date(context.now()).toISOString();
  const body = parseBody(propertyBatchReadBodySchema, request.body);
  if (!body.ok) return body.response;
  const results = [];
  const missing: string[] = [];
  for (const { name } of body.value.inputs) {
    const type = context.types[name] ?? BUILT_IN[name];
    if (type === undefined) {
      missing.push(name);
      continue;
    }
    const definition = PROPERTY_DEFINITIONS.find((d) => d.name === name);
    results.push({
      name,
      label: definition?.label ?? name,
      type,
      fieldType: definition !== undefined && definition.type === type ? definition.fieldType : (FIELD_TYPE[type] ?? 'text'),
      groupName: definition?.groupName ?? 'contactinformation',
      description: definition?.description ?? '',
      options: (definition?.options ?? []).map((o, i) => ({ ...o, displayOrder: i, hidden: false })),
      hubspotDefined: definition === undefined,
      archived: false,
    });
  }
  const completedAt = new Date(context.now()).toISOString();
  if (missing.length === 0) return json(200, { status: 'COMPLETE', results, startedAt, completedAt });
  const errors = [{ status: 'error', category: 'OBJECT_NOT_FOUND', message: `Properties do not exist: ${missing.join(', ')}`, context: { name: missing } }];
  return json(207, { status: 'COMPLETE', results, numErrors: errors.length, errors, startedAt, completedAt });
}

/** `GET /account-info/v3/details`: the account's time zone, whose midnight resets the daily limit, and the rest. */
export function accountDetails(_request: RouteRequest, context: RouteContext): SimResponse {
  const { timeZone } = context.options;
  const offset = utcOffsetMs(context.now(), timeZone);
  const sign = offset < 0 ? '-' : '+';
  const minutes = Math.abs(offset) / 60_000;
  const utcOffset = `${sign}${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
  return json(200, {
    portalId: 123456,
    accountType: 'STANDARD',
    timeZone,
    companyCurrency: 'USD',
    additionalCurrencies: [],
    utcOffset,
    utcOffsetMilliseconds: offset,
    uiDomain: 'app.hubspot.com',
    dataHostingLocation: 'na1',
  });
}

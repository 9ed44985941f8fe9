import { Client } from '@hubspot/api-client';
import {
  PropertyCreateFieldTypeEnum,
  PropertyCreateTypeEnum,
} from '@hubspot/api-client/lib/codegen/crm/properties/models/PropertyCreate.js';
import { PropertyUpdateFieldTypeEnum } from '@hubspot/api-client/lib/codegen/crm/properties/models/PropertyUpdate.js';
import type { FieldType, PropertyType } from '../properties/property-definitions.js';
import { PropertyApiError } from './errors.js';
import type {
  GroupCreateBody,
  GroupUpdateBody,
  PropertyCreateBody,
  PropertyUpdateBody,
  RemoteGroup,
  RemoteProperty,
} from './types.js';

/**
 * The contact property and group endpoints provisioning uses, one method per endpoint, on the official client.
 * Statuses are handled here: 404 on a read → `undefined`, 409 on a create → `'exists'`; every other failure is
 * thrown as a {@link PropertyApiError}.
 */
export interface PropertyApi {
  /** `GET /crm/v3/properties/contacts/groups/{name}` */
  readGroup(name: string): Promise<RemoteGroup | undefined>;
  /** `POST /crm/v3/properties/contacts/groups` */
  createGroup(body: GroupCreateBody): Promise<'created' | 'exists'>;
  /** `PATCH /crm/v3/properties/contacts/groups/{name}` */
  updateGroup(name: string, body: GroupUpdateBody): Promise<void>;
  /** `GET /crm/v3/properties/contacts/{name}` */
  readProperty(name: string): Promise<RemoteProperty | undefined>;
  /** `POST /crm/v3/properties/contacts` */
  createProperty(body: PropertyCreateBody): Promise<'created' | 'exists'>;
  /** `PATCH /crm/v3/properties/contacts/{name}` */
  updateProperty(name: string, body: PropertyUpdateBody): Promise<void>;
}

/** The part of the official client used: `client.crm.properties`. */
export type PropertiesClient = Pick<Client['crm']['properties'], 'coreApi' | 'groupsApi'>;

const OBJECT_TYPE = 'contacts';
const PATH = '/crm/v3/properties/contacts';
const MAX_DETAIL_LENGTH = 500;

const CREATE_TYPES: Record<PropertyType, PropertyCreateTypeEnum> = {
  string: PropertyCreateTypeEnum.String,
  number: PropertyCreateTypeEnum.Number,
  date: PropertyCreateTypeEnum.Date,
  datetime: PropertyCreateTypeEnum.Datetime,
  enumeration: PropertyCreateTypeEnum.Enumeration,
};

const CREATE_FIELD_TYPES: Record<FieldType, PropertyCreateFieldTypeEnum> = {
  text: PropertyCreateFieldTypeEnum.Text,
  textarea: PropertyCreateFieldTypeEnum.Textarea,
  number: PropertyCreateFieldTypeEnum.Number,
  date: PropertyCreateFieldTypeEnum.Date,
  select: PropertyCreateFieldTypeEnum.Select,
};

const UPDATE_FIELD_TYPES: Record<FieldType, PropertyUpdateFieldTypeEnum> = {
  text: PropertyUpdateFieldTypeEnum.Text,
  textarea: PropertyUpdateFieldTypeEnum.Textarea,
  number: PropertyUpdateFieldTypeEnum.Number,
  date: PropertyUpdateFieldTypeEnum.Date,
  select: PropertyUpdateFieldTypeEnum.Select,
};

/**
 * Builds the real API on a new official `Client`. Call it once per process (the client keeps its retry settings in
 * a process-wide singleton).
 * @example const api = createHubSpotPropertyApi({ accessToken: token, basePath: 'https://api.hubapi.com' });
 */
export function createHubSpotPropertyApi(options: { accessToken: string; basePath: string }): PropertyApi {
  // One attempt per call: the client would sleep 10 s × attempt on a 429, and a provisioning run is safe to repeat.
  const client = new Client({ accessToken: options.accessToken, basePath: options.basePath, numberOfApiCallRetries: 1 });
  // Read now, so the properties APIs are decorated with this client's settings, not a later client's.
  return createPropertyApi(client.crm.properties);
}

/** Wraps the official client's properties APIs (a real client, or one on a test server's base path). */
export function createPropertyApi(client: PropertiesClient): PropertyApi {
  const { coreApi, groupsApi } = client;
  return {
    async readGroup(name) {
      const action = `reading group ${name} (GET ${PATH}/groups/${name})`;
      const group = await orAbsent(send(action, () => groupsApi.getByName(OBJECT_TYPE, name)));
      return group === undefined ? undefined : { name: group.name, label: group.label };
    },
    async createGroup(body) {
      const action = `creating group ${body.name} (POST ${PATH}/groups)`;
      return orExists(send(action, () => groupsApi.create(OBJECT_TYPE, { name: body.name, label: body.label })));
    },
    async updateGroup(name, body) {
      const action = `updating group ${name} (PATCH ${PATH}/groups/${name})`;
      await send(action, () => groupsApi.update(OBJECT_TYPE, name, { label: body.label }));
    },
    async readProperty(name) {
      const action = `reading property ${name} (GET ${PATH}/${name})`;
      const property = await orAbsent(send(action, () => coreApi.getByName(OBJECT_TYPE, name)));
      if (property === undefined) return undefined;
      return {
        name: property.name,
        label: property.label,
        description: property.description ?? '',
        groupName: property.groupName,
        type: property.type,
        fieldType: property.fieldType,
        options: (property.options ?? []).map((o) => ({
          label: o.label,
          value: o.value,
          displayOrder: o.displayOrder,
          hidden: o.hidden,
        })),
      };
    },
    async createProperty(body) {
      const action = `creating property ${body.name} (POST ${PATH})`;
      const request = {
        name: body.name,
        label: body.label,
        description: body.description,
        groupName: body.groupName,
        type: CREATE_TYPES[body.type],
        fieldType: CREATE_FIELD_TYPES[body.fieldType],
        ...(body.options === undefined ? {} : { options: body.options.map((o) => ({ ...o })) }),
      };
      return orExists(send(action, () => coreApi.create(OBJECT_TYPE, request)));
    },
    async updateProperty(name, body) {
      const action = `updating property ${name} (PATCH ${PATH}/${name})`;
      const { fieldType, options, ...text } = body;
      const request = {
        ...text,
        ...(fieldType === undefined ? {} : { fieldType: UPDATE_FIELD_TYPES[fieldType] }),
        ...(options === undefined ? {} : { options: options.map((o) => ({ ...o })) }),
      };
      await send(action, () => coreApi.update(OBJECT_TYPE, name, request));
    },
  };
}

/** Runs one client call; whatever it throws becomes a {@link PropertyApiError} naming the action. */
async function send<T>(action: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw toPropertyApiError(action, error);
  }
}

async function orAbsent<T>(call: Promise<T>): Promise<T | undefined> {
  try {
    return await call;
  } catch (error) {
    if (error instanceof PropertyApiError && error.status === 404) return undefined;
    throw error;
  }
}

async function orExists(call: Promise<unknown>): Promise<'created' | 'exists'> {
  try {
    await call;
    return 'created';
  } catch (error) {
    if (error instanceof PropertyApiError && error.status === 409) return 'exists';
    throw error;
  }
}

/**
 * The client throws `ApiException` (`code`, `body`) for an answer, one class per API module, so it is recognised by
 * `typeof code === 'number'`; anything else (a `fetch` failure) means HubSpot did not answer.
 */
function toPropertyApiError(action: string, error: unknown): PropertyApiError {
  if (isRecord(error) && typeof error['code'] === 'number') {
    const body = error['body'];
    const message = isRecord(body) ? body['message'] : body;
    const category = isRecord(body) ? body['category'] : undefined;
    const detail = [typeof category === 'string' ? category : '', typeof message === 'string' ? message : '']
      .filter((part) => part !== '')
      .join(': ');
    return new PropertyApiError(action, error['code'], oneLine(detail), { cause: error });
  }
  return new PropertyApiError(action, undefined, oneLine(networkMessage(error)), { cause: error });
}

function networkMessage(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  // fetch says "fetch failed" and keeps the useful part (ECONNREFUSED, ENOTFOUND…) in its cause.
  return error.cause instanceof Error ? `${error.message}: ${error.cause.message}` : error.message;
}

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > MAX_DETAIL_LENGTH ? `${flat.slice(0, MAX_DETAIL_LENGTH)}…` : flat;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

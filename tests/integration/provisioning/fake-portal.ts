import nock from 'nock';
import { PROPERTY_DEFINITIONS, PROPERTY_GROUPS, type PropertyDefinition } from '../../../src/properties/property-definitions.js';
import { createHubSpotPropertyApi, type PropertyApi } from '../../../src/provisioning/property-api.js';
import { provision, type ProvisionOutcome } from '../../../src/provisioning/provision.js';
import type { ProvisionMode } from '../../../src/provisioning/types.js';

/**
 * A HubSpot portal's contact property endpoints, served by nock on {@link BASE_URL}: it keeps its groups and
 * properties, answers 404 and 409 as HubSpot does, applies creates and PATCHes, and records every request.
 */

export const BASE_URL = 'http://hubspot.test';
export const TOKEN = 'pat-na1-11111111-2222-provisioning-test-token';
export const PROPERTIES_PATH = '/crm/v3/properties/contacts';

export interface HubSpotGroupJson {
  name: string;
  label: string;
  displayOrder: number;
  archived: boolean;
}

export interface HubSpotPropertyJson {
  name: string;
  label: string;
  description: string;
  groupName: string;
  type: string;
  fieldType: string;
  options: { label: string; value: string; displayOrder: number; hidden: boolean }[];
  [extra: string]: unknown;
}

export interface RecordedRequest {
  readonly method: 'GET' | 'POST' | 'PATCH';
  readonly path: string;
  readonly body: unknown;
  readonly authorization: string | undefined;
}

/** A group as HubSpot returns it, made from its definition. */
export function hubspotGroup(name: string, overrides: Partial<HubSpotGroupJson> = {}): HubSpotGroupJson {
  const definition = Object.values(PROPERTY_GROUPS).find((g) => g.name === name);
  if (definition === undefined) throw new Error(`no group ${name} in src/properties/property-definitions.ts`);
  return { name, label: definition.label, displayOrder: -1, archived: false, ...overrides };
}

/** A property as HubSpot returns it after provisioning created it from its definition, with HubSpot's extra fields. */
export function hubspotProperty(name: string, overrides: Partial<HubSpotPropertyJson> = {}): HubSpotPropertyJson {
  const definition = PROPERTY_DEFINITIONS.find((d) => d.name === name);
  if (definition === undefined) throw new Error(`no property ${name} in src/properties/property-definitions.ts`);
  return { ...fromDefinition(definition), ...overrides };
}

/** Every group and property exactly as src/properties/property-definitions.ts defines them. */
export function completePortal(): { groups: HubSpotGroupJson[]; properties: HubSpotPropertyJson[] } {
  return {
    groups: Object.values(PROPERTY_GROUPS).map((g) => hubspotGroup(g.name)),
    properties: PROPERTY_DEFINITIONS.map((d) => hubspotProperty(d.name)),
  };
}

/** Installs the fake portal; `nock.cleanAll()` removes it. */
export function fakePortal(initial: { groups?: HubSpotGroupJson[]; properties?: HubSpotPropertyJson[] } = {}) {
  const groups = new Map((initial.groups ?? []).map((g) => [g.name, g]));
  const properties = new Map((initial.properties ?? []).map((p) => [p.name, p]));
  const requests: RecordedRequest[] = [];

  const record = (method: RecordedRequest['method'], path: string, body: unknown, headers: Record<string, unknown>) => {
    const authorization = headers['authorization'];
    requests.push({ method, path, body, authorization: typeof authorization === 'string' ? authorization : undefined });
  };
  const nameIn = (path: string) => decodeURIComponent(path.split('?')[0]?.split('/').pop() ?? '');

  nock(BASE_URL)
    .persist()
    .get(/^\/crm\/v3\/properties\/contacts\/groups\/[^/?]+(\?.*)?$/)
    .reply(function readGroup(path) {
      record('GET', path, undefined, this.req.headers);
      const group = groups.get(nameIn(path));
      return group === undefined ? [404, notFound(`Unable to find property group ${nameIn(path)}`)] : [200, group];
    })
    .post(`${PROPERTIES_PATH}/groups`)
    .reply(function createGroup(path, body) {
      record('POST', path, body, this.req.headers);
      const sent = asRecord(body);
      const name = String(sent['name']);
      const label = String(sent['label']);
      if (groups.has(name)) return [409, conflict(`A property group named ${name} already exists.`)];
      const group = { name, label, displayOrder: -1, archived: false };
      groups.set(name, group);
      return [201, group];
    })
    .patch(/^\/crm\/v3\/properties\/contacts\/groups\/[^/?]+$/)
    .reply(function updateGroup(path, body) {
      record('PATCH', path, body, this.req.headers);
      const group = groups.get(nameIn(path));
      if (group === undefined) return [404, notFound('Unable to find property group')];
      const updated = { ...group, ...asRecord(body) };
      groups.set(group.name, updated);
      return [200, updated];
    })
    .get(/^\/crm\/v3\/properties\/contacts\/[^/?]+(\?.*)?$/)
    .reply(function readProperty(path) {
      record('GET', path, undefined, this.req.headers);
      const property = properties.get(nameIn(path));
      return property === undefined ? [404, notFound(`Unable to find property ${nameIn(path)}`)] : [200, property];
    })
    .post(PROPERTIES_PATH)
    .reply(function createProperty(path, body) {
      record('POST', path, body, this.req.headers);
      const sent = asRecord(body);
      const name = String(sent['name']);
      if (properties.has(name)) return [409, conflict(`A property named ${name} already exists.`)];
      const property: HubSpotPropertyJson = {
        ...sent,
        name,
        label: String(sent['label']),
        description: String(sent['description'] ?? ''),
        groupName: String(sent['groupName']),
        type: String(sent['type']),
        fieldType: String(sent['fieldType']),
        options: Array.isArray(sent['options']) ? sent['options'] : [],
      };
      properties.set(name, property);
      return [201, property];
    })
    .patch(/^\/crm\/v3\/properties\/contacts\/[^/?]+$/)
    .reply(function updateProperty(path, body) {
      record('PATCH', path, body, this.req.headers);
      const property = properties.get(nameIn(path));
      if (property === undefined) return [404, notFound('Unable to find property')];
      const updated = { ...property, ...asRecord(body) };
      properties.set(property.name, updated);
      return [200, updated];
    });

  return {
    groups,
    properties,
    requests,
    /** Every request that is not a GET. */
    writes: () => requests.filter((r) => r.method !== 'GET'),
  };
}

/** The real API, on the official client pointed at the fake portal. */
export function createTestApi(): PropertyApi {
  return createHubSpotPropertyApi({ accessToken: TOKEN, basePath: BASE_URL });
}

/** Runs provisioning against {@link BASE_URL} and keeps every line it writes. */
export async function runProvision(mode: ProvisionMode): Promise<ProvisionOutcome & { lines: string[] }> {
  const lines: string[] = [];
  const outcome = await provision({ api: createTestApi(), mode, write: (line) => lines.push(line) });
  return { ...outcome, lines };
}

/** The line printed for one group or property. */
export function lineFor(lines: readonly string[], name: string): string | undefined {
  return lines.find((line) => line.split(/\s+/)[1] === name);
}

/** HubSpot's error body. */
export function hubspotError(category: string, message: string) {
  return { status: 'error', message, correlationId: 'c0ffee00-0000-4000-8000-000000000000', category };
}

function notFound(message: string) {
  return hubspotError('OBJECT_NOT_FOUND', message);
}

function conflict(message: string) {
  return hubspotError('OBJECT_ALREADY_EXISTS', message);
}

function fromDefinition(d: PropertyDefinition): HubSpotPropertyJson {
  return {
    updatedAt: '2026-01-18T10:00:00.000Z',
    createdAt: '2026-01-18T10:00:00.000Z',
    name: d.name,
    label: d.label,
    type: d.type,
    fieldType: d.fieldType,
    description: d.description,
    groupName: d.groupName,
    options: (d.options ?? []).map((o, i) => ({ label: o.label, value: o.value, displayOrder: i, hidden: false })),
    displayOrder: -1,
    calculated: false,
    externalOptions: false,
    hasUniqueValue: false,
    hidden: false,
    hubspotDefined: false,
    modificationMetadata: { archivable: true, readOnlyDefinition: false, readOnlyValue: false },
    formField: false,
    dataSensitivity: 'non_sensitive',
  };
}

function asRecord(body: unknown): Record<string, unknown> {
  return typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
}

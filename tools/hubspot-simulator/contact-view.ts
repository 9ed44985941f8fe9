import type { PropertyTypes } from '../../src/crm/local/value-rules.js';
import { READ_ONLY_PROPERTIES } from '../../src/crm/local/value-rules.js';
import type { PropertyVersion, SimContact } from './contact-history-store.js';

/** A contact as HubSpot's object endpoints answer it. */
export interface ObjectView {
  id: string;
  properties: Record<string, string | null>;
  propertiesWithHistory?: Record<string, PropertyVersion[]>;
  createdAt: string;
  updatedAt: string;
  archived: false;
}

export interface ViewSelection {
  /** Properties to answer; HubSpot's default set when empty or absent. */
  readonly properties?: readonly string[] | undefined;
  /** Properties whose versions to answer too. */
  readonly history?: readonly string[] | undefined;
  /** How an existing property without a value is answered (the `emptyValues` setting); `null` by default. */
  readonly empty?: 'null' | 'omit' | 'empty-string';
}

/** What HubSpot answers when no `properties` are asked for. */
export const DEFAULT_PROPERTIES: readonly string[] = ['createdate', 'email', 'firstname', 'hs_object_id', 'lastmodifieddate', 'lastname'];

/**
 * Renders a contact. HubSpot always adds `createdate`, `lastmodifieddate` and `hs_object_id`, answers `null` for a
 * known property without a value (or leaves it out, or `""`, as `selection.empty` says), and leaves out names that are
 * no property at all.
 */
export function viewOf(contact: SimContact, selection: ViewSelection, types: PropertyTypes): ObjectView {
  const createdAt = new Date(contact.createdAt).toISOString();
  const updatedAt = new Date(contact.updatedAt).toISOString();
  const wanted = selection.properties === undefined || selection.properties.length === 0 ? DEFAULT_PROPERTIES : selection.properties;
  const properties: Record<string, string | null> = { ...systemValues(contact) };
  for (const name of wanted) {
    const value = valueOf(contact, name);
    if (value !== undefined) properties[name] = value;
    else if ((types[name] !== undefined || READ_ONLY_PROPERTIES.includes(name)) && selection.empty !== 'omit') {
      properties[name] = selection.empty === 'empty-string' ? '' : null;
    }
  }
  const view: ObjectView = { id: contact.id, properties, createdAt, updatedAt, archived: false };
  if (selection.history !== undefined && selection.history.length > 0) {
    view.propertiesWithHistory = Object.fromEntries(
      selection.history.map((name) => [name, [...(contact.history.get(name) ?? [])]]),
    );
  }
  return view;
}

/** {@link viewOf} with the route's property types and its way of answering empty values. */
export function viewIn(context: { readonly types: PropertyTypes; readonly options: { readonly emptyValues: ViewSelection['empty'] } }, contact: SimContact, selection: ViewSelection): ObjectView {
  return viewOf(contact, { ...selection, empty: context.options.emptyValues }, context.types);
}

/** A property's current value, HubSpot's own (`hs_object_id`, `createdate`, `lastmodifieddate`) included. */
export function valueOf(contact: SimContact, name: string): string | undefined {
  return systemValues(contact)[name] ?? contact.values.get(name);
}

function systemValues(contact: SimContact): Record<string, string> {
  return {
    createdate: new Date(contact.createdAt).toISOString(),
    hs_object_id: contact.id,
    lastmodifieddate: new Date(contact.updatedAt).toISOString(),
  };
}

/**
 * The values of a query parameter given repeated (`properties=a&properties=b`), comma-separated (`properties=a,b`),
 * or both.
 */
export function listParam(query: URLSearchParams, name: string): string[] {
  return query
    .getAll(name)
    .flatMap((value) => value.split(','))
    .map((value) => value.trim())
    .filter((value) => value !== '');
}

import * as contactsCodegen from '@hubspot/api-client/lib/codegen/crm/contacts/index.js';
import * as configurator from '@hubspot/api-client/lib/src/configuration/ApiClientConfigurator.js';
import { type HubSpotApiVersion, versionMiddleware } from './api-version.js';
import { commonJs } from '../../generated-module.js';

/** The official client's contacts API (`client.crm.contacts.basicApi`). */
export type ContactsApi = contactsCodegen.BasicApi;

/** The official client's contacts batch API (`client.crm.contacts.batchApi`). */
export type ContactsBatchApi = contactsCodegen.BatchApi;

/** The official client's contacts search API (`client.crm.contacts.searchApi`), for the bulk jobs only. */
export type ContactsSearchApi = contactsCodegen.SearchApi;

/** The search request body (`PublicObjectSearchRequest`) and one of its filters. */
export type ContactsSearchRequest = contactsCodegen.PublicObjectSearchRequest;
export type ContactsSearchFilter = contactsCodegen.Filter;

/** Per-call options both APIs take last (middleware, server): the same generated type. */
export type ContactsCallOptions = contactsCodegen.PromiseConfigurationOptions;

/** A contact as HubSpot answers it, in a single read or in a batch result. */
export type HubSpotContact = contactsCodegen.SimplePublicObject;

/** One per-item error of a batch answered 207. */
export type HubSpotBatchError = contactsCodegen.StandardError;

/** What every generated API is built with: the token, the base URL and the API version. */
export interface ApiConfig {
  accessToken: string;
  basePath: string;
  /** `v3` (default) or a date-based version: every request's path is rewritten to it (see `api-version.ts`). */
  apiVersion?: HubSpotApiVersion;
}

/**
 * Builds the official client's contacts API from its generated code alone.
 *
 * Why not `new Client()`: `import { Client }` bundles the whole SDK (about 4.8 MB, every CRM object, ~135 ms to load),
 * and a `Client` installs retry decorators (a 10-secondly 429 sleeps 10 s × attempt) in a process-wide singleton that
 * every API built afterwards picks up. Built here, the API is the same generated code with the same configuration
 * (base path, bearer token, user agent) and no decorator at all: exactly one HTTP request per call, whatever else in
 * the process builds a `Client`. The bundle stays well under 1 MB.
 */
export function createContactsApi(config: ApiConfig): ContactsApi {
  const codegen = commonJs(contactsCodegen);
  return new codegen.BasicApi(configurationFor(config));
}

/**
 * Builds the official client's contacts batch API (`batch/read`, `batch/create`, `batch/update`) the same way as
 * {@link createContactsApi}, and for the same reasons: no SDK-wide bundle, no retry decorator.
 */
export function createContactsBatchApi(config: ApiConfig): ContactsBatchApi {
  const codegen = commonJs(contactsCodegen);
  return new codegen.BatchApi(configurationFor(config));
}

/**
 * Builds the official client's contacts search API the same way as {@link createContactsApi}. Search is never used
 * for identity (its index lags writes); the bulk jobs use it to walk the contacts that have a property.
 */
export function createContactsSearchApi(config: ApiConfig): ContactsSearchApi {
  const codegen = commonJs(contactsCodegen);
  return new codegen.SearchApi(configurationFor(config));
}

/** A search filter operator of the generated client (`GT`, `HAS_PROPERTY`, …). */
export function filterOperator(name: 'GT' | 'HAS_PROPERTY'): contactsCodegen.FilterOperatorEnum {
  const { FilterOperatorEnum } = commonJs(contactsCodegen);
  return name === 'GT' ? FilterOperatorEnum.Gt : FilterOperatorEnum.HasProperty;
}

function configurationFor(config: ApiConfig): contactsCodegen.Configuration {
  const codegen = commonJs(contactsCodegen);
  const { ApiClientConfigurator } = commonJs(configurator);
  const params = ApiClientConfigurator.getParams<
    contactsCodegen.RequestContext,
    contactsCodegen.ResponseContext,
    contactsCodegen.Observable<contactsCodegen.RequestContext>,
    contactsCodegen.Observable<contactsCodegen.ResponseContext>,
    contactsCodegen.ServerConfiguration<{ [key: string]: string }>
  >({ accessToken: config.accessToken, basePath: config.basePath, middleware: versionMiddleware(config.apiVersion ?? 'v3') }, codegen.ServerConfiguration, codegen.Observable, codegen.Observable);
  return codegen.createConfiguration(params);
}

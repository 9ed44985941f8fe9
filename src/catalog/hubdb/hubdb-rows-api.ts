import * as rowsCodegen from '@hubspot/api-client/lib/codegen/cms/hubdb/apis/RowsApi.js';
import * as configurationCodegen from '@hubspot/api-client/lib/codegen/cms/hubdb/configuration.js';
import * as httpCodegen from '@hubspot/api-client/lib/codegen/cms/hubdb/http/http.js';
import type { HubDbTableRowV3 } from '@hubspot/api-client/lib/codegen/cms/hubdb/models/HubDbTableRowV3.js';
import type { UnifiedCollectionResponseWithTotalBaseHubDbTableRowV3 } from '@hubspot/api-client/lib/codegen/cms/hubdb/models/UnifiedCollectionResponseWithTotalBaseHubDbTableRowV3.js';
import * as rxjsCodegen from '@hubspot/api-client/lib/codegen/cms/hubdb/rxjsStub.js';
import * as serversCodegen from '@hubspot/api-client/lib/codegen/cms/hubdb/servers.js';
import * as configurator from '@hubspot/api-client/lib/src/configuration/ApiClientConfigurator.js';
import { commonJs } from '../../generated-module.js';

/** One published row as the client answers it: `path`, `name` and `values` keyed by column name. */
export type HubDbRow = HubDbTableRowV3;

/** One page of published rows (`client.cms.hubdb.rowsApi.getTableRows`). */
export type HubDbRowsPage = UnifiedCollectionResponseWithTotalBaseHubDbTableRowV3;

/** The one HubDB call the catalog needs. */
export interface HubDbRowsApi {
  getTableRows(tableIdOrName: string, after?: string, limit?: number, offset?: number): Promise<HubDbRowsPage>;
}

interface ApiConfig {
  accessToken: string;
  basePath: string;
}

/**
 * The official client's `rowsApi.getTableRows`, built from its generated parts alone: the request factory, the HTTP
 * layer and the response processor of `cms/hubdb/apis/RowsApi`, with the configuration the client would give them
 * (base path, bearer token, user agent) and its middleware run in the same order. Why not `new Client()` or the HubDB
 * discovery: the first bundles the whole SDK into the Lambda and installs process-wide retry decorators (a 429
 * sleeps 10 s); the second pulls in the tables and batch APIs too. This keeps the bundle lean and makes exactly one
 * HTTP request per call, as `src/crm/hubspot/contacts-api.ts` does for contacts.
 *
 * One repair on the way in: the processor reads a rows answer through a type discriminated by `type`
 * (`RANDOM_ACCESS` | `STREAMING`) and throws `TypeError: typeMap[type].getAttributeTypeMap is not a function` when an
 * answer has none (older HubSpot answers do not); the answer gets the `type` its paging implies first.
 */
export function createHubDbRowsApi(config: ApiConfig): HubDbRowsApi {
  const { RowsApiRequestFactory, RowsApiResponseProcessor } = commonJs(rowsCodegen);
  const { createConfiguration } = commonJs(configurationCodegen);
  const { ServerConfiguration } = commonJs(serversCodegen);
  const { Observable } = commonJs(rxjsCodegen);
  const { ApiClientConfigurator } = commonJs(configurator);
  const configuration = createConfiguration(
    ApiClientConfigurator.getParams<
      httpCodegen.RequestContext,
      httpCodegen.ResponseContext,
      rxjsCodegen.Observable<httpCodegen.RequestContext>,
      rxjsCodegen.Observable<httpCodegen.ResponseContext>,
      serversCodegen.ServerConfiguration<{ [key: string]: string }>
    >(config, ServerConfiguration, Observable, Observable),
  );
  const factory = new RowsApiRequestFactory(configuration);
  const processor = new RowsApiResponseProcessor();
  return {
    async getTableRows(tableIdOrName, after, limit, offset) {
      let request = await factory.getTableRows(tableIdOrName, undefined, after, limit, undefined, offset);
      for (const middleware of configuration.middleware) request = await middleware.pre(request).toPromise();
      let response = await configuration.httpApi.send(request).toPromise();
      for (const middleware of [...configuration.middleware].reverse()) response = await middleware.post(response).toPromise();
      return (await processor.getTableRowsWithHttpInfo(await withMissingType(response))).data;
    },
  };
}

async function withMissingType(response: httpCodegen.ResponseContext): Promise<httpCodegen.ResponseContext> {
  const text = await response.body.text();
  const repaired = withCollectionType(text);
  const { ResponseContext } = commonJs(httpCodegen);
  return new ResponseContext(response.httpStatusCode, response.headers, { text: async () => repaired, binary: async () => Buffer.from(repaired) });
}

/** `STREAMING` when the next page is named by `after` (the only type that keeps it), else `RANDOM_ACCESS`. */
export function withCollectionType(text: string): string {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return text;
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json) || !Array.isArray(Reflect.get(json, 'results'))) return text;
  if (typeof Reflect.get(json, 'type') === 'string') return text;
  const paging: unknown = Reflect.get(json, 'paging');
  const next: unknown = typeof paging === 'object' && paging !== null ? Reflect.get(paging, 'next') : undefined;
  const after = typeof next === 'object' && next !== null ? Reflect.get(next, 'after') : undefined;
  return JSON.stringify({ ...json, type: after === undefined ? 'RANDOM_ACCESS' : 'STREAMING' });
}

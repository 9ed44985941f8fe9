import * as hubdbCodegen from '@hubspot/api-client/lib/codegen/cms/hubdb/index.js';
import * as configurator from '@hubspot/api-client/lib/src/configuration/ApiClientConfigurator.js';

/** The official client's HubDB rows API (`client.cms.hubdb.rowsApi`). */
export type HubDbRowsApi = hubdbCodegen.RowsApi;

/** One published row as the client answers it: `path`, `name` and `values` keyed by column name. */
export type HubDbRow = hubdbCodegen.HubDbTableRowV3;

interface ApiConfig {
  accessToken: string;
  basePath: string;
}

/**
 * Builds the official client's HubDB rows API from its generated code alone, as `src/crm/hubspot/contacts-api.ts`
 * does for contacts, and for the same reasons: `import { Client }` would bundle the whole SDK into the Lambda, and a
 * `Client` installs process-wide retry decorators (a 429 sleeps 10 s). This is the same generated `RowsApi` with the
 * same configuration (base path, bearer token, user agent), one HTTP request per call.
 *
 * One repair on the way in: the client reads a rows answer through a type discriminated by `type`
 * (`RANDOM_ACCESS` | `STREAMING`) and throws `TypeError: typeMap[type].getAttributeTypeMap is not a function` when an
 * answer has none (older HubSpot answers do not). A response middleware adds the `type` the paging implies before
 * the client deserialises it.
 */
export function createHubDbRowsApi(config: ApiConfig): HubDbRowsApi {
  const codegen = commonJs(hubdbCodegen);
  const { ApiClientConfigurator } = commonJs(configurator);
  const params = ApiClientConfigurator.getParams<
    hubdbCodegen.RequestContext,
    hubdbCodegen.ResponseContext,
    hubdbCodegen.Observable<hubdbCodegen.RequestContext>,
    hubdbCodegen.Observable<hubdbCodegen.ResponseContext>,
    hubdbCodegen.ServerConfiguration<{ [key: string]: string }>
  >({ ...config, middleware: [{ pre: async (request: unknown) => request, post: addMissingCollectionType }] }, codegen.ServerConfiguration, codegen.Observable, codegen.Observable);
  return new codegen.RowsApi(codegen.createConfiguration(params));
}

/** The answer with a `type` when it is a JSON collection without one; anything else as it came. */
async function addMissingCollectionType(response: hubdbCodegen.ResponseContext): Promise<hubdbCodegen.ResponseContext> {
  const text = await response.body.text();
  const repaired = withCollectionType(text);
  const codegen = commonJs(hubdbCodegen);
  const body = { text: async () => repaired, binary: async () => Buffer.from(repaired) };
  return new codegen.ResponseContext(response.httpStatusCode, response.headers, body);
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

/** The module's exports, whether the loader gave them directly (bundlers) or as `default` (Node's ESM loader). */
function commonJs<T extends object>(mod: T): T {
  const exports: unknown = Reflect.get(mod, 'default');
  return typeof exports === 'object' && exports !== null && !Array.isArray(exports) ? (exports as T) : mod;
}

import * as propertiesCodegen from '@hubspot/api-client/lib/codegen/crm/properties/index.js';
import * as configurator from '@hubspot/api-client/lib/src/configuration/ApiClientConfigurator.js';
import { versionMiddleware } from './api-version.js';
import type { ApiConfig } from './contacts-api.js';
import { commonJs } from '../../generated-module.js';

/**
 * The official client's properties batch API (`client.crm.properties.batchApi`), built from its generated code alone
 * like the contacts APIs (`contacts-api.ts`): no SDK-wide bundle, no retry decorator. Only the bulk jobs build it, to
 * read the portal's definitions of this service's properties once (`POST /crm/v3/properties/contacts/batch/read`);
 * the Lambdas do not import it.
 */
export type PropertiesBatchApi = propertiesCodegen.BatchApi;

export function createPropertiesBatchApi(config: ApiConfig): PropertiesBatchApi {
  const codegen = commonJs(propertiesCodegen);
  const { ApiClientConfigurator } = commonJs(configurator);
  const params = ApiClientConfigurator.getParams<
    propertiesCodegen.RequestContext,
    propertiesCodegen.ResponseContext,
    propertiesCodegen.Observable<propertiesCodegen.RequestContext>,
    propertiesCodegen.Observable<propertiesCodegen.ResponseContext>,
    propertiesCodegen.ServerConfiguration<{ [key: string]: string }>
  >({ accessToken: config.accessToken, basePath: config.basePath, middleware: versionMiddleware(config.apiVersion ?? 'v3') }, codegen.ServerConfiguration, codegen.Observable, codegen.Observable);
  return new codegen.BatchApi(codegen.createConfiguration(params));
}

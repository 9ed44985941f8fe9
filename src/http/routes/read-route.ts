import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { EMPTY_CATALOG } from '../../catalog/empty-catalog.js';
import { readProgress, unrecordedProgress } from '../../tracking/read-progress.js';
import type { AppDependencies, RequestContext } from '../app-dependencies.js';
import type { HttpResponse } from '../json-response.js';
import { parseReadRequest } from '../read-request.js';
import { learnerRead } from './learner-read.js';

/** `GET /progress/read?email=… | ?contactId=…`: one HubSpot call; anonymous when unknown, fallback on CRM failure. */
export async function readRoute(deps: AppDependencies, event: APIGatewayProxyEventV2, context: RequestContext): Promise<HttpResponse> {
  return learnerRead(deps, event, context, {
    name: 'Read progress',
    claimed: parseReadRequest(event.queryStringParameters),
    empty: {},
    unrecorded: unrecordedProgress(),
    read: (store, learner) => readProgress({ store, catalog: context.catalog ?? EMPTY_CATALOG, now: deps.clock() }, learner),
  });
}

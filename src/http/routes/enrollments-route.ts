import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { catalogContent } from '../../progress/catalog-content.js';
import { listEnrollments } from '../../tracking/enrollment-list.js';
import { EMPTY_CATALOG } from '../../catalog/empty-catalog.js';
import { readLearnerState } from '../../tracking/read-learner-state.js';
import type { AppDependencies, RequestContext } from '../app-dependencies.js';
import type { HttpResponse } from '../json-response.js';
import { parseReadRequest } from '../read-request.js';
import { learnerRead } from './learner-read.js';

/**
 * `GET /enrollments/list[?email=…|?contactId=…]`: the learner's enrolled pathways and courses, most recent first, in
 * one HubSpot call. Same identity rules as `/progress/read`. Only catalog content is listed (a page would ask
 * `/course/status` for each entry, and content the catalog does not know has no status); with no catalog loaded at
 * all, everything the state holds.
 */
export async function enrollmentsRoute(deps: AppDependencies, event: APIGatewayProxyEventV2, context: RequestContext): Promise<HttpResponse> {
  return learnerRead(deps, event, context, {
    name: 'Read enrollments',
    claimed: parseReadRequest(event.queryStringParameters),
    empty: { enrollments: { pathways: [], courses: [] } },
    async read(store, learner) {
      const catalog = context.catalog;
      const state = await readLearnerState({ store, catalog: catalog ?? EMPTY_CATALOG, now: deps.clock() }, learner);
      if (state === undefined) return undefined;
      return { enrollments: listEnrollments(catalog === undefined ? state : catalogContent(state, catalog)) };
    },
  });
}

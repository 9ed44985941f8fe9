import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { listEnrollments } from '../../tracking/enrollment-list.js';
import { readLearnerState } from '../../tracking/read-learner-state.js';
import type { AppDependencies, RequestContext } from '../app-dependencies.js';
import type { HttpResponse } from '../json-response.js';
import { parseReadRequest } from '../read-request.js';
import { learnerRead } from './learner-read.js';

/**
 * `GET /enrollments/list[?email=…|?contactId=…]`: the learner's enrolled pathways and courses, most recent first, in
 * one HubSpot call. Same identity rules as `/progress/read`.
 */
export async function enrollmentsRoute(deps: AppDependencies, event: APIGatewayProxyEventV2, context: RequestContext): Promise<HttpResponse> {
  return learnerRead(deps, event, context, {
    name: 'Read enrollments',
    claimed: parseReadRequest(event.queryStringParameters),
    empty: { enrollments: { pathways: [], courses: [] } },
    async read(store, learner) {
      const state = await readLearnerState({ store, catalog: deps.catalog, now: deps.clock() }, learner);
      return state === undefined ? undefined : { enrollments: listEnrollments(state) };
    },
  });
}

import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { emptyState } from '../../progress/progress-nodes.js';
import { moduleProgress } from '../../tracking/module-progress.js';
import { readLearnerState } from '../../tracking/read-learner-state.js';
import type { AppDependencies, RequestContext } from '../app-dependencies.js';
import { resolveContentQuery } from '../content-query.js';
import type { HttpResponse } from '../json-response.js';
import { learnerRead } from './learner-read.js';

/**
 * `GET /module/progress?module_slug=…`: the module's status and where it sits (breadcrumbs), in the shape hh-learn's
 * module record page reads; no tasks or attempts (quizzes and labs are not offered). One HubSpot call.
 */
export async function moduleProgressRoute(deps: AppDependencies, event: APIGatewayProxyEventV2, context: RequestContext): Promise<HttpResponse> {
  const { slug, claimed, catalog } = await resolveContentQuery(event.queryStringParameters, 'module', context);
  return learnerRead(deps, event, context, {
    name: 'Read module progress',
    claimed,
    empty: moduleProgress(emptyState(), catalog, slug),
    async read(store, learner) {
      const state = await readLearnerState({ store, catalog, now: deps.clock() }, learner);
      return state === undefined ? undefined : moduleProgress(state, catalog, slug);
    },
  });
}

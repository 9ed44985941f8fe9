import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { emptyState } from '../../progress/progress-nodes.js';
import { courseStatus } from '../../tracking/content-status.js';
import { readLearnerRecord } from '../../tracking/read-learner-state.js';
import type { AppDependencies, RequestContext } from '../app-dependencies.js';
import { certificateIssuer } from '../certificate-issuer.js';
import { resolveContentQuery } from '../content-query.js';
import type { HttpResponse } from '../json-response.js';
import { learnerRead } from './learner-read.js';

/**
 * `GET /course/status?course_slug=…`: the course's status, its modules' and its certificate id, in the shape
 * hh-learn's course page and "My Learning" read; one HubSpot call. Same identity rules as `/progress/read`; a
 * visitor with no learner gets the not-started status.
 */
export async function courseStatusRoute(deps: AppDependencies, event: APIGatewayProxyEventV2, context: RequestContext): Promise<HttpResponse> {
  const { slug, claimed, catalog } = await resolveContentQuery(event.queryStringParameters, 'course', context);
  return learnerRead(deps, event, context, {
    name: 'Read course status',
    claimed,
    empty: courseStatus(emptyState(), catalog, slug),
    async read(store, learner) {
      const record = await readLearnerRecord({ store, catalog, now: deps.clock() }, learner);
      return record === undefined ? undefined : courseStatus(record.state, catalog, slug, certificateIssuer(deps.config, record.contactId));
    },
  });
}

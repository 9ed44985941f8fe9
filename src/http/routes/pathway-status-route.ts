import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { emptyState } from '../../progress/progress-nodes.js';
import { pathwayStatus } from '../../tracking/content-status.js';
import { readLearnerRecord } from '../../tracking/read-learner-state.js';
import type { AppDependencies, RequestContext } from '../app-dependencies.js';
import { certificateIssuer } from '../certificate-issuer.js';
import { resolveContentQuery } from '../content-query.js';
import type { HttpResponse } from '../json-response.js';
import { learnerRead } from './learner-read.js';

/**
 * `GET /pathway/status?pathway_slug=…`: the pathway's status, each course's and the certificate ids, in the shape
 * hh-learn's pathway page and "My Learning" read; one HubSpot call. Same identity rules as `/progress/read`.
 */
export async function pathwayStatusRoute(deps: AppDependencies, event: APIGatewayProxyEventV2, context: RequestContext): Promise<HttpResponse> {
  const { slug, claimed, catalog } = await resolveContentQuery(event.queryStringParameters, 'pathway', context);
  return learnerRead(deps, event, context, {
    name: 'Read pathway status',
    claimed,
    empty: pathwayStatus(emptyState(), catalog, slug),
    async read(store, learner) {
      const record = await readLearnerRecord({ store, catalog, now: deps.clock() }, learner);
      return record === undefined ? undefined : pathwayStatus(record.state, catalog, slug, certificateIssuer(deps.config, record.contactId));
    },
  });
}

import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { EMPTY_CATALOG } from '../../catalog/empty-catalog.js';
import { listCertificates } from '../../tracking/certificates.js';
import { readLearnerRecord } from '../../tracking/read-learner-state.js';
import type { AppDependencies, RequestContext } from '../app-dependencies.js';
import type { HttpResponse } from '../json-response.js';
import { parseReadRequest } from '../read-request.js';
import { learnerRead } from './learner-read.js';

/**
 * `GET /certificates`: a certificate for every catalog course and pathway the learner has completed, newest first,
 * each with its derived id; one HubSpot call. With no `CERTIFICATE_SECRET`, the list is empty.
 */
export async function certificatesRoute(deps: AppDependencies, event: APIGatewayProxyEventV2, context: RequestContext): Promise<HttpResponse> {
  const catalog = context.catalog ?? EMPTY_CATALOG;
  return learnerRead(deps, event, context, {
    name: 'Read certificates',
    claimed: parseReadRequest(event.queryStringParameters),
    empty: { certificates: [] },
    async read(store, learner) {
      const secret = deps.config.certificateSecret;
      if (secret === undefined) return { certificates: [] };
      const record = await readLearnerRecord({ store, catalog, now: deps.clock() }, learner);
      return record === undefined ? undefined : { certificates: listCertificates(record.state, catalog, secret, record.contactId) };
    },
  });
}

import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { z } from 'zod';
import { slugSchema } from '../../catalog/catalog-schema.js';
import { EMPTY_CATALOG } from '../../catalog/empty-catalog.js';
import { RequestError } from '../../errors.js';
import { aggregateProgress, emptyAggregate } from '../../tracking/progress-aggregate.js';
import { readLearnerState } from '../../tracking/read-learner-state.js';
import type { AppDependencies, RequestContext } from '../app-dependencies.js';
import { formatIssues } from '../format-issues.js';
import { contactIdSchema, emailSchema, toRequestIdentity } from '../../identity.js';
import type { HttpResponse } from '../json-response.js';
import { learnerRead } from './learner-read.js';

const aggregateQuerySchema = z
  .object({
    type: z.enum(['pathway', 'course'], { message: 'must be pathway or course' }),
    slug: slugSchema,
    email: emailSchema,
    contactId: contactIdSchema,
  })
  .refine((q) => !(q.type === 'pathway' && q.slug === 'courses'), { path: ['slug'], message: '"courses" is reserved and cannot be a pathway slug' });

/**
 * `GET /progress/aggregate?type=pathway|course&slug=…[&email=…|&contactId=…]`: modules started and completed out of
 * the catalog's total, and the enrolment, in one HubSpot call. Same identity rules as `/progress/read`.
 */
export async function aggregateRoute(deps: AppDependencies, event: APIGatewayProxyEventV2, context: RequestContext): Promise<HttpResponse> {
  const parsed = aggregateQuerySchema.safeParse(event.queryStringParameters ?? {});
  if (!parsed.success) throw new RequestError(400, 'SCHEMA_VALIDATION_FAILED', 'Invalid query', formatIssues(parsed.error.issues));
  const { type, slug } = parsed.data;
  const catalog = context.catalog ?? EMPTY_CATALOG;
  return learnerRead(deps, event, context, {
    name: 'Read aggregate',
    claimed: toRequestIdentity(parsed.data.email, parsed.data.contactId),
    empty: emptyAggregate(catalog, type, slug),
    async read(store, learner) {
      const state = await readLearnerState({ store, catalog, now: deps.clock() }, learner);
      return state === undefined ? undefined : aggregateProgress(state, catalog, type, slug);
    },
  });
}

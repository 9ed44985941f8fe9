import type { ScanPage, ScanRequest } from '../contact-scanner.js';
import { toStoredContact } from './batch-read.js';
import { type BatchContext, type Send } from './transport.js';
import { type ContactsSearchApi, type ContactsSearchFilter, type ContactsSearchRequest, filterOperator } from './contacts-api.js';

/** `scan` of the HubSpot store: `POST /crm/v3/objects/contacts/search`, one page per call. */


export interface SearchContext {
  readonly searchApi: ContactsSearchApi;
  readonly paths: BatchContext['paths'];
  readonly send: Send;
  readonly fail: BatchContext['fail'];
}

/**
 * One page of the contacts that have `request.having`, with an id above `request.afterId`, sorted by `hs_object_id`.
 *
 * Why keyset paging rather than `after`: a search query pages through at most 10,000 results, and an offset shifts
 * when a contact before it changes or is deleted during the walk. Restarting every page from the last id (`hs_object_id
 * GT last`) avoids both and makes the last id a complete checkpoint. Search has its own limit (5 requests/s) on top of
 * the account's; the caller paces its calls.
 * @throws CrmError when the call fails (429 with `retryAfterSeconds`, 5xx, timeout, network, other 4xx).
 */
export async function searchPage(context: SearchContext, request: ScanRequest): Promise<ScanPage> {
  const filters: ContactsSearchFilter[] = [{ propertyName: request.having, operator: filterOperator('HAS_PROPERTY') }];
  if (request.afterId !== undefined) filters.push({ propertyName: 'hs_object_id', operator: filterOperator('GT'), value: request.afterId });
  // The generated client types `sorts` as strings: a bare property name sorts ascending.
  const body: ContactsSearchRequest = { filterGroups: [{ filters }], sorts: ['hs_object_id'], properties: [...request.properties], limit: request.limit };
  const outcome = await context.send({ operation: 'search', method: 'POST', path: context.paths.search }, (o) => context.searchApi.doSearchWithHttpInfo(body, o));
  if (!outcome.ok) throw context.fail(outcome.failure);
  return { contacts: outcome.data.results.map(toStoredContact), total: outcome.data.total };
}

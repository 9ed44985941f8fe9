import type { StoredContact } from './contact-store.js';

/**
 * Walking every contact that has a property, page by page in ascending id order: what a bulk job needs and the
 * service's request path never does (it reads one learner by email or id).
 */

/** HubSpot's most results per search page. */
export const MAX_SCAN_PAGE = 200;

export interface ScanRequest {
  /** Only contacts with a value for this property. */
  readonly having: string;
  /** Only contacts whose id is above this one; from the first contact when absent. */
  readonly afterId?: string;
  /** At most this many contacts (≤ {@link MAX_SCAN_PAGE}). */
  readonly limit: number;
  readonly properties: readonly string[];
}

export interface ScanPage {
  /** In ascending id order. */
  readonly contacts: StoredContact[];
  /** How many contacts match the request, this page included. */
  readonly total: number;
}

export interface ContactScanner {
  /**
   * One page of the contacts that have `having`, after `afterId`. One call. Each page restarts the query from the last
   * id seen (keyset paging), so a walk never meets a cap on results per query and writes made meanwhile never shift
   * a page.
   */
  scan(request: ScanRequest): Promise<ScanPage>;
}

import type { HubDbRow, HubDbRowsApi } from './hubdb-rows-api.js';

/** Rows per request (HubDB answers up to 1,000 published rows a page). */
const PAGE_SIZE = 1000;
/** A table of more pages than this is not a catalog; stop rather than page forever on a broken cursor. */
const MAX_PAGES = 50;

/** Thrown when HubDB does not answer within the budget; the caller keeps its last good catalog. */
export class HubDbTimeoutError extends Error {
  override readonly name = 'HubDbTimeoutError';
}

/**
 * Every published row of one table, following `paging.next` (`after` on STREAMING answers, `offset` on
 * RANDOM_ACCESS ones). Each page must answer within `timeoutMs`.
 */
export async function readTableRows(api: HubDbRowsApi, tableId: string, timeoutMs: number): Promise<HubDbRow[]> {
  const rows: HubDbRow[] = [];
  let after: string | undefined;
  let offset: number | undefined;
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const answer = await withDeadline(api.getTableRows(tableId, after, PAGE_SIZE, offset), timeoutMs, tableId);
    rows.push(...answer.results);
    const next = answer.paging?.next;
    const nextAfter = next !== undefined && 'after' in next && typeof next.after === 'string' ? next.after : undefined;
    const nextOffset = next !== undefined && 'offset' in next && typeof next.offset === 'number' ? next.offset : undefined;
    if (nextAfter === undefined && (nextOffset === undefined || nextOffset <= (offset ?? 0) || answer.results.length === 0)) return rows;
    after = nextAfter;
    offset = nextAfter === undefined ? nextOffset : undefined;
  }
  throw new Error(`HubDB table ${tableId} has more than ${MAX_PAGES} pages of rows`);
}

async function withDeadline<T>(work: Promise<T>, timeoutMs: number, tableId: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new HubDbTimeoutError(`HubDB table ${tableId}: no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

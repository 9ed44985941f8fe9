/**
 * The design this service replaces, for comparison: per event, find the contact, read its progress JSON, merge the
 * event into it and write it back. Plain `fetch` against the HubSpot (simulator) API, no retries, no queue.
 *
 * - `lookup: 'search'` (the old design): `POST /crm/v3/objects/contacts/search` by email → if found
 *   `GET /crm/v3/objects/contacts/{id}?properties=hhl_progress_state` → merge → `PATCH`; if not found `POST` create.
 *   3 calls for a known learner, 2 for a new one. The search index lags writes, so a learner created seconds ago is
 *   "not found" and the create answers 409.
 * - `lookup: 'email'` (the "before" of the direct-path race measurement): the same read-modify-write without search,
 *   `GET /crm/v3/objects/contacts/{email}?idProperty=email&properties=hhl_progress_state` → merge → `PATCH` (or 404 →
 *   create), so only the write race remains. No history merge.
 *
 * The merge is a plain object merge of the JSON (last writer wins on the property). A 409 on create, a 429, a 5xx or a
 * timeout is only logged by the old design: the event is lost. The outcome says which.
 */

const CONTACTS = '/crm/v3/objects/contacts';
const STATE = 'hhl_progress_state';

export type NaiveOutcome =
  | { ok: true; calls: number; created: boolean }
  | { ok: false; calls: number; reason: string };

export interface NaiveWriter {
  /** Records one `learning_module_completed`; never throws (the old design logged failures and moved on). */
  record(event: { email: string; course: string; module: string }): Promise<NaiveOutcome>;
}

export interface NaiveWriterOptions {
  baseUrl: string;
  token: string;
  lookup: 'search' | 'email';
  timeoutMs?: number;
}

class HttpFailure extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

export function createNaiveWriter(options: NaiveWriterOptions): NaiveWriter {
  const timeoutMs = options.timeoutMs ?? 4_000;

  async function call(method: string, path: string, body?: unknown): Promise<{ status: number; json: any }> {
    let response: Response;
    try {
      response = await fetch(`${options.baseUrl}${path}`, {
        method,
        headers: { authorization: `Bearer ${options.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      throw new HttpFailure(`network: ${(error as Error).name}`);
    }
    const text = await response.text();
    let json: any;
    try {
      json = text === '' ? undefined : JSON.parse(text);
    } catch {
      json = text;
    }
    return { status: response.status, json };
  }

  return {
    async record(event) {
      let calls = 0;
      const counted = async (method: string, path: string, body?: unknown) => {
        calls += 1;
        return call(method, path, body);
      };
      const at = new Date().toISOString();
      try {
        let contact: { id: string; state: string | undefined } | undefined;
        if (options.lookup === 'search') {
          const found = await counted('POST', `${CONTACTS}/search`, {
            filterGroups: [{ filters: [{ propertyName: 'email', operator: 'EQ', value: event.email }] }],
            properties: ['email'],
            limit: 1,
          });
          if (found.status !== 200) return { ok: false, calls, reason: `search ${found.status}` };
          const id: string | undefined = found.json?.results?.[0]?.id;
          if (id !== undefined) {
            const read = await counted('GET', `${CONTACTS}/${encodeURIComponent(id)}?properties=${STATE}`);
            if (read.status !== 200) return { ok: false, calls, reason: `get ${read.status}` };
            contact = { id, state: read.json?.properties?.[STATE] ?? undefined };
          }
        } else {
          const read = await counted('GET', `${CONTACTS}/${encodeURIComponent(event.email)}?idProperty=email&properties=${STATE}`);
          if (read.status === 200) contact = { id: String(read.json.id), state: read.json?.properties?.[STATE] ?? undefined };
          else if (read.status !== 404) return { ok: false, calls, reason: `get ${read.status}` };
        }

        const state = mergeEvent(contact?.state, event, at);
        if (contact === undefined) {
          const created = await counted('POST', CONTACTS, { properties: { email: event.email, [STATE]: state } });
          if (created.status === 201) return { ok: true, calls, created: true };
          return { ok: false, calls, reason: created.status === 409 ? 'create 409 (contact already exists)' : `create ${created.status}` };
        }
        const updated = await counted('PATCH', `${CONTACTS}/${encodeURIComponent(contact.id)}`, { properties: { [STATE]: state } });
        if (updated.status === 200) return { ok: true, calls, created: false };
        return { ok: false, calls, reason: `patch ${updated.status}` };
      } catch (error) {
        return { ok: false, calls, reason: error instanceof HttpFailure ? error.reason : String(error) };
      }
    },
  };
}

/** The old merge: parse the JSON, set the module, write the whole JSON back. Unreadable JSON starts over. */
function mergeEvent(current: string | undefined, event: { course: string; module: string }, at: string): string {
  let state: any;
  try {
    state = current === undefined || current === '' ? {} : JSON.parse(current);
  } catch {
    state = {};
  }
  if (typeof state !== 'object' || state === null || Array.isArray(state)) state = {};
  state.courses ??= {};
  const course = (state.courses[event.course] ??= { enrolled: true, enrolled_at: at, started: true, started_at: at, modules: {} });
  course.modules ??= {};
  course.modules[event.module] = { started: true, started_at: at, completed: true, completed_at: at };
  return JSON.stringify(state);
}

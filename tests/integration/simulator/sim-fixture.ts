/**
 * Test helpers for the HubSpot simulator: a simulator per test (closed when the test ends), a tiny fetch client with
 * the bearer token, a clock tests move by hand, and factories for contact values.
 */
import { expect, onTestFinished } from 'vitest';
import { startHubSpotSimulator, type HubSpotSimulator, type SimulatorInput } from '../../../tools/hubspot-simulator/index.js';

export const TOKEN = 'pat-na1-simulator-test-token';
export const CONTACTS = '/crm/v3/objects/contacts';

/** Starts a simulator for this test; search lag is off unless asked for, so writes are searchable at once. */
export async function simulator(input: SimulatorInput = {}): Promise<HubSpotSimulator> {
  const sim = await startHubSpotSimulator({ searchLagMs: 0, ...input });
  onTestFinished(() => sim.close());
  return sim;
}

/** A clock the test moves: `clock.now` is read by the simulator on every request. */
export function manualClock(start = Date.parse('2026-11-21T10:00:00.000Z')) {
  const clock = { now: start, read: () => clock.now, advance: (ms: number) => void (clock.now += ms) };
  return clock;
}

export interface Answer {
  status: number;
  headers: Headers;
  /** Parsed JSON, or the text when the body is not JSON. */
  body: any;
  text: string;
}

export interface Client {
  get(path: string): Promise<Answer>;
  post(path: string, body?: unknown): Promise<Answer>;
  patch(path: string, body: unknown): Promise<Answer>;
  send(method: string, path: string, init?: { body?: unknown; headers?: Record<string, string> }): Promise<Answer>;
}

/** Talks to the simulator over real HTTP with `Authorization: Bearer <token>`; no header at all when `token` is null. */
export function client(sim: HubSpotSimulator, token: string | null = TOKEN): Client {
  async function send(method: string, path: string, init: { body?: unknown; headers?: Record<string, string> } = {}): Promise<Answer> {
    const headers: Record<string, string> = { ...(token === null ? {} : { authorization: `Bearer ${token}` }), ...init.headers };
    if (init.body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${sim.url}${path}`, {
      method,
      headers,
      ...(init.body === undefined ? {} : { body: typeof init.body === 'string' ? init.body : JSON.stringify(init.body) }),
    });
    const text = await response.text();
    let body: unknown = text;
    try {
      body = text === '' ? undefined : JSON.parse(text);
    } catch {
      // Not JSON (a gateway page): keep the text.
    }
    return { status: response.status, headers: response.headers, body, text };
  }
  return {
    send,
    get: (path) => send('GET', path),
    post: (path, body) => send('POST', path, { body }),
    patch: (path, body) => send('PATCH', path, { body }),
  };
}

/** The path that reads a contact by email with these properties. */
export function byEmail(email: string, query = ''): string {
  return `${CONTACTS}/${encodeURIComponent(email)}?idProperty=email${query === '' ? '' : `&${query}`}`;
}

/** Creates a contact and answers its id. */
export async function createContact(api: Client, properties: Record<string, string>): Promise<string> {
  const answer = await api.post(CONTACTS, { properties });
  if (answer.status !== 201) throw new Error(`create answered ${answer.status}: ${answer.text}`);
  return answer.body.id;
}

/** Properties of a learner, as the service writes them. */
export function learner(n: number, extra: Record<string, string> = {}): Record<string, string> {
  return { email: `learner${n}@example.com`, hhl_total_progress: String(n), ...extra };
}

/** The JSON body HubSpot answers with for errors: the fields every error has. */
export const errorShape = (category: string, message: string | RegExp) => ({
  status: 'error',
  category,
  message: typeof message === 'string' ? message : expect.stringMatching(message),
  correlationId: expect.any(String),
});

/** Test doubles for the browser client: a localStorage, a network, and a page, all in memory. */
import type { StorageLike } from '../../../client/src/outbox.js';
import type { ElementLike, RootLike } from '../../../client/src/page-marks.js';
import type { ClientEnv, ResponseLike } from '../../../client/src/progress-client.js';
import type { TrackBody } from '../../../client/src/progress-tree.js';
import type { ProgressEvent } from '../../../src/progress/types.js';

/** A localStorage in memory; `broken` makes every call throw, as blocked storage does. */
export function fakeStorage(initial: Record<string, string> = {}, broken = false): StorageLike & { data: Record<string, string> } {
  const data = { ...initial };
  return {
    data,
    getItem(key) {
      if (broken) throw new Error('SecurityError');
      return data[key] ?? null;
    },
    setItem(key, value) {
      if (broken) throw new Error('QuotaExceededError');
      data[key] = value;
    },
  };
}

export interface SentRequest {
  via: 'beacon' | 'fetch';
  url: string;
  method: string;
  body?: any;
  keepalive?: boolean;
  headers: Record<string, string>;
}

export type FetchAnswer = { status: number; body?: unknown } | 'network-error';

/**
 * A network whose answers the test sets: `beacon` true/false/absent, and per path the next fetch answers (or one
 * answer for every call). Records every request, bodies parsed.
 */
export function fakeEnv(options: {
  beacon?: boolean | 'absent';
  answers?: Record<string, FetchAnswer | FetchAnswer[]>;
  storage?: StorageLike;
  now?: Date;
  root?: RootLike;
} = {}) {
  const sent: SentRequest[] = [];
  let online = true;
  const onlineListeners: (() => void)[] = [];
  const answers = options.answers ?? {};
  const now = { value: options.now ?? new Date('2026-11-21T10:00:00.000Z') };
  const env: ClientEnv = {
    async fetch(url, init) {
      const path = new URL(url).pathname;
      sent.push({ via: 'fetch', url, method: init.method ?? 'GET', body: init.body === undefined ? undefined : JSON.parse(init.body), keepalive: init.keepalive, headers: init.headers });
      const planned = answers[path] ?? { status: 200, body: {} };
      const answer = Array.isArray(planned) ? (planned.length > 1 ? planned.shift() : planned[0]) : planned;
      if (answer === undefined || answer === 'network-error') throw new TypeError('Failed to fetch');
      return response(answer.status, answer.body);
    },
    ...(options.beacon === 'absent'
      ? {}
      : {
          beacon(url: string, body: string) {
            if (options.beacon === false) return false;
            sent.push({ via: 'beacon', url, method: 'POST', body: JSON.parse(body), headers: {} });
            return true;
          },
        }),
    storage: options.storage ?? fakeStorage(),
    online: () => online,
    onOnline: (listener) => void onlineListeners.push(listener),
    now: () => now.value,
    root: options.root,
  };
  return {
    env,
    sent,
    now,
    goOffline: () => void (online = false),
    /** Comes back online and fires the `online` listeners, as the browser does. */
    goOnline: () => {
      online = true;
      for (const listener of onlineListeners) listener();
    },
  };
}

function response(status: number, body: unknown): ResponseLike {
  return { ok: status >= 200 && status < 300, status, json: async () => body };
}

/** A page of elements with `data-hhl-*` attributes, answering the selectors the helpers use. */
export function fakePage(specs: Record<string, string>[]): RootLike & { elements: (ElementLike & { attributes: Record<string, string> })[] } {
  const elements = specs.map((attributes) => ({
    attributes: { ...attributes },
    hidden: true,
    textContent: '' as string | null,
    getAttribute(name: string) {
      return this.attributes[name] ?? null;
    },
    setAttribute(name: string, value: string) {
      this.attributes[name] = value;
    },
  }));
  return {
    elements,
    querySelectorAll(selector) {
      const names = [...selector.matchAll(/\[([a-z-]+)\]/g)].map((m) => m[1] ?? '');
      return elements.filter((e) => names.some((name) => name in e.attributes));
    },
  };
}

/** The body the client would send for an engine event. */
export function bodyOf(event: ProgressEvent): TrackBody {
  const fields: Record<string, string | undefined> = { ts: event.at };
  if ('pathway' in event) fields.pathway_slug = event.pathway;
  if ('course' in event) fields.course_slug = event.course;
  if ('module' in event) fields.module_slug = event.module;
  if ('source' in event) fields.enrollment_source = event.source;
  const payload = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
  return { eventName: event.name, payload: { ts: event.at, ...payload } };
}

/**
 * The browser client's behaviour, with every browser object passed in so that Node tests can drive it.
 *
 * Sending an event:
 * 1. It gets its time (`payload.ts`) now, and, when the learner is known, a place in the outbox (localStorage).
 * 2. Offline → it waits there. Without a token → `navigator.sendBeacon` with a text/plain body (a simple request:
 *    no CORS preflight, and it survives the page closing). With a token, or when the beacon is refused → `fetch`
 *    with `keepalive` (the token needs an `Authorization` header, which a beacon cannot carry).
 * 3. A beacon cannot report whether the service got the event, so a beaconed event stays in the outbox until a
 *    read (`hydrate`) shows its facts; a fetched one leaves it when the service answers (a 4xx other than 401/429
 *    drops it: sending it again cannot help).
 * 4. What is left is sent again on the next `init` (after a read that reached the service), on the browser's `online`
 *    event, and on the next `track` (the events never handed over), oldest first; a beaconed event the service still
 *    does not show after five beacons is dropped (CRM progress is off, or the event was refused).
 */
import { createOutbox, entryKey, type OutboxEntry, type StorageLike } from './outbox.js';
import { markProgress, showSynced, type HydratedProgress, type RootLike } from './page-marks.js';
import { applyEvent, isAcknowledged, type TrackBody, type TrackFields } from './progress-tree.js';

export interface ResponseLike {
  ok: boolean;
  status: number;
  json(): Promise<any>;
}

export interface ClientEnv {
  fetch(url: string, init: { method?: string; body?: string; keepalive?: boolean; credentials: 'include'; headers: Record<string, string> }): Promise<ResponseLike>;
  /** `navigator.sendBeacon`; absent where there is none. */
  beacon?(url: string, body: string): boolean;
  storage?: StorageLike;
  /** `navigator.onLine`. */
  online(): boolean;
  /** Calls `listener` when the browser comes back online. */
  onOnline(listener: () => void): void;
  now(): Date;
  /** Where `mark` and `showSynced` look for elements by default (`document`). */
  root?: RootLike;
  /** The page's address (`location.href`), where sign-in and sign-out return to by default. */
  here?(): string;
  /** Sends the browser to `url` (`location.assign`). */
  navigate?(url: string): void;
}

/** `GET /auth/me`: who is signed in (the service answers 401 `{ authenticated: false }` when no one is). */
export interface SignedIn {
  authenticated: boolean;
  email?: string;
  hubspotContactId?: string | null;
  displayName?: string;
  firstname?: string | null;
  lastname?: string | null;
}

export interface SignInOptions {
  /** Where to come back to; the current page by default. It must be on the service's allowlist. */
  redirectUrl?: string;
  /** Ask the provider for its sign-up page (`/auth/signup`, `prompt=create`). */
  signup?: boolean;
}

export interface InitOptions {
  /** The API's base URL, e.g. `https://api.example.com` (no trailing path). */
  apiBase: string;
  email?: string;
  contactId?: string | number;
  /** A learner token (when the service runs with `AUTH_MODE=jwt`). */
  token?: string;
}

/** `sent`: handed to the browser or accepted by the service; `queued`: kept for a retry; `rejected`: refused for good. */
export type TrackResult = 'sent' | 'queued' | 'rejected';

export interface ProgressClient {
  init(options: InitOptions): Promise<void>;
  track(eventName: string, fields?: TrackFields): Promise<TrackResult>;
  hydrate(): Promise<HydratedProgress>;
  mark(view: HydratedProgress, root?: RootLike): void;
  showSynced(view: HydratedProgress, root?: RootLike): void;
  /** Signs the learner in through the service (`AUTH_MODE=oidc`): the browser goes to the provider and comes back. */
  login(options?: SignInOptions): void;
  /** Signs the learner out: the session ends here and, where the provider offers it, there too. */
  logout(options?: { redirectUrl?: string }): void;
  /** Who is signed in; with no email given to `init`, the signed-in learner's events are kept for retries too. */
  me(): Promise<SignedIn>;
}

/** The client over `env`. @example const client = createProgressClient(browserEnv()); */
export function createProgressClient(env: ClientEnv): ProgressClient {
  const outbox = createOutbox(env.storage, () => env.now().getTime());
  const inFlight = new Set<string>();
  let options: InitOptions | undefined;
  let who = '';
  let reading: Promise<HydratedProgress> | undefined;
  let listening = false;

  const url = (path: string) => `${options?.apiBase.replace(/\/+$/, '')}${path}`;
  const headers = (): Record<string, string> => (options?.token ? { Authorization: `Bearer ${options.token}` } : {});
  const hasFacts = (e: OutboxEntry) => /enrolled|module/.test(e.b.eventName);

  function send(entry: OutboxEntry): Promise<TrackResult> {
    if (!env.online() || inFlight.has(entry.k)) return Promise.resolve('queued');
    const body = JSON.stringify(entry.b);
    if (!options?.token && env.beacon?.(url('/events/track'), body)) {
      if (hasFacts(entry)) outbox.markSent(entry.k);
      else outbox.remove([entry.k]);
      return Promise.resolve('sent');
    }
    inFlight.add(entry.k);
    return env
      .fetch(url('/events/track'), { method: 'POST', body, keepalive: true, credentials: 'include', headers: headers() })
      .then(async (response): Promise<TrackResult> => {
        if (response.ok) {
          const answer = await response.json().catch(() => ({}));
          if (answer?.mode === 'fallback') return 'queued';
          outbox.remove([entry.k]);
          return 'sent';
        }
        if (response.status >= 500 || response.status === 429 || response.status === 401) return 'queued';
        outbox.remove([entry.k]);
        return 'rejected';
      })
      .catch((): TrackResult => 'queued')
      .finally(() => inFlight.delete(entry.k));
  }

  /** Sends the learner's waiting events, oldest first: all of them, or only those never handed over. */
  function flush(all: boolean): Promise<unknown> {
    return Promise.all(outbox.list(who).filter((e) => all || !e.n).map(send));
  }

  async function read(): Promise<HydratedProgress> {
    const query = new URLSearchParams();
    if (options?.contactId) query.set('contactId', String(options.contactId));
    if (options?.email) query.set('email', options.email);
    let view;
    try {
      const response = await env.fetch(url(`/progress/read?${query}`), { credentials: 'include', headers: headers() });
      view = response.ok ? await response.json() : { mode: 'unavailable' };
    } catch {
      view = { mode: 'unavailable' };
    }
    const tree = view.progress ?? {};
    let pending = outbox.list(who);
    if (view.mode === 'authenticated') {
      const acknowledged = pending.filter((e) => isAcknowledged(tree, e.b)).map((e) => e.k);
      outbox.remove(acknowledged);
      pending = pending.filter((e) => !acknowledged.includes(e.k));
    }
    const progress = pending.reduce((merged, e) => applyEvent(merged, e.b), JSON.parse(JSON.stringify(tree)));
    return { ...view, progress, pending: pending.length };
  }

  function hydrate(): Promise<HydratedProgress> {
    reading ??= read().finally(() => {
      reading = undefined;
    });
    return reading;
  }

  function go(path: string, redirectUrl: string | undefined): void {
    const back = redirectUrl ?? env.here?.();
    env.navigate?.(url(back === undefined ? path : `${path}?redirect_url=${encodeURIComponent(back)}`));
  }

  return {
    login: (o = {}) => go(o.signup ? '/auth/signup' : '/auth/login', o.redirectUrl),
    logout: (o = {}) => go('/auth/logout', o.redirectUrl),
    async me() {
      let answer: SignedIn = { authenticated: false };
      try {
        const response = await env.fetch(url('/auth/me'), { credentials: 'include', headers: {} });
        if (response.ok) answer = await response.json();
      } catch {
        // Unreachable: nobody is known to be signed in.
      }
      if (answer.authenticated && answer.email && !who) who = answer.email;
      return answer;
    },
    init(next) {
      options = next;
      // Templates render a missing value as an empty string: that names no one.
      who = String(next.contactId || next.email?.trim().toLowerCase() || (next.token ? 'token' : ''));
      if (!listening) env.onOnline(() => void flush(true));
      listening = true;
      if (!who || outbox.list(who).length === 0) return Promise.resolve();
      // Read first: only what the service lacks goes again, and nothing while it cannot be reached.
      return hydrate().then((view) => (view.mode === 'unavailable' ? undefined : flush(true))).then(() => undefined);
    },
    track(eventName, fields = {}) {
      if (!options) return Promise.reject(new Error('HHLProgress.init() must be called first'));
      const { email, contactId } = options;
      const body: TrackBody = { eventName, payload: { ts: env.now().toISOString(), ...fields } };
      if (email || contactId) body.contactIdentifier = { email: email || undefined, contactId: contactId ? String(contactId) : undefined };
      const entry: OutboxEntry = { k: entryKey(who, body), w: who, b: body };
      if (!who) return send(entry);
      outbox.add(entry);
      const result = send(entry);
      void flush(false);
      return result;
    },
    hydrate,
    mark: (view, root = env.root) => root && markProgress(view, root),
    showSynced: (view, root = env.root) => root && showSynced(view, root),
  };
}

import type { StorageLike } from './outbox.js';
import type { RootLike } from './page-marks.js';
import type { ClientEnv } from './progress-client.js';

/** The few browser globals the client uses (declared here: the project compiles without the DOM library). */
interface BrowserGlobals {
  fetch: ClientEnv['fetch'];
  navigator?: { onLine?: boolean; sendBeacon?(url: string, body: string): boolean };
  localStorage?: StorageLike;
  document?: RootLike;
  addEventListener?(type: string, listener: () => void): void;
  location?: { href: string; assign(url: string): void };
}

/** The client's environment from the page's globals. */
export function browserEnv(): ClientEnv {
  const g = globalThis as unknown as BrowserGlobals;
  let storage: StorageLike | undefined;
  try {
    // Reading `localStorage` throws where storage is blocked (sandboxed frames, some privacy settings).
    storage = g.localStorage;
  } catch {
    storage = undefined;
  }
  const nav = g.navigator;
  return {
    fetch: (url, init) => g.fetch(url, init),
    beacon: nav?.sendBeacon ? (url, body) => nav.sendBeacon?.(url, body) === true : undefined,
    storage,
    online: () => nav?.onLine !== false,
    onOnline: (listener) => g.addEventListener?.('online', listener),
    now: () => new Date(),
    root: g.document,
    here: () => g.location?.href ?? '',
    navigate: (url) => g.location?.assign(url),
  };
}

import { expect } from 'vitest';
import { PROPERTY_NAMES } from '../../src/properties/property-definitions.js';
import { type AppFixture, createAppFixture } from '../helpers/app-fixture.js';
import type { EventInput } from '../helpers/api-gateway-event.js';
import { guardPrototypes } from './prototype-guard.js';
import { createRecordingStore, type RecordingStore } from './recording-store.js';

export interface HostileApp extends AppFixture {
  store: RecordingStore;
  /** Posts `body` to `/events/track`: an object is sent as JSON, a string as it is. */
  track(body: unknown, options?: { base64?: boolean; headers?: Record<string, string> }): ReturnType<AppFixture['send']>;
  /** The raw `hhl_progress_state` of the learner with this email; undefined when there is no such contact. */
  storedState(email?: string): Promise<string | undefined>;
  /**
   * The invariants every hostile request must keep: the store never refused a value, never failed, and no built-in
   * prototype changed.
   */
  expectSafe(): void;
}

/** The real handler over a recording in-memory store, with the per-learner write cap off (tests send many events). */
export function createHostileApp(env: Record<string, string> = {}): HostileApp {
  const store = createRecordingStore();
  const app = createAppFixture({ store, env: { LEARNER_WRITES_PER_MINUTE: '0', ...env } });
  const prototypeChanges = guardPrototypes();
  return {
    ...app,
    store,
    track(body, options = {}) {
      const input: EventInput = { method: 'POST', path: '/events/track', body, base64: options.base64, headers: options.headers };
      return app.send(input);
    },
    async storedState(email = 'learner@example.com') {
      const contact = await store.inner.read({ kind: 'email', email }, [PROPERTY_NAMES.state]);
      return contact?.properties[PROPERTY_NAMES.state] ?? undefined;
    },
    expectSafe() {
      expect(store.writes.flatMap((w) => w.issues)).toEqual([]);
      expect(store.errors).toEqual([]);
      expect(prototypeChanges()).toEqual([]);
    },
  };
}

/** Walks own keys only, as `JSON.parse` output must be read: `undefined` when any step is not an own key. */
export function ownPath(value: unknown, path: readonly string[]): unknown {
  let node = value;
  for (const key of path) {
    if (typeof node !== 'object' || node === null || !Object.hasOwn(node, key)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

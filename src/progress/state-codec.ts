/**
 * The codec for `hhl_progress_state`: `serializeState` writes a state, `parseStoredState` reads it back.
 *
 * Forms, tried in this order; the first that fits `maxLength` (HubSpot's 65,536 characters, handed in) is written:
 *
 * 1. **Full** – compact JSON text (no whitespace), keys sorted, every node with every field: flags always present as
 *    booleans, `*_at` present when known, `enrolled`/`enrolled_at`/`enrollment_source` on courses and pathways,
 *    `courses` and `modules` always present on pathways, `modules` on courses, `courses` always at the top level.
 *    ```
 *    {"courses":{},"p1":{"completed":false,"courses":{"c1":{"completed":false,"enrolled":true,
 *     "enrolled_at":"2026-11-21T10:00:00.000Z","enrollment_source":"module_event","modules":{"m1":{"completed":false,
 *     "started":true,"started_at":"2026-11-21T10:00:00.000Z"}},"started":true,"started_at":"2026-11-21T10:00:00.000Z"}},
 *     "enrolled":true,"enrolled_at":"2026-11-21T10:00:00.000Z","enrollment_source":"module_event","modules":{},
 *     "started":true,"started_at":"2026-11-21T10:00:00.000Z"}}
 *    ```
 * 2. **Compact** – the same JSON without false flags, without a flag its time implies (`started` when `started_at`
 *    is there, and likewise `completed`, `enrolled`) and without empty `courses`/`modules`. Lossless: the parser reads
 *    a missing flag as false, or as true when its time is present, and a missing container as empty.
 *    ```
 *    {"p1":{"courses":{"c1":{"enrolled_at":"…","enrollment_source":"module_event","modules":{"m1":{"started_at":"…"}},
 *     "started_at":"…"}},"enrolled_at":"…","enrollment_source":"module_event","started_at":"…"}}
 *    ```
 * 3. **Gzip** – `gz:` followed by base64 of the gzip (node:zlib, default level) of the compact JSON text.
 *
 * When even the gzip form is longer, StateTooLargeError is thrown and nothing is written.
 */
import { gzipSync } from 'node:zlib';
import { StateTooLargeError } from './errors.js';
import { GZIP_PREFIX } from './parse-stored-state.js';
import { stateToJson, writeJson } from './state-json.js';
import type { ProgressState } from './types.js';

export { GZIP_PREFIX, parseStoredState } from './parse-stored-state.js';
export { stateToJson } from './state-json.js';

/**
 * The state as property text: the full form when it fits, else the compact form, else the gzip form.
 * Throws StateTooLargeError when none fits; RangeError when a pathway is named `courses`.
 */
export function serializeState(state: ProgressState, maxLength: number): string {
  const full = writeJson(stateToJson(state, 'full'));
  if (full.length <= maxLength) return full;
  const compact = writeJson(stateToJson(state, 'compact'));
  if (compact.length <= maxLength) return compact;
  const gzipped = GZIP_PREFIX + gzipSync(compact).toString('base64');
  if (gzipped.length <= maxLength) return gzipped;
  throw new StateTooLargeError(gzipped.length);
}

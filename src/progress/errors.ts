/** The engine's errors: a stored state it cannot read, and a state too large to store. Re-exported by `src/errors.ts`. */

/** The stored `hhl_progress_state` cannot be parsed; it must never be overwritten. */
export class CorruptStateError extends Error {
  override readonly name = 'CorruptStateError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** The state does not fit in a HubSpot text property even in its compacted form. */
export class StateTooLargeError extends Error {
  override readonly name = 'StateTooLargeError';
  constructor(readonly length: number) {
    super(`Progress state is ${length} characters even when compacted`);
  }
}

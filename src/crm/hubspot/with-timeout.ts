/** Thrown by {@link withTimeout} when the work did not settle in time. */
export class CallTimeoutError extends Error {
  override readonly name = 'CallTimeoutError';
  constructor(readonly timeoutMs: number) {
    super(`No answer within ${timeoutMs} ms`);
  }
}

/**
 * Settles like `work`, or rejects with {@link CallTimeoutError} after `timeoutMs`, whichever comes first.
 * The timer is always cleared, so a settled call leaves nothing behind on the event loop.
 *
 * Why a race and not an AbortSignal: `@hubspot/api-client` 14 builds its own `fetch` options and accepts no signal
 * (not in the client config, not in the per-call `_options`). The abandoned request is not cancelled; its late answer
 * is ignored, so a timed-out write may still land in HubSpot — callers must treat a timeout as "outcome unknown".
 *
 * @example await withTimeout(api.getById('123'), 4_000);
 */
export async function withTimeout<T>(work: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(function onDeadline() {
      reject(new CallTimeoutError(timeoutMs));
    }, timeoutMs);
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

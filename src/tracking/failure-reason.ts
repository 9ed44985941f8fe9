import { CorruptStateError, CrmError, StateTooLargeError } from '../errors.js';

/**
 * A short, safe reason for a fallback response: what went wrong, never HubSpot's raw message or a token.
 * The details go to the logs.
 */
export function describeCrmFailure(error: unknown): string {
  if (error instanceof CorruptStateError) return 'Stored progress could not be read; the event was kept for replay';
  if (error instanceof StateTooLargeError) return 'Progress state is too large to store';
  if (error instanceof CrmError) {
    const status = error.status;
    if (status === 429) return 'HubSpot rate limit reached';
    if (status === 401 || status === 403) return 'HubSpot rejected the credentials';
    if (status !== undefined && status >= 500) return `HubSpot unavailable (HTTP ${status})`;
    if (status !== undefined) return `HubSpot rejected the update (HTTP ${status})`;
    if (error.options.category === 'NETWORK') return 'HubSpot could not be reached';
    return 'HubSpot did not answer in time';
  }
  return 'Unexpected error while saving progress';
}

/** A HubSpot call made by provisioning failed: HubSpot answered with an error status, or did not answer at all. */
export class PropertyApiError extends Error {
  override readonly name = 'PropertyApiError';
  constructor(
    /** What was being done, e.g. `creating property hhl_total_progress (POST /crm/v3/properties/contacts)`. */
    readonly action: string,
    /** HTTP status; `undefined` when HubSpot did not answer (network error). */
    readonly status: number | undefined,
    /** HubSpot's own message (or the network error's), on one line. */
    readonly detail: string,
    options?: { cause?: unknown },
  ) {
    super(
      status === undefined
        ? `${action}: could not reach HubSpot: ${detail}`
        : `${action}: HubSpot answered ${status}${detail === '' ? '' : `: ${detail}`}`,
      options,
    );
  }
}

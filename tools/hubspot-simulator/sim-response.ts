/** An answer of the simulator, built by a route and written by the request pipeline. */
export interface SimResponse {
  readonly status: number;
  /** Serialised as JSON. */
  readonly body?: unknown;
  /** A non-JSON body (a gateway's HTML page); wins over `body`. */
  readonly raw?: { readonly contentType: string; readonly text: string };
  readonly headers?: Readonly<Record<string, string>>;
}

export function json(status: number, body: unknown): SimResponse {
  return { status, body };
}

/** The same answer with more headers. */
export function withHeaders(response: SimResponse, headers: Readonly<Record<string, string>>): SimResponse {
  return { ...response, headers: { ...headers, ...response.headers } };
}

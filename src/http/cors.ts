/**
 * CORS from an allow-list of exact origins (`https://learn.example.com`) and wildcard host patterns
 * (`https://*.hubspotusercontent-na1.net`). An allowed origin is echoed; any other gets no allow header.
 */

export type OriginMatcher = (origin: string) => boolean;

/** Builds a matcher once from the configured list. A `*` in a pattern stands for one or more host labels. */
export function createOriginMatcher(patterns: readonly string[]): OriginMatcher {
  const exact = new Set<string>();
  const wildcards: RegExp[] = [];
  for (const pattern of patterns) {
    const normalised = pattern.trim().replace(/\/+$/, '').toLowerCase();
    if (normalised === '') continue;
    if (normalised.includes('*')) {
      const source = normalised
        .split('*')
        .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
        .join('[a-z0-9-]+(?:\\.[a-z0-9-]+)*');
      wildcards.push(new RegExp(`^${source}$`));
    } else {
      exact.add(normalised);
    }
  }
  return function isAllowed(origin: string): boolean {
    const o = origin.toLowerCase();
    return exact.has(o) || wildcards.some((re) => re.test(o));
  };
}

const ALLOWED_METHODS = 'GET,POST,OPTIONS';
const ALLOWED_HEADERS = 'Content-Type,Authorization';

/**
 * Headers for a response to a request from `origin` (none when the origin is absent or not allowed). Credentials
 * (the auth cookie) are allowed for listed origins only — never for `*`, which this service does not echo.
 */
export function corsHeaders(origin: string | undefined, isAllowed: OriginMatcher): Record<string, string> {
  if (origin === undefined || !isAllowed(origin)) return { Vary: 'Origin' };
  return { 'Access-Control-Allow-Origin': origin, 'Access-Control-Allow-Credentials': 'true', Vary: 'Origin' };
}

/** Headers for a preflight (`OPTIONS`) from `origin`. */
export function preflightHeaders(origin: string | undefined, isAllowed: OriginMatcher): Record<string, string> {
  const base = corsHeaders(origin, isAllowed);
  if (!('Access-Control-Allow-Origin' in base)) return base;
  return {
    ...base,
    'Access-Control-Allow-Methods': ALLOWED_METHODS,
    'Access-Control-Allow-Headers': ALLOWED_HEADERS,
    'Access-Control-Max-Age': '600',
  };
}

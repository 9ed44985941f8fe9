import { canonicalOrigin, exactOrigins, matchesRule, parseOriginRule, type OriginRule } from '../origins.js';

/**
 * CORS from the configured origins (`src/origins.ts`: exact origins and `https://*.example.com` patterns, read in
 * their canonical form). An allowed origin is echoed; any other gets no allow header. Credentials (the session
 * cookie) are allowed for the exact origins only: a pattern admits a page to call the API, never to act as a learner.
 */

export interface OriginPolicy {
  /** Whether a page from `origin` may call the API. */
  isAllowed(origin: string): boolean;
  /** Whether a page from `origin` may send the learner's cookies (an exact configured origin). */
  isTrusted(origin: string): boolean;
}

/** Builds the policy once from the configured origins (checked at start). Each check is linear in the Origin's length. */
export function createOriginPolicy(origins: readonly string[]): OriginPolicy {
  const rules = origins.flatMap((entry): OriginRule[] => {
    const parsed = parseOriginRule(entry);
    return parsed.ok ? [parsed.rule] : [];
  });
  const exact = new Set(exactOrigins(rules));
  const patterns = rules.filter((rule) => rule.kind === 'pattern');
  return {
    isAllowed(origin) {
      const canonical = canonicalOrigin(origin);
      return canonical !== undefined && (exact.has(canonical) || patterns.some((rule) => matchesRule(canonical, rule)));
    },
    isTrusted(origin) {
      const canonical = canonicalOrigin(origin);
      return canonical !== undefined && exact.has(canonical);
    },
  };
}

const ALLOWED_METHODS = 'GET,POST,OPTIONS';
const ALLOWED_HEADERS = 'Content-Type,Authorization';

/** Headers for a response to a request from `origin` (none when the origin is absent or not allowed). */
export function corsHeaders(origin: string | undefined, policy: OriginPolicy): Record<string, string> {
  if (origin === undefined || !policy.isAllowed(origin)) return { Vary: 'Origin' };
  return {
    'Access-Control-Allow-Origin': origin,
    ...(policy.isTrusted(origin) ? { 'Access-Control-Allow-Credentials': 'true' } : {}),
    Vary: 'Origin',
  };
}

/** Headers for a preflight (`OPTIONS`) from `origin`. */
export function preflightHeaders(origin: string | undefined, policy: OriginPolicy): Record<string, string> {
  const base = corsHeaders(origin, policy);
  if (!('Access-Control-Allow-Origin' in base)) return base;
  return {
    ...base,
    'Access-Control-Allow-Methods': ALLOWED_METHODS,
    'Access-Control-Allow-Headers': ALLOWED_HEADERS,
    'Access-Control-Max-Age': '600',
  };
}

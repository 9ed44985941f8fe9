import { createHash } from 'node:crypto';
import { decodeJwt } from 'jose';
import { requiredEmailSchema } from '../identity.js';
import type { OidcRelyingParty } from './oidc-client.js';

/**
 * Learners signed in by an older deployment stay signed in: hh-learn kept Cognito's access token in the cookie
 * `hhl_access_token`. Such a token carries no email, so the provider's `userinfo` endpoint is asked who it names,
 * and the answer is remembered for the token's lifetime (at most an hour; five minutes for an opaque token), so one
 * learner costs one call to the provider, not one per request.
 */
export interface LegacyTokenReader {
  /** The verified email the provider says the token names; undefined when it refuses the token or vouches for none. */
  emailOf(accessToken: string): Promise<string | undefined>;
}

const MAX_CACHED = 5_000;
const OPAQUE_TTL_MS = 5 * 60_000;
const MAX_TTL_MS = 60 * 60_000;

export function createLegacyTokenReader(relyingParty: OidcRelyingParty, options: { clientId: string; clock?: () => Date }): LegacyTokenReader {
  const clock = options.clock ?? (() => new Date());
  const cache = new Map<string, { email: string | undefined; until: number }>();

  return {
    async emailOf(accessToken) {
      const now = clock().getTime();
      const key = createHash('sha256').update(accessToken).digest('base64url');
      const cached = cache.get(key);
      if (cached !== undefined && cached.until > now) return cached.email;
      const lifetime = lifetimeOf(accessToken, options.clientId, now);
      if (lifetime === 'refused') return undefined;
      const claims = await relyingParty.userinfo(accessToken);
      const verified = claims !== undefined && (claims['email_verified'] === true || claims['email_verified'] === 'true');
      const email = verified ? requiredEmailSchema.safeParse(claims['email']) : undefined;
      const answer = email?.success === true ? email.data : undefined;
      if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value ?? '');
      cache.set(key, { email: answer, until: now + lifetime });
      return answer;
    },
  };
}

/**
 * How long the provider's answer for a token may be kept. A JWT access token (Cognito's) is checked first for what
 * can be read without the provider: expired, or issued for another client, and it is refused at no cost.
 */
function lifetimeOf(token: string, clientId: string, now: number): number | 'refused' {
  let claims;
  try {
    claims = decodeJwt(token);
  } catch {
    return OPAQUE_TTL_MS;
  }
  if (typeof claims.exp !== 'number' || claims.exp * 1000 <= now) return 'refused';
  const audiences = [claims['client_id'], ...(Array.isArray(claims.aud) ? claims.aud : [claims.aud])];
  if (!audiences.includes(clientId)) return 'refused';
  return Math.min(MAX_TTL_MS, claims.exp * 1000 - now);
}

import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { bearerToken } from '../auth/bearer-token.js';
import type { TokenVerifier } from '../auth/token-verifier.js';
import type { AuthConfig } from '../config.js';
import type { Logger } from '../observability/logger.js';
import { type RequestIdentity, toRequestIdentity } from '../identity.js';

export type LearnerResolution =
  | { kind: 'learner'; learner: RequestIdentity }
  /** No learner named (auth off and no identity given). */
  | { kind: 'none' }
  /** Auth is on and the request carries no valid token. */
  | { kind: 'unauthenticated' };

/**
 * Who the request is about. With `AUTH_MODE=none` it is the identity the body or query claims. With `AUTH_MODE=jwt`
 * it is the verified token's learner only: a claimed identity is ignored (and logged when it differs), so nobody can
 * read or write another learner by knowing their email.
 */
export async function resolveLearner(
  auth: AuthConfig,
  verify: TokenVerifier | undefined,
  event: APIGatewayProxyEventV2,
  claimed: RequestIdentity | undefined,
  logger: Logger,
  isAllowedOrigin: (origin: string) => boolean,
): Promise<LearnerResolution> {
  if (auth.mode === 'none') return claimed === undefined ? { kind: 'none' } : { kind: 'learner', learner: claimed };
  // A browser attaches cookies to a text/plain beacon from any site, and CORS cannot stop a request that needs no
  // preflight: the cookie counts only for requests from listed origins (or with no Origin, e.g. server-side calls).
  const origin = event.headers?.origin;
  const cookieName = origin === undefined || isAllowedOrigin(origin) ? auth.cookie : undefined;
  const token = bearerToken(event, cookieName);
  const verified = token === undefined || verify === undefined ? undefined : await verify(token);
  const learner = verified === undefined ? undefined : toRequestIdentity(verified.email, verified.contactId);
  if (learner === undefined) {
    logger.info('No valid token', { tokenPresent: token !== undefined });
    return { kind: 'unauthenticated' };
  }
  if (claimed !== undefined && !sameLearner(claimed, learner)) {
    logger.warn('Identity in request ignored: the token names the learner');
  }
  return { kind: 'learner', learner };
}

function sameLearner(a: RequestIdentity, b: RequestIdentity): boolean {
  if (a.identity.kind === 'id' && b.identity.kind === 'id') return a.identity.contactId === b.identity.contactId;
  return a.email !== undefined && a.email === b.email;
}

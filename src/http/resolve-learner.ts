import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { bearerToken } from '../auth/bearer-token.js';
import { readCookie } from '../auth/request-cookies.js';
import { openSession, SESSION_COOKIE, type Session } from '../auth/session.js';
import type { AuthConfig } from '../config.js';
import type { RequestIdentity } from '../identity.js';
import type { Logger } from '../observability/logger.js';
import type { AppServices } from './app-dependencies.js';

export type LearnerResolution =
  /** `session` when a sign-in session named the learner. */
  | { kind: 'learner'; learner: RequestIdentity; session?: Session }
  /** No learner named (`AUTH_MODE=none` and no email given). */
  | { kind: 'none' }
  /** Sign-in is on and the request carries no valid session or token. */
  | { kind: 'unauthenticated' };

/**
 * Who the request is about:
 * - `AUTH_MODE=none`: the email the body or query names (a contact id alone names nobody: ids are sequential and
 *   guessable);
 * - `AUTH_MODE=jwt`: the verified bearer token's learner only;
 * - `AUTH_MODE=oidc`: the sign-in session's learner only, or, for learners signed in before the switch, the email
 *   the provider gives for the older deployment's access token cookie.
 * With sign-in on, an identity the body or query claims is ignored, and logged when it names someone else. Cookies
 * count only on requests from the exact allowed origins (or with no Origin, e.g. a top-level navigation): a
 * `text/plain` beacon from any site carries cookies and needs no preflight, so CORS alone cannot stop it.
 */
export async function resolveLearner(
  auth: AuthConfig,
  services: AppServices,
  event: APIGatewayProxyEventV2,
  claimed: RequestIdentity | undefined,
  logger: Logger,
): Promise<LearnerResolution> {
  if (auth.mode === 'none') {
    if (claimed === undefined) return { kind: 'none' };
    if (claimed.email === undefined) {
      logger.info('A contact id alone names nobody in AUTH_MODE=none; an email is required');
      return { kind: 'none' };
    }
    return { kind: 'learner', learner: { identity: { kind: 'email', email: claimed.email }, email: claimed.email } };
  }
  const origin = event.headers?.origin;
  const cookiesCount = origin === undefined || services.origins.isTrusted(origin);
  const resolved = auth.mode === 'jwt' ? await fromToken(auth, services, event, cookiesCount) : await fromSession(auth, services, event, cookiesCount);
  if (resolved === undefined) {
    logger.info('No valid session or token', { cookiesCount });
    return { kind: 'unauthenticated' };
  }
  if (claimed !== undefined && !sameLearner(claimed, resolved.learner)) {
    logger.warn('Identity in request ignored: the session or token names the learner');
  }
  return resolved;
}

async function fromToken(auth: AuthConfig, services: AppServices, event: APIGatewayProxyEventV2, cookiesCount: boolean) {
  const token = bearerToken(event, cookiesCount ? auth.cookie : undefined);
  const verified = token === undefined || services.verifyToken === undefined ? undefined : await services.verifyToken(token);
  if (verified === undefined) return undefined;
  const learner = verified.contactId !== undefined
    ? { identity: { kind: 'id' as const, contactId: verified.contactId }, ...(verified.email === undefined ? {} : { email: verified.email }) }
    : verified.email !== undefined
      ? { identity: { kind: 'email' as const, email: verified.email }, email: verified.email }
      : undefined;
  return learner === undefined ? undefined : { kind: 'learner' as const, learner };
}

async function fromSession(auth: AuthConfig, services: AppServices, event: APIGatewayProxyEventV2, cookiesCount: boolean) {
  if (!cookiesCount || services.sessions === undefined) return undefined;
  const session = await openSession(services.sessions, readCookie(event, SESSION_COOKIE));
  if (session !== undefined) {
    const identity = session.contactId === null ? { kind: 'email' as const, email: session.email } : { kind: 'id' as const, contactId: session.contactId };
    return { kind: 'learner' as const, learner: { identity, email: session.email }, session };
  }
  const legacy = auth.oidc === undefined ? undefined : readCookie(event, auth.oidc.legacyTokenCookie);
  const email = legacy === undefined || services.legacyTokens === undefined ? undefined : await services.legacyTokens.emailOf(legacy);
  return email === undefined ? undefined : { kind: 'learner' as const, learner: { identity: { kind: 'email' as const, email }, email } };
}

function sameLearner(a: RequestIdentity, b: RequestIdentity): boolean {
  if (a.email !== undefined && b.email !== undefined) return a.email === b.email;
  if (a.identity.kind === 'id' && b.identity.kind === 'id') return a.identity.contactId === b.identity.contactId;
  return false;
}

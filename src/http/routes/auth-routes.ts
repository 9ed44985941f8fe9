import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { type LoginTransaction, SignInError, type SignedInLearner } from '../../auth/oidc-client.js';
import { redirectTarget } from '../../auth/redirect-target.js';
import { clearCookie, isLocalHttp, readCookie, setCookie } from '../../auth/request-cookies.js';
import { LOGIN_COOKIE, sealSession, secondsLeft, SESSION_COOKIE, type Session } from '../../auth/session.js';
import type { OidcConfig } from '../../config.js';
import { RequestError } from '../../errors.js';
import { instrumentStore } from '../../crm/instrumented-store.js';
import { crmAccess } from '../../tracking/crm-access.js';
import type { AppDependencies, AppServices, RequestContext } from '../app-dependencies.js';
import { errorBody } from '../error-response.js';
import { type HttpResponse, jsonResponse, redirectResponse } from '../json-response.js';
import { resolveLearner } from '../resolve-learner.js';

/**
 * Sign-in through the API itself (`AUTH_MODE=oidc`), for CMS pages that cannot hold a token: the service is the
 * OpenID Connect relying party and keeps the learner's session in a sealed `HttpOnly` cookie.
 *
 * - `GET /auth/login?redirect_url=…` (and `/auth/signup`, with `prompt=create`) → 302 to the provider; the login's
 *   state, nonce and PKCE verifier wait in a sealed cookie for ten minutes.
 * - `GET /auth/callback?code&state` → the code exchanged and the ID token checked, the session cookie set, 302 back.
 * - `GET /auth/me` → who is signed in (the shape hh-learn's pages read), or 401.
 * - `GET|POST /auth/logout` → the session cleared, 302 to the provider's logout or back to the site.
 */

const PROVIDER_UNAVAILABLE = 'The identity provider cannot be reached; try again shortly';

/** How long a login may take at the provider. */
const LOGIN_TTL_SECONDS = 600;

interface SignIn {
  readonly oidc: OidcConfig;
  readonly services: Required<Pick<AppServices, 'relyingParty' | 'sessions' | 'logins'>>;
  readonly cookies: { readonly secure: boolean };
}

/** The sign-in parts, or a 404 naming the setting when sign-in is not configured. */
function signIn(deps: AppDependencies, services: AppServices): SignIn {
  const { oidc } = deps.config.auth;
  const { relyingParty, sessions, logins } = services;
  if (oidc === undefined || relyingParty === undefined || sessions === undefined || logins === undefined) {
    throw new RequestError(404, 'SIGN_IN_NOT_CONFIGURED', 'Sign-in is not configured here (AUTH_MODE=oidc)');
  }
  return { oidc, services: { relyingParty, sessions, logins }, cookies: { secure: !isLocalHttp(oidc.redirectUri) } };
}

export function loginRoute(deps: AppDependencies, event: APIGatewayProxyEventV2, context: RequestContext): Promise<HttpResponse> {
  return beginLogin(deps, event, context, undefined);
}

export function signupRoute(deps: AppDependencies, event: APIGatewayProxyEventV2, context: RequestContext): Promise<HttpResponse> {
  return beginLogin(deps, event, context, 'create');
}

async function beginLogin(deps: AppDependencies, event: APIGatewayProxyEventV2, { services, logger }: RequestContext, prompt: 'create' | undefined) {
  const sign = signIn(deps, services);
  const target = redirectTarget(event.queryStringParameters?.['redirect_url'], sign.oidc.redirectAllowlist);
  let begun;
  try {
    begun = await sign.services.relyingParty.begin(target, prompt === undefined ? {} : { prompt });
  } catch (error) {
    logger.error('Sign-in could not start', { error });
    return refused(503, 'PROVIDER_UNAVAILABLE', PROVIDER_UNAVAILABLE);
  }
  const sealed = await sign.services.logins.seal({ ...begun.transaction }, LOGIN_TTL_SECONDS);
  logger.info('Sign-in started', { prompt: prompt ?? 'login' });
  return redirectResponse(begun.url, [setCookie(sign.cookies, LOGIN_COOKIE, sealed, LOGIN_TTL_SECONDS)]);
}

export async function callbackRoute(deps: AppDependencies, event: APIGatewayProxyEventV2, { services, logger, metrics }: RequestContext): Promise<HttpResponse> {
  const sign = signIn(deps, services);
  // The login cookie is used once, whatever happens: a replayed callback finds none.
  const cleared = clearCookie(sign.cookies, LOGIN_COOKIE);
  const transaction = toTransaction(await sign.services.logins.open(readCookie(event, LOGIN_COOKIE)));
  if (transaction === undefined) {
    logger.warn('Sign-in callback without a login of this browser', { reason: 'missing, forged or expired login cookie' });
    return refused(400, 'INVALID_STATE', 'This sign-in does not match a login started in this browser, or it took too long; sign in again', cleared);
  }
  let learner: SignedInLearner;
  try {
    learner = await sign.services.relyingParty.finish(event.rawQueryString ?? '', transaction);
  } catch (error) {
    if (!(error instanceof SignInError)) throw error;
    logger.warn('Sign-in refused', { code: error.code, reason: error.message });
    if (error.code === 'PROVIDER_UNAVAILABLE') return refused(503, error.code, PROVIDER_UNAVAILABLE, cleared);
    return refused(error.code === 'EMAIL_NOT_VERIFIED' ? 403 : 400, error.code, error.message, cleared);
  }
  const contactId = await contactIdOf(deps, learner.email, logger, metrics);
  const session: Omit<Session, 'expiresAt'> = {
    email: learner.email,
    issuer: learner.issuer,
    subject: learner.subject,
    contactId,
    ...(learner.name === undefined ? {} : { name: learner.name }),
    ...(learner.givenName === undefined ? {} : { givenName: learner.givenName }),
    ...(learner.familyName === undefined ? {} : { familyName: learner.familyName }),
  };
  const ttl = deps.config.auth.session.ttlSeconds;
  const sealed = await sealSession(sign.services.sessions, session, ttl, deps.clock());
  logger.info('Signed in', { contactId, known: contactId !== null });
  return redirectResponse(transaction.redirectUrl, [cleared, setCookie(sign.cookies, SESSION_COOKIE, sealed, ttl)]);
}

export async function meRoute(deps: AppDependencies, event: APIGatewayProxyEventV2, { services, logger, metrics }: RequestContext): Promise<HttpResponse> {
  const resolution = deps.config.auth.mode === 'oidc' ? await resolveLearner(deps.config.auth, services, event, undefined, logger) : undefined;
  if (resolution?.kind !== 'learner' || resolution.learner.email === undefined) return jsonResponse(401, { authenticated: false });
  const { session } = resolution;
  const email = resolution.learner.email;
  let contactId = session?.contactId ?? null;
  const cookies: string[] = [];
  if (contactId === null) {
    contactId = await contactIdOf(deps, email, logger, metrics);
    const sign = signIn(deps, services);
    // Remember it, so later requests name the contact by id and /auth/me costs no further call.
    if (contactId !== null && session !== undefined) {
      const now = deps.clock();
      const sealed = await sealSession(sign.services.sessions, { ...session, contactId }, deps.config.auth.session.ttlSeconds, now);
      cookies.push(setCookie(sign.cookies, SESSION_COOKIE, sealed, secondsLeft(session, now)));
    }
  }
  const firstname = session?.givenName ?? null;
  const lastname = session?.familyName ?? null;
  const displayName = session?.name ?? ([firstname, lastname].filter((part) => part !== null).join(' ') || email);
  return jsonResponse(200, { authenticated: true, email, hubspotContactId: contactId, displayName, firstname, lastname }, {}, cookies);
}

export async function logoutRoute(deps: AppDependencies, event: APIGatewayProxyEventV2, { services, logger }: RequestContext): Promise<HttpResponse> {
  const sign = signIn(deps, services);
  const target = redirectTarget(event.queryStringParameters?.['redirect_url'], sign.oidc.redirectAllowlist);
  const cookies = [SESSION_COOKIE, LOGIN_COOKIE, sign.oidc.legacyTokenCookie].map((name) => clearCookie(sign.cookies, name));
  let location = target;
  try {
    location = (await sign.services.relyingParty.endSessionUrl(target)) ?? target;
  } catch (error) {
    logger.warn('Provider logout unavailable; the session here is cleared', { error });
  }
  logger.info('Signed out', { atProvider: location !== target });
  return redirectResponse(location, cookies);
}

/**
 * The learner's contact id, from one HubSpot read by email; null when there is none yet (no contact is created at
 * sign-in: the first learning event creates it) or when HubSpot cannot be asked now.
 */
async function contactIdOf(deps: AppDependencies, email: string, logger: RequestContext['logger'], metrics: RequestContext['metrics']): Promise<string | null> {
  const access = crmAccess(deps.config, deps.store);
  if (!deps.config.crmEnabled || !access.ok) return null;
  try {
    const contact = await instrumentStore(access.store, metrics).read({ kind: 'email', email }, ['email']);
    return contact?.id ?? null;
  } catch (error) {
    logger.warn('Contact id not found at sign-in (HubSpot unavailable); looked up again later', { error });
    return null;
  }
}

function toTransaction(payload: Record<string, unknown> | undefined): LoginTransaction | undefined {
  if (payload === undefined) return undefined;
  const { state, nonce, verifier, redirectUrl } = payload;
  if (typeof state !== 'string' || typeof nonce !== 'string' || typeof verifier !== 'string' || typeof redirectUrl !== 'string') return undefined;
  return { state, nonce, verifier, redirectUrl };
}

/** A sign-in step that cannot go on, answered as every error is (`errorBody`), with the cookie to set (if any). */
function refused(status: number, code: string, message: string, cookie?: string): HttpResponse {
  return jsonResponse(status, errorBody(code, message), {}, cookie === undefined ? [] : [cookie]);
}

import type * as OpenIdClient from 'openid-client';
import type { OidcConfig } from '../config.js';
import { isLocalHttp } from './request-cookies.js';

/**
 * The service as an OpenID Connect relying party, on `openid-client` (the certified RP library): the authorization
 * code flow with PKCE (S256), `state` and `nonce` always, and the ID token's issuer, audience, expiry and nonce
 * checked by the library. The provider's metadata is discovered once per container (`/.well-known/openid-
 * configuration`) and discovered again after a failure.
 */

/** What a login in progress must remember between `/auth/login` and `/auth/callback` (sealed in a cookie). */
export interface LoginTransaction {
  readonly state: string;
  readonly nonce: string;
  readonly verifier: string;
  /** Where to send the learner afterwards (already checked against the allowlist). */
  readonly redirectUrl: string;
}

/** The learner the provider signed in: ID token claims, checked. */
export interface SignedInLearner {
  readonly issuer: string;
  readonly subject: string;
  /** Lower-cased; `email_verified` was `true`. */
  readonly email: string;
  readonly name?: string;
  readonly givenName?: string;
  readonly familyName?: string;
}

/** Why a callback signs nobody in; the route answers 400 (or 403) with this code and sets no cookie. */
export class SignInError extends Error {
  override readonly name = 'SignInError';
  constructor(
    readonly code: 'INVALID_STATE' | 'SIGN_IN_FAILED' | 'EMAIL_NOT_VERIFIED' | 'PROVIDER_UNAVAILABLE',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export interface OidcRelyingParty {
  /** The provider's authorization URL for a new login, and the transaction to keep until the callback. */
  begin(redirectUrl: string, options?: { prompt?: 'create' }): Promise<{ url: string; transaction: LoginTransaction }>;
  /** Exchanges the callback's code and checks the ID token. @throws SignInError */
  finish(callbackQuery: string, transaction: LoginTransaction): Promise<SignedInLearner>;
  /** The provider's `end_session_endpoint` for a logout that returns to `postLogoutRedirect`, when it has one. */
  endSessionUrl(postLogoutRedirect: string): Promise<string | undefined>;
  /** The provider's `userinfo` for an access token: who it names, or undefined when the provider refuses it. */
  userinfo(accessToken: string): Promise<Record<string, unknown> | undefined>;
}

/** @example const rp = createOidcRelyingParty(config.auth.oidc); const { url, transaction } = await rp.begin(target); */
export function createOidcRelyingParty(oidc: OidcConfig): OidcRelyingParty {
  // Loaded on the first sign-in, not at cold start: a deployment without sign-in never evaluates it.
  let library: Promise<typeof OpenIdClient> | undefined;
  const openid = () => (library ??= import('openid-client'));
  let discovered: Promise<OpenIdClient.Configuration> | undefined;

  async function configuration(): Promise<OpenIdClient.Configuration> {
    const client = await openid();
    discovered ??= client
      .discovery(
        new URL(oidc.issuer),
        oidc.clientId,
        oidc.clientSecret,
        oidc.clientSecret === undefined ? client.None() : client.ClientSecretBasic(oidc.clientSecret),
        // Plain HTTP only for a provider on this machine (tests, a local provider); never in a deployment.
        { ...(isLocalHttp(oidc.issuer) ? { execute: [client.allowInsecureRequests] } : {}), timeout: 5 },
      )
      .catch((error: unknown) => {
        discovered = undefined;
        throw new SignInError('PROVIDER_UNAVAILABLE', 'The identity provider could not be reached', { cause: error });
      });
    return discovered;
  }

  return {
    async begin(redirectUrl, options = {}) {
      const [client, config] = [await openid(), await configuration()];
      const verifier = client.randomPKCECodeVerifier();
      const transaction: LoginTransaction = { state: client.randomState(), nonce: client.randomNonce(), verifier, redirectUrl };
      const url = client.buildAuthorizationUrl(config, {
        redirect_uri: oidc.redirectUri,
        scope: oidc.scopes,
        code_challenge: await client.calculatePKCECodeChallenge(verifier),
        code_challenge_method: 'S256',
        state: transaction.state,
        nonce: transaction.nonce,
        ...(options.prompt === undefined ? {} : { prompt: options.prompt }),
      });
      return { url: url.href, transaction };
    },

    async finish(callbackQuery, transaction) {
      const [client, config] = [await openid(), await configuration()];
      // The URL the provider redirected to is ours as registered, never what the Host header says.
      const current = new URL(oidc.redirectUri);
      current.search = callbackQuery;
      let claims: OpenIdClient.IDToken | undefined;
      try {
        const tokens = await client.authorizationCodeGrant(config, current, {
          pkceCodeVerifier: transaction.verifier,
          expectedState: transaction.state,
          expectedNonce: transaction.nonce,
          idTokenExpected: true,
        });
        claims = tokens.claims();
      } catch (error) {
        const code = isStateMismatch(client, error) ? 'INVALID_STATE' : 'SIGN_IN_FAILED';
        throw new SignInError(code, describe(client, error), { cause: error });
      }
      if (claims === undefined) throw new SignInError('SIGN_IN_FAILED', 'The provider sent no ID token');
      if (claims['email_verified'] !== true) throw new SignInError('EMAIL_NOT_VERIFIED', 'The provider does not vouch for this email address');
      const email = typeof claims['email'] === 'string' ? claims['email'] : undefined;
      if (email === undefined) throw new SignInError('SIGN_IN_FAILED', 'The ID token carries no email (is the email scope granted?)');
      const profile: { name?: string; givenName?: string; familyName?: string } = {};
      if (isText(claims['name'])) profile.name = claims['name'];
      if (isText(claims['given_name'])) profile.givenName = claims['given_name'];
      if (isText(claims['family_name'])) profile.familyName = claims['family_name'];
      return { issuer: claims.iss, subject: claims.sub, email, ...profile };
    },

    async endSessionUrl(postLogoutRedirect) {
      const [client, config] = [await openid(), await configuration()];
      if (config.serverMetadata().end_session_endpoint === undefined) return undefined;
      return client.buildEndSessionUrl(config, { client_id: oidc.clientId, post_logout_redirect_uri: postLogoutRedirect }).href;
    },

    async userinfo(accessToken) {
      const [client, config] = [await openid(), await configuration()];
      try {
        return await client.fetchUserInfo(config, accessToken, client.skipSubjectCheck);
      } catch (error) {
        if (error instanceof client.WWWAuthenticateChallengeError || error instanceof client.ResponseBodyError) return undefined;
        throw error;
      }
    },
  };
}

/** The callback's `state` is not the login's (tampered, or another login's answer). */
function isStateMismatch(client: typeof OpenIdClient, error: unknown): boolean {
  return error instanceof client.ClientError && error.code === 'OAUTH_INVALID_RESPONSE' && error.cause instanceof Error && /"state"/.test(error.cause.message);
}

/** What went wrong, without the ID token's claims (the library keeps them in its error's cause). */
function describe(client: typeof OpenIdClient, error: unknown): string {
  if (error instanceof client.ResponseBodyError) return `The provider refused the code (${error.error})`;
  if (error instanceof client.AuthorizationResponseError) return `The provider answered ${error.error}`;
  if (error instanceof client.ClientError) {
    const cause: unknown = error.cause;
    const detail = cause instanceof Error ? cause.message : error.message;
    return `The sign-in answer failed a check (${error.code ?? 'invalid'}): ${detail}`;
  }
  return 'The identity provider could not be reached';
}

function isText(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '';
}

import { createRemoteJWKSet, type JWTPayload, type JWTVerifyGetKey, jwtVerify } from 'jose';
import type { AuthConfig } from '../config.js';
import { contactIdSchema, emailSchema } from '../identity.js';

/** The learner a verified token names. */
export interface VerifiedLearner {
  email?: string;
  contactId?: string;
}

export type TokenVerifier = (token: string) => Promise<VerifiedLearner | undefined>;

const ASYMMETRIC = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];

/**
 * Verifies a JWT against a JWKS URL (Cognito, Auth0, any OIDC provider) or an HS256 secret, with issuer and audience
 * when configured. Undefined for any token that is not valid: a bad signature, `alg: none` or an algorithm the key
 * does not allow, a wrong issuer or audience, an expired or not-yet-valid token, or no usable email/contact-id claim.
 *
 * @example const verify = createTokenVerifier(config.auth); const learner = await verify(token);
 */
export function createTokenVerifier(auth: AuthConfig, options: { jwks?: JWTVerifyGetKey } = {}): TokenVerifier {
  const secret = auth.hs256Secret === undefined ? undefined : new TextEncoder().encode(auth.hs256Secret);
  const jwks = options.jwks ?? (auth.jwksUrl === undefined ? undefined : createRemoteJWKSet(new URL(auth.jwksUrl)));
  const verifyOptions = {
    ...(auth.issuer === undefined ? {} : { issuer: auth.issuer }),
    ...(auth.audience === undefined ? {} : { audience: auth.audience }),
    clockTolerance: 5,
    // A token that never expires would be a password sent on every request.
    requiredClaims: ['exp'],
  };

  async function verifyPayload(token: string): Promise<JWTPayload | undefined> {
    // Symmetric first only when a secret is configured; a JWKS never verifies HS256 (no key confusion).
    if (secret !== undefined) {
      try {
        return (await jwtVerify(token, secret, { ...verifyOptions, algorithms: ['HS256'] })).payload;
      } catch {
        if (jwks === undefined) return undefined;
      }
    }
    if (jwks === undefined) return undefined;
    try {
      return (await jwtVerify(token, jwks, { ...verifyOptions, algorithms: ASYMMETRIC })).payload;
    } catch {
      return undefined;
    }
  }

  return async function verifyToken(token) {
    const payload = await verifyPayload(token);
    if (payload === undefined) return undefined;
    // An email counts only when the provider vouches for it (`email_verified` true, or "true" as some providers send
    // it): anyone could sign up elsewhere with someone else's address.
    const verified = payload.email_verified === true || payload.email_verified === 'true';
    const email = verified ? emailSchema.safeParse(payload[auth.emailClaim]) : { success: false as const };
    const contactId = auth.contactIdClaim === undefined ? undefined : contactIdSchema.safeParse(payload[auth.contactIdClaim]);
    const learner: VerifiedLearner = {
      ...(email.success === true && email.data !== undefined ? { email: email.data } : {}),
      ...(contactId?.success && contactId.data !== undefined ? { contactId: contactId.data } : {}),
    };
    return learner.email === undefined && learner.contactId === undefined ? undefined : learner;
  };
}

import { z } from 'zod';
import { requiredContactIdSchema, requiredEmailSchema } from '../identity.js';
import type { SealedValues } from './sealed-value.js';

/**
 * A learner's session: who the provider signed in, and their HubSpot contact id once one read by email has found it.
 * Kept by the browser in a sealed, `HttpOnly` cookie (`SESSION_COOKIE`), so the service stays stateless; it expires
 * after `SESSION_TTL_SECONDS` and an expired one is no session.
 */
export interface Session {
  readonly email: string;
  readonly issuer: string;
  readonly subject: string;
  /** The HubSpot contact with this email, when one read has found it; null until then. */
  readonly contactId: string | null;
  readonly name?: string;
  readonly givenName?: string;
  readonly familyName?: string;
  /** Seconds since the epoch when it ends. */
  readonly expiresAt: number;
}

/** The session cookie's name. */
export const SESSION_COOKIE = 'hhl_session';

/** The cookie of a login in progress (state, nonce, PKCE verifier, where to return). */
export const LOGIN_COOKIE = 'hhl_login';

const sessionSchema = z.object({
  email: requiredEmailSchema,
  iss: z.string(),
  sub: z.string(),
  cid: requiredContactIdSchema.nullable(),
  name: z.string().optional(),
  given: z.string().optional(),
  family: z.string().optional(),
  exp: z.number(),
});

/** Seconds left before a session ends (at least one: a cookie of zero seconds would be deleted, not kept). */
export function secondsLeft(session: Pick<Session, 'expiresAt'>, now: Date): number {
  return Math.max(1, session.expiresAt - Math.floor(now.getTime() / 1000));
}

/** Seals a session for `ttlSeconds`, or for what is left of an existing one's time (`expiresAt`). */
export function sealSession(values: SealedValues, session: Omit<Session, 'expiresAt'> & { expiresAt?: number }, ttlSeconds: number, now: Date): Promise<string> {
  const left = session.expiresAt === undefined ? ttlSeconds : secondsLeft({ expiresAt: session.expiresAt }, now);
  return values.seal(
    {
      email: session.email,
      iss: session.issuer,
      sub: session.subject,
      cid: session.contactId,
      ...(session.name === undefined ? {} : { name: session.name }),
      ...(session.givenName === undefined ? {} : { given: session.givenName }),
      ...(session.familyName === undefined ? {} : { family: session.familyName }),
    },
    left,
  );
}

/** The session a cookie holds; undefined when there is none, or it is forged, changed or expired. */
export async function openSession(values: SealedValues, cookie: string | undefined): Promise<Session | undefined> {
  const payload = await values.open(cookie);
  const parsed = sessionSchema.safeParse(payload);
  if (!parsed.success) return undefined;
  const p = parsed.data;
  return {
    email: p.email,
    issuer: p.iss,
    subject: p.sub,
    contactId: p.cid ?? null,
    ...(p.name === undefined ? {} : { name: p.name }),
    ...(p.given === undefined ? {} : { givenName: p.given }),
    ...(p.family === undefined ? {} : { familyName: p.family }),
    expiresAt: p.exp,
  };
}

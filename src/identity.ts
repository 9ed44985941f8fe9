import { z } from 'zod';

/**
 * Who a learner is, everywhere in the service: the identity a request names, its stable key, and the schemas that
 * read one from a body or a query. The HTTP edge, the use cases, the queue and the stores all share these.
 */

/** Who the learner is: a contact id when the page knows it, else the normalised email. */
export type Identity = { kind: 'id'; contactId: string } | { kind: 'email'; email: string };

/** A learner as a request names them. */
export interface RequestIdentity {
  /** Who to read or write: the contact id when given, else the email. */
  identity: Identity;
  /** The email, when the caller gave one (used to create a contact that does not exist yet). */
  email?: string;
}

/**
 * A stable key for an identity: `id:123` or `email:a@b.com`.
 * @example identityKey({ kind: 'email', email: 'ada@example.com' }) // 'email:ada@example.com'
 */
export function identityKey(identity: Identity): string {
  return identity.kind === 'id' ? `id:${identity.contactId}` : `email:${identity.email}`;
}

/** Emails are compared lower-cased and trimmed, as HubSpot stores them. */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** Empty strings and null mean "not given" (templates send `contactId: ""` for a visitor HubSpot does not know). */
const blankToUndefined = (v: unknown) => (v === null || (typeof v === 'string' && v.trim() === '') ? undefined : v);

/**
 * An email as the service compares it: trimmed, lower-cased, at most 254 characters, and in a form Unicode cannot
 * fold into another address. An address that NFKC normalisation changes (U+212A KELVIN SIGN "K" becomes "K") or
 * that holds non-ASCII letters is refused, so no two spellings can ever name one learner.
 */
export const requiredEmailSchema = z
  .string()
  .max(254, 'must be at most 254 characters')
  .transform((v) => v.trim())
  .refine((v) => v.normalize('NFKC') === v && !/(?![a-zA-Z])\p{L}/u.test(v), 'must not hold non-ASCII letters or characters Unicode normalisation (NFKC) changes')
  .transform(normaliseEmail)
  .pipe(z.email('must be a valid email address'));

/** An optional email: absent, `null` or blank mean "not given". */
export const emailSchema = z.preprocess(blankToUndefined, requiredEmailSchema.optional());

/** A HubSpot contact id: a positive whole number, as text. */
export const requiredContactIdSchema = z
  .string()
  .trim()
  .regex(/^[1-9][0-9]{0,19}$/, 'must be a numeric HubSpot contact id');

export const contactIdSchema = z.preprocess(
  (v) => (typeof v === 'number' && Number.isSafeInteger(v) && v > 0 ? String(v) : blankToUndefined(v)),
  requiredContactIdSchema.optional(),
);

/** Picks the identity: `contactId` when given, else the normalised email; undefined when neither. */
export function toRequestIdentity(email: string | undefined, contactId: string | undefined): RequestIdentity | undefined {
  if (contactId !== undefined) return { identity: { kind: 'id', contactId }, email };
  if (email !== undefined) return { identity: { kind: 'email', email }, email };
  return undefined;
}

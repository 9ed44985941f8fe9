import { z } from 'zod';
import type { Identity } from './crm/contact-store.js';

/** Empty strings and null mean "not given" (templates send `contactId: ""` for a visitor HubSpot does not know). */
const blankToUndefined = (v: unknown) => (v === null || (typeof v === 'string' && v.trim() === '') ? undefined : v);

export const emailSchema = z.preprocess(
  blankToUndefined,
  z
    .string()
    .max(254, 'must be at most 254 characters')
    .transform((v) => v.trim().toLowerCase())
    .pipe(z.email('must be a valid email address'))
    .optional(),
);

export const contactIdSchema = z.preprocess(
  (v) => (typeof v === 'number' && Number.isSafeInteger(v) && v > 0 ? String(v) : blankToUndefined(v)),
  z
    .string()
    .trim()
    .regex(/^[1-9][0-9]{0,19}$/, 'must be a numeric HubSpot contact id')
    .optional(),
);

export interface RequestIdentity {
  /** Who to read or write: the contact id when given, else the email. */
  identity: Identity;
  /** The email, when the caller gave one (used to create a contact that does not exist yet). */
  email?: string;
}

/** Picks the identity: `contactId` when given, else the normalised email; undefined when neither. */
export function toRequestIdentity(email: string | undefined, contactId: string | undefined): RequestIdentity | undefined {
  if (contactId !== undefined) return { identity: { kind: 'id', contactId }, email };
  if (email !== undefined) return { identity: { kind: 'email', email }, email };
  return undefined;
}

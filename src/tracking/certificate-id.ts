/**
 * Certificate ids, derived and never stored: a keyed MAC (HMAC-SHA-256, key `CERTIFICATE_SECRET`) over the learner,
 * the content and the completion time. The id carries what it certifies, so `GET /certificate/{id}` verifies any
 * certificate with no database and no HubSpot call, and nobody without the key can make one that verifies.
 *
 * ```
 * v1.<c|p>.<slug>.<completion time, epoch ms in base 36>.<learner tag>.<mac>
 * v1.c.network-like-hyperscaler-foundations.mh3x2k9s.Qm7yX0b4dTw.2Lh9v0Yq3uJf8bKc1sR6aA
 * ```
 * The learner tag is a MAC of the HubSpot contact id (64 bits, base64url): it ties the certificate to one learner
 * without putting the contact id in a public URL. The mac is 128 bits, base64url. Slugs cannot hold a `.`.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export type CertificateEntity = 'course' | 'pathway';

export interface VerifiedCertificate {
  readonly entityType: CertificateEntity;
  readonly entitySlug: string;
  /** The completion time it certifies, ISO-8601. */
  readonly issuedAt: string;
}

const VERSION = 'v1';
const ID_PATTERN = /^v1\.([cp])\.([a-z0-9_-]{1,200})\.([0-9a-z]{1,11})\.([A-Za-z0-9_-]{11})\.([A-Za-z0-9_-]{22})$/;

/** The id of the certificate for `contactId` completing `slug` at `completedAt`. */
export function certificateId(secret: string, contactId: string, entityType: CertificateEntity, slug: string, completedAt: string): string {
  const ms = Date.parse(completedAt);
  if (!Number.isFinite(ms) || ms < 0) throw new RangeError('A certificate needs a completion time');
  const tag = mac(secret, `learner|${contactId}`, 8);
  const time = ms.toString(36);
  const type = entityType === 'course' ? 'c' : 'p';
  return `${VERSION}.${type}.${slug}.${time}.${tag}.${mac(secret, signed(type, slug, time, tag), 16)}`;
}

/** What a certificate id certifies, or undefined when it is malformed or its MAC does not verify. */
export function verifyCertificateId(secret: string, id: string): VerifiedCertificate | undefined {
  const match = ID_PATTERN.exec(id);
  if (match === null) return undefined;
  const [, type = '', slug = '', time = '', tag = '', given = ''] = match;
  const expected = Buffer.from(mac(secret, signed(type, slug, time, tag), 16));
  const actual = Buffer.from(given);
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) return undefined;
  const ms = Number.parseInt(time, 36);
  if (!Number.isSafeInteger(ms)) return undefined;
  return { entityType: type === 'c' ? 'course' : 'pathway', entitySlug: slug, issuedAt: new Date(ms).toISOString() };
}

/** Whether a string has the shape of a certificate id (before its MAC is checked). */
export function looksLikeCertificateId(id: string): boolean {
  return ID_PATTERN.test(id);
}

function signed(type: string, slug: string, time: string, tag: string): string {
  return `cert|${VERSION}|${type}|${slug}|${time}|${tag}`;
}

function mac(secret: string, message: string, bytes: number): string {
  return createHmac('sha256', secret).update(message).digest().subarray(0, bytes).toString('base64url');
}

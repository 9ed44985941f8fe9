import type { Catalog, ProgressState } from '../progress/types.js';
import { type VerifiedCertificate, certificateId } from './certificate-id.js';
import { completions } from './content-status.js';

/** A certificate as hh-learn's pages read it. */
export interface Certificate {
  certId: string;
  entityType: 'course' | 'pathway';
  entitySlug: string;
  entityTitle: string;
  issuedAt: string;
}

/**
 * The learner's certificates: one for every catalog course and pathway they have completed (unless the catalog says
 * it awards none), newest first. Derived on every read, never stored: completing the same content again later (after
 * the catalog added a module, say) gives a new id, and every id ever issued still verifies.
 */
export function listCertificates(state: ProgressState, catalog: Catalog, secret: string, contactId: string): Certificate[] {
  return completions(state, catalog)
    .map((c) =>
      describeCertificate(certificateId(secret, contactId, c.entityType, c.slug, c.completedAt), { entityType: c.entityType, entitySlug: c.slug, issuedAt: c.completedAt }, catalog),
    )
    .sort((a, b) => (a.issuedAt < b.issuedAt ? 1 : a.issuedAt > b.issuedAt ? -1 : a.certId < b.certId ? -1 : 1));
}

/** A verified certificate with its title from the catalog (the slug when the catalog no longer has the content). */
export function describeCertificate(certId: string, verified: VerifiedCertificate, catalog: Catalog | undefined): Certificate {
  const entry = verified.entityType === 'course' ? catalog?.courses.get(verified.entitySlug) : catalog?.pathways.get(verified.entitySlug);
  return { certId, entityType: verified.entityType, entitySlug: verified.entitySlug, entityTitle: entry?.title ?? verified.entitySlug, issuedAt: new Date(verified.issuedAt).toISOString() };
}

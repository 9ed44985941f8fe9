import type { Config } from '../config.js';
import { certificateId } from '../tracking/certificate-id.js';
import type { IssueCertificate } from '../tracking/content-status.js';

/** Issues certificate ids for one learner, or none (`null`) when `CERTIFICATE_SECRET` is not set. */
export function certificateIssuer(config: Pick<Config, 'certificateSecret'>, contactId: string): IssueCertificate {
  const secret = config.certificateSecret;
  if (secret === undefined) return () => null;
  return (entityType, slug, completedAt) => certificateId(secret, contactId, entityType, slug, completedAt);
}

import { type Config, SUPPORTED_BACKEND } from '../config.js';
import type { ContactStore } from '../crm/contact-store.js';

/** Whether CRM calls can be made, and if not, why (for a fallback answer and an error log). */
export type CrmAccess = { ok: true; store: ContactStore } | { ok: false; reason: string };

/** The store, when the configuration allows CRM calls and one is configured. */
export function crmAccess(config: Pick<Config, 'progressBackend'>, store: ContactStore | undefined): CrmAccess {
  if (config.progressBackend !== SUPPORTED_BACKEND) {
    return { ok: false, reason: `Unsupported PROGRESS_BACKEND "${config.progressBackend}"` };
  }
  if (store === undefined) return { ok: false, reason: 'CRM is not configured (HUBSPOT_ACCESS_TOKEN, the service key or private app token, is missing)' };
  return { ok: true, store };
}

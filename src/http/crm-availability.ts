import { SUPPORTED_BACKEND } from '../config.js';
import type { ContactStore } from '../crm/contact-store.js';
import type { AppDependencies } from './app-dependencies.js';

/** Whether CRM calls can be made, and if not, why (for a fallback response and an error log). */
export type CrmAvailability = { ok: true; store: ContactStore } | { ok: false; reason: string };

export function crmAvailability(deps: AppDependencies): CrmAvailability {
  if (deps.config.progressBackend !== SUPPORTED_BACKEND) {
    return { ok: false, reason: `Unsupported PROGRESS_BACKEND "${deps.config.progressBackend}"` };
  }
  if (deps.store === undefined) return { ok: false, reason: 'CRM is not configured (HUBSPOT_PRIVATE_APP_TOKEN is missing)' };
  return { ok: true, store: deps.store };
}

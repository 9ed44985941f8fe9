/** Names and numbers the provisioning command shares between its parts and its messages. */

/** Where the service key or private app token is read from: the new name first, then the older one. */
export const TOKEN_VARIABLE = 'HUBSPOT_ACCESS_TOKEN';
export const LEGACY_TOKEN_VARIABLE = 'HUBSPOT_PRIVATE_APP_TOKEN';
/** What the credential is, in every message: legacy private apps cannot be created since October 2026. */
export const CREDENTIAL = 'service key or private app token';
export const BASE_URL_VARIABLE = 'HUBSPOT_API_BASE_URL';
export const DEFAULT_BASE_URL = 'https://api.hubapi.com';

/** The scopes provisioning needs (the service itself needs the last two). */
export const REQUIRED_SCOPES = ['crm.schemas.contacts.write', 'crm.objects.contacts.read', 'crm.objects.contacts.write'] as const;

/** Process exit codes: success, something to fix in HubSpot (or a failed call), something to fix in the setup. */
export const EXIT_CODES = { ok: 0, failed: 1, setup: 2 } as const;
export type ExitCode = (typeof EXIT_CODES)[keyof typeof EXIT_CODES];

/**
 * Which HubSpot API the store talks to: the `/crm/v3/…` paths, or a date-based version (`/crm/objects/2026-09/…`).
 * HubSpot stops supporting v1–v3 in September 2027; the date-based versions take the same bodies and answer the
 * same shapes for what this service calls, so moving is this one setting (`HUBSPOT_API_VERSION`).
 *
 * The official client hard-codes `/crm/v3/…`, and its `basePath` only replaces the scheme and host. A middleware of
 * its own kind rewrites the path of every request before it is sent, so the generated APIs stay the same code.
 */

import type { HubSpotApiVersion } from '../../config.js';

export { HUBSPOT_API_VERSIONS, type HubSpotApiVersion } from '../../config.js';

/** The paths of what the store calls in one API version (as reported in call logs: no query, `{email}` for an email). */
export interface ContactPaths {
  readonly contacts: string;
  readonly batchRead: string;
  readonly batchCreate: string;
  readonly batchUpdate: string;
  readonly search: string;
  readonly propertiesBatchRead: string;
}

export function contactPaths(version: HubSpotApiVersion = 'v3'): ContactPaths {
  const objects = versionedPath('/crm/v3/objects/contacts', version);
  const properties = versionedPath('/crm/v3/properties/contacts', version);
  return {
    contacts: objects,
    batchRead: `${objects}/batch/read`,
    batchCreate: `${objects}/batch/create`,
    batchUpdate: `${objects}/batch/update`,
    search: `${objects}/search`,
    propertiesBatchRead: `${properties}/batch/read`,
  };
}

/** The v3 path prefixes the client builds, and what each becomes in a date-based version. */
const REWRITES: readonly [string, (version: string) => string][] = [
  ['/crm/v3/objects/', (v) => `/crm/objects/${v}/`],
  ['/crm/v3/properties/', (v) => `/crm/properties/${v}/`],
  ['/account-info/v3/', (v) => `/account-info/${v}/`],
];

/**
 * A v3 path in `version`; a path no rewrite knows stays as it is.
 * @example versionedPath('/crm/v3/objects/contacts', '2026-09') // '/crm/objects/2026-09/contacts'
 */
export function versionedPath(path: string, version: HubSpotApiVersion): string {
  if (version === 'v3') return path;
  for (const [prefix, replace] of REWRITES) {
    if (path.startsWith(prefix)) return replace(version) + path.slice(prefix.length);
  }
  return path;
}

/**
 * The URL of a request the client built for v3, in `version`.
 * @example versionedUrl('https://api.hubapi.com/crm/v3/objects/contacts/batch/read', '2026-09') // 'https://api.hubapi.com/crm/objects/2026-09/contacts/batch/read'
 */
export function versionedUrl(url: string, version: HubSpotApiVersion): string {
  if (version === 'v3') return url;
  const parsed = new URL(url);
  const path = versionedPath(parsed.pathname, version);
  if (path === parsed.pathname) return url;
  parsed.pathname = path;
  return parsed.toString();
}

/** A client middleware (`config.middleware`) that sends every request to `version`'s path; none for v3. */
export function versionMiddleware(version: HubSpotApiVersion) {
  if (version === 'v3') return [];
  return [
    {
      pre<C extends { getUrl(): string; setUrl(url: string): void }>(context: C): C {
        context.setUrl(versionedUrl(context.getUrl(), version));
        return context;
      },
      post<C>(context: C): C {
        return context;
      },
    },
  ];
}

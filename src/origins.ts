import { getPublicSuffix } from 'tldts';

/**
 * Browser origins as the service allows them: exact origins (`https://learn.example.com`) and host patterns with one
 * leading wildcard label (`https://*.example.com`: any host below `example.com`). Read once at start, from the
 * canonical form of each entry, so that spelling (`HTTPS://`, a trailing `/`, a default port) changes nothing.
 * Matching is linear in the Origin's length: no regular expression is built from configuration.
 */

/** One allowed origin, canonical. */
export type OriginRule =
  | { readonly kind: 'exact'; readonly origin: string }
  /** Any host that ends with `.${suffix}` (one label or more before it), with this scheme and port. */
  | { readonly kind: 'pattern'; readonly scheme: string; readonly suffix: string; readonly port: string; readonly text: string };

/**
 * Hosts where every subdomain belongs to a different HubSpot customer (CMS pages, file hosting). They are not on the
 * Public Suffix List, yet a wildcard over one of them admits every other customer's pages.
 */
const SHARED_HOSTING = [
  /^hubspotusercontent(-[a-z0-9]+)?\.(net|com)$/,
  /^hs-sites(-[a-z0-9]+)?\.com$/,
  /^hubspotpagebuilder(-[a-z0-9]+)?\.com$/,
  /^hubspot\.(net|com)$/,
  /^hs-sitesqa\.com$/,
];

/**
 * Reads one configured entry. Refused (with why): anything that is not an `http(s)` origin, a path, a query, a
 * wildcard anywhere but a whole leading label, and a wildcard directly over a public suffix (`*.com`, `*.co.uk`) or a
 * shared HubSpot hosting domain (`*.hubspotusercontent-na1.net`), since those admit other people's pages.
 * @example parseOriginRule('HTTPS://Learn.Example.com/') // { ok: true, rule: { kind: 'exact', origin: 'https://learn.example.com' } }
 */
export function parseOriginRule(entry: string): { ok: true; rule: OriginRule } | { ok: false; reason: string } {
  const text = entry.trim();
  const match = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\/([^/?#]*)(\/?)$/.exec(text);
  if (match === null) return { ok: false, reason: `"${text}" is not an origin (scheme://host[:port], no path)` };
  const scheme = (match[1] ?? '').toLowerCase();
  if (scheme !== 'https' && scheme !== 'http') return { ok: false, reason: `"${text}" must be http or https` };
  const authority = (match[2] ?? '').toLowerCase();
  if (authority.includes('@')) return { ok: false, reason: `"${text}" must not hold credentials` };
  const portAt = authority.lastIndexOf(':');
  const host = portAt > authority.lastIndexOf(']') && portAt >= 0 ? authority.slice(0, portAt) : authority;
  const rawPort = host === authority ? '' : authority.slice(portAt + 1);
  if (!/^\d{0,5}$/.test(rawPort)) return { ok: false, reason: `"${text}" has an invalid port` };
  const port = rawPort === '' || (scheme === 'https' && rawPort === '443') || (scheme === 'http' && rawPort === '80') ? '' : String(Number(rawPort));
  if (!host.includes('*')) {
    if (!/^(\[[0-9a-f:.]+\]|[a-z0-9-]+(\.[a-z0-9-]+)*)$/.test(host)) return { ok: false, reason: `"${text}" has an invalid host` };
    return { ok: true, rule: { kind: 'exact', origin: `${scheme}://${host}${port === '' ? '' : `:${port}`}` } };
  }
  if (!host.startsWith('*.') || host.indexOf('*', 1) !== -1) {
    return { ok: false, reason: `"${text}": a wildcard may only be a whole first label, as in https://*.example.com` };
  }
  const suffix = host.slice(2);
  if (!/^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(suffix)) return { ok: false, reason: `"${text}" must name a domain below the wildcard` };
  if (isPublicSuffix(suffix) || SHARED_HOSTING.some((re) => re.test(suffix))) {
    return { ok: false, reason: `"${text}" would admit every site under ${suffix}, other people's included: name your own domain` };
  }
  return { ok: true, rule: { kind: 'pattern', scheme, suffix, port, text: `${scheme}://*.${suffix}${port === '' ? '' : `:${port}`}` } };
}

/** A rule as it is written back: the exact origin, or the canonical pattern. */
export function ruleText(rule: OriginRule): string {
  return rule.kind === 'exact' ? rule.origin : rule.text;
}

/** The exact origins among the rules (cookies and credentials are allowed for these only). */
export function exactOrigins(rules: readonly OriginRule[]): string[] {
  return rules.flatMap((rule) => (rule.kind === 'exact' ? [rule.origin] : []));
}

/**
 * The canonical form of a request's Origin (`scheme://host[:port]`, lower case, default port dropped), or undefined
 * when it is not one (`null`, a path, garbage).
 */
export function canonicalOrigin(origin: string): string | undefined {
  const parsed = parseOriginRule(origin);
  return parsed.ok && parsed.rule.kind === 'exact' ? parsed.rule.origin : undefined;
}

/** Whether a canonical origin matches a rule. Linear in the origin's length. */
export function matchesRule(origin: string, rule: OriginRule): boolean {
  if (rule.kind === 'exact') return origin === rule.origin;
  const prefix = `${rule.scheme}://`;
  if (!origin.startsWith(prefix)) return false;
  const authority = origin.slice(prefix.length);
  const portAt = authority.lastIndexOf(':');
  const host = portAt >= 0 ? authority.slice(0, portAt) : authority;
  const port = portAt >= 0 ? authority.slice(portAt + 1) : '';
  return port === rule.port && host.length > rule.suffix.length + 1 && host.endsWith(`.${rule.suffix}`);
}

function isPublicSuffix(domain: string): boolean {
  return getPublicSuffix(domain, { allowPrivateDomains: true }) === domain;
}

import { canonicalOrigin } from '../origins.js';

/**
 * Where sign-in and sign-out may send the browser: a `redirect_url` whose origin is on the allowlist
 * (`AUTH_REDIRECT_ALLOWLIST`, by default the exact origins of `CORS_ALLOWED_ORIGINS`); a path (`/learn/…`) is taken on
 * the first allowed origin; anything else (another site, `javascript:`, `//evil.example`) is replaced by the first
 * allowed origin. So the service can never be used to send someone to a page of an attacker's choosing.
 * @example redirectTarget('https://learn.example.com/courses', ['https://learn.example.com']) // 'https://learn.example.com/courses'
 */
export function redirectTarget(requested: string | undefined, allowlist: readonly string[]): string {
  const home = allowlist[0] ?? '/';
  if (requested === undefined || requested.trim() === '') return home;
  const text = requested.trim();
  if (/^\/(?![/\\])/.test(text)) {
    const url = safeUrl(text, home);
    return url !== undefined && url.origin === new URL(home).origin ? url.href : home;
  }
  const url = safeUrl(text);
  if (url === undefined || (url.protocol !== 'https:' && url.protocol !== 'http:') || url.username !== '' || url.password !== '') return home;
  const origin = canonicalOrigin(url.origin);
  return origin !== undefined && allowlist.includes(origin) ? url.href : home;
}

function safeUrl(text: string, base?: string): URL | undefined {
  try {
    return base === undefined ? new URL(text) : new URL(text, base);
  } catch {
    return undefined;
  }
}

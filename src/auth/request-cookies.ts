import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { parseCookie, type SetCookie, stringifySetCookie } from 'cookie';

/**
 * Cookies as API Gateway (payload 2.0) hands them over (`event.cookies`, one `name=value` each; a `cookie` header when
 * a test or another front end sends one) and as a response sets them (`cookies` on the result), read and written by
 * the `cookie` package. A value that is not valid percent-encoding is kept as it is, never an error.
 */

/** The value of the cookie `name`, or undefined. */
export function readCookie(event: Pick<APIGatewayProxyEventV2, 'cookies' | 'headers'>, name: string): string | undefined {
  const header = event.cookies?.join('; ') ?? event.headers?.cookie ?? event.headers?.Cookie ?? '';
  const value = parseCookie(header)[name];
  return value === undefined || value === '' ? undefined : value;
}

export interface CookieSettings {
  /** `Secure`: always, except for a service on `http://localhost` (a developer's machine). */
  readonly secure: boolean;
}

/** A `Set-Cookie` value: `HttpOnly`, `SameSite=Lax`, `Path=/`, `Secure` unless on `http://localhost`. */
export function setCookie(settings: CookieSettings, name: string, value: string, maxAgeSeconds: number): string {
  const cookie: SetCookie = { name, value, httpOnly: true, sameSite: 'lax', path: '/', secure: settings.secure, maxAge: maxAgeSeconds };
  return stringifySetCookie(cookie);
}

/** A `Set-Cookie` value that removes the cookie. */
export function clearCookie(settings: CookieSettings, name: string): string {
  return stringifySetCookie({ name, value: '', httpOnly: true, sameSite: 'lax', path: '/', secure: settings.secure, maxAge: 0 });
}

/** Whether cookies for a service at `url` may go without `Secure`: only on plain-HTTP loopback. */
export function isLocalHttp(url: string): boolean {
  const { protocol, hostname } = new URL(url);
  return protocol === 'http:' && (hostname === 'localhost' || hostname === '127.0.0.1' || hostname === '[::1]');
}

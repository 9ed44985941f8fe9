import type { APIGatewayProxyEventV2 } from 'aws-lambda';

/**
 * The token a request carries: `Authorization: Bearer <token>`, else the cookie named `cookieName` when configured.
 * Undefined when neither is there.
 */
export function bearerToken(event: APIGatewayProxyEventV2, cookieName: string | undefined): string | undefined {
  const header = event.headers?.authorization ?? event.headers?.Authorization;
  const match = header === undefined ? null : /^\s*Bearer\s+([A-Za-z0-9._~+/=-]+)\s*$/i.exec(header);
  if (match?.[1] !== undefined) return match[1];
  if (cookieName === undefined) return undefined;
  const cookies = event.cookies ?? (event.headers?.cookie ?? '').split(';');
  for (const cookie of cookies) {
    const at = cookie.indexOf('=');
    if (at > 0 && cookie.slice(0, at).trim() === cookieName) {
      const value = cookie.slice(at + 1).trim();
      return value === '' ? undefined : decodeURIComponent(value);
    }
  }
  return undefined;
}

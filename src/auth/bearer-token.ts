import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { readCookie } from './request-cookies.js';

/**
 * The token a request carries: `Authorization: Bearer <token>`, else the cookie named `cookieName` when configured.
 * Undefined when neither is there. A cookie that is not valid percent-encoding is read as it is (then it verifies as
 * no token: a 401, never a 500).
 */
export function bearerToken(event: APIGatewayProxyEventV2, cookieName: string | undefined): string | undefined {
  const header = event.headers?.authorization ?? event.headers?.Authorization;
  const match = header === undefined ? null : /^\s*Bearer\s+([A-Za-z0-9._~+/=-]+)\s*$/i.exec(header);
  if (match?.[1] !== undefined) return match[1];
  return cookieName === undefined ? undefined : readCookie(event, cookieName);
}

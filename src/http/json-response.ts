import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

export type HttpResponse = APIGatewayProxyStructuredResultV2 & { statusCode: number; headers: Record<string, string>; cookies?: string[] };

/** Every response is JSON with `Content-Type: application/json`; `cookies` are `Set-Cookie` values. */
export function jsonResponse(statusCode: number, body: unknown, headers: Record<string, string> = {}, cookies: string[] = []): HttpResponse {
  return {
    statusCode,
    headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', ...headers },
    body: JSON.stringify(body),
    ...(cookies.length > 0 ? { cookies } : {}),
  };
}

/** A `302 Found` to `location` (sign-in and sign-out send the browser on), setting `cookies`. */
export function redirectResponse(location: string, cookies: string[] = []): HttpResponse {
  return { statusCode: 302, headers: { Location: location, 'Cache-Control': 'no-store' }, body: '', ...(cookies.length > 0 ? { cookies } : {}) };
}

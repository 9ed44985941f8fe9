import { isUtf8 } from 'node:buffer';
import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

/**
 * Translates between Node's HTTP objects and the API Gateway HTTP API (payload format 2.0) shapes the Lambda handler
 * speaks, so the local server runs the very handler that is deployed. Where API Gateway has a rule the handler could
 * notice (joined repeated headers and query keys, cookies moved out of the headers, base64 for binary bodies), the
 * translation follows it.
 */

/** The parts of an `IncomingMessage` the translation reads; a real `IncomingMessage` is one. */
export interface IncomingRequestLike {
  readonly method?: string | undefined;
  readonly url?: string | undefined;
  readonly httpVersion: string;
  /** Names and values alternating, as received: unlike `headers`, nothing merged or dropped. */
  readonly rawHeaders: readonly string[];
  readonly socket: { readonly remoteAddress?: string | undefined };
}

/** The parts of a `ServerResponse` a result is written through; a real `ServerResponse` is one. */
export interface OutgoingResponseLike {
  statusCode: number;
  setHeader(name: string, value: string | string[]): unknown;
  end(body: string | Buffer): unknown;
}

export interface ToEventOptions {
  /** The request's arrival time; now by default. */
  now?: Date;
  /** `requestContext.requestId`; a random UUID by default. */
  requestId?: string;
}

/**
 * Builds the event API Gateway would hand the Lambda for this request and its whole body.
 * @example const event = toApiGatewayEvent(req, body);
 */
export function toApiGatewayEvent(req: IncomingRequestLike, body: Buffer, options: ToEventOptions = {}): APIGatewayProxyEventV2 {
  const now = options.now ?? new Date();
  const target = req.url ?? '/';
  const queryAt = target.indexOf('?');
  const rawPath = queryAt === -1 ? target : target.slice(0, queryAt);
  const rawQueryString = queryAt === -1 ? '' : target.slice(queryAt + 1);
  const { headers, cookies } = collectHeaders(req.rawHeaders);
  const queryStringParameters = parseQueryString(rawQueryString);
  const host = headers.host ?? 'localhost';
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath,
    rawQueryString,
    ...(cookies.length > 0 ? { cookies } : {}),
    headers,
    ...(queryStringParameters === undefined ? {} : { queryStringParameters }),
    requestContext: {
      accountId: 'anonymous',
      apiId: 'local',
      domainName: host,
      domainPrefix: host.replace(/:\d+$/, '').split('.')[0] ?? host,
      http: {
        method: (req.method ?? 'GET').toUpperCase(),
        path: rawPath,
        protocol: `HTTP/${req.httpVersion}`,
        sourceIp: sourceIpOf(req.socket.remoteAddress),
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: options.requestId ?? randomUUID(),
      routeKey: '$default',
      stage: '$default',
      time: formatRequestTime(now),
      timeEpoch: now.getTime(),
    },
    ...encodeBody(body),
  };
}

/**
 * Sends a handler's result the way API Gateway would: status 200 unless given, each cookie as its own `set-cookie`,
 * and a base64 body decoded back to bytes.
 */
export function writeApiGatewayResult(res: OutgoingResponseLike, result: APIGatewayProxyStructuredResultV2): void {
  res.statusCode = result.statusCode ?? 200;
  for (const [name, value] of Object.entries(result.headers ?? {})) {
    res.setHeader(name, String(value));
  }
  if (result.cookies !== undefined && result.cookies.length > 0) {
    res.setHeader('set-cookie', result.cookies);
  }
  const body = result.body ?? '';
  res.end(result.isBase64Encoded === true ? Buffer.from(body, 'base64') : body);
}

/**
 * Lower-cases names and joins repeated values with `,` (API Gateway's rule, where Node would use `, ` or drop
 * duplicates). `cookie` headers become the `cookies` array instead, as in payload format 2.0.
 */
export function collectHeaders(rawHeaders: readonly string[]): { headers: Record<string, string>; cookies: string[] } {
  const headers: Record<string, string> = {};
  const cookies: string[] = [];
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = (rawHeaders[i] ?? '').toLowerCase();
    const value = rawHeaders[i + 1] ?? '';
    if (name === 'cookie') {
      cookies.push(...value.split(';').map((c) => c.trim()).filter((c) => c !== ''));
      continue;
    }
    const earlier = headers[name];
    headers[name] = earlier === undefined ? value : `${earlier},${value}`;
  }
  return { headers, cookies };
}

/** Decoded query parameters, repeated keys joined with `,`; undefined when there are none, as API Gateway omits them. */
export function parseQueryString(rawQueryString: string): Record<string, string> | undefined {
  if (rawQueryString === '') return undefined;
  const parameters: Record<string, string> = {};
  for (const [key, value] of new URLSearchParams(rawQueryString)) {
    const earlier = parameters[key];
    parameters[key] = earlier === undefined ? value : `${earlier},${value}`;
  }
  return Object.keys(parameters).length > 0 ? parameters : undefined;
}

/** UTF-8 text as is; any other bytes as base64, flagged, the way API Gateway passes binary payloads. */
export function encodeBody(body: Buffer): { body?: string; isBase64Encoded: boolean } {
  if (body.length === 0) return { isBase64Encoded: false };
  return isUtf8(body)
    ? { body: body.toString('utf8'), isBase64Encoded: false }
    : { body: body.toString('base64'), isBase64Encoded: true };
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** API Gateway's `requestContext.time` format: `12/Mar/2020:19:03:58 +0000`. */
export function formatRequestTime(at: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  const date = `${pad(at.getUTCDate())}/${MONTHS[at.getUTCMonth()]}/${at.getUTCFullYear()}`;
  return `${date}:${pad(at.getUTCHours())}:${pad(at.getUTCMinutes())}:${pad(at.getUTCSeconds())} +0000`;
}

/** An IPv4 client shows as `::ffff:127.0.0.1` on a dual-stack socket; API Gateway would say `127.0.0.1`. */
function sourceIpOf(remoteAddress: string | undefined): string {
  if (remoteAddress === undefined) return '127.0.0.1';
  return remoteAddress.startsWith('::ffff:') ? remoteAddress.slice('::ffff:'.length) : remoteAddress;
}

import type { APIGatewayProxyEventV2 } from 'aws-lambda';

let counter = 0;

export interface EventInput {
  method?: string;
  path: string;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  body?: unknown;
  base64?: boolean;
}

/** An API Gateway HTTP API (payload v2) event, as the Lambda receives it. A non-string body is sent as JSON. */
export function apiGatewayEvent(input: EventInput): APIGatewayProxyEventV2 {
  const method = input.method ?? 'GET';
  const text = input.body === undefined ? undefined : typeof input.body === 'string' ? input.body : JSON.stringify(input.body);
  const rawQueryString = new URLSearchParams(input.query ?? {}).toString();
  counter += 1;
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: input.path,
    rawQueryString,
    headers: { 'content-type': 'text/plain;charset=UTF-8', ...(input.headers ?? {}) },
    ...(input.query === undefined ? {} : { queryStringParameters: input.query }),
    requestContext: {
      accountId: '123456789012',
      apiId: 'api',
      domainName: 'api.example.com',
      domainPrefix: 'api',
      http: { method, path: input.path, protocol: 'HTTP/1.1', sourceIp: '203.0.113.1', userAgent: 'vitest' },
      requestId: `req-${counter}`,
      routeKey: '$default',
      stage: '$default',
      time: '21/Nov/2026:10:00:00 +0000',
      timeEpoch: 1_795_255_200_000,
    },
    isBase64Encoded: input.base64 === true,
    ...(text === undefined ? {} : { body: input.base64 === true ? Buffer.from(text).toString('base64') : text }),
  };
}

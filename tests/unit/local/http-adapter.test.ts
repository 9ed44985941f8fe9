import { describe, expect, it } from 'vitest';
import {
  formatRequestTime,
  toApiGatewayEvent,
  writeApiGatewayResult,
  type IncomingRequestLike,
  type OutgoingResponseLike,
} from '../../../src/local/http-adapter.js';

const NOW = new Date('2026-01-18T17:30:05.123Z');

/** A request as Node hands it over; override what a test is about. */
function requestFactory(overrides: Partial<IncomingRequestLike> = {}): IncomingRequestLike {
  return {
    method: 'POST',
    url: '/events/track',
    httpVersion: '1.1',
    rawHeaders: ['Host', 'localhost:3000', 'User-Agent', 'vitest', 'Content-Type', 'application/json'],
    socket: { remoteAddress: '::ffff:127.0.0.1' },
    ...overrides,
  };
}

/** Records what is written to it, in place of a `ServerResponse`. */
function responseRecorder() {
  const headers: Record<string, string | string[]> = {};
  const recorder: OutgoingResponseLike & { headers: typeof headers; body: Buffer } = {
    statusCode: 0,
    headers,
    body: Buffer.alloc(0),
    setHeader(name: string, value: string | string[]) {
      headers[name.toLowerCase()] = value;
    },
    end(body: string | Buffer) {
      recorder.body = Buffer.isBuffer(body) ? body : Buffer.from(body);
    },
  };
  return recorder;
}

describe('toApiGatewayEvent: the request line', () => {
  it.each([
    { url: '/progress/read', rawPath: '/progress/read', rawQueryString: '', queryStringParameters: undefined },
    { url: '/progress/read?', rawPath: '/progress/read', rawQueryString: '', queryStringParameters: undefined },
    { url: '/progress/read?email=ada%40example.com', rawPath: '/progress/read', rawQueryString: 'email=ada%40example.com', queryStringParameters: { email: 'ada@example.com' } },
    { url: '/p?a=1&a=2&b=x', rawPath: '/p', rawQueryString: 'a=1&a=2&b=x', queryStringParameters: { a: '1,2', b: 'x' } },
    { url: '/p?flag', rawPath: '/p', rawQueryString: 'flag', queryStringParameters: { flag: '' } },
    { url: '/p?q=two+words', rawPath: '/p', rawQueryString: 'q=two+words', queryStringParameters: { q: 'two words' } },
  ])('maps $url to rawPath, rawQueryString and queryStringParameters', ({ url, rawPath, rawQueryString, queryStringParameters }) => {
    // Prepare
    const req = requestFactory({ url });

    // Act
    const event = toApiGatewayEvent(req, Buffer.alloc(0), { now: NOW });

    // Assess
    expect(event.rawPath).toBe(rawPath);
    expect(event.requestContext.http.path).toBe(rawPath);
    expect(event.rawQueryString).toBe(rawQueryString);
    expect(event.queryStringParameters).toEqual(queryStringParameters);
    expect('queryStringParameters' in event).toBe(queryStringParameters !== undefined);
  });

  it('describes the request in a payload 2.0 request context', () => {
    // Prepare
    const req = requestFactory({ method: 'post' });

    // Act
    const event = toApiGatewayEvent(req, Buffer.alloc(0), { now: NOW, requestId: 'req-1' });

    // Assess
    expect(event).toMatchObject({ version: '2.0', routeKey: '$default', isBase64Encoded: false });
    expect(event.requestContext).toEqual({
      accountId: 'anonymous',
      apiId: 'local',
      domainName: 'localhost:3000',
      domainPrefix: 'localhost',
      http: { method: 'POST', path: '/events/track', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'vitest' },
      requestId: 'req-1',
      routeKey: '$default',
      stage: '$default',
      time: '18/Jan/2026:17:30:05 +0000',
      timeEpoch: NOW.getTime(),
    });
  });

  it('gives each request a random UUID when no request id is given', () => {
    // Prepare
    const req = requestFactory();

    // Act
    const first = toApiGatewayEvent(req, Buffer.alloc(0));
    const second = toApiGatewayEvent(req, Buffer.alloc(0));

    // Assess
    expect(first.requestContext.requestId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(first.requestContext.requestId).not.toBe(second.requestContext.requestId);
  });
});

describe('toApiGatewayEvent: headers and cookies', () => {
  it.each([
    { case: 'lower-cases names', rawHeaders: ['X-Request-Source', 'page'], headers: { 'x-request-source': 'page' }, cookies: undefined },
    { case: 'joins repeated headers with a comma', rawHeaders: ['Accept', 'text/html', 'accept', 'application/json'], headers: { accept: 'text/html,application/json' }, cookies: undefined },
    { case: 'joins headers Node would drop duplicates of', rawHeaders: ['User-Agent', 'a', 'User-Agent', 'b'], headers: { 'user-agent': 'a,b' }, cookies: undefined },
    { case: 'moves cookies to their own array', rawHeaders: ['Cookie', 'a=1; b=2', 'Cookie', 'c=3'], headers: {}, cookies: ['a=1', 'b=2', 'c=3'] },
  ])('$case', ({ rawHeaders, headers, cookies }) => {
    // Prepare
    const req = requestFactory({ rawHeaders });

    // Act
    const event = toApiGatewayEvent(req, Buffer.alloc(0), { now: NOW });

    // Assess
    expect(event.headers).toEqual(headers);
    expect(event.cookies).toEqual(cookies);
  });
});

describe('toApiGatewayEvent: the body', () => {
  it.each([
    { case: 'no body', bytes: Buffer.alloc(0), body: undefined, isBase64Encoded: false },
    { case: 'a JSON body', bytes: Buffer.from('{"eventName":"learning_page_viewed"}'), body: '{"eventName":"learning_page_viewed"}', isBase64Encoded: false },
    { case: 'non-ASCII UTF-8 text', bytes: Buffer.from('Ünïcödé ✓', 'utf8'), body: 'Ünïcödé ✓', isBase64Encoded: false },
    { case: 'bytes that are not UTF-8', bytes: Buffer.from([0xff, 0xfe, 0x00, 0x01]), body: '//4AAQ==', isBase64Encoded: true },
    { case: 'UTF-8 cut in the middle of a character', bytes: Buffer.from('✓', 'utf8').subarray(0, 2), body: '4pw=', isBase64Encoded: true },
  ])('passes $case as body $body (base64: $isBase64Encoded)', ({ bytes, body, isBase64Encoded }) => {
    // Prepare
    const req = requestFactory();

    // Act
    const event = toApiGatewayEvent(req, bytes, { now: NOW });

    // Assess
    expect(event.body).toBe(body);
    expect(event.isBase64Encoded).toBe(isBase64Encoded);
  });
});

describe('writeApiGatewayResult', () => {
  it('sends status 200 and an empty body when the result sets neither', () => {
    // Prepare
    const res = responseRecorder();

    // Act
    writeApiGatewayResult(res, {});

    // Assess
    expect(res.statusCode).toBe(200);
    expect(res.body.toString()).toBe('');
  });

  it('sends the status, every header as a string, and each cookie as a set-cookie', () => {
    // Prepare
    const res = responseRecorder();

    // Act
    writeApiGatewayResult(res, {
      statusCode: 201,
      headers: { 'Content-Type': 'application/json', 'x-retry': 3, 'x-cached': false },
      cookies: ['a=1; Path=/', 'b=2; HttpOnly'],
      body: '{"ok":true}',
    });

    // Assess
    expect(res.statusCode).toBe(201);
    expect(res.headers).toEqual({
      'content-type': 'application/json',
      'x-retry': '3',
      'x-cached': 'false',
      'set-cookie': ['a=1; Path=/', 'b=2; HttpOnly'],
    });
    expect(res.body.toString()).toBe('{"ok":true}');
  });

  it('decodes a base64 body back to its bytes', () => {
    // Prepare
    const res = responseRecorder();
    const bytes = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00]);

    // Act
    writeApiGatewayResult(res, { body: bytes.toString('base64'), isBase64Encoded: true });

    // Assess
    expect(res.body.equals(bytes)).toBe(true);
  });
});

describe('formatRequestTime', () => {
  it.each([
    { at: '2020-03-12T19:03:58.000Z', time: '12/Mar/2020:19:03:58 +0000' },
    { at: '2026-01-02T03:04:05.999Z', time: '02/Jan/2026:03:04:05 +0000' },
  ])('formats $at as $time', ({ at, time }) => {
    // Act & Assess
    expect(formatRequestTime(new Date(at))).toBe(time);
  });
});

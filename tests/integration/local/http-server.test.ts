import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/observability/logger.js';
import { startHttpServer, type ApiGatewayHandler, type HttpServerOptions, type RunningHttpServer } from '../../../src/local/http-server.js';

const running: RunningHttpServer[] = [];

afterEach(async () => {
  await Promise.all(running.splice(0).map((server) => server.close()));
});

/** Starts a server on a free port, closed after the test. */
async function startTestServer(options: Partial<HttpServerOptions> = {}): Promise<RunningHttpServer> {
  const server = await startHttpServer({ handler: echoHandler(), port: 0, ...options });
  running.push(server);
  return server;
}

/** A handler that answers the event it received as JSON, and remembers it. */
function echoHandler(received: APIGatewayProxyEventV2[] = []): ApiGatewayHandler {
  return async (event) => {
    received.push(event);
    return { statusCode: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(event) };
  };
}

/** A logger whose lines a test can read. */
function recordingLogger() {
  const lines: unknown[] = [];
  const logger = createLogger({ level: 'debug', write: (line) => lines.push(JSON.parse(line)) });
  return { logger, lines };
}

describe('local HTTP server: requests reach the handler as API Gateway events', () => {
  it('listens on a free port when asked for port 0', async () => {
    // Act
    const server = await startTestServer();

    // Assess
    expect(server.port).toBeGreaterThan(0);
    expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
  });

  it('delivers method, path, query, headers, cookies and body', async () => {
    // Prepare
    const received: APIGatewayProxyEventV2[] = [];
    const server = await startTestServer({ handler: echoHandler(received) });

    // Act
    const response = await fetch(`${server.url}/events/track?source=page&tag=a&tag=b`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Request-Source': 'test', Cookie: 'session=abc; theme=dark' },
      body: '{"eventName":"learning_page_viewed"}',
    });

    // Assess
    expect(response.status).toBe(200);
    const [event] = received;
    expect(event).toMatchObject({
      version: '2.0',
      rawPath: '/events/track',
      rawQueryString: 'source=page&tag=a&tag=b',
      queryStringParameters: { source: 'page', tag: 'a,b' },
      cookies: ['session=abc', 'theme=dark'],
      body: '{"eventName":"learning_page_viewed"}',
      isBase64Encoded: false,
      requestContext: { http: { method: 'POST', path: '/events/track', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1' } },
    });
    expect(event?.headers).toMatchObject({ 'content-type': 'application/json', 'x-request-source': 'test' });
    expect(await response.json()).toEqual(JSON.parse(JSON.stringify(event)));
  });

  it('delivers a binary body as base64', async () => {
    // Prepare
    const received: APIGatewayProxyEventV2[] = [];
    const server = await startTestServer({ handler: echoHandler(received) });
    const bytes = Buffer.from([0xff, 0xd8, 0xff, 0x00, 0x10]);

    // Act
    await fetch(`${server.url}/upload`, { method: 'PUT', body: bytes });

    // Assess
    expect(received[0]).toMatchObject({ body: bytes.toString('base64'), isBase64Encoded: true });
  });

  it('delivers no body for a GET', async () => {
    // Prepare
    const received: APIGatewayProxyEventV2[] = [];
    const server = await startTestServer({ handler: echoHandler(received) });

    // Act
    await fetch(`${server.url}/progress/read`);

    // Assess
    expect(received[0]?.body).toBeUndefined();
    expect(received[0]?.queryStringParameters).toBeUndefined();
  });
});

describe('local HTTP server: handler results reach the client', () => {
  it('sends the status, headers, cookies and body', async () => {
    // Prepare
    const result: APIGatewayProxyStructuredResultV2 = {
      statusCode: 202,
      headers: { 'content-type': 'application/json', 'x-mode': 'local' },
      cookies: ['a=1; Path=/', 'b=2; HttpOnly'],
      body: '{"status":"queued"}',
    };
    const server = await startTestServer({ handler: async () => result });

    // Act
    const response = await fetch(`${server.url}/events/track`, { method: 'POST', body: '{}' });

    // Assess
    expect(response.status).toBe(202);
    expect(response.headers.get('x-mode')).toBe('local');
    expect(response.headers.getSetCookie()).toEqual(['a=1; Path=/', 'b=2; HttpOnly']);
    expect(await response.json()).toEqual({ status: 'queued' });
  });

  it('decodes a base64 result body to bytes', async () => {
    // Prepare
    const bytes = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0xff]);
    const server = await startTestServer({ handler: async () => ({ body: bytes.toString('base64'), isBase64Encoded: true }) });

    // Act
    const response = await fetch(`${server.url}/logo.png`);

    // Assess
    expect(response.status).toBe(200);
    expect(Buffer.from(await response.arrayBuffer()).equals(bytes)).toBe(true);
  });
});

describe('local HTTP server: body size cap', () => {
  const TOO_LARGE = { error: 'Payload too large', details: { code: 'PAYLOAD_TOO_LARGE', details: [] } };

  it('answers 413 to a body over 1 MiB by default, without calling the handler', async () => {
    // Prepare
    const received: APIGatewayProxyEventV2[] = [];
    const server = await startTestServer({ handler: echoHandler(received) });

    // Act
    const response = await fetch(`${server.url}/events/track`, { method: 'POST', body: 'x'.repeat(1_048_577) });

    // Assess
    expect(response.status).toBe(413);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(await response.json()).toEqual(TOO_LARGE);
    expect(received).toHaveLength(0);
  });

  it('answers 413 to a streamed body that passes the cap without declaring its length', async () => {
    // Prepare
    const received: APIGatewayProxyEventV2[] = [];
    const server = await startTestServer({ handler: echoHandler(received), maxBodyBytes: 1_000 });
    const chunk = new TextEncoder().encode('y'.repeat(600));
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(chunk);
        controller.enqueue(chunk);
        controller.close();
      },
    });

    // Act
    const response = await fetch(`${server.url}/events/track`, { method: 'POST', body, duplex: 'half' });

    // Assess
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual(TOO_LARGE);
    expect(received).toHaveLength(0);
  });

  it('passes a body exactly at the cap to the handler', async () => {
    // Prepare
    const received: APIGatewayProxyEventV2[] = [];
    const server = await startTestServer({ handler: echoHandler(received), maxBodyBytes: 1_000 });

    // Act
    const response = await fetch(`${server.url}/events/track`, { method: 'POST', body: 'z'.repeat(1_000) });

    // Assess
    expect(response.status).toBe(200);
    expect(received[0]?.body).toHaveLength(1_000);
  });

  it('keeps serving after refusing a body', async () => {
    // Prepare
    const server = await startTestServer({ maxBodyBytes: 10 });
    await fetch(`${server.url}/a`, { method: 'POST', body: 'x'.repeat(100) });

    // Act
    const response = await fetch(`${server.url}/b`, { method: 'POST', body: 'small' });

    // Assess
    expect(response.status).toBe(200);
  });
});

describe('local HTTP server: failures', () => {
  it('answers 500 when the handler throws, logs it, and keeps serving', async () => {
    // Prepare
    const { logger, lines } = recordingLogger();
    let calls = 0;
    const server = await startTestServer({
      logger,
      handler: async () => {
        calls += 1;
        if (calls === 1) throw new Error('boom');
        return { statusCode: 200, body: 'ok' };
      },
    });

    // Act
    const failed = await fetch(`${server.url}/events/track`, { method: 'POST', body: '{}' });
    const next = await fetch(`${server.url}/events/track`, { method: 'POST', body: '{}' });

    // Assess
    expect(failed.status).toBe(500);
    expect(await failed.json()).toEqual({ error: 'Internal server error' });
    expect(lines).toContainEqual(
      expect.objectContaining({ level: 'ERROR', message: 'Request failed', path: '/events/track', error: expect.objectContaining({ name: 'Error', message: 'boom' }) }),
    );
    expect(next.status).toBe(200);
    expect(await next.text()).toBe('ok');
  });

  it('rejects when the port is taken', async () => {
    // Prepare
    const first = await startTestServer();

    // Act
    const second = startHttpServer({ handler: echoHandler(), port: first.port });

    // Assess
    await expect(second).rejects.toMatchObject({ code: 'EADDRINUSE' });
  });

  it('stops accepting connections once closed', async () => {
    // Prepare
    const server = await startHttpServer({ handler: echoHandler(), port: 0 });
    await fetch(`${server.url}/warm`);

    // Act
    await server.close();

    // Assess
    await expect(fetch(`${server.url}/after`)).rejects.toThrow();
  });
});

describe('local HTTP server: extra routes', () => {
  it('lets a route answer a request before the handler sees it', async () => {
    // Prepare
    const received: APIGatewayProxyEventV2[] = [];
    const server = await startTestServer({
      handler: echoHandler(received),
      routes: (req, res) => {
        if (req.url !== '/health') return false;
        res.writeHead(200, { 'content-type': 'text/plain' }).end('static');
        return true;
      },
    });

    // Act
    const routed = await fetch(`${server.url}/health`);
    const passed = await fetch(`${server.url}/events/track`, { method: 'POST', body: '{}' });

    // Assess
    expect(await routed.text()).toBe('static');
    expect(passed.status).toBe(200);
    expect(received.map((e) => e.rawPath)).toEqual(['/events/track']);
  });
});

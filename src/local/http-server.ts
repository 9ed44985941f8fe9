import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { errorBody } from '../http/error-response.js';
import { silentLogger, type Logger } from '../observability/logger.js';
import { toApiGatewayEvent, writeApiGatewayResult } from './http-adapter.js';

/**
 * The local HTTP server: Node's `http` in front of the Lambda handler, each request turned into the API Gateway
 * event the deployed function would get. It only guards what API Gateway guards for the function — a body size cap,
 * and a 500 instead of a crash when the handler throws.
 */

/** The deployed Lambda handler's shape. */
export type ApiGatewayHandler = (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2>;

export interface HttpServerOptions {
  handler: ApiGatewayHandler;
  /** 0 picks a free port; the chosen one is in the answer. */
  port: number;
  /** Interface to listen on; `127.0.0.1` by default, so a development server is not reachable from the network. */
  host?: string;
  logger?: Logger;
  /** Largest body read, in bytes; bigger requests get a 413 and never reach the handler. 1 MiB by default. */
  maxBodyBytes?: number;
  /** Tried before the handler (e.g. static files); answers true when it has handled the request. */
  routes?: (req: IncomingMessage, res: ServerResponse) => boolean;
}

export interface RunningHttpServer {
  /** Base URL, without a trailing slash: `http://127.0.0.1:3000`. */
  readonly url: string;
  readonly port: number;
  /** Stops listening and closes every open connection. */
  close(): Promise<void>;
}

export const DEFAULT_MAX_BODY_BYTES = 1_048_576;

const PAYLOAD_TOO_LARGE = JSON.stringify(errorBody('PAYLOAD_TOO_LARGE', 'Payload too large'));
const INTERNAL_ERROR = JSON.stringify({ error: 'Internal server error' });
const BAD_REQUEST = JSON.stringify(errorBody('BAD_REQUEST', 'Bad request target'));

/** An origin-form target (`/path?query`) that parses as a URL; API Gateway refuses anything else before the function. */
function isRequestTarget(target: string | undefined): boolean {
  if (target === undefined || !target.startsWith('/') || target.startsWith('//')) return false;
  try {
    new URL(target, 'http://localhost');
    decodeURIComponent(target.split('?')[0] ?? '');
    return true;
  } catch {
    return false;
  }
}

/**
 * Starts the server; resolves once it listens.
 * @example const server = await startHttpServer({ handler, port: 3000 }); console.log(server.url);
 */
export function startHttpServer(options: HttpServerOptions): Promise<RunningHttpServer> {
  const { handler, routes } = options;
  const host = options.host ?? '127.0.0.1';
  const logger = options.logger ?? silentLogger;
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;

  /**
   * 1. Offer the request to the extra routes.
   * 2. Read the whole body, up to the cap.
   * 3. Run the handler on the event and write its result.
   */
  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = Date.now();
    try {
      if (!isRequestTarget(req.url)) {
        logger.warn('Bad request target', { method: req.method });
        sendJson(res, 400, BAD_REQUEST);
        return;
      }
      if (routes?.(req, res) === true) return;
      const body = await readBody(req, maxBodyBytes);
      if (body === undefined) {
        logger.warn('Request body too large', { method: req.method, path: pathOf(req), maxBodyBytes });
        sendJson(res, 413, PAYLOAD_TOO_LARGE);
        return;
      }
      const event = toApiGatewayEvent(req, body);
      const result = await handler(event);
      writeApiGatewayResult(res, result);
      logger.info('Request served', {
        requestId: event.requestContext.requestId,
        method: event.requestContext.http.method,
        path: event.rawPath,
        statusCode: res.statusCode,
        durationMs: Date.now() - started,
      });
    } catch (error) {
      logger.error('Request failed', { method: req.method, path: pathOf(req), error });
      if (res.headersSent) res.destroy();
      else sendJson(res, 500, INTERNAL_ERROR);
    }
  }

  const server = createServer((req, res) => void serve(req, res));
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => {
      server.off('error', reject);
      const address = server.address();
      // Only a pipe or Windows named socket answers a string; listen(port, host) always gives an AddressInfo.
      const port = typeof address === 'object' && address !== null ? address.port : options.port;
      resolve({ url: `http://${urlHost(host)}:${port}`, port, close: () => closeServer(server) });
    });
  });
}

/**
 * Reads the whole body, or answers undefined as soon as it passes `maxBytes`. The rest of an oversize body is read
 * and dropped rather than left unread: a client still sending when the socket closes sees a reset, not the 413.
 */
function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > maxBytes) {
      req.resume();
      resolve(undefined);
      return;
    }
    const chunks: Buffer[] = [];
    let received = 0;
    function onData(chunk: Buffer): void {
      received += chunk.length;
      if (received > maxBytes) {
        req.off('data', onData);
        req.resume();
        chunks.length = 0;
        resolve(undefined);
        return;
      }
      chunks.push(chunk);
    }
    req.on('data', onData);
    req.once('end', () => resolve(Buffer.concat(chunks)));
    req.once('error', reject);
  });
}

function sendJson(res: ServerResponse, statusCode: number, body: string): void {
  res.writeHead(statusCode, { 'content-type': 'application/json' });
  res.end(body);
}

function pathOf(req: IncomingMessage): string {
  return (req.url ?? '/').split('?')[0] ?? '/';
}

/** A URL a browser can open: wildcard addresses become loopback, IPv6 gets its brackets. */
function urlHost(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}

function closeServer(server: ReturnType<typeof createServer>): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    // Keep-alive connections (fetch keeps them) would hold close() open until they time out.
    server.closeAllConnections();
  });
}

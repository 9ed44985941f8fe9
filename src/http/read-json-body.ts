import { RequestError } from '../errors.js';

/** Bodies over this many bytes (after base64 decoding) are refused with 413. */
export const MAX_BODY_BYTES = 10_000;

/**
 * Decodes an API Gateway body (base64 or text, whatever the Content-Type: `navigator.sendBeacon` sends
 * `text/plain`) and parses it as JSON. Throws {@link RequestError} `PAYLOAD_TOO_LARGE` or `INVALID_JSON`.
 */
export function readJsonBody(body: string | undefined, isBase64Encoded: boolean | undefined): unknown {
  const bytes = body === undefined ? Buffer.alloc(0) : Buffer.from(body, isBase64Encoded ? 'base64' : 'utf8');
  if (bytes.length > MAX_BODY_BYTES) {
    throw new RequestError(413, 'PAYLOAD_TOO_LARGE', `Request body is ${bytes.length} bytes; the limit is ${MAX_BODY_BYTES}`, [
      `body: ${bytes.length} bytes exceeds ${MAX_BODY_BYTES}`,
    ]);
  }
  const text = bytes.toString('utf8').replace(/^\uFEFF/, '');
  if (text.trim() === '') {
    throw new RequestError(400, 'INVALID_JSON', 'Request body is empty', ['body: expected a JSON object']);
  }
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw new RequestError(400, 'INVALID_JSON', 'Request body is not valid JSON', [`body: ${describeJsonError(cause)}`]);
  }
}

/**
 * V8's SyntaxError may quote part of the body (`Unexpected token 'j', "jane@example.com" is not valid JSON`), and
 * these details are logged: keep what went wrong and where, never the quoted text.
 */
function describeJsonError(cause: unknown): string {
  const message = cause instanceof Error ? cause.message : String(cause);
  const quote = message.indexOf('"');
  return quote === -1 ? message : message.slice(0, quote).replace(/[\s,]+$/, '') || 'not valid JSON';
}

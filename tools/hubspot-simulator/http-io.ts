import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SimResponse } from './sim-response.js';

/** Reading requests and writing answers on `node:http`. */

/** Far above anything the service sends (100 inputs of a 64 KB state is about 7 MB). */
const MAX_BODY_BYTES = 16 * 1024 * 1024;

/** The whole request body as text. */
export async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size > MAX_BODY_BYTES) throw new Error(`request body over ${MAX_BODY_BYTES} bytes`);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Parses a JSON body; an empty one is `undefined`. */
export function parseJson(text: string): { ok: true; value: unknown } | { ok: false; message: string } {
  if (text.trim() === '') return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
}

/** An answer's body as it goes on the wire. */
export interface Serialised {
  readonly contentType: string | undefined;
  readonly text: string;
}

export function serialise(answer: SimResponse): Serialised {
  if (answer.raw !== undefined) return { contentType: answer.raw.contentType, text: answer.raw.text };
  if (answer.body === undefined) return { contentType: undefined, text: '' };
  return { contentType: 'application/json;charset=utf-8', text: JSON.stringify(answer.body) };
}

export function writeResponse(response: ServerResponse, answer: SimResponse): void {
  writeSerialised(response, answer, serialise(answer));
}

export function writeSerialised(response: ServerResponse, answer: SimResponse, serialised: Serialised): void {
  if (response.destroyed || response.writableEnded) return;
  const { contentType, text } = serialised;
  response.statusCode = answer.status;
  for (const [name, value] of Object.entries(answer.headers ?? {})) response.setHeader(name, value);
  if (contentType !== undefined) response.setHeader('Content-Type', contentType);
  response.setHeader('Content-Length', Buffer.byteLength(text));
  response.end(text);
}

export function sleep(ms: number): Promise<void> {
  return ms <= 0 ? Promise.resolve() : new Promise((resolve) => setTimeout(resolve, ms));
}

import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { fileURLToPath } from 'node:url';
import type { ContactStore } from '../crm/contact-store.js';
import { READ_PROPERTIES } from '../properties/property-definitions.js';
import { emailSchema } from '../identity.js';
import type { Catalog } from '../progress/types.js';

/**
 * What the local server serves besides the API (the Lambda serves none of it):
 * - `/client/hhl-progress.js` (ES module) and `/client/hhl-progress.iife.js` (classic script), the committed builds
 *   in `client/dist`, to any origin: a CMS page on another host may load them;
 * - `/demo`, a page to click through the catalog, with its script, the catalog as JSON, and
 *   `/demo/contact?email=…`, the contact's progress properties as the embedded store holds them.
 */

export interface StaticRoutesOptions {
  catalog: Catalog;
  /** The contact store; `/demo/contact` answers only for the embedded local store (never a real portal). */
  store?: ContactStore;
  /** Where the client builds are; `client/dist` by default. */
  clientDir?: string;
  /** Where the demo page is; `src/local/demo` by default. */
  demoDir?: string;
  /**
   * Whether `/demo` and `/demo/contact` exist: only when `AUTH_MODE=none` and the server listens on loopback. The demo
   * names learners by email with no sign-in, and shows any contact's properties: never on a reachable server.
   */
  demo?: boolean;
}

export type StaticRoutes = (req: IncomingMessage, res: ServerResponse) => boolean;

const JS = 'text/javascript; charset=utf-8';
const HTML = 'text/html; charset=utf-8';
const JSON_TYPE = 'application/json';

type Answer = { status: number; type: string; body: string | Buffer; headers?: Record<string, string> };

/** The `routes` hook of the local HTTP server. @example startHttpServer({ handler, port, routes: createStaticRoutes({ catalog, store }) }) */
export function createStaticRoutes(options: StaticRoutesOptions): StaticRoutes {
  const clientDir = options.clientDir ?? fileURLToPath(new URL('../../client/dist/', import.meta.url));
  const demoDir = options.demoDir ?? fileURLToPath(new URL('./demo/', import.meta.url));
  const anyOrigin = { 'Access-Control-Allow-Origin': '*' };
  // Files are read on every request, so a rebuilt client or an edited demo shows without a restart.
  const file = (dir: string, name: string, type: string, headers?: Record<string, string>) => async (): Promise<Answer> => ({
    status: 200,
    type,
    body: await readFile(`${dir}/${name}`),
    ...(headers === undefined ? {} : { headers }),
  });
  const routes: Record<string, (url: URL) => Promise<Answer>> = {
    '/client/hhl-progress.js': file(clientDir, 'hhl-progress.js', JS, anyOrigin),
    '/client/hhl-progress.iife.js': file(clientDir, 'hhl-progress.iife.js', JS, anyOrigin),
    ...(options.demo === false
      ? {}
      : {
          '/demo': file(demoDir, 'index.html', HTML),
          '/demo/demo.js': file(demoDir, 'demo.js', JS),
          '/demo/catalog.json': async () => ({ status: 200, type: JSON_TYPE, body: JSON.stringify(catalogJson(options.catalog)) }),
          '/demo/contact': (url: URL) => demoContact(options.store, url.searchParams.get('email')),
        }),
  };

  return function serveStatic(req, res) {
    const url = new URL(req.url ?? '/', 'http://local');
    const path = url.pathname.length > 1 ? url.pathname.replace(/\/+$/, '') : url.pathname;
    const route = routes[path];
    if (route === undefined) return false;
    const method = req.method ?? 'GET';
    const answer: Promise<Answer> =
      method === 'GET' || method === 'HEAD'
        ? route(url).catch((error: unknown) => failure(path, error))
        : Promise.resolve({ status: 405, type: JSON_TYPE, body: JSON.stringify({ error: `Method ${method} not allowed` }), headers: { Allow: 'GET, HEAD' } });
    void answer.then((a) => {
      res.writeHead(a.status, { 'Content-Type': a.type, 'Cache-Control': 'no-cache', 'X-Content-Type-Options': 'nosniff', ...a.headers });
      res.end(method === 'HEAD' ? undefined : a.body);
    });
    return true;
  };
}

/** A missing file is a 404 (the client not built?); anything else, e.g. the store failing, a 500. */
function failure(path: string, error: unknown): Answer {
  const missing = error instanceof Error && 'code' in error && error.code === 'ENOENT';
  const message = missing ? `Not found: ${path} (run npm run build:client?)` : `Could not serve ${path}`;
  return { status: missing ? 404 : 500, type: JSON_TYPE, body: JSON.stringify({ error: message }) };
}

/** The catalog as the demo page draws it. */
function catalogJson(catalog: Catalog) {
  return {
    courses: [...catalog.courses].map(([slug, course]) => ({ slug, modules: course.modules })),
    pathways: [...catalog.pathways].map(([slug, pathway]) => ({ slug, courses: pathway.courses, modules: pathway.modules })),
  };
}

async function demoContact(store: ContactStore | undefined, emailParam: string | null): Promise<Answer> {
  const json = (status: number, body: unknown): Answer => ({ status, type: JSON_TYPE, body: JSON.stringify(body) });
  if (store === undefined || store.kind !== 'local') return json(404, { error: 'Only the embedded local contact store can be shown here' });
  const email = emailSchema.safeParse(emailParam ?? undefined);
  if (!email.success || email.data === undefined) return json(400, { error: 'email: must be a valid email address' });
  const contact = await store.read({ kind: 'email', email: email.data }, READ_PROPERTIES);
  return json(200, contact === null ? { id: null, properties: {} } : { id: contact.id, properties: contact.properties });
}

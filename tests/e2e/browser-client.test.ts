import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/catalog/load-catalog.js';
import { loadConfig } from '../../src/config.js';
import { createLocalContactStore, type LocalContactStore } from '../../src/crm/local/local-store.js';
import { PortalPropertyTypes } from '../../src/crm/portal-property-types.js';
import { PROPERTY_NAMES } from '../../src/properties/property-definitions.js';
import { createApp, type HttpHandler } from '../../src/http/app.js';
import { silentLogger } from '../../src/observability/logger.js';
import { type RunningHttpServer, startHttpServer } from '../../src/local/http-server.js';
import { createStaticRoutes } from '../../src/local/static-routes.js';
import { CHROMIUM_MISSING, chromiumAvailable, launchChromium, type PageServer, startPageServer } from '../fixtures/browser.js';

/*
 * The browser client in Chromium, from a page on another origin than the API. The API is the local server (the
 * Lambda handler over node:http, serving the client builds too) on one loopback port, with CORS_ALLOWED_ORIGINS naming
 * the "listed" page's origin; an "unlisted" page runs on a third port. The listed page loads the ES module from the API
 * origin, the unlisted one the classic script. Functions passed to page.evaluate run in the page, where globalThis is
 * the window (the project compiles without DOM types, hence the casts to any there).
 */

const available = chromiumAvailable();
const MODULE = { module_slug: 'crm-overview', course_slug: 'crm-essentials' };
const OUTBOX_KEY = 'hhl-progress-outbox';

interface Seen {
  method: string;
  path: string;
  contentType?: string;
}

const learnerPage = (script: string) => `<!doctype html><meta charset="utf-8"><title>module page</title>
<div data-hhl-module="crm-overview" data-hhl-course="crm-essentials">CRM overview</div>
<span data-hhl-sync hidden></span>
${script}`;

/** The client API of the page, driven from the test. */
function clientIn(page: Page) {
  return {
    init: (options: Record<string, string>) => page.evaluate((o) => (globalThis as any).HHLProgress.init(o), options),
    track: (eventName: string, fields: Record<string, string>): Promise<string> =>
      page.evaluate(([name, f]) => (globalThis as any).HHLProgress.track(name, f), [eventName, fields] as const),
    hydrate: (): Promise<any> => page.evaluate(() => (globalThis as any).HHLProgress.hydrate()),
    outbox: (): Promise<any[]> => page.evaluate((key) => JSON.parse((globalThis as any).localStorage.getItem(key) ?? '[]'), OUTBOX_KEY),
    /** Hydrates, marks the page and shows the indicator; answers what the page then shows. */
    showProgress: () =>
      page.evaluate(async () => {
        const { HHLProgress: client, document } = globalThis as any;
        const view = await client.hydrate();
        client.mark(view);
        client.showSynced(view);
        const indicator = document.querySelector('[data-hhl-sync]');
        return { module: document.querySelector('[data-hhl-module]').getAttribute('data-hhl-state'), synced: indicator.hidden ? null : indicator.textContent };
      }),
  };
}

describe.skipIf(!available)(`browser client in Chromium${available ? '' : ` (${CHROMIUM_MISSING})`}`, () => {
  let listed: PageServer;
  let unlisted: PageServer;
  let api: RunningHttpServer;
  let apiPort: number;
  let store: LocalContactStore;
  let browser: Browser;
  let handler: HttpHandler;
  const seen: Seen[] = [];
  const catalog = loadCatalog();

  /** The API as `npm start` runs it, on `port` (0: any), over the same store every time. */
  async function startApi(port: number): Promise<RunningHttpServer> {
    const statics = createStaticRoutes({ catalog, store });
    return startHttpServer({
      handler: (event) => handler(event),
      port,
      routes: (req, res) => {
        seen.push({ method: req.method ?? '', path: (req.url ?? '').split('?')[0] ?? '', contentType: req.headers['content-type'] });
        return statics(req, res);
      },
    });
  }

  beforeAll(async () => {
    store = createLocalContactStore();
    api = await startApi(0);
    apiPort = api.port;
    listed = await startPageServer(learnerPage(`<script type="module">import * as client from '${api.url}/client/hhl-progress.js'; window.HHLProgress = client;</script>`));
    unlisted = await startPageServer(learnerPage(`<script src="${api.url}/client/hhl-progress.iife.js"></script>`));
    const config = loadConfig({ ENABLE_CRM_PROGRESS: 'true', CORS_ALLOWED_ORIGINS: listed.url });
    handler = createApp({ config, catalog, store, clock: () => new Date(), logger: silentLogger, propertyTypes: new PortalPropertyTypes() });
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await Promise.all([api?.close(), listed?.close(), unlisted?.close()]);
  });

  async function openPage(context: BrowserContext, server: PageServer): Promise<Page> {
    const page = await context.newPage();
    await page.goto(`${server.url}/`);
    await page.waitForFunction(() => (globalThis as any).HHLProgress !== undefined);
    return page;
  }

  async function reload(page: Page): Promise<void> {
    await page.reload();
    await page.waitForFunction(() => (globalThis as any).HHLProgress !== undefined);
  }

  async function storedModule(email: string): Promise<Record<string, unknown> | undefined> {
    const contact = await store.read({ kind: 'email', email }, [PROPERTY_NAMES.state]);
    const state = contact?.properties[PROPERTY_NAMES.state];
    return state ? JSON.parse(state).courses?.['crm-essentials']?.modules?.['crm-overview'] : undefined;
  }

  /** Waits for a beacon to land: the browser sends it after `sendBeacon` returns. */
  async function waitForModule(email: string): Promise<Record<string, unknown> | undefined> {
    for (let i = 0; i < 100 && (await storedModule(email)) === undefined; i += 1) await new Promise((resolve) => setTimeout(resolve, 50));
    return storedModule(email);
  }

  it('sends a text/plain beacon without a preflight, and shows the stored progress after a reload', async () => {
    // Prepare
    const context = await browser.newContext();
    const page = await openPage(context, listed);
    const client = clientIn(page);
    const email = 'beacon.reader@example.com';
    await client.init({ apiBase: api.url, email });
    const from = seen.length;
    // Act
    const result = await client.track('learning_module_completed', MODULE);
    const stored = await waitForModule(email);
    await reload(page);
    await client.init({ apiBase: api.url, email });
    const shown = await client.showProgress();
    const view = await client.hydrate();
    // Assess
    expect(result).toBe('sent');
    expect(seen.slice(from).filter((s) => s.path === '/events/track')).toEqual([{ method: 'POST', path: '/events/track', contentType: 'text/plain;charset=UTF-8' }]);
    expect(stored).toMatchObject({ started: true, completed: true });
    expect(view).toMatchObject({ mode: 'authenticated', pending: 0, total_progress: 1 });
    expect(shown).toEqual({ module: 'completed', synced: 'Progress synced' });
    expect(await client.outbox()).toEqual([]);
    await context.close();
  });

  it('keeps an event while the service is down, shows it meanwhile, and delivers it with its own time on the next init', async () => {
    // Prepare
    const context = await browser.newContext();
    const page = await openPage(context, listed);
    const client = clientIn(page);
    const email = 'service.down@example.com';
    await client.init({ apiBase: api.url, email });
    await api.close();
    let down = true;
    try {
      // Act: track while the API is gone.
      const result = await client.track('learning_module_completed', MODULE);
      const kept = await client.outbox();
      const meanwhile = await client.showProgress();
      const offlineView = await client.hydrate();
      // Assess
      expect(result).toBe('sent');
      expect(kept).toHaveLength(1);
      expect(offlineView).toMatchObject({ mode: 'unavailable', pending: 1 });
      expect(offlineView.progress.courses['crm-essentials'].modules['crm-overview']).toMatchObject({ completed: true });
      expect(meanwhile).toEqual({ module: 'completed', synced: null });
      expect(await storedModule(email)).toBeUndefined();

      // Act: the API is back on the same port; the next page load delivers the event.
      api = await startApi(apiPort);
      down = false;
      await reload(page);
      await client.init({ apiBase: api.url, email });
      const stored = await waitForModule(email);
      // Assess
      expect(stored).toMatchObject({ completed: true, completed_at: kept[0].b.payload.ts });
      expect(await client.hydrate()).toMatchObject({ mode: 'authenticated', pending: 0 });
      expect(await client.outbox()).toEqual([]);
    } finally {
      // Leave the API running for the other tests whatever happened.
      if (down) api = await startApi(apiPort);
      await context.close();
    }
  });

  it('keeps events while the browser is offline and sends them when it comes back online', async () => {
    // Prepare
    const context = await browser.newContext();
    const page = await openPage(context, listed);
    const client = clientIn(page);
    const email = 'back.online@example.com';
    await client.init({ apiBase: api.url, email });
    await context.setOffline(true);
    // Act
    const result = await client.track('learning_module_completed', MODULE);
    const kept = await client.outbox();
    await context.setOffline(false);
    const stored = await waitForModule(email);
    // Assess
    expect(result).toBe('queued');
    expect(kept).toMatchObject([{ w: email, b: { eventName: 'learning_module_completed' } }]);
    expect(stored).toMatchObject({ completed: true });
    await context.close();
  });

  it('cannot read progress, or post with a token, from an unlisted origin', async () => {
    // Prepare: the listed page's learner has progress.
    const context = await browser.newContext();
    const page = await openPage(context, unlisted);
    const client = clientIn(page);
    const email = 'beacon.reader@example.com';
    await client.init({ apiBase: api.url, email, token: 'a.b.c' });
    const blocked: string[] = [];
    page.on('console', (message) => {
      if (message.text().includes('CORS')) blocked.push(message.text());
    });
    const postsBefore = seen.filter((s) => s.method === 'POST').length;
    // Act
    const result = await client.track('learning_module_started', { module_slug: 'deals-pipeline', course_slug: 'crm-essentials' });
    const view = await client.hydrate();
    // Assess
    expect(result).toBe('queued');
    expect(view).toMatchObject({ mode: 'unavailable', pending: 1 });
    expect(Object.keys(view.progress.courses['crm-essentials'].modules)).toEqual(['deals-pipeline']);
    expect(seen.filter((s) => s.method === 'POST')).toHaveLength(postsBefore);
    expect(blocked.length).toBeGreaterThan(0);
    await context.close();
  });
});

describe.skipIf(!available)(`the /demo page of npm start${available ? '' : ` (${CHROMIUM_MISSING})`}`, () => {
  let server: ChildProcess;
  let url: string;
  let browser: Browser;

  beforeAll(async () => {
    // `npm start` is `tsx src/local/main.ts`; run it on a free port with an empty data folder.
    const tsx = createRequire(import.meta.url).resolve('tsx/cli');
    const dataDir = mkdtempSync(join(tmpdir(), 'hhl-demo-'));
    // Its working directory is the empty data folder, so a developer's .env cannot change what is tested.
    server = spawn(process.execPath, [tsx, join(import.meta.dirname, '..', '..', 'src', 'local', 'main.ts')], {
      cwd: dataDir,
      env: { ...process.env, PORT: '0', LOCAL_DATA_DIR: dataDir, HUBSPOT_PRIVATE_APP_TOKEN: '', ENABLE_CRM_PROGRESS: '', CORS_ALLOWED_ORIGINS: '', AUTH_MODE: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    url = await new Promise<string>((resolve, reject) => {
      let out = '';
      server.stdout?.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const found = /"message":"Local server started".*?"url":"([^"]+)"/.exec(out);
        if (found?.[1] !== undefined) resolve(found[1]);
      });
      server.once('exit', (code) => reject(new Error(`npm start exited with ${code}: ${out}`)));
    });
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    server?.kill('SIGTERM');
  });

  it('serves the client builds with JavaScript content types', async () => {
    const [esm, iife] = await Promise.all([fetch(`${url}/client/hhl-progress.js`), fetch(`${url}/client/hhl-progress.iife.js`)]);
    expect([esm.status, iife.status]).toEqual([200, 200]);
    expect(esm.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(iife.headers.get('access-control-allow-origin')).toBe('*');
    expect(await iife.text()).toContain('HHLProgress');
  });

  it('answers 405 to other methods on those paths, and shows no contact without a valid email', async () => {
    const [posted, contact] = await Promise.all([fetch(`${url}/demo`, { method: 'POST' }), fetch(`${url}/demo/contact?email=nope`)]);
    expect([posted.status, posted.headers.get('allow')]).toEqual([405, 'GET, HEAD']);
    expect(contact.status).toBe(400);
  });

  it('lets a person enrol, complete a module and see the stored progress and the contact properties change', async () => {
    // Prepare
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${url}/demo?email=demo.person@example.com`);
    const module = page.locator('li[data-hhl-module="crm-overview"][data-hhl-course="crm-essentials"][data-hhl-pathway="hubspot-foundations"]');
    // Act
    await page.locator('section[data-hhl-pathway="hubspot-foundations"] button', { hasText: 'Enrol in pathway' }).click();
    await module.getByRole('button', { name: 'Complete' }).click();
    // Assess
    await expect.poll(() => module.getAttribute('data-hhl-state'), { timeout: 10_000 }).toBe('completed');
    await expect.poll(() => page.locator('#properties').innerText(), { timeout: 10_000 }).toContain('hubspot-foundations: 0/2 courses');
    await expect.poll(() => page.locator('[data-hhl-sync]').innerText(), { timeout: 10_000 }).toBe('Progress synced');
    expect(await page.locator('#enrollments').innerText()).toContain('"slug": "hubspot-foundations"');
    expect(await page.locator('[data-agg="course:crm-essentials"]').innerText()).toContain('1/3 modules');
    expect(errors).toEqual([]);
    await page.close();
  });
});

import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/catalog/load-catalog.js';
import { loadConfig } from '../../src/config.js';
import { createLocalContactStore, type LocalContactStore } from '../../src/crm/local/local-store.js';
import { PortalPropertyTypes } from '../../src/crm/portal-property-types.js';
import { PROPERTY_NAMES } from '../../src/properties/property-definitions.js';
import { createApp } from '../../src/http/app.js';
import { silentLogger } from '../../src/observability/logger.js';
import { type RunningHttpServer, startHttpServer } from '../../src/local/http-server.js';
import { CHROMIUM_MISSING, chromiumAvailable, launchChromium, type PageServer, startPageServer } from '../fixtures/browser.js';

/*
 * CORS as Chromium enforces it. The API runs on one loopback port with CORS_ALLOWED_ORIGINS naming a page served on a
 * second port ("listed"); a page on a third port is not listed. A JSON POST from a page is not a simple request, so
 * the browser sends a real preflight and only proceeds when the API allows the page's origin.
 */

const available = chromiumAvailable();

interface Seen {
  method: string;
  path: string;
  origin?: string;
}

/** A track body for `email`, as a learning page would send it. */
const trackEvent = (email: string, fields: Record<string, string>, eventName = 'learning_module_completed') => ({
  eventName,
  contactIdentifier: { email },
  payload: { ts: new Date().toISOString(), ...fields },
});

/** Runs `fetch` inside the page; answers the status and JSON body, or the error the promise rejected with. */
function fetchFromPage(page: Page, url: string, init: { method: string; json?: unknown }) {
  return page.evaluate(
    async ({ url, init }) => {
      try {
        const res = await fetch(url, {
          method: init.method,
          credentials: 'include',
          ...(init.json === undefined ? {} : { headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(init.json) }),
        });
        const body: any = await res.json();
        return { ok: true as const, status: res.status, body };
      } catch (error) {
        return { ok: false as const, error: `${(error as Error).name}: ${(error as Error).message}` };
      }
    },
    { url, init },
  );
}

/** Queues `body` as a `text/plain` beacon (no preflight: a simple request); answers whether the browser took it. */
function beaconFromPage(page: Page, url: string, body: unknown): Promise<boolean> {
  // A string expression: the project's TypeScript has no DOM types, and this runs in the page.
  return page.evaluate(`navigator.sendBeacon(${JSON.stringify(url)}, ${JSON.stringify(JSON.stringify(body))})`);
}

describe.skipIf(!available)(`CORS in Chromium${available ? '' : ` (${CHROMIUM_MISSING})`}`, () => {
  let listed: PageServer;
  let unlisted: PageServer;
  let api: RunningHttpServer;
  let store: LocalContactStore;
  let browser: Browser;
  const seen: Seen[] = [];

  beforeAll(async () => {
    [listed, unlisted] = await Promise.all([startPageServer(), startPageServer()]);
    store = createLocalContactStore();
    const config = loadConfig({ ENABLE_CRM_PROGRESS: 'true', CORS_ALLOWED_ORIGINS: listed.url });
    const handler = createApp({ config, catalog: loadCatalog(), store, clock: () => new Date(), logger: silentLogger, propertyTypes: new PortalPropertyTypes() });
    api = await startHttpServer({
      handler,
      port: 0,
      routes: (req) => {
        seen.push({ method: req.method ?? '', path: (req.url ?? '').split('?')[0] ?? '', origin: req.headers.origin });
        return false;
      },
    });
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await Promise.all([api?.close(), listed?.close(), unlisted?.close()]);
  });

  async function openPage(server: PageServer): Promise<Page> {
    const page = await browser.newPage();
    await page.goto(`${server.url}/`);
    return page;
  }

  async function storedState(email: string): Promise<string | undefined> {
    const contact = await store.read({ kind: 'email', email }, [PROPERTY_NAMES.state]);
    return contact?.properties[PROPERTY_NAMES.state] ?? undefined;
  }

  /** Waits for a beacon to land: the browser sends it after `sendBeacon` returns. */
  async function waitForState(email: string, contains: string): Promise<string | undefined> {
    for (let i = 0; i < 100; i += 1) {
      const state = await storedState(email);
      if (state?.includes(contains)) return state;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return storedState(email);
  }

  it('lets the listed origin post JSON (after a preflight), send a beacon and read the progress back', async () => {
    // Prepare
    const page = await openPage(listed);
    const email = 'listed.learner@example.com';
    const optionsBefore = seen.filter((s) => s.method === 'OPTIONS').length;
    // Act
    const posted = await fetchFromPage(page, `${api.url}/events/track`, {
      method: 'POST',
      json: trackEvent(email, { module_slug: 'crm-overview', course_slug: 'crm-essentials' }),
    });
    const beaconQueued = await beaconFromPage(page, `${api.url}/events/track`, trackEvent(email, { module_slug: 'deals-pipeline', course_slug: 'crm-essentials' }));
    await waitForState(email, 'deals-pipeline');
    const read = await fetchFromPage(page, `${api.url}/progress/read?email=${encodeURIComponent(email)}`, { method: 'GET' });
    // Assess
    expect(posted).toMatchObject({ ok: true, status: 200, body: { status: 'persisted', mode: 'authenticated' } });
    expect(beaconQueued).toBe(true);
    expect(read).toMatchObject({ ok: true, status: 200, body: { mode: 'authenticated', total_progress: 2 } });
    const modules = read.ok ? read.body.progress.courses['crm-essentials'].modules : {};
    expect(Object.keys(modules).sort()).toEqual(['crm-overview', 'deals-pipeline']);
    const preflights = seen.filter((s) => s.method === 'OPTIONS').slice(optionsBefore);
    expect(preflights).toEqual([{ method: 'OPTIONS', path: '/events/track', origin: listed.url }]);
    await page.close();
  });

  it('reuses the preflight past Chromium\'s 5-second default for the next JSON post (Access-Control-Max-Age)', async () => {
    // Prepare
    const page = await openPage(listed);
    const email = 'cached.preflight@example.com';
    const body = trackEvent(email, { course_slug: 'crm-essentials' }, 'learning_course_enrolled');
    await fetchFromPage(page, `${api.url}/events/track`, { method: 'POST', json: body });
    const optionsAfterFirst = seen.filter((s) => s.method === 'OPTIONS').length;
    // Without a max-age Chromium keeps a preflight 5 seconds; past that only the header keeps it.
    await page.waitForTimeout(6_000);
    // Act
    const second = await fetchFromPage(page, `${api.url}/events/track`, { method: 'POST', json: body });
    // Assess
    expect(second).toMatchObject({ ok: true, status: 200 });
    expect(seen.filter((s) => s.method === 'OPTIONS')).toHaveLength(optionsAfterFirst);
    await page.close();
  });

  it('blocks a JSON post from an unlisted origin at the preflight: the promise rejects and nothing is written', async () => {
    // Prepare
    const page = await openPage(unlisted);
    const email = 'unlisted.learner@example.com';
    const postsBefore = seen.filter((s) => s.method === 'POST').length;
    // Act
    const posted = await fetchFromPage(page, `${api.url}/events/track`, {
      method: 'POST',
      json: trackEvent(email, { module_slug: 'crm-overview', course_slug: 'crm-essentials' }),
    });
    // Assess
    expect(posted).toEqual({ ok: false, error: expect.stringMatching(/^TypeError: /) });
    expect(seen.filter((s) => s.method === 'POST')).toHaveLength(postsBefore);
    expect(seen.at(-1)).toEqual({ method: 'OPTIONS', path: '/events/track', origin: unlisted.url });
    expect(await storedState(email)).toBeUndefined();
    await page.close();
  });

  it('keeps the progress of a learner unreadable from an unlisted origin', async () => {
    // Prepare
    const email = 'listed.learner@example.com';
    const page = await openPage(unlisted);
    // Act
    const read = await fetchFromPage(page, `${api.url}/progress/read?email=${encodeURIComponent(email)}`, { method: 'GET' });
    // Assess
    expect(read).toEqual({ ok: false, error: expect.stringMatching(/^TypeError: /) });
    await page.close();
  });

  it('still delivers a text/plain beacon from an unlisted origin: CORS cannot stop a simple request (AUTH_MODE=jwt does)', async () => {
    // Prepare
    const page = await openPage(unlisted);
    const email = 'beacon.from.elsewhere@example.com';
    // Act
    const queued = await beaconFromPage(page, `${api.url}/events/track`, trackEvent(email, { module_slug: 'crm-overview', course_slug: 'crm-essentials' }));
    const state = await waitForState(email, 'crm-overview');
    // Assess
    expect(queued).toBe(true);
    expect(state).toContain('crm-overview');
    await page.close();
  });
});

describe('CORS preflight headers', () => {
  let api: RunningHttpServer;
  const LISTED = 'https://learn.example.com';

  beforeAll(async () => {
    const config = loadConfig({ ENABLE_CRM_PROGRESS: 'true', CORS_ALLOWED_ORIGINS: `${LISTED},https://*.sites.example.com` });
    const handler = createApp({ config, catalog: loadCatalog(), store: createLocalContactStore(), clock: () => new Date(), logger: silentLogger, propertyTypes: new PortalPropertyTypes() });
    api = await startHttpServer({ handler, port: 0 });
  });
  afterAll(() => api?.close());

  const preflight = (origin: string) =>
    fetch(`${api.url}/events/track`, {
      method: 'OPTIONS',
      headers: { Origin: origin, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type' },
    });

  it.each([
    [LISTED, 'true'],
    ['https://12345.hs.sites.example.com', null],
  ])('allows %s with a 600-second max-age, and credentials only for an exact origin (%s)', async (origin, credentials) => {
    // Act
    const res = await preflight(origin);
    // Assess
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe(origin);
    expect(res.headers.get('access-control-allow-credentials')).toBe(credentials);
    expect(res.headers.get('access-control-max-age')).toBe('600');
    expect(res.headers.get('access-control-allow-methods')?.split(',')).toContain('POST');
    expect(res.headers.get('access-control-allow-headers')?.toLowerCase().split(',')).toContain('content-type');
    expect(res.headers.get('vary')).toContain('Origin');
  });

  it.each([
    ['another site', 'https://evil.example.com'],
    ['a look-alike suffix', 'https://learn.example.com.evil.com'],
    ['the listed host over http', 'http://learn.example.com'],
    ['the listed host on another port', 'https://learn.example.com:8443'],
    ['the pattern domain itself with no subdomain', 'https://sites.example.com'],
    ['a sandboxed frame', 'null'],
  ])('gives %s no allow header, no credentials and no max-age', async (_label, origin) => {
    // Act
    const res = await preflight(origin);
    // Assess
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    expect(res.headers.get('access-control-allow-credentials')).toBeNull();
    expect(res.headers.get('access-control-max-age')).toBeNull();
  });

  it('never answers with a wildcard origin', async () => {
    const res = await fetch(`${api.url}/api/health`, { headers: { Origin: LISTED } });
    expect(res.headers.get('access-control-allow-origin')).toBe(LISTED);
    const other = await fetch(`${api.url}/api/health`, { headers: { Origin: 'https://evil.example.com' } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });
});

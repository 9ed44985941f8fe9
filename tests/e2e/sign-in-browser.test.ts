import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_MISSING, chromiumAvailable, launchChromium, type PageServer, startPageServer } from '../fixtures/browser.js';
import { startSignInService, type SignInService } from '../fixtures/sign-in-service.js';

/*
 * Sign-in as a CMS site gets it, in Chromium: a page on one origin loads the browser client, calls
 * HHLProgress.login(), signs in at a real OpenID provider (oidc-provider, on another site: `localhost` against the
 * service's `127.0.0.1`), lands back on the page, and from then on the session cookie alone names the learner to
 * the API on a third origin — `me()`, a tracked event, a read — until `logout()` ends it here and at the provider.
 */

const available = chromiumAvailable();
const client = readFileSync(new URL('../../client/dist/hhl-progress.iife.js', import.meta.url), 'utf8');

describe.skipIf(!available)(`sign-in in Chromium${available ? '' : ` (${CHROMIUM_MISSING})`}`, () => {
  let browser: Browser;
  let site: PageServer;
  let svc: SignInService;

  beforeAll(async () => {
    site = await startPageServer(`<!doctype html><meta charset="utf-8"><title>course page</title><script>${client}</script>`);
    svc = await startSignInService({ env: { CORS_ALLOWED_ORIGINS: site.url }, afterLogout: [`${site.url}/`] });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await svc?.close();
    await site?.close();
  });

  async function signInAs(page: Page, account: string): Promise<void> {
    await page.goto(`${site.url}/`);
    await page.evaluate((apiBase) => (globalThis as any).HHLProgress.init({ apiBase }), svc.url);
    await Promise.all([page.waitForURL((url) => url.origin === svc.provider.issuer), page.evaluate(() => (globalThis as any).HHLProgress.login())]);
    await page.fill('input[name="login"]', account);
    await page.fill('input[name="password"]', 'any password');
    await page.click('button[type="submit"]');
    await page.click('button[type="submit"]:has-text("Continue")');
    await page.waitForURL(`${site.url}/`);
    await page.evaluate((apiBase) => (globalThis as any).HHLProgress.init({ apiBase }), svc.url);
  }

  it('signs in, tracks and reads with the cookie alone, and signs out', async () => {
    // Prepare
    const context = await browser.newContext();
    await context.route(/^https?:\/\/(?!127\.0\.0\.1|localhost)/, (route) => route.abort());
    const page = await context.newPage();

    // Act: sign in
    await signInAs(page, 'ada');
    const me = await page.evaluate(() => (globalThis as any).HHLProgress.me());

    // Assess
    expect(me).toMatchObject({ authenticated: true, email: 'ada.lovelace@example.com', displayName: 'Ada Lovelace' });
    const cookies = await context.cookies(svc.url);
    expect(cookies.find((c) => c.name === 'hhl_session')).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    expect(await page.evaluate(() => (globalThis as any).document.cookie)).not.toContain('hhl_session');

    // Act: an event and a read, naming nobody: the session does
    const sent = await page.evaluate(() => (globalThis as any).HHLProgress.track('learning_course_enrolled', { course_slug: 'crm-essentials' }));
    await expect.poll(() => svc.store.read({ kind: 'email', email: 'ada.lovelace@example.com' }, ['hhl_enrolled_courses'])).toMatchObject({
      properties: { hhl_enrolled_courses: 'crm-essentials' },
    });
    const view = await page.evaluate(() => (globalThis as any).HHLProgress.hydrate());

    // Assess
    expect(sent).toBe('sent');
    expect(view.mode).toBe('authenticated');
    expect(view.progress.courses['crm-essentials']).toMatchObject({ enrolled: true });

    // Act: sign out, confirming at the provider
    await Promise.all([page.waitForURL((url) => url.origin === svc.provider.issuer), page.evaluate(() => (globalThis as any).HHLProgress.logout())]);
    await page.click('button[name="logout"]');
    await page.waitForURL(`${site.url}/`);
    await page.evaluate((apiBase) => (globalThis as any).HHLProgress.init({ apiBase }), svc.url);
    const after = await page.evaluate(() => (globalThis as any).HHLProgress.me());

    // Assess
    expect(after).toEqual({ authenticated: false });
    expect((await context.cookies(svc.url)).some((c) => c.name === 'hhl_session')).toBe(false);
    await context.close();
  });
});

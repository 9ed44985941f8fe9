import * as client from 'openid-client';
import { afterEach, describe, expect, it } from 'vitest';
import { createCookieBrowser, type CookieBrowser } from '../../fixtures/cookie-browser.js';
import { publicClient, startProvider, type TestProvider } from '../../fixtures/oidc-provider.js';
import { SITE, startSignInService, type SignInService } from '../../fixtures/sign-in-service.js';

const running: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const r of running.splice(0)) await r.close();
});

async function service(options: Parameters<typeof startSignInService>[0] = {}): Promise<SignInService> {
  const started = await startSignInService(options);
  running.push(started);
  return started;
}

async function provider(options: Parameters<typeof startProvider>[0]): Promise<TestProvider> {
  const started = await startProvider(options);
  running.push(started);
  return started;
}

/** Starts a login at the service and answers the provider URL it sends the browser to. */
async function startLogin(browser: CookieBrowser, svc: SignInService, redirectUrl = `${SITE}/learn/course`, path = '/auth/login'): Promise<URL> {
  const hop = await browser.go(`${svc.url}${path}?redirect_url=${encodeURIComponent(redirectUrl)}`);
  expect(hop.status).toBe(302);
  return new URL(hop.location ?? '');
}

/** A whole sign-in as `account`: answers the callback's hop. */
async function signIn(browser: CookieBrowser, svc: SignInService, account = 'ada', redirectUrl?: string) {
  const authorization = await startLogin(browser, svc, redirectUrl);
  const callback = await browser.signInAtProvider(authorization.href, account);
  return browser.go(callback);
}

const enrolBody = (email?: string) =>
  JSON.stringify({
    eventName: 'learning_course_enrolled',
    course_slug: 'crm-essentials',
    ...(email === undefined ? {} : { contactIdentifier: { email } }),
  });

describe('sign-in through the API (AUTH_MODE=oidc) with a real OpenID provider', () => {
  it('signs the learner in, and the session alone names them to every route until they sign out', async () => {
    // Prepare
    const svc = await service();
    const browser = createCookieBrowser();

    // Act: sign in, and come back to the page
    const authorization = await startLogin(browser, svc);
    const callback = await browser.signInAtProvider(authorization.href, 'ada');
    const landed = await browser.go(callback);

    // Assess: the provider was asked with PKCE S256, a state and a nonce; the learner lands where they started
    expect(authorization.origin).toBe(svc.provider.issuer);
    expect(authorization.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorization.searchParams.get('state')).toMatch(/.{20,}/);
    expect(authorization.searchParams.get('nonce')).toMatch(/.{20,}/);
    expect(authorization.searchParams.get('scope')).toBe('openid email profile');
    expect(landed.status).toBe(302);
    expect(landed.location).toBe(`${SITE}/learn/course`);
    const session = landed.setCookies.find((c) => c.startsWith('hhl_session='));
    expect(session).toMatch(/HttpOnly/i);
    expect(session).toMatch(/SameSite=Lax/i);
    expect(session).toMatch(/Path=\//);
    expect(session).not.toMatch(/Secure/i);

    // Act: the page asks who is signed in, then tracks and reads with the cookie alone
    const me = await browser.go(`${svc.url}/auth/me`, { origin: SITE });
    const tracked = await browser.go(`${svc.url}/events/track`, { method: 'POST', origin: SITE, body: enrolBody() });
    const read = await browser.go(`${svc.url}/progress/read`, { origin: SITE });
    const meAgain = await browser.go(`${svc.url}/auth/me`, { origin: SITE });

    // Assess
    expect(JSON.parse(me.body)).toEqual({
      authenticated: true,
      email: 'ada.lovelace@example.com',
      hubspotContactId: null,
      displayName: 'Ada Lovelace',
      firstname: 'Ada',
      lastname: 'Lovelace',
    });
    expect(JSON.parse(tracked.body)).toMatchObject({ status: 'persisted', mode: 'authenticated' });
    expect(JSON.parse(read.body).progress.courses['crm-essentials']).toMatchObject({ enrolled: true });
    const contactId = JSON.parse(tracked.body).contactId;
    expect(JSON.parse(meAgain.body).hubspotContactId).toBe(contactId);
    expect(await svc.store.read({ kind: 'email', email: 'ada.lovelace@example.com' }, [])).toMatchObject({ id: contactId });

    // Act: sign out
    const logout = await browser.go(`${svc.url}/auth/logout?redirect_url=${encodeURIComponent(`${SITE}/learn`)}`);
    const after = await browser.go(`${svc.url}/auth/me`, { origin: SITE });

    // Assess: the cookies are cleared, the provider's session ends too, and nobody is signed in here any more
    expect(logout.status).toBe(302);
    expect(new URL(logout.location ?? '').origin).toBe(svc.provider.issuer);
    expect(logout.setCookies.some((c) => /^hhl_session=;/.test(c) && /Max-Age=0/i.test(c))).toBe(true);
    expect(after.status).toBe(401);
    expect(JSON.parse(after.body)).toEqual({ authenticated: false });
  });

  it('creates no contact at sign-in', async () => {
    const svc = await service();
    await signIn(createCookieBrowser(), svc);
    expect(await svc.store.read({ kind: 'email', email: 'ada.lovelace@example.com' }, [])).toBeNull();
  });

  it('asks the provider for its sign-up page on /auth/signup', async () => {
    const svc = await service({ provider: { promptCreate: true } });
    const browser = createCookieBrowser();
    const authorization = await startLogin(browser, svc, `${SITE}/welcome`, '/auth/signup');
    expect(authorization.searchParams.get('prompt')).toBe('create');
    const landed = await browser.go(await browser.signInAtProvider(authorization.href, 'newcomer'));
    expect(landed.location).toBe(`${SITE}/welcome`);
    expect(JSON.parse((await browser.go(`${svc.url}/auth/me`, { origin: SITE })).body)).toMatchObject({ authenticated: true, email: 'newcomer@example.com' });
  });

  it.each([
    ['another site', 'https://evil.example.net/steal'],
    ['a look-alike host', 'https://learn.example.com.evil.net/'],
    ['a protocol-relative URL', '//evil.example.net/'],
    ['javascript:', 'javascript:alert(1)'],
    ['a pattern origin (patterns never receive sign-ins)', 'https://x.pages.example.com/'],
  ])('sends a learner who asked to return to %s to the first allowed origin instead', async (_label, target) => {
    const svc = await service();
    const landed = await signIn(createCookieBrowser(), svc, 'ada', target);
    expect(landed.location).toBe(`${SITE}/`);
  });

  it('takes a path as a page on the first allowed origin', async () => {
    const svc = await service();
    const landed = await signIn(createCookieBrowser(), svc, 'ada', '/learn/pathways?x=1');
    expect(landed.location).toBe(`${SITE}/learn/pathways?x=1`);
  });
});

describe('sign-in refusals: no session cookie, a 4xx the page can read', () => {
  function expectRefused(hop: { status: number; body: string; setCookies: string[] }, status: number, code: string): void {
    expect(hop.status).toBe(status);
    expect(JSON.parse(hop.body).details.code).toBe(code);
    expect(hop.setCookies.some((c) => /^hhl_session=[^;]/.test(c))).toBe(false);
  }

  it('refuses a tampered state', async () => {
    const svc = await service();
    const browser = createCookieBrowser();
    const callback = new URL(await browser.signInAtProvider((await startLogin(browser, svc)).href, 'ada'));
    callback.searchParams.set('state', 'forged-state-value');
    expectRefused(await browser.go(callback.href), 400, 'INVALID_STATE');
  });

  it('refuses a replayed callback: the login is used once', async () => {
    const svc = await service();
    const browser = createCookieBrowser();
    const callback = await browser.signInAtProvider((await startLogin(browser, svc)).href, 'ada');
    expect((await browser.go(callback)).status).toBe(302);
    expectRefused(await browser.go(callback), 400, 'INVALID_STATE');
  });

  it('refuses a callback in a browser that did not start the login (login CSRF)', async () => {
    const svc = await service();
    const attacker = createCookieBrowser();
    const callback = await attacker.signInAtProvider((await startLogin(attacker, svc)).href, 'grace');
    expectRefused(await createCookieBrowser().go(callback), 400, 'INVALID_STATE');
  });

  it('refuses a login that took longer than ten minutes', async () => {
    const svc = await service();
    const browser = createCookieBrowser();
    const callback = await browser.signInAtProvider((await startLogin(browser, svc)).href, 'ada');
    svc.advance(601);
    expectRefused(await browser.go(callback), 400, 'INVALID_STATE');
  });

  it('refuses an ID token whose nonce is not the login\'s', async () => {
    const svc = await service();
    const browser = createCookieBrowser();
    const authorization = await startLogin(browser, svc);
    authorization.searchParams.set('nonce', 'a-nonce-of-someone-elses-login');
    const callback = await browser.signInAtProvider(authorization.href, 'ada');
    expectRefused(await browser.go(callback), 400, 'SIGN_IN_FAILED');
  });

  it('refuses an email the provider does not vouch for (email_verified false)', async () => {
    const svc = await service();
    const browser = createCookieBrowser();
    expectRefused(await signIn(browser, svc, 'mallory'), 403, 'EMAIL_NOT_VERIFIED');
  });

  it('refuses a sign-in answered by another issuer', async () => {
    const svc = await service();
    const other = await provider({ clients: [publicClient(svc.url)] });
    const browser = createCookieBrowser();
    const authorization = await startLogin(browser, svc);
    const elsewhere = new URL(`${other.issuer}/auth${authorization.search}`);
    expectRefused(await browser.go(await browser.signInAtProvider(elsewhere.href, 'ada')), 400, 'SIGN_IN_FAILED');
  });

  it('refuses an ID token from another issuer, even when the callback does not say where it came from', async () => {
    // Prepare: the service trusts an issuer whose metadata sends every request on to a provider that signs as itself
    let svc: SignInService | undefined;
    const gateway = await startIssuerGateway(() => svc?.provider.issuer ?? '');
    running.push(gateway);
    svc = await service({ issuer: () => gateway.url });
    const browser = createCookieBrowser();
    const authorization = await startLogin(browser, svc);
    const callback = new URL(await browser.signInAtProvider(authorization.href, 'ada'));
    callback.searchParams.delete('iss');

    // Act
    const hop = await browser.go(callback.href);

    // Assess
    expectRefused(hop, 400, 'SIGN_IN_FAILED');
    expect(JSON.parse(hop.body).error).toMatch(/"iss"/);
  });

  it('refuses a code issued for another client', async () => {
    const svc = await service();
    const twin = await provider({ clients: [publicClient(svc.url, 'another-client')] });
    const browser = createCookieBrowser();
    const authorization = await startLogin(browser, svc);
    authorization.searchParams.set('client_id', 'another-client');
    const callback = new URL(await browser.signInAtProvider(`${twin.issuer}/auth${authorization.search}`, 'ada'));
    // Present it as the service's own provider's answer: only the client differs.
    callback.searchParams.set('iss', svc.provider.issuer);
    expectRefused(await browser.go(callback.href), 400, 'SIGN_IN_FAILED');
  });
});

/**
 * An issuer URL whose discovery document names itself as the issuer while every endpoint stays the real provider's:
 * the tokens it leads to are signed by another issuer than the one the service was configured with.
 */
async function startIssuerGateway(target: () => string): Promise<{ url: string; close(): Promise<void> }> {
  const { createServer } = await import('node:http');
  const server = createServer(async (req, res) => {
    const upstream = await fetch(`${target()}${req.url ?? '/'}`);
    const metadata = (await upstream.json()) as Record<string, unknown>;
    delete metadata['authorization_response_iss_parameter_supported'];
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ ...metadata, issuer: url }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`;
  return { url, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

describe('with a session', () => {
  it('ignores, and logs, an identity in the body or query that names someone else', async () => {
    const svc = await service();
    const browser = createCookieBrowser();
    await signIn(browser, svc);
    const tracked = await browser.go(`${svc.url}/events/track`, { method: 'POST', origin: SITE, body: enrolBody('grace@example.com') });
    const read = await browser.go(`${svc.url}/progress/read?email=grace@example.com`, { origin: SITE });
    expect(JSON.parse(tracked.body)).toMatchObject({ status: 'persisted' });
    expect(await svc.store.read({ kind: 'email', email: 'grace@example.com' }, [])).toBeNull();
    expect(JSON.parse(read.body).progress.courses['crm-essentials']).toMatchObject({ enrolled: true });
    expect(svc.logs.filter((l) => l['message'] === 'Identity in request ignored: the session or token names the learner')).toHaveLength(2);
  });

  it('treats an expired session as none: tracking writes nothing, reads answer 401', async () => {
    const svc = await service({ env: { SESSION_TTL_SECONDS: '3600' } });
    const browser = createCookieBrowser();
    await signIn(browser, svc);
    svc.advance(3601);
    const tracked = await browser.go(`${svc.url}/events/track`, { method: 'POST', origin: SITE, body: enrolBody() });
    const read = await browser.go(`${svc.url}/progress/read`, { origin: SITE });
    expect(JSON.parse(tracked.body)).toEqual({ status: 'logged', mode: 'anonymous' });
    expect(read.status).toBe(401);
    expect((await browser.go(`${svc.url}/auth/me`, { origin: SITE })).status).toBe(401);
  });

  it('counts the cookie only from the exact allowed origins: a page on a pattern origin, or another site, acts as nobody', async () => {
    const svc = await service();
    const browser = createCookieBrowser();
    await signIn(browser, svc);
    for (const origin of ['https://x.pages.example.com', 'https://evil.example.net']) {
      const tracked = await browser.go(`${svc.url}/events/track`, { method: 'POST', origin, body: enrolBody() });
      expect(JSON.parse(tracked.body)).toEqual({ status: 'logged', mode: 'anonymous' });
    }
    const preflight = await fetch(`${svc.url}/auth/me`, { method: 'OPTIONS', headers: { origin: 'https://x.pages.example.com' } });
    expect(preflight.headers.get('access-control-allow-credentials')).toBeNull();
    const trusted = await fetch(`${svc.url}/auth/me`, { method: 'OPTIONS', headers: { origin: SITE } });
    expect(trusted.headers.get('access-control-allow-credentials')).toBe('true');
  });
});

describe('learners signed in by an older deployment (its access token in hhl_access_token)', () => {
  /** An access token the provider issued to the old deployment's client, as hh-learn kept it. */
  async function oldDeploymentToken(svc: SignInService): Promise<string> {
    const config = await client.discovery(new URL(svc.provider.issuer), 'hhl-progress', undefined, client.None(), { execute: [client.allowInsecureRequests] });
    const verifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: `${svc.url}/auth/callback`,
      scope: 'openid email profile',
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
    });
    const callback = await createCookieBrowser().signInAtProvider(url.href, 'grace');
    const tokens = await client.authorizationCodeGrant(config, new URL(callback), { pkceCodeVerifier: verifier, expectedState: state });
    return tokens.access_token;
  }

  it('stay signed in: the provider names them, once per token', async () => {
    // Prepare
    const svc = await service();
    const browser = createCookieBrowser();
    await browser.jar.setCookie(`hhl_access_token=${await oldDeploymentToken(svc)}; Path=/; HttpOnly`, svc.url);
    let userinfoCalls = 0;
    svc.provider.provider.on('server_error', () => undefined);
    svc.provider.provider.use(async (ctx, next) => {
      if (ctx.path === '/me') userinfoCalls += 1;
      return next();
    });

    // Act
    const me = await browser.go(`${svc.url}/auth/me`, { origin: SITE });
    const tracked = await browser.go(`${svc.url}/events/track`, { method: 'POST', origin: SITE, body: enrolBody() });

    // Assess
    expect(JSON.parse(me.body)).toMatchObject({ authenticated: true, email: 'grace@example.com' });
    expect(JSON.parse(tracked.body)).toMatchObject({ status: 'persisted' });
    expect(await svc.store.read({ kind: 'email', email: 'grace@example.com' }, [])).not.toBeNull();
    expect(userinfoCalls).toBe(1);
  });

  it('are refused when the provider does not know the token', async () => {
    const svc = await service();
    const browser = createCookieBrowser();
    await browser.jar.setCookie('hhl_access_token=not-a-token-the-provider-issued; Path=/', svc.url);
    expect((await browser.go(`${svc.url}/auth/me`, { origin: SITE })).status).toBe(401);
  });
});

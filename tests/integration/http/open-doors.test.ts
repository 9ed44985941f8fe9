import { execFile } from 'node:child_process';
import { connect } from 'node:net';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../../src/catalog/load-catalog.js';
import { createOriginPolicy } from '../../../src/http/cors.js';
import { startHttpServer, type RunningHttpServer } from '../../../src/local/http-server.js';
import { createStaticRoutes } from '../../../src/local/static-routes.js';
import { createAppFixture, trackBody } from '../../fixtures/app-fixture.js';
import { signWith } from '../../fixtures/jwks-server.js';
import { learnerHeaders, TOKEN_AUTH_ENV } from '../../fixtures/learner-token.js';

/*
 * The doors found open by trying to break the service with its defaults, each shut: every case here failed on the
 * code before sign-in was built.
 */

const running: RunningHttpServer[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((server) => server.close()));
});

const enrol = (email = 'kate@example.com') => ({ method: 'POST', path: '/events/track', body: trackBody('learning_course_enrolled', { course_slug: 'crm-essentials' }, email) });

describe('emails are compared after Unicode NFKC', () => {
  it.each([
    ['a KELVIN SIGN that lower-cases to k', '\u212Aate@example.com'],
    ['a full-width letter', '\uFF4Bate@example.com'],
    ['a ligature', 'kate@exa\uFB01le.com'],
    ['a non-ASCII letter', 'kät@example.com'],
  ])('refuses %s instead of reading or writing another address', async (_label, email) => {
    // Prepare: Kate has progress
    const app = createAppFixture();
    await app.send(enrol('kate@example.com'));

    // Act
    const read = await app.send({ method: 'GET', path: '/progress/read', query: { email } });
    const written = await app.send(enrol(email));

    // Assess
    expect(read.status).toBe(400);
    expect(written.status).toBe(400);
    expect(read.body.details.code).toBe('SCHEMA_VALIDATION_FAILED');
  });
});

describe('AUTH_MODE=jwt', () => {
  const SECRET = new TextEncoder().encode(TOKEN_AUTH_ENV.AUTH_HS256_SECRET);
  const signed = (claims: Record<string, unknown>, expiresIn?: string) =>
    signWith(SECRET, 'HS256', claims, { issuer: TOKEN_AUTH_ENV.AUTH_ISSUER, audience: TOKEN_AUTH_ENV.AUTH_AUDIENCE, ...(expiresIn === undefined ? {} : { expiresIn }) });

  it('refuses a token that never expires', async () => {
    const app = createAppFixture({ env: TOKEN_AUTH_ENV });
    const { SignJWT } = await import('jose');
    const forever = await new SignJWT({ email: 'kate@example.com', email_verified: true })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(TOKEN_AUTH_ENV.AUTH_ISSUER)
      .setAudience(TOKEN_AUTH_ENV.AUTH_AUDIENCE)
      .sign(SECRET);
    const res = await app.send({ method: 'GET', path: '/progress/read', headers: { authorization: `Bearer ${forever}` } });
    expect(res.status).toBe(401);
  });

  it.each([
    ['absent', {}],
    ['false', { email_verified: false }],
    ['"false"', { email_verified: 'false' }],
    ['"yes"', { email_verified: 'yes' }],
    ['1', { email_verified: 1 }],
  ])('names nobody by an email whose email_verified is %s', async (_label, claim) => {
    const app = createAppFixture({ env: TOKEN_AUTH_ENV });
    const token = await signed({ email: 'kate@example.com', ...claim });
    const res = await app.send({ method: 'GET', path: '/progress/read', headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(401);
  });

  it('accepts email_verified as true or "true"', async () => {
    const app = createAppFixture({ env: TOKEN_AUTH_ENV });
    for (const verified of [true, 'true']) {
      const token = await signed({ email: 'kate@example.com', email_verified: verified });
      expect((await app.send({ method: 'GET', path: '/progress/read', headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    }
  });

  it('answers a cookie that is not valid percent-encoding with 401, never 500', async () => {
    const app = createAppFixture({ env: { ...TOKEN_AUTH_ENV, AUTH_COOKIE: 'hhl_token' } });
    const res = await app.send({ method: 'GET', path: '/progress/read', headers: { cookie: 'hhl_token=%E0%A4%A' } });
    expect(res.status).toBe(401);
  });
});

describe('the per-learner write cap', () => {
  it('counts one contact once, whether it is named by email or by id', async () => {
    // Prepare: two writes a minute
    const app = createAppFixture({ env: { ...TOKEN_AUTH_ENV, LEARNER_WRITES_PER_MINUTE: '2' } });
    const byEmail = await learnerHeaders({ email: 'kate@example.com' });
    const first = await app.send({ ...enrol(), headers: byEmail });
    const byId = await learnerHeaders({ contactId: first.body.contactId });

    // Act
    const second = await app.send({ ...enrol(), headers: byId });
    const third = await app.send({ ...enrol(), headers: byId });

    // Assess
    expect(second.status).toBe(200);
    expect(third.status).toBe(429);
  });
});

describe('every answer', () => {
  it.each([
    ['a track', enrol()],
    ['a read', { method: 'GET', path: '/progress/read', query: { email: 'kate@example.com' } }],
    ['a 404', { method: 'GET', path: '/%3Cscript%3Ealert(1)%3C/script%3E' }],
    ['a 405', { method: 'DELETE', path: '/api/health' }],
    ['a preflight', { method: 'OPTIONS', path: '/events/track', headers: { origin: 'https://learn.example.com' } }],
  ])('carries X-Content-Type-Options: nosniff (%s)', async (_label, request) => {
    const res = await createAppFixture().send(request);
    expect(res.headers['X-Content-Type-Options']).toBe('nosniff');
  });

  it('does not echo the path in a 404', async () => {
    const res = await createAppFixture().send({ method: 'GET', path: '/<script>alert(1)</script>' });
    expect(res.status).toBe(404);
    expect(JSON.stringify(res.body)).not.toContain('script');
  });
});

describe('CORS patterns', () => {
  it('match in time linear in the Origin: a huge Origin against every kind of rule answers at once', () => {
    const policy = createOriginPolicy(['https://learn.example.com', 'https://*.pages.example.com']);
    const huge = `https://${'a.'.repeat(200_000)}pages.example.co`;
    expect(policy.isAllowed(huge)).toBe(false);
    expect(policy.isAllowed(`https://${'a.'.repeat(1_000)}pages.example.com`)).toBe(true);
  });

  it('allow credentials for the exact origins only', () => {
    const policy = createOriginPolicy(['https://learn.example.com', 'https://*.pages.example.com']);
    expect(policy.isTrusted('https://learn.example.com')).toBe(true);
    expect(policy.isTrusted('HTTPS://LEARN.EXAMPLE.COM:443')).toBe(true);
    expect(policy.isTrusted('https://x.pages.example.com')).toBe(false);
    expect(policy.isAllowed('https://x.pages.example.com')).toBe(true);
  });
});

describe('the local server', () => {
  async function rawRequest(url: string, requestLine: string): Promise<string> {
    const { port } = new URL(url);
    return new Promise((resolve, reject) => {
      const socket = connect(Number(port), '127.0.0.1', () => socket.end(`${requestLine}\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`));
      let answer = '';
      socket.on('data', (chunk) => (answer += chunk.toString()));
      socket.on('end', () => resolve(answer));
      socket.on('error', reject);
    });
  }

  it.each(['GET //[ HTTP/1.1', 'GET /%zz HTTP/1.1', 'GET http://127.0.0.1/events/track HTTP/1.1', 'GET * HTTP/1.1'])(
    'answers 400, never 500, to the bad request target of "%s"',
    async (requestLine) => {
      const app = createAppFixture();
      const server = await startHttpServer({ handler: app.handler, port: 0, routes: createStaticRoutes({ catalog: loadCatalog(), store: app.store }) });
      running.push(server);
      expect(await rawRequest(server.url, requestLine)).toMatch(/^HTTP\/1\.1 400/);
    },
  );

  it('serves no /demo or /demo/contact unless sign-in is off', async () => {
    const app = createAppFixture();
    const server = await startHttpServer({ handler: app.handler, port: 0, routes: createStaticRoutes({ catalog: loadCatalog(), store: app.store, demo: false }) });
    running.push(server);
    expect((await fetch(`${server.url}/demo`)).status).toBe(404);
    expect((await fetch(`${server.url}/demo/contact?email=kate@example.com`)).status).toBe(404);
  });
});

describe('a deployed stage with CRM progress on and AUTH_MODE=none', () => {
  /** Loads the API's Lambda entry point in a fresh process and sends it one request, as its first invocation does. */
  const start = (env: Record<string, string>) =>
    promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', '-e', "const { handler } = await import('./src/lambda.ts'); await handler({ rawPath: '/api/health', requestContext: { http: { method: 'GET', path: '/api/health' }, requestId: 'r' }, headers: {} });"],
      { env: { ...process.env, ...env, LOG_LEVEL: 'silent' } },
    );

  it('refuses to run, naming the setting that would accept the risk', async () => {
    await expect(start({ ENABLE_CRM_PROGRESS: 'true', AUTH_MODE: 'none', AUTH_MODE_NONE_ACCEPTED: '' })).rejects.toMatchObject({
      stderr: expect.stringContaining('AUTH_MODE_NONE_ACCEPTED=true'),
    });
  });

  it('starts when AUTH_MODE_NONE_ACCEPTED=true says the risk is accepted', async () => {
    await expect(start({ ENABLE_CRM_PROGRESS: 'true', AUTH_MODE: 'none', AUTH_MODE_NONE_ACCEPTED: 'true' })).resolves.toBeDefined();
  });
});

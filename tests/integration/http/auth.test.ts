import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppFixture, trackBody } from '../../fixtures/app-fixture.js';
import { signWith, startJwksServer, unsignedToken } from '../../fixtures/jwks-server.js';

const SECRET = 'a-test-secret-of-at-least-32-characters!';
const secretKey = new TextEncoder().encode(SECRET);
const ISSUER = 'https://issuer.example.com';
const AUDIENCE = 'hhl-progress';
const hs256 = { AUTH_MODE: 'jwt', AUTH_HS256_SECRET: SECRET, AUTH_ISSUER: ISSUER, AUTH_AUDIENCE: AUDIENCE };

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const goodToken = (email = 'token.holder@example.com') => signWith(secretKey, 'HS256', { email, email_verified: true }, { issuer: ISSUER, audience: AUDIENCE });
const enrol = (email = 'someone.else@example.com') => trackBody('learning_pathway_enrolled', { pathway_slug: 'hubspot-foundations' }, email);

describe('AUTH_MODE=jwt with an HS256 secret', () => {
  it('writes to the token\'s learner and ignores the identity in the body', async () => {
    // Prepare
    const app = createAppFixture({ env: hs256 });
    // Act
    const res = await app.send({ method: 'POST', path: '/events/track', headers: bearer(await goodToken()), body: enrol() });
    // Assess
    expect(res.body.status).toBe('persisted');
    expect(await app.store.read({ kind: 'email', email: 'token.holder@example.com' }, [])).not.toBeNull();
    expect(await app.store.read({ kind: 'email', email: 'someone.else@example.com' }, [])).toBeNull();
    expect(app.logs.some((l) => l.message === 'Identity in request ignored: the session or token names the learner')).toBe(true);
  });

  it('accepts an event with no identity in the body at all', async () => {
    const app = createAppFixture({ env: hs256 });
    const res = await app.send({ method: 'POST', path: '/events/track', headers: bearer(await goodToken()), body: { eventName: 'learning_pathway_enrolled', pathway_slug: 'quick-start' } });
    expect(res.body.status).toBe('persisted');
  });

  it('reads the token\'s learner with no query', async () => {
    const app = createAppFixture({ env: hs256 });
    const token = await goodToken();
    await app.send({ method: 'POST', path: '/events/track', headers: bearer(token), body: enrol() });
    const res = await app.send({ method: 'GET', path: '/progress/read', headers: bearer(token) });
    expect(res.body.mode).toBe('authenticated');
    expect(res.body.progress['hubspot-foundations']).toMatchObject({ enrolled: true });
  });

  it('takes the token from the cookie AUTH_COOKIE names', async () => {
    const app = createAppFixture({ env: { ...hs256, AUTH_COOKIE: 'hhl_token' } });
    const res = await app.send({ method: 'GET', path: '/progress/read', headers: { cookie: `other=1; hhl_token=${await goodToken()}` } });
    expect(res.status).toBe(200);
  });

  it.each([
    ['no token', async () => undefined],
    ['a bad signature', async () => signWith(new TextEncoder().encode('another-secret-of-at-least-32-characters'), 'HS256', { email: 'x@example.com' }, { issuer: ISSUER, audience: AUDIENCE })],
    ['alg: none', async () => unsignedToken({ email: 'x@example.com', iss: ISSUER, aud: AUDIENCE })],
    ['a wrong issuer', async () => signWith(secretKey, 'HS256', { email: 'x@example.com' }, { issuer: 'https://evil.example.com', audience: AUDIENCE })],
    ['a wrong audience', async () => signWith(secretKey, 'HS256', { email: 'x@example.com' }, { issuer: ISSUER, audience: 'other' })],
    ['an expired token', async () => signWith(secretKey, 'HS256', { email: 'x@example.com' }, { issuer: ISSUER, audience: AUDIENCE, expiresIn: Math.floor(Date.now() / 1000) - 60 })],
    ['a token without an email claim', async () => signWith(secretKey, 'HS256', { sub: 'abc' }, { issuer: ISSUER, audience: AUDIENCE })],
    ['garbage', async () => 'not.a.jwt'],
  ])('treats %s as unauthenticated: tracking writes nothing, reading answers 401', async (_label, makeToken) => {
    // Prepare
    const app = createAppFixture({ env: hs256 });
    const token = await makeToken();
    const headers = token === undefined ? {} : bearer(token);
    // Act
    const tracked = await app.send({ method: 'POST', path: '/events/track', headers, body: enrol() });
    const read = await app.send({ method: 'GET', path: '/progress/read', headers, query: { email: 'someone.else@example.com' } });
    // Assess
    expect(tracked.body).toEqual({ status: 'logged', mode: 'anonymous' });
    expect(app.store.calls).toBe(0);
    expect(read.status).toBe(401);
    expect(read.body.details.code).toBe('UNAUTHORIZED');
  });

  it('uses the contact id claim when configured', async () => {
    const app = createAppFixture({ env: { ...hs256, AUTH_CONTACT_ID_CLAIM: 'hubspot_contact_id' } });
    const first = await app.send({ method: 'POST', path: '/events/track', headers: bearer(await goodToken()), body: enrol() });
    const byId = await signWith(secretKey, 'HS256', { hubspot_contact_id: first.body.contactId }, { issuer: ISSUER, audience: AUDIENCE });
    const res = await app.send({ method: 'GET', path: '/progress/read', headers: bearer(byId) });
    expect(res.body.mode).toBe('authenticated');
  });
});

describe('AUTH_MODE=jwt with a JWKS URL (real HTTP)', () => {
  let jwks: Awaited<ReturnType<typeof startJwksServer>>;
  beforeAll(async () => {
    jwks = await startJwksServer();
  });
  afterAll(async () => {
    await jwks.close();
  });

  it('verifies an RS256 token against the published keys', async () => {
    const app = createAppFixture({ env: { AUTH_MODE: 'jwt', AUTH_JWKS_URL: jwks.url, AUTH_ISSUER: ISSUER, AUTH_AUDIENCE: AUDIENCE } });
    const token = await jwks.sign({ email: 'Rs.User@Example.com', email_verified: true }, { issuer: ISSUER, audience: AUDIENCE });
    const res = await app.send({ method: 'POST', path: '/events/track', headers: bearer(token), body: enrol() });
    expect(res.body.status).toBe('persisted');
    expect(await app.store.read({ kind: 'email', email: 'rs.user@example.com' }, [])).not.toBeNull();
  });

  it('refuses an HS256 token signed with the public key material (no algorithm confusion)', async () => {
    const app = createAppFixture({ env: { AUTH_MODE: 'jwt', AUTH_JWKS_URL: jwks.url, AUTH_ISSUER: ISSUER, AUTH_AUDIENCE: AUDIENCE } });
    const forged = await signWith(new TextEncoder().encode('any-secret-an-attacker-picks-32-chars-long'), 'HS256', { email: 'x@example.com', email_verified: true }, { issuer: ISSUER, audience: AUDIENCE });
    const res = await app.send({ method: 'GET', path: '/progress/read', headers: bearer(forged) });
    expect(res.status).toBe(401);
  });
});

describe('AUTH_ALLOW_CONTACT_CREATE=false', () => {
  it('does not create a contact for an unknown email, and still writes to known ones', async () => {
    const app = createAppFixture({ env: { AUTH_ALLOW_CONTACT_CREATE: 'false' } });
    await app.store.create('known@example.com', {});
    const unknown = await app.send({ method: 'POST', path: '/events/track', body: enrol('new@example.com') });
    const known = await app.send({ method: 'POST', path: '/events/track', body: enrol('known@example.com') });
    expect(unknown.body).toEqual({ status: 'logged', mode: 'anonymous' });
    expect(await app.store.read({ kind: 'email', email: 'new@example.com' }, [])).toBeNull();
    expect(known.body.status).toBe('persisted');
  });
});

describe('per-learner write cap', () => {
  it('answers 429 with Retry-After past LEARNER_WRITES_PER_MINUTE, per learner', async () => {
    // Prepare
    const app = createAppFixture({ env: { LEARNER_WRITES_PER_MINUTE: '3' } });
    const send = (email: string) => app.send({ method: 'POST', path: '/events/track', body: enrol(email) });
    // Act
    const first = [await send('loop@example.com'), await send('loop@example.com'), await send('loop@example.com')];
    const fourth = await send('loop@example.com');
    const other = await send('calm@example.com');
    // Assess
    expect(first.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(fourth.status).toBe(429);
    expect(fourth.body.details.code).toBe('RATE_LIMITED');
    expect(Number(fourth.headers['Retry-After'])).toBeGreaterThanOrEqual(1);
    expect(other.status).toBe(200);
  });
});

describe('token hardening', () => {
  it('refuses a token whose email the provider marks unverified', async () => {
    const app = createAppFixture({ env: hs256 });
    const token = await signWith(secretKey, 'HS256', { email: 'x@example.com', email_verified: false }, { issuer: ISSUER, audience: AUDIENCE });
    const res = await app.send({ method: 'GET', path: '/progress/read', headers: bearer(token) });
    expect(res.status).toBe(401);
  });

  it('ignores the auth cookie on a request from an unlisted origin (a cross-site beacon cannot write as the learner)', async () => {
    // Prepare
    const app = createAppFixture({ env: { ...hs256, AUTH_COOKIE: 'hhl_token' } });
    const cookie = `hhl_token=${await goodToken()}`;
    // Act
    const crossSite = await app.send({ method: 'POST', path: '/events/track', headers: { cookie, origin: 'https://evil.example.com' }, body: enrol() });
    const listed = await app.send({ method: 'POST', path: '/events/track', headers: { cookie, origin: 'https://learn.example.com' }, body: enrol() });
    // Assess
    expect(crossSite.body).toEqual({ status: 'logged', mode: 'anonymous' });
    expect(listed.body.status).toBe('persisted');
  });
});

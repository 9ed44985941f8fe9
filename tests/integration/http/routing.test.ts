import { describe, expect, it } from 'vitest';
import { createAppFixture, NOW } from '../../fixtures/app-fixture.js';

describe('routing', () => {
  it('answers the health check', async () => {
    // Prepare
    const app = createAppFixture();
    // Act
    const res = await app.send({ method: 'GET', path: '/api/health' });
    // Assess
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'healthy', timestamp: NOW.toISOString() });
    expect(res.headers['Content-Type']).toBe('application/json');
  });

  it('answers 404 with a JSON body for an unknown path', async () => {
    const app = createAppFixture();
    const res = await app.send({ method: 'GET', path: '/nope' });
    expect(res.status).toBe(404);
    expect(res.headers['Content-Type']).toBe('application/json');
    expect(res.body.details.code).toBe('NOT_FOUND');
  });

  it.each([
    ['GET', '/events/track'],
    ['POST', '/progress/read'],
    ['DELETE', '/api/health'],
  ])('answers 405 for %s %s and names the allowed methods', async (method, path) => {
    const app = createAppFixture();
    const res = await app.send({ method, path });
    expect(res.status).toBe(405);
    expect(res.headers.Allow).toContain('OPTIONS');
    expect(res.body.details.code).toBe('METHOD_NOT_ALLOWED');
  });

  it('accepts a trailing slash', async () => {
    const app = createAppFixture();
    const res = await app.send({ method: 'GET', path: '/api/health/' });
    expect(res.status).toBe(200);
  });
});

describe('CORS', () => {
  it.each([
    ['an exact origin', 'https://learn.example.com'],
    ['a wildcard host', 'https://12345.sites.example.com'],
    ['a nested wildcard host', 'https://a.b.sites.example.com'],
  ])('echoes %s on a preflight', async (_label, origin) => {
    // Prepare
    const app = createAppFixture();
    // Act
    const res = await app.send({ method: 'OPTIONS', path: '/events/track', headers: { origin } });
    // Assess
    expect(res.status).toBe(204);
    expect(res.headers['Access-Control-Allow-Origin']).toBe(origin);
    expect(res.headers['Access-Control-Allow-Methods']).toContain('POST');
    expect(res.headers['Content-Type']).toBe('application/json');
  });

  it.each([
    ['an unlisted origin', 'https://evil.example.com'],
    ['a look-alike suffix', 'https://sites.example.com.evil.com'],
    ['the bare wildcard domain', 'https://sites.example.com'],
    ['another scheme', 'http://learn.example.com'],
  ])('gives %s no allow header', async (_label, origin) => {
    const app = createAppFixture();
    const preflight = await app.send({ method: 'OPTIONS', path: '/events/track', headers: { origin } });
    const health = await app.send({ method: 'GET', path: '/api/health', headers: { origin } });
    expect(preflight.headers['Access-Control-Allow-Origin']).toBeUndefined();
    expect(health.headers['Access-Control-Allow-Origin']).toBeUndefined();
  });

  it('echoes an allowed origin on ordinary responses, errors included', async () => {
    const app = createAppFixture();
    const origin = 'https://learn.example.com';
    const res = await app.send({ method: 'POST', path: '/events/track', headers: { origin }, body: '{' });
    expect(res.status).toBe(400);
    expect(res.headers['Access-Control-Allow-Origin']).toBe(origin);
  });
});

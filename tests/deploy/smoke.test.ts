import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningHttpServer, startHttpServer } from '../../src/local/http-server.js';
import { createAppFixture } from '../fixtures/app-fixture.js';

const run = promisify(execFile);

/** `npm run smoke` against the service over real HTTP (the local server, the embedded store, CRM on). */
describe('npm run smoke -- <api url>', () => {
  let server: RunningHttpServer;
  beforeAll(async () => {
    const app = createAppFixture({ env: { CORS_ALLOWED_ORIGINS: 'https://learn.example.com' } });
    server = await startHttpServer({ handler: app.handler, port: 0 });
  });
  afterAll(() => server.close());

  const smoke = (...args: string[]) =>
    run('npx', ['--no-install', 'tsx', 'scripts/smoke.ts', ...args], { env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' } });

  it('reports health, a track for a synthetic learner, its read-back and CORS, and exits 0', async () => {
    // Act
    const { stdout } = await smoke(server.url, '--origin', 'https://learn.example.com');
    // Assess
    const lines = stdout.trim().split('\n');
    expect(lines[0]).toBe(`Smoke test of ${server.url}`);
    expect(lines.slice(1, 5).map((l) => l.slice(0, 14).trim())).toEqual(['ok   health', 'ok   track', 'ok   read-back', 'ok   cors']);
    expect(lines[2]).toContain('200 persisted/authenticated for hhl-smoke-test@example.com');
    expect(lines[5]).toBe('All 4 checks passed.');
  }, 30_000);

  it('fails the CORS check, and exits 1, when the origin is not allowed', async () => {
    // Act
    const failed = smoke(server.url, '--origin', 'https://elsewhere.example.com');
    // Assess
    await expect(failed).rejects.toMatchObject({ code: 1, stdout: expect.stringMatching(/\nFAIL cors +https:\/\/elsewhere\.example\.com → 204 allow-origin none;[^\n]*\n1 of 4 checks failed\.\n$/) });
  }, 30_000);

  it('reports an API that does not answer', async () => {
    // Prepare: a port that was just free and is closed again.
    const closed = await startHttpServer({ handler: async () => ({ statusCode: 200 }), port: 0 });
    await closed.close();
    // Act
    const failed = smoke(closed.url, '--origin', 'https://learn.example.com');
    // Assess
    await expect(failed).rejects.toMatchObject({ code: 1, stdout: expect.stringContaining('FAIL health    no answer') });
  }, 30_000);

  it('explains its usage', async () => {
    await expect(smoke()).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining('usage: npm run smoke -- <api url>') });
  }, 30_000);
});

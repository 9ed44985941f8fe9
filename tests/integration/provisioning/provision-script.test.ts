import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { completePortal, hubspotError, TOKEN } from '../../fixtures/fake-portal.js';

/**
 * The real script in a child process, as `npm run provision:crm-properties` runs it: `.env` loading, argument and
 * environment parsing, the official client over real HTTP (a local server), and the process exit code.
 */

const TSX = resolve('node_modules/.bin/tsx');
const SCRIPT = resolve('scripts/provision-crm-properties.ts');

let workDir: string;
let server: Server | undefined;

beforeEach(() => {
  // A folder of its own, so a developer's .env is never read.
  workDir = mkdtempSync(join(tmpdir(), 'hhl-provision-'));
});

afterEach(async () => {
  rmSync(workDir, { recursive: true, force: true });
  await new Promise<void>((done) => (server === undefined ? done() : server.close(() => done())));
  server = undefined;
});

function runScript(argv: string[]): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  const env = { ...process.env };
  delete env['HUBSPOT_PRIVATE_APP_TOKEN'];
  delete env['HUBSPOT_ACCESS_TOKEN'];
  delete env['HUBSPOT_API_BASE_URL'];
  return new Promise((done) => {
    execFile(TSX, [SCRIPT, ...argv], { cwd: workDir, env, timeout: 15_000 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
      done({ exitCode: code, stdout, stderr });
    });
  });
}

/** A local HubSpot answering every request with `answer(path)`; returns its base URL. */
async function startHubSpot(answer: (path: string) => [number, unknown]): Promise<string> {
  server = createServer((req, res) => {
    const [status, body] = answer((req.url ?? '').split('?')[0] ?? '');
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  });
  await new Promise<void>((done) => server?.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return `http://127.0.0.1:${port}`;
}

describe('scripts/provision-crm-properties.ts', () => {
  it('exits 2 with the one line naming HUBSPOT_ACCESS_TOKEN (and the older name) when neither the environment nor .env has a token', async () => {
    // Act
    const { exitCode, stdout, stderr } = await runScript(['--check']);

    // Assess
    expect(exitCode).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/^HUBSPOT_ACCESS_TOKEN is not set: put a service key or private app token .* or in HUBSPOT_PRIVATE_APP_TOKEN/);
  });

  it('reads the token and base URL from .env and exits 2 with the scopes line on a 403', async () => {
    // Prepare
    const baseUrl = await startHubSpot(() => [403, hubspotError('MISSING_SCOPES', 'This app hasn\'t been granted all required scopes.')]);
    writeFileSync(join(workDir, '.env'), `HUBSPOT_PRIVATE_APP_TOKEN=${TOKEN}\nHUBSPOT_API_BASE_URL=${baseUrl}\n`);

    // Act
    const { exitCode, stdout, stderr } = await runScript([]);

    // Assess
    expect(exitCode).toBe(2);
    expect(stderr.trim()).toBe(
      'HubSpot refused access (403): the service key or private app token in HUBSPOT_PRIVATE_APP_TOKEN needs the scopes ' +
        'crm.schemas.contacts.write, crm.objects.contacts.read, crm.objects.contacts.write',
    );
    expect(`${stdout}${stderr}`).not.toContain(TOKEN);
  });

  it('exits 0 on --check against a portal holding everything as defined', async () => {
    // Prepare
    const { groups, properties } = completePortal();
    const byPath = new Map<string, unknown>([
      ...groups.map((g) => [`/crm/v3/properties/contacts/groups/${g.name}`, g] as const),
      ...properties.map((p) => [`/crm/v3/properties/contacts/${p.name}`, p] as const),
    ]);
    const baseUrl = await startHubSpot((path) => {
      const found = byPath.get(path);
      return found === undefined ? [404, hubspotError('OBJECT_NOT_FOUND', 'not found')] : [200, found];
    });
    writeFileSync(join(workDir, '.env'), `HUBSPOT_PRIVATE_APP_TOKEN=${TOKEN}\nHUBSPOT_API_BASE_URL=${baseUrl}\n`);

    // Act
    const { exitCode, stdout, stderr } = await runScript(['--check']);

    // Assess
    expect(stderr).toBe('');
    expect(exitCode).toBe(0);
    expect(stdout).toContain('2 groups, 14 properties: 0 to create, 0 to update, 16 unchanged, 0 differ');
    expect(stdout.trim().split('\n').at(-1)).toBe('Check passed: HubSpot matches src/properties/property-definitions.ts.');
  });
});

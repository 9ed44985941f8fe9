import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { runInNewContext } from 'node:vm';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..', '..');
const dist = (file: string) => join(root, 'client', 'dist', file);
const API = ['hydrate', 'init', 'login', 'logout', 'mark', 'me', 'showSynced', 'track'];
const BUDGET_BYTES = 3.5 * 1024;

describe('the published client', () => {
  it.each(['hhl-progress.js', 'hhl-progress.iife.js'])(`%s is under ${BUDGET_BYTES} bytes gzipped`, (file) => {
    const gzipped = gzipSync(readFileSync(dist(file)), { level: 9 }).length;
    expect(gzipped).toBeLessThan(BUDGET_BYTES);
  });

  it('is what client/src builds to (run npm run build:client after changing the sources)', () => {
    expect(() => execFileSync(process.execPath, [join(root, 'scripts', 'build-client.mjs'), '--check'], { stdio: 'pipe' })).not.toThrow();
  });

  it('as a classic script, defines window.HHLProgress with the whole API and nothing else', () => {
    // Prepare: a window with no browser APIs at all; loading must not touch them.
    const window: Record<string, unknown> = {};
    // Act
    runInNewContext(readFileSync(dist('hhl-progress.iife.js'), 'utf8'), window);
    // Assess
    expect(Object.keys(window)).toEqual(['HHLProgress']);
    expect(Object.keys(window.HHLProgress as object).sort()).toEqual(API);
  });

  it('as an ES module, exports the whole API', async () => {
    const module = await import(pathToFileURL(dist('hhl-progress.js')).href);
    expect(Object.keys(module).sort()).toEqual(API);
  });
});

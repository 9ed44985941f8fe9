#!/usr/bin/env node
// Builds the browser client (client/src) into client/dist: an ES module and a classic script defining
// window.HHLProgress. The built files are committed, so neither the local server nor a CMS page needs a build step.
// `--check` builds in memory and fails when client/dist is not what the sources build to (a test runs it).
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, 'client', 'dist');
const banner = '/* HHL progress client. Built by scripts/build-client.mjs from client/src; do not edit. */';
const common = {
  entryPoints: [join(root, 'client', 'src', 'index.ts')],
  bundle: true,
  minify: true,
  // Object.hasOwn and ??=: every browser since 2022.
  target: 'es2022',
  legalComments: 'none',
  banner: { js: banner },
  write: false,
  logLevel: 'silent',
};
const outputs = [
  { file: 'hhl-progress.js', options: { format: 'esm' } },
  { file: 'hhl-progress.iife.js', options: { format: 'iife', globalName: 'HHLProgress' } },
];

const check = process.argv.includes('--check');
let stale = false;
for (const { file, options } of outputs) {
  const result = await build({ ...common, ...options });
  const text = result.outputFiles[0].text;
  const target = join(outDir, file);
  if (check) {
    let current = '';
    try {
      current = readFileSync(target, 'utf8');
    } catch {
      // missing counts as stale
    }
    if (current !== text) {
      stale = true;
      console.error(`client/dist/${file} is stale: run npm run build:client`);
    }
  } else {
    mkdirSync(outDir, { recursive: true });
    writeFileSync(target, text);
  }
  console.log(`client/dist/${file}: ${Buffer.byteLength(text)} bytes, ${gzipSync(text, { level: 9 }).length} gzipped`);
}
process.exit(stale ? 1 : 0);

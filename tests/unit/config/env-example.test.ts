import { readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.js';

describe('.env.example', () => {
  it('is a configuration the service starts with', () => {
    const env = parseEnv(readFileSync('.env.example', 'utf8'));
    expect(() => loadConfig(env)).not.toThrow();
  });

  it('documents every variable the service reads', () => {
    const documented = Object.keys(parseEnv(readFileSync('.env.example', 'utf8')));
    const source = readFileSync('src/env-schema.ts', 'utf8');
    const read = [...source.matchAll(/^\s{2}([A-Z][A-Z0-9_]+): /gm)].map((m) => m[1]);
    expect(read.length).toBeGreaterThan(10);
    expect(read.filter((name) => !documented.includes(name ?? ''))).toEqual([]);
  });
});

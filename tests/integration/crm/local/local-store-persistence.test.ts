import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLocalContactStore } from '../../../../src/crm/local/local-store.js';
import { PROPERTY_NAMES } from '../../../../src/properties/property-definitions.js';

const P = PROPERTY_NAMES;
const clock = () => new Date('2026-01-18T17:30:00.000Z');

describe('local contact store: persistence', () => {
  let folder: string;
  let file: string;

  beforeEach(async () => {
    folder = await mkdtemp(join(tmpdir(), 'local-store-'));
    file = join(folder, 'data', 'contacts.json');
  });

  afterEach(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it('starts empty when the file does not exist, and creates it with its folder on the first write', async () => {
    // Prepare
    const store = createLocalContactStore({ file, clock });

    // Act
    await store.create('ada@example.com', {});

    // Assess
    const saved: unknown = JSON.parse(await readFile(file, 'utf8'));
    expect(saved).toMatchObject({ version: 1, lastId: 1, contacts: [{ id: '1', properties: { email: 'ada@example.com' } }] });
  });

  it('lets a second store on the same file see the contacts and continue the ids', async () => {
    // Prepare
    const first = createLocalContactStore({ file, clock });
    const { id } = await first.create('ada@example.com', { [P.summary]: 'one line' });
    await first.update(id, { [P.totalProgress]: '2' });

    // Act
    const second = createLocalContactStore({ file, clock });
    const contact = await second.read({ kind: 'email', email: 'ADA@example.com' }, [P.summary, P.totalProgress]);
    const next = await second.create('grace@example.com', {});

    // Assess
    expect(contact).toEqual({ id, properties: { [P.summary]: 'one line', [P.totalProgress]: '2' } });
    expect(next).toEqual({ id: '2', created: true });
  });

  it('writes one contact to the file when creates of one email run concurrently', async () => {
    // Prepare
    const store = createLocalContactStore({ file, clock });

    // Act
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => store.create(i % 2 ? 'ADA@example.com' : 'ada@example.com', {})));

    // Assess
    expect(results.filter((r) => r.created)).toHaveLength(1);
    const saved: unknown = JSON.parse(await readFile(file, 'utf8'));
    expect(saved).toMatchObject({ lastId: 1, contacts: [{ id: '1', properties: { email: 'ada@example.com' } }] });
  });

  it('keeps the file whole and leaves no temporary files under many concurrent writes', async () => {
    // Prepare
    const store = createLocalContactStore({ file, clock });
    const emails = Array.from({ length: 25 }, (_, i) => `learner${i}@example.com`);

    // Act
    await Promise.all(emails.map((email) => store.create(email, { [P.summary]: email })));

    // Assess
    const reopened = createLocalContactStore({ file, clock });
    for (const email of emails) {
      expect(await reopened.read({ kind: 'email', email }, [P.summary])).toMatchObject({ properties: { [P.summary]: email } });
    }
    expect(await readdir(join(folder, 'data'))).toEqual(['contacts.json']);
  });

  it('does not write the file when a create finds the email already there', async () => {
    // Prepare
    const store = createLocalContactStore({ file, clock });
    await store.create('ada@example.com', {});
    // Compact JSON: the store writes indented JSON, so any rewrite would show.
    const compact = JSON.stringify(JSON.parse(await readFile(file, 'utf8')));
    await writeFile(file, compact);
    const reopened = createLocalContactStore({ file, clock });

    // Act
    await reopened.create('ADA@example.com', { [P.summary]: 'ignored' });

    // Assess
    expect(await readFile(file, 'utf8')).toBe(compact);
  });

  it('refuses to start on a file that is not a store file, naming it', async () => {
    // Prepare
    await writeFile(join(folder, 'broken.json'), '{ not json');

    // Act
    const start = () => createLocalContactStore({ file: join(folder, 'broken.json') });

    // Assess
    expect(start).toThrow(/broken\.json is not valid JSON/);
  });
});

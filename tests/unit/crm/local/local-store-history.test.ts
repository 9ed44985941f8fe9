import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PROPERTY_NAMES } from '../../../../src/properties/property-definitions.js';
import { createLocalContactStore } from '../../../../src/crm/local/local-store.js';
import { createTestClock, createTestStore, FIXED_NOW } from '../../../fixtures/local-store-factories.js';

const P = PROPERTY_NAMES;
const WITH_HISTORY = { history: [P.state] };
const at = (minutes: number) => new Date(FIXED_NOW.getTime() + minutes * 60_000);

describe('local contact store: property history', () => {
  it('answers the current value as the only version after a create, stamped by its clock', async () => {
    // Prepare
    const store = createTestStore();
    const { id } = await store.create('ada@example.com', { [P.state]: '{"v":1}' });

    // Act
    const contact = await store.read({ kind: 'id', contactId: id }, [P.state], WITH_HISTORY);

    // Assess
    expect(contact?.history).toEqual({ [P.state]: [{ value: '{"v":1}', timestamp: FIXED_NOW.toISOString() }] });
  });

  it('answers the versions newest first, the current value included', async () => {
    // Prepare
    const clock = createTestClock();
    const store = createLocalContactStore({ clock: clock.now });
    const { id } = await store.create('ada@example.com', { [P.state]: '{"v":1}' });
    clock.set(at(1));
    await store.update(id, { [P.state]: '{"v":2}' });
    clock.set(at(2));
    await store.update(id, { [P.state]: '{"v":3}' });

    // Act
    const contact = await store.read({ kind: 'email', email: 'ada@example.com' }, [P.state], WITH_HISTORY);

    // Assess
    expect(contact?.properties[P.state]).toBe('{"v":3}');
    expect(contact?.history?.[P.state]).toEqual([
      { value: '{"v":3}', timestamp: at(2).toISOString() },
      { value: '{"v":2}', timestamp: at(1).toISOString() },
      { value: '{"v":1}', timestamp: FIXED_NOW.toISOString() },
    ]);
  });

  it('adds a version for every write, the same value included, and an empty one for a clear (the doubles\' one history rule)', async () => {
    // Prepare
    const clock = createTestClock();
    const store = createLocalContactStore({ clock: clock.now });
    const { id } = await store.create('ada@example.com', { [P.summary]: 'one' });
    clock.set(at(1));
    await store.update(id, { [P.summary]: 'one' });
    clock.set(at(2));
    await store.update(id, { [P.summary]: '' });

    // Act
    const contact = await store.read({ kind: 'id', contactId: id }, [P.summary], { history: [P.summary] });

    // Assess
    expect(contact?.history?.[P.summary]).toEqual([
      { value: '', timestamp: at(2).toISOString() },
      { value: 'one', timestamp: at(1).toISOString() },
      { value: 'one', timestamp: FIXED_NOW.toISOString() },
    ]);
  });

  it('keeps the last 20 versions of a property', async () => {
    // Prepare
    const clock = createTestClock();
    const store = createLocalContactStore({ clock: clock.now });
    const { id } = await store.create('ada@example.com', { [P.totalProgress]: '0' });
    for (let i = 1; i <= 25; i += 1) {
      clock.set(at(i));
      await store.update(id, { [P.totalProgress]: String(i) });
    }

    // Act
    const contact = await store.read({ kind: 'id', contactId: id }, [P.totalProgress], { history: [P.totalProgress] });

    // Assess
    const versions = contact?.history?.[P.totalProgress] ?? [];
    expect(versions).toHaveLength(20);
    expect(versions[0]).toEqual({ value: '25', timestamp: at(25).toISOString() });
    expect(versions[19]).toEqual({ value: '6', timestamp: at(6).toISOString() });
  });

  it('answers no history unless asked, and an empty list for a property without a value', async () => {
    // Prepare
    const store = createTestStore();
    const { id } = await store.create('ada@example.com', {});

    // Act
    const plain = await store.read({ kind: 'id', contactId: id }, [P.state]);
    const asked = await store.read({ kind: 'id', contactId: id }, [P.state], WITH_HISTORY);

    // Assess
    expect(plain).not.toHaveProperty('history');
    expect(asked?.history).toEqual({ [P.state]: [] });
  });

  it('answers history in readMany too', async () => {
    // Prepare
    const store = createTestStore();
    await store.create('ada@example.com', { [P.state]: '{"v":1}' });

    // Act
    const found = await store.readMany([{ kind: 'email', email: 'ada@example.com' }], [P.state], WITH_HISTORY);

    // Assess
    expect(found.get('email:ada@example.com')?.history).toEqual({ [P.state]: [{ value: '{"v":1}', timestamp: FIXED_NOW.toISOString() }] });
  });
});

describe('local contact store: history in the store file', () => {
  let folder: string;
  let file: string;

  beforeEach(async () => {
    folder = await mkdtemp(join(tmpdir(), 'local-store-history-'));
    file = join(folder, 'contacts.json');
  });

  afterEach(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it('keeps the versions across a restart', async () => {
    // Prepare
    const clock = createTestClock();
    const first = createLocalContactStore({ file, clock: clock.now });
    const { id } = await first.create('ada@example.com', { [P.state]: '{"v":1}' });
    clock.set(at(1));
    await first.update(id, { [P.state]: '{"v":2}' });

    // Act
    const second = createLocalContactStore({ file, clock: clock.now });
    const contact = await second.read({ kind: 'id', contactId: id }, [P.state], WITH_HISTORY);

    // Assess
    expect(contact?.history?.[P.state]).toEqual([
      { value: '{"v":2}', timestamp: at(1).toISOString() },
      { value: '{"v":1}', timestamp: FIXED_NOW.toISOString() },
    ]);
    expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({ contacts: [{ id, history: { [P.state]: [{ value: '{"v":2}' }, { value: '{"v":1}' }] } }] });
  });

  it('loads a file written before history was kept, dating the current value by the last modification', async () => {
    // Prepare
    const modified = '2026-01-17T09:00:00.000Z';
    const old = { version: 1, lastId: 1, contacts: [{ id: '1', properties: { email: 'ada@example.com', [P.state]: '{"v":1}', lastmodifieddate: modified } }] };
    await writeFile(file, JSON.stringify(old));
    const store = createLocalContactStore({ file, clock: () => FIXED_NOW });

    // Act
    const before = await store.read({ kind: 'id', contactId: '1' }, [P.state], WITH_HISTORY);
    await store.update('1', { [P.state]: '{"v":2}' });
    const after = await store.read({ kind: 'id', contactId: '1' }, [P.state], WITH_HISTORY);

    // Assess
    expect(before?.history?.[P.state]).toEqual([{ value: '{"v":1}', timestamp: modified }]);
    expect(after?.history?.[P.state]).toEqual([
      { value: '{"v":2}', timestamp: FIXED_NOW.toISOString() },
      { value: '{"v":1}', timestamp: modified },
    ]);
  });
});

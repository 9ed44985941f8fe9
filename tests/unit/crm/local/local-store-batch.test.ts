import { describe, expect, it } from 'vitest';
import type { Identity } from '../../../../src/identity.js';
import { PROPERTY_NAMES } from '../../../../src/properties/property-definitions.js';
import { CrmError } from '../../../../src/errors.js';
import { createTestStore } from '../../../fixtures/local-store-factories.js';

const P = PROPERTY_NAMES;
const emails = (n: number, prefix = 'learner') => Array.from({ length: n }, (_, i) => `${prefix}${i}@example.com`);
const byEmail = (email: string): Identity => ({ kind: 'email', email });
const byId = (contactId: string): Identity => ({ kind: 'id', contactId });

/** A store holding `n` contacts (ids 1..n), made without counting their creates. */
async function storeWith(n: number) {
  const store = createTestStore();
  await store.createMany(emails(n).map((email) => ({ email, properties: { [P.totalProgress]: '0' } })));
  return { store, callsBefore: store.calls };
}

describe('local contact store: readMany', () => {
  it('answers by identity key, emails whatever their case, and leaves unknown identities out', async () => {
    // Prepare
    const store = createTestStore();
    const ada = await store.create('ada@example.com', { [P.summary]: 'ada' });
    const grace = await store.create('grace@example.com', { [P.summary]: 'grace' });

    // Act
    const found = await store.readMany(
      [byEmail(' ADA@example.com'), byId(grace.id), byEmail('nobody@example.com'), byId('999')],
      [P.summary],
    );

    // Assess
    expect([...found.keys()]).toEqual(['email: ADA@example.com', `id:${grace.id}`]);
    expect(found.get('email: ADA@example.com')).toEqual({ id: ada.id, properties: { [P.summary]: 'ada' } });
  });

  it('counts one call per chunk of each kind: 100 without history, 50 with', async () => {
    // Prepare
    const { store, callsBefore } = await storeWith(3);
    const identities = [...emails(120).map(byEmail), byId('1'), byId('2')];

    // Act
    await store.readMany(identities, [P.summary]);
    const withoutHistory = store.calls - callsBefore;
    await store.readMany(identities, [P.summary], { history: [P.state] });
    const withHistory = store.calls - callsBefore - withoutHistory;

    // Assess
    expect(withoutHistory).toBe(2 + 1);
    expect(withHistory).toBe(3 + 1);
  });

  it('counts a record named twice once', async () => {
    // Prepare
    const { store, callsBefore } = await storeWith(1);

    // Act
    const found = await store.readMany([...emails(100).map(byEmail), byEmail('LEARNER0@example.com')], [P.summary]);

    // Assess
    expect(store.calls - callsBefore).toBe(1);
    expect(found.get('email:LEARNER0@example.com')?.id).toBe('1');
  });

  it('makes no call for an empty list', async () => {
    // Prepare
    const store = createTestStore();

    // Act
    const found = await store.readMany([], [P.summary]);

    // Assess
    expect(found.size).toBe(0);
    expect(store.calls).toBe(0);
  });
});

describe('local contact store: createMany', () => {
  it('creates every contact, one call per chunk of 100', async () => {
    // Prepare
    const store = createTestStore();
    const list = emails(150);

    // Act
    const results = await store.createMany(list.map((email) => ({ email, properties: { [P.totalProgress]: '1' } })));

    // Assess
    expect(store.calls).toBe(2);
    expect(results.created.get(list[0] ?? '')).toEqual({ id: '1', created: true });
    expect(results.created.get(list[149] ?? '')).toEqual({ id: '150', created: true });
    const stored = await store.read(byEmail(list[149] ?? ''), [P.totalProgress, 'email']);
    expect(stored?.properties).toEqual({ [P.totalProgress]: '1', email: list[149] });
  });

  it('keeps the lifecycle stage the caller sets, and lets the email win over properties', async () => {
    // Prepare
    const store = createTestStore();

    // Act
    const results = await store.createMany([{ email: 'Ada@Example.com', properties: { lifecyclestage: 'lead', email: 'other@example.com' } }]);

    // Assess
    const { id } = results.created.get('Ada@Example.com') ?? { id: '' };
    expect(await store.read(byId(id), ['email', 'lifecyclestage'])).toMatchObject({ properties: { email: 'ada@example.com', lifecyclestage: 'lead' } });
  });

  it('answers a known email of a chunk with its id and created false, in the same call, writing nothing to it', async () => {
    // Prepare
    const store = createTestStore();
    const existing = await store.create('ada@example.com', { [P.summary]: 'original' });
    const before = store.calls;

    // Act
    const results = await store.createMany([
      { email: 'grace@example.com', properties: { [P.summary]: 'grace' } },
      { email: 'ADA@example.com', properties: { [P.summary]: 'ignored' } },
    ]);

    // Assess
    expect(store.calls - before).toBe(1);
    expect(results.created.get('ADA@example.com')).toEqual({ id: existing.id, created: false });
    expect(results.created.get('grace@example.com')?.created).toBe(true);
    expect((await store.read(byId(existing.id), [P.summary]))?.properties[P.summary]).toBe('original');
  });

  it('answers an input with an invalid value as failed with HubSpot’s 400 and creates the others', async () => {
    // Prepare
    const store = createTestStore();

    // Act
    const results = await store.createMany([
      { email: 'grace@example.com', properties: {} },
      { email: 'ada@example.com', properties: { [P.totalProgress]: 'three' } },
    ]);

    // Assess
    expect(results.failed.get('ada@example.com')).toMatchObject({ options: { status: 400, retryable: false, category: 'VALIDATION_ERROR' } });
    expect(await store.read(byEmail('grace@example.com'), ['email'])).not.toBeNull();
    expect(await store.read(byEmail('ada@example.com'), ['email'])).toBeNull();
  });

  it('throws a programming error, not a CrmError, for two inputs with one email, and counts no call', async () => {
    // Prepare
    const store = createTestStore();

    // Act
    const failure = store.createMany([
      { email: 'ada@example.com', properties: {} },
      { email: ' ADA@example.com', properties: {} },
    ]);

    // Assess
    await expect(failure).rejects.toThrow(/must be distinct/);
    await expect(failure).rejects.not.toBeInstanceOf(CrmError);
    expect(store.calls).toBe(0);
  });
});

describe('local contact store: updateMany', () => {
  it('writes every update, one call per chunk of 100', async () => {
    // Prepare
    const { store, callsBefore } = await storeWith(230);
    const inputs = Array.from({ length: 230 }, (_, i) => ({ id: String(i + 1), properties: { [P.totalProgress]: '7' } }));

    // Act
    const { failed } = await store.updateMany(inputs);

    // Assess
    expect(failed.size).toBe(0);
    expect(store.calls - callsBefore).toBe(3);
    expect((await store.read(byId('230'), [P.totalProgress]))?.properties[P.totalProgress]).toBe('7');
  });

  it('fails an unknown id with a non-retryable 404 and writes the others, in one call', async () => {
    // Prepare
    const { store, callsBefore } = await storeWith(1);

    // Act
    const { failed } = await store.updateMany([
      { id: '1', properties: { [P.totalProgress]: '2' } },
      { id: '999', properties: { [P.totalProgress]: '2' } },
    ]);

    // Assess
    expect(store.calls - callsBefore).toBe(1);
    expect([...failed.keys()]).toEqual(['999']);
    expect(failed.get('999')?.options).toMatchObject({ status: 404, retryable: false, category: 'OBJECT_NOT_FOUND' });
    expect((await store.read(byId('1'), [P.totalProgress]))?.properties[P.totalProgress]).toBe('2');
  });

  it('isolates a chunk with an invalid value: fails that id, writes the others, one call each', async () => {
    // Prepare
    const { store, callsBefore } = await storeWith(3);

    // Act
    const { failed } = await store.updateMany([
      { id: '1', properties: { [P.totalProgress]: '1' } },
      { id: '2', properties: { [P.totalProgress]: 'three' } },
      { id: '3', properties: { [P.totalProgress]: '3' } },
    ]);

    // Assess
    expect([...failed.keys()]).toEqual(['2']);
    expect(failed.get('2')?.options).toMatchObject({ status: 400, retryable: false, category: 'VALIDATION_ERROR' });
    expect(store.calls - callsBefore).toBe(1 + 3);
    const found = await store.readMany(['1', '2', '3'].map(byId), [P.totalProgress]);
    expect([...found.values()].map((c) => c.properties[P.totalProgress])).toEqual(['1', '0', '3']);
  });

  it('fails a chunk of one with an invalid value in one call', async () => {
    // Prepare
    const { store, callsBefore } = await storeWith(1);

    // Act
    const { failed } = await store.updateMany([{ id: '1', properties: { [P.lastActivity]: 'yesterday' } }]);

    // Assess
    expect(failed.get('1')?.options).toMatchObject({ status: 400, invalidDateProperties: [P.lastActivity] });
    expect(store.calls - callsBefore).toBe(1);
  });

  it('isolates a chunk moving a contact to an email another contact has, failing it with a 409', async () => {
    // Prepare
    const { store } = await storeWith(2);

    // Act
    const { failed } = await store.updateMany([
      { id: '1', properties: { email: 'learner1@example.com' } },
      { id: '2', properties: { [P.totalProgress]: '5' } },
    ]);

    // Assess
    expect([...failed.keys()]).toEqual(['1']);
    expect(failed.get('1')?.options).toMatchObject({ status: 409, category: 'CONFLICT' });
    expect((await store.read(byId('2'), [P.totalProgress]))?.properties[P.totalProgress]).toBe('5');
  });

  it('throws a programming error, not a CrmError, for two inputs with one id, and counts no call', async () => {
    // Prepare
    const { store, callsBefore } = await storeWith(1);

    // Act
    const failure = store.updateMany([
      { id: '1', properties: {} },
      { id: '1', properties: {} },
    ]);

    // Assess
    await expect(failure).rejects.toThrow(/must be distinct/);
    await expect(failure).rejects.not.toBeInstanceOf(CrmError);
    expect(store.calls).toBe(callsBefore);
  });
});

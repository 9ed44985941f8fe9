import { describe, expect, it } from 'vitest';
import { CrmError } from '../../../../src/errors.js';
import { PROPERTY_NAMES } from '../../../../src/properties/property-definitions.js';
import { createLocalContactStore } from '../../../../src/crm/local/local-store.js';
import { createTestClock, createTestStore, FIXED_NOW, progressValues } from '../../../fixtures/local-store-factories.js';

const P = PROPERTY_NAMES;

describe('local contact store: identity', () => {
  it('is of kind local', () => {
    // Prepare
    const store = createTestStore();

    // Act & Assess
    expect(store.kind).toBe('local');
  });

  it('gives created contacts increasing numeric ids', async () => {
    // Prepare
    const store = createTestStore();

    // Act
    const first = await store.create('ada@example.com', {});
    const second = await store.create('grace@example.com', {});

    // Assess
    expect(first).toEqual({ id: '1', created: true });
    expect(second).toEqual({ id: '2', created: true });
  });

  it('sets email lower-cased, a default lifecycle stage and the create date', async () => {
    // Prepare
    const store = createTestStore();

    // Act
    const { id } = await store.create('  Ada@Example.COM ', {});
    const contact = await store.read({ kind: 'id', contactId: id }, ['email', 'lifecyclestage', 'createdate', 'lastmodifieddate']);

    // Assess
    expect(contact?.properties).toEqual({
      email: 'ada@example.com',
      lifecyclestage: 'subscriber',
      createdate: FIXED_NOW.toISOString(),
      lastmodifieddate: FIXED_NOW.toISOString(),
    });
  });

  it('keeps the lifecycle stage the create sets', async () => {
    // Prepare
    const store = createTestStore();

    // Act
    const { id } = await store.create('ada@example.com', { lifecyclestage: 'lead' });
    const contact = await store.read({ kind: 'id', contactId: id }, ['lifecyclestage']);

    // Assess
    expect(contact?.properties.lifecyclestage).toBe('lead');
  });

  it('finds a contact by email whatever its case and surrounding spaces', async () => {
    // Prepare
    const store = createTestStore();
    const { id } = await store.create('ada@example.com', {});

    // Act
    const contact = await store.read({ kind: 'email', email: ' ADA@example.com ' }, ['email']);

    // Assess
    expect(contact).toEqual({ id, properties: { email: 'ada@example.com' } });
  });

  it('answers only the requested properties, null for those without a value', async () => {
    // Prepare
    const store = createTestStore();
    const { id } = await store.create('ada@example.com', { [P.summary]: 'one line' });

    // Act
    const contact = await store.read({ kind: 'id', contactId: id }, [P.summary, P.state, 'hs_object_id']);

    // Assess
    expect(contact).toEqual({ id, properties: { [P.summary]: 'one line', [P.state]: null, hs_object_id: id } });
  });

  it.each([
    { identity: { kind: 'id', contactId: '404' } as const },
    { identity: { kind: 'email', email: 'nobody@example.com' } as const },
  ])('answers null for an unknown $identity.kind', async ({ identity }) => {
    // Prepare
    const store = createTestStore();
    await store.create('ada@example.com', {});

    // Act
    const contact = await store.read(identity, ['email']);

    // Assess
    expect(contact).toBeNull();
  });
});

describe('local contact store: creating a known email (HubSpot 409)', () => {
  it('answers the existing id with created false', async () => {
    // Prepare
    const store = createTestStore();
    const { id } = await store.create('ada@example.com', {});

    // Act
    const again = await store.create('ADA@example.com', {});

    // Assess
    expect(again).toEqual({ id, created: false });
  });

  it('writes nothing, not even valid values', async () => {
    // Prepare
    const clock = createTestClock();
    const store = createLocalContactStore({ clock: clock.now });
    const { id } = await store.create('ada@example.com', { [P.summary]: 'first' });
    clock.set(new Date('2026-02-01T00:00:00.000Z'));

    // Act
    await store.create('ada@example.com', { [P.summary]: 'second' });

    // Assess
    const contact = await store.read({ kind: 'id', contactId: id }, [P.summary, 'lastmodifieddate']);
    expect(contact?.properties).toEqual({ [P.summary]: 'first', lastmodifieddate: FIXED_NOW.toISOString() });
  });

  it('yields one contact when creates of one email run concurrently', async () => {
    // Prepare
    const store = createTestStore();

    // Act
    const results = await Promise.all(['ada@example.com', 'Ada@example.com', 'ADA@EXAMPLE.COM'].map((e) => store.create(e, {})));

    // Assess
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(results.map((r) => r.id))).toEqual(new Set(['1']));
    expect(await store.read({ kind: 'id', contactId: '2' }, ['email'])).toBeNull();
  });
});

describe('local contact store: updates', () => {
  it('overwrites the given properties and keeps the others', async () => {
    // Prepare
    const store = createTestStore();
    const { id } = await store.create('ada@example.com', progressValues());

    // Act
    await store.update(id, { [P.totalProgress]: '2' });

    // Assess
    const contact = await store.read({ kind: 'id', contactId: id }, [P.totalProgress, P.summary]);
    expect(contact?.properties).toEqual({ [P.totalProgress]: '2', [P.summary]: 'kubernetes-basics: 1/3' });
  });

  it('clears a property sent as an empty string', async () => {
    // Prepare
    const store = createTestStore();
    const { id } = await store.create('ada@example.com', { [P.summary]: 'one line', [P.lastActivity]: '2026-01-18' });

    // Act
    await store.update(id, { [P.summary]: '', [P.lastActivity]: '' });

    // Assess
    const contact = await store.read({ kind: 'id', contactId: id }, [P.summary, P.lastActivity]);
    expect(contact?.properties).toEqual({ [P.summary]: null, [P.lastActivity]: null });
  });

  it('stamps the last modified date from the clock', async () => {
    // Prepare
    const clock = createTestClock();
    const store = createLocalContactStore({ clock: clock.now });
    const { id } = await store.create('ada@example.com', {});
    const later = new Date('2026-03-01T08:00:00.000Z');
    clock.set(later);

    // Act
    await store.update(id, { [P.summary]: 'x' });

    // Assess
    const contact = await store.read({ kind: 'id', contactId: id }, ['createdate', 'lastmodifieddate']);
    expect(contact?.properties).toEqual({ createdate: FIXED_NOW.toISOString(), lastmodifieddate: later.toISOString() });
  });

  it('rejects an unknown id with a 404 that is not retryable', async () => {
    // Prepare
    const store = createTestStore();

    // Act
    const failure = store.update('999', { [P.summary]: 'x' });

    // Assess
    await expect(failure).rejects.toBeInstanceOf(CrmError);
    await expect(failure).rejects.toMatchObject({ status: 404, retryable: false, options: { category: 'OBJECT_NOT_FOUND' } });
  });

  it('rejects moving a contact to an email another contact has, with a 409', async () => {
    // Prepare
    const store = createTestStore();
    const ada = await store.create('ada@example.com', {});
    const grace = await store.create('grace@example.com', {});

    // Act
    const failure = store.update(grace.id, { email: 'ADA@example.com' });

    // Assess
    await expect(failure).rejects.toMatchObject({ status: 409, message: `Contact already exists. Existing ID: ${ada.id}` });
  });

  it('applies concurrent updates of different properties one after the other, losing neither', async () => {
    // Prepare
    const store = createTestStore();
    const { id } = await store.create('ada@example.com', {});

    // Act
    await Promise.all([store.update(id, { [P.summary]: 'a' }), store.update(id, { [P.totalProgress]: '4' })]);

    // Assess
    const contact = await store.read({ kind: 'id', contactId: id }, [P.summary, P.totalProgress]);
    expect(contact?.properties).toEqual({ [P.summary]: 'a', [P.totalProgress]: '4' });
  });
});

describe('local contact store: call count', () => {
  it('counts every call, failed ones included', async () => {
    // Prepare
    const store = createTestStore();

    // Act
    const { id } = await store.create('ada@example.com', {});
    await store.read({ kind: 'id', contactId: id }, ['email']);
    await store.update(id, { [P.summary]: 'x' });
    await store.update('999', {}).catch(() => undefined);
    await store.create('ada@example.com', {});

    // Assess
    expect(store.calls).toBe(5);
  });
});

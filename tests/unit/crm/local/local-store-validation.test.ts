import { describe, expect, it } from 'vitest';
import { CrmError } from '../../../../src/errors.js';
import { MAX_TEXT_LENGTH, PROPERTY_NAMES } from '../../../../src/properties/property-definitions.js';
import { createTestStore, progressValues } from '../../../fixtures/local-store-factories.js';

const P = PROPERTY_NAMES;

describe('local contact store: values HubSpot accepts', () => {
  it.each([
    { type: 'text', name: P.summary, sent: 'kubernetes-basics: 1/3', stored: 'kubernetes-basics: 1/3' },
    { type: 'text at the limit', name: P.state, sent: 'x'.repeat(MAX_TEXT_LENGTH), stored: 'x'.repeat(MAX_TEXT_LENGTH) },
    { type: 'number', name: P.totalProgress, sent: '3', stored: '3' },
    { type: 'decimal number', name: P.totalProgress, sent: '-2.5', stored: '-2.5' },
    { type: 'date as a calendar date', name: P.lastActivity, sent: '2026-01-18', stored: '2026-01-18' },
    { type: 'date as epoch ms at midnight', name: P.lastActivity, sent: '1768694400000', stored: '2026-01-18' },
    { type: 'date as ISO at midnight UTC', name: P.lastActivity, sent: '2026-01-18T00:00:00Z', stored: '2026-01-18' },
    { type: 'datetime as ISO-8601', name: P.updatedAt, sent: '2026-01-18T17:30:00Z', stored: '2026-01-18T17:30:00.000Z' },
    { type: 'datetime with an offset', name: P.updatedAt, sent: '2026-01-18T18:30:00+01:00', stored: '2026-01-18T17:30:00.000Z' },
    { type: 'datetime as epoch ms', name: P.updatedAt, sent: '1768757400000', stored: '2026-01-18T17:30:00.000Z' },
    { type: 'enumeration option', name: P.lastViewedType, sent: 'course', stored: 'course' },
    { type: 'built-in first name', name: 'firstname', sent: 'Ada', stored: 'Ada' },
  ])('stores a $type as HubSpot answers it', async ({ name, sent, stored }) => {
    // Prepare
    const store = createTestStore();
    const { id } = await store.create('ada@example.com', {});

    // Act
    await store.update(id, { [name]: sent });

    // Assess
    const contact = await store.read({ kind: 'id', contactId: id }, [name]);
    expect(contact?.properties[name]).toBe(stored);
  });
});

describe('local contact store: values HubSpot rejects', () => {
  it.each([
    { problem: 'text over 65,536 characters', name: P.summary, sent: 'x'.repeat(MAX_TEXT_LENGTH + 1), error: 'INVALID_STRING_LENGTH', says: 'over the limit of 65536' },
    { problem: 'date as epoch ms not at midnight', name: P.lastActivity, sent: '1737221400000', error: 'INVALID_DATE', says: '1737221400000 is at 17:30:0.0 UTC, not midnight!' },
    { problem: 'date with milliseconds past midnight', name: P.lastActivity, sent: '1737221405250', error: 'INVALID_DATE', says: '1737221405250 is at 17:30:5.25 UTC, not midnight!' },
    { problem: 'date as an ISO instant not at midnight', name: P.lastActivity, sent: '2026-01-18T09:05:00Z', error: 'INVALID_DATE', says: '2026-01-18T09:05:00Z is at 09:05:0.0 UTC, not midnight!' },
    { problem: 'date that is not a date', name: P.lastActivity, sent: 'yesterday', error: 'INVALID_DATE', says: 'yesterday was not a valid date' },
    { problem: 'date that does not exist', name: P.lastActivity, sent: '2026-02-30', error: 'INVALID_DATE', says: '2026-02-30 was not a valid date' },
    { problem: 'datetime that is not a date-time', name: P.updatedAt, sent: 'soon', error: 'INVALID_DATETIME', says: 'soon' },
    { problem: 'datetime without a time zone', name: P.updatedAt, sent: '2026-01-18T17:30:00', error: 'INVALID_DATETIME', says: '2026-01-18T17:30:00' },
    { problem: 'number that is not numeric', name: P.totalProgress, sent: 'three', error: 'INVALID_NUMBER', says: 'three' },
    { problem: 'enumeration value that is not an option', name: P.lastViewedType, sent: 'lesson', error: 'INVALID_OPTION', says: 'lesson was not one of the allowed options: [pathway, course, module]' },
    { problem: 'property that does not exist', name: 'favourite_colour', sent: 'blue', error: 'PROPERTY_DOESNT_EXIST', says: 'Property "favourite_colour" does not exist' },
    { problem: 'read-only property', name: 'createdate', sent: '2026-01-18T00:00:00Z', error: 'READ_ONLY_VALUE', says: 'read only' },
    { problem: 'malformed email', name: 'email', sent: 'not-an-email', error: 'INVALID_EMAIL', says: 'not-an-email' },
  ])('rejects a $problem with a 400 VALIDATION_ERROR naming $error', async ({ name, sent, error, says }) => {
    // Prepare
    const store = createTestStore();
    const { id } = await store.create('ada@example.com', {});

    // Act
    const failure = store.update(id, { [name]: sent });

    // Assess
    await expect(failure).rejects.toBeInstanceOf(CrmError);
    await expect(failure).rejects.toMatchObject({ status: 400, retryable: false, options: { category: 'VALIDATION_ERROR' } });
    const message = await failure.catch((e: unknown) => (e instanceof Error ? e.message : ''));
    expect(message).toMatch(/^Property values were not valid: /);
    expect(message).toContain(`"error":"${error}"`);
    expect(message).toContain(`"name":"${name}"`);
    expect(message).toContain(JSON.stringify(says).slice(1, -1));
  });

  it('names the properties rejected with INVALID_DATE', async () => {
    // Prepare
    const store = createTestStore();
    const { id } = await store.create('ada@example.com', {});

    // Act
    const failure = store.update(id, { [P.lastActivity]: '2026-01-18T17:30:00Z', [P.totalProgress]: 'x' });

    // Assess
    await expect(failure).rejects.toMatchObject({ options: { invalidDateProperties: [P.lastActivity] } });
  });

  it('leaves invalidDateProperties unset when no date was rejected', async () => {
    // Prepare
    const store = createTestStore();
    const { id } = await store.create('ada@example.com', {});

    // Act
    const error = await store.update(id, { [P.totalProgress]: 'x' }).catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(CrmError);
    expect(error instanceof CrmError && error.options.invalidDateProperties).toBeUndefined();
  });

  it('writes nothing when any one value of an update is invalid', async () => {
    // Prepare
    const store = createTestStore();
    const { id } = await store.create('ada@example.com', progressValues());
    const before = await store.read({ kind: 'id', contactId: id }, Object.keys(progressValues()));

    // Act
    const failure = store.update(id, progressValues({ [P.summary]: 'changed', [P.totalProgress]: 'many' }));

    // Assess
    await expect(failure).rejects.toMatchObject({ status: 400 });
    expect(await store.read({ kind: 'id', contactId: id }, Object.keys(progressValues()))).toEqual(before);
  });

  it('creates nothing when any one value of a create is invalid', async () => {
    // Prepare
    const store = createTestStore();

    // Act
    const failure = store.create('ada@example.com', progressValues({ [P.lastActivity]: '1737221400000' }));

    // Assess
    await expect(failure).rejects.toMatchObject({ status: 400 });
    expect(await store.read({ kind: 'email', email: 'ada@example.com' }, ['email'])).toBeNull();
    expect(await store.create('grace@example.com', {})).toEqual({ id: '1', created: true });
  });
});

describe('local contact store: a portal provisioned with other types', () => {
  it('rejects a timestamp for hhl_progress_updated_at when the portal made it a date', async () => {
    // Prepare
    const store = createTestStore({ propertyTypes: { [P.updatedAt]: 'date' } });
    const { id } = await store.create('ada@example.com', {});

    // Act
    const failure = store.update(id, { [P.updatedAt]: '2026-01-18T17:30:00.000Z' });

    // Assess
    await expect(failure).rejects.toMatchObject({
      status: 400,
      options: { category: 'VALIDATION_ERROR', invalidDateProperties: [P.updatedAt] },
      message: expect.stringContaining('2026-01-18T17:30:00.000Z is at 17:30:0.0 UTC, not midnight!'),
    });
  });

  it('accepts midnight for hhl_progress_updated_at when the portal made it a date', async () => {
    // Prepare
    const store = createTestStore({ propertyTypes: { [P.updatedAt]: 'date' } });
    const { id } = await store.create('ada@example.com', {});

    // Act
    await store.update(id, { [P.updatedAt]: '1768694400000' });

    // Assess
    const contact = await store.read({ kind: 'id', contactId: id }, [P.updatedAt]);
    expect(contact?.properties[P.updatedAt]).toBe('2026-01-18');
  });

  it('accepts a property the portal has besides the service\'s own', async () => {
    // Prepare
    const store = createTestStore({ propertyTypes: { favourite_colour: 'string' } });

    // Act
    const { id } = await store.create('ada@example.com', { favourite_colour: 'blue' });

    // Assess
    const contact = await store.read({ kind: 'id', contactId: id }, ['favourite_colour']);
    expect(contact?.properties.favourite_colour).toBe('blue');
  });
});

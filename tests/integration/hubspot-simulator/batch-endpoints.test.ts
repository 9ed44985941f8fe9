import { describe, expect, it } from 'vitest';
import { CONTACTS, client, createContact, errorShape, learner, simulator } from '../../fixtures/sim-fixture.js';

const BATCH_READ = `${CONTACTS}/batch/read`;
const BATCH_CREATE = `${CONTACTS}/batch/create`;
const BATCH_UPDATE = `${CONTACTS}/batch/update`;

const notFoundError = (ids: string[]) => ({ status: 'error', category: 'OBJECT_NOT_FOUND', message: expect.any(String), context: { ids } });

describe('POST /crm/v3/objects/contacts/batch/read', () => {
  it('answers 200 COMPLETE with every contact found by email, whatever its case', async () => {
    // Prepare
    const sim = await simulator();
    const api = client(sim);
    const first = await createContact(api, learner(1));
    const second = await createContact(api, learner(2));

    // Act
    const answer = await api.post(BATCH_READ, {
      idProperty: 'email',
      properties: ['email', 'hhl_total_progress'],
      inputs: [{ id: 'LEARNER1@example.com' }, { id: 'learner2@example.com' }],
    });

    // Assess
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ status: 'COMPLETE', startedAt: expect.any(String), completedAt: expect.any(String) });
    expect(answer.body.results.map((r: { id: string; properties: { email: string } }) => [r.id, r.properties.email])).toEqual([
      [first, 'learner1@example.com'],
      [second, 'learner2@example.com'],
    ]);
    expect(answer.body).not.toHaveProperty('errors');
  });

  it('answers 207 with an OBJECT_NOT_FOUND error listing the misses, as sent', async () => {
    const sim = await simulator();
    const api = client(sim);
    const id = await createContact(api, learner(3));

    const answer = await api.post(BATCH_READ, {
      idProperty: 'email',
      properties: ['email'],
      inputs: [{ id: 'learner3@example.com' }, { id: 'Nobody@example.com' }, { id: 'ghost@example.com' }],
    });

    expect(answer.status).toBe(207);
    expect(answer.body).toMatchObject({ status: 'COMPLETE', numErrors: 1, errors: [notFoundError(['Nobody@example.com', 'ghost@example.com'])] });
    expect(answer.body.results.map((r: { id: string }) => r.id)).toEqual([id]);
  });

  it('reads by record id when no idProperty is given, with history when asked', async () => {
    const sim = await simulator();
    const api = client(sim);
    const id = await createContact(api, learner(4));
    await api.patch(`${CONTACTS}/${id}`, { properties: { hhl_total_progress: '5' } });

    const answer = await api.post(BATCH_READ, { properties: ['hhl_total_progress'], propertiesWithHistory: ['hhl_total_progress'], inputs: [{ id }] });

    expect(answer.status).toBe(200);
    expect(answer.body.results[0].propertiesWithHistory.hhl_total_progress.map((v: { value: string }) => v.value)).toEqual(['5', '4']);
  });

  it.each([
    ['101 inputs', 101, undefined, 400],
    ['100 inputs', 100, undefined, 207],
    ['51 inputs with propertiesWithHistory', 51, ['hhl_progress_state'], 400],
    ['50 inputs with propertiesWithHistory', 50, ['hhl_progress_state'], 207],
  ])('answers %s with %s', async (_case, count, history, status) => {
    const sim = await simulator();
    const inputs = Array.from({ length: count }, (_, i) => ({ id: `nobody${i}@example.com` }));

    const answer = await client(sim).post(BATCH_READ, { idProperty: 'email', properties: ['email'], propertiesWithHistory: history, inputs });

    expect(answer.status).toBe(status);
    if (status === 400) expect(answer.body).toEqual(errorShape('VALIDATION_ERROR', new RegExp(`Too many inputs: ${count}`)));
  });
});

describe('POST /crm/v3/objects/contacts/batch/create', () => {
  it('creates every contact and answers 201 COMPLETE', async () => {
    const sim = await simulator();

    const answer = await client(sim).post(BATCH_CREATE, { inputs: [{ properties: learner(1) }, { properties: learner(2) }] });

    expect(answer.status).toBe(201);
    expect(answer.body.status).toBe('COMPLETE');
    expect(answer.body.results.map((r: { properties: { email: string } }) => r.properties.email)).toEqual(['learner1@example.com', 'learner2@example.com']);
    expect(sim.contacts()).toHaveLength(2);
  });

  it('answers 409 for the whole batch when one email already exists, and creates nothing', async () => {
    const sim = await simulator();
    const api = client(sim);
    const existing = await createContact(api, learner(2));

    const answer = await api.post(BATCH_CREATE, { inputs: [{ properties: learner(1) }, { properties: learner(2, { email: 'Learner2@Example.com' }) }] });

    expect(answer.status).toBe(409);
    expect(answer.body).toEqual(errorShape('CONFLICT', `Contact already exists. Existing ID: ${existing}`));
    expect(sim.contacts().map((c) => c.id)).toEqual([existing]);
  });

  it('answers 400 for the same email twice in one batch', async () => {
    const sim = await simulator();

    const answer = await client(sim).post(BATCH_CREATE, { inputs: [{ properties: learner(1) }, { properties: learner(1, { email: ' LEARNER1@example.com' }) }] });

    expect(answer.status).toBe(400);
    expect(answer.body).toEqual(errorShape('VALIDATION_ERROR', /Duplicate emails found in batch input: \[learner1@example.com\]/));
    expect(sim.contacts()).toEqual([]);
  });

  it('answers 400 for an invalid value anywhere in the batch, and creates nothing', async () => {
    const sim = await simulator();

    const answer = await client(sim).post(BATCH_CREATE, { inputs: [{ properties: learner(1) }, { properties: learner(2, { hhl_total_progress: 'lots' }) }] });

    expect(answer.status).toBe(400);
    expect(answer.body.message).toContain('"error":"INVALID_NUMBER"');
    expect(sim.contacts()).toEqual([]);
  });

  it('answers 400 past 100 inputs', async () => {
    const sim = await simulator();

    const answer = await client(sim).post(BATCH_CREATE, { inputs: Array.from({ length: 101 }, (_, i) => ({ properties: learner(i) })) });

    expect(answer.status).toBe(400);
    expect(sim.contacts()).toEqual([]);
  });
});

describe('POST /crm/v3/objects/contacts/batch/update', () => {
  it('writes every input by record id and answers 200 COMPLETE', async () => {
    const sim = await simulator();
    const api = client(sim);
    const first = await createContact(api, learner(1));
    const second = await createContact(api, learner(2));

    const answer = await api.post(BATCH_UPDATE, {
      inputs: [
        { id: first, properties: { hhl_total_progress: '10' } },
        { id: second, properties: { hhl_total_progress: '20' } },
      ],
    });

    expect(answer.status).toBe(200);
    expect(answer.body.status).toBe('COMPLETE');
    expect(answer.body.results.map((r: { id: string; properties: { hhl_total_progress: string } }) => [r.id, r.properties.hhl_total_progress])).toEqual([
      [first, '10'],
      [second, '20'],
    ]);
  });

  it('answers 400 "Duplicate IDs found in batch input" when an id comes twice, and writes nothing', async () => {
    const sim = await simulator();
    const api = client(sim);
    const id = await createContact(api, learner(1));

    const answer = await api.post(BATCH_UPDATE, { inputs: [{ id, properties: { hhl_total_progress: '2' } }, { id, properties: { hhl_total_progress: '3' } }] });

    expect(answer.status).toBe(400);
    expect(answer.body).toEqual(errorShape('VALIDATION_ERROR', `Duplicate IDs found in batch input: [${id}]. IDs must be unique`));
    expect(sim.contacts()[0]?.properties['hhl_total_progress']).toBe('1');
  });

  it('answers 400 for an invalid value anywhere in the batch, and writes nothing', async () => {
    const sim = await simulator();
    const api = client(sim);
    const first = await createContact(api, learner(1));
    const second = await createContact(api, learner(2));

    const answer = await api.post(BATCH_UPDATE, {
      inputs: [
        { id: first, properties: { hhl_total_progress: '10' } },
        { id: second, properties: { hhl_last_viewed_type: 'podcast' } },
      ],
    });

    expect(answer.status).toBe(400);
    expect(answer.body.message).toContain('"error":"INVALID_OPTION"');
    expect(sim.contacts().map((c) => c.properties['hhl_total_progress'])).toEqual(['1', '2']);
  });

  it('writes the known ids and answers 207 with OBJECT_NOT_FOUND for the unknown ones (default, partial)', async () => {
    const sim = await simulator();
    const api = client(sim);
    const id = await createContact(api, learner(1));

    const answer = await api.post(BATCH_UPDATE, {
      inputs: [
        { id, properties: { hhl_total_progress: '10' } },
        { id: '999999', properties: { hhl_total_progress: '20' } },
      ],
    });

    expect(answer.status).toBe(207);
    expect(answer.body).toMatchObject({ status: 'COMPLETE', numErrors: 1, errors: [notFoundError(['999999'])] });
    expect(answer.body.results.map((r: { id: string }) => r.id)).toEqual([id]);
    expect(sim.contacts()[0]?.properties['hhl_total_progress']).toBe('10');
  });

  it('answers 404 and writes nothing for an unknown id when configured to reject', async () => {
    const sim = await simulator({ batchUpdateUnknownIds: 'reject' });
    const api = client(sim);
    const id = await createContact(api, learner(1));

    const answer = await api.post(BATCH_UPDATE, {
      inputs: [
        { id, properties: { hhl_total_progress: '10' } },
        { id: '999999', properties: { hhl_total_progress: '20' } },
      ],
    });

    expect(answer.status).toBe(404);
    expect(answer.body).toMatchObject({ ...errorShape('OBJECT_NOT_FOUND', /Object not found/), context: { ids: ['999999'] } });
    expect(sim.contacts()[0]?.properties['hhl_total_progress']).toBe('1');
  });

  it('answers 400 past 100 inputs', async () => {
    const sim = await simulator();

    const answer = await client(sim).post(BATCH_UPDATE, { inputs: Array.from({ length: 101 }, (_, i) => ({ id: String(i), properties: {} })) });

    expect(answer.status).toBe(400);
    expect(answer.body.message).toMatch(/Too many inputs: 101/);
  });
});

import { describe, expect, it } from 'vitest';
import { CONTACTS, byEmail, client, createContact, errorShape, learner, simulator } from '../../fixtures/sim-fixture.js';

const BATCH_READ = `${CONTACTS}/batch/read`;
const BATCH_UPDATE = `${CONTACTS}/batch/update`;

describe('merged contacts', () => {
  it('answer a read by either old id with the merged record and its new id, listing the old ids in hs_merged_object_ids', async () => {
    // Prepare
    const sim = await simulator();
    const api = client(sim);
    const primary = await createContact(api, learner(1, { hhl_total_progress: '3' }));
    const secondary = await createContact(api, learner(2, { hhl_total_progress: '1', hhl_progress_summary: 'from the secondary' }));

    // Act
    const merged = await api.post(`${CONTACTS}/merge`, { primaryObjectId: primary, objectIdToMerge: secondary });
    const byOld = await api.get(`${CONTACTS}/${secondary}?properties=hhl_total_progress,hhl_progress_summary,hs_merged_object_ids,hs_additional_emails,email`);

    // Assess
    expect(merged.status).toBe(200);
    const newId = merged.body.id;
    expect([primary, secondary]).not.toContain(newId);
    expect(byOld.status).toBe(200);
    expect(byOld.body.id).toBe(newId);
    expect(byOld.body.properties).toMatchObject({
      email: 'learner1@example.com',
      hhl_total_progress: '3',
      hhl_progress_summary: 'from the secondary',
      hs_merged_object_ids: `${primary};${secondary}`,
      hs_additional_emails: 'learner2@example.com',
    });
  });

  it('answer a batch read by an old id 200 with only the new id, unless hs_merged_object_ids is asked for', async () => {
    const sim = await simulator();
    const api = client(sim);
    const primary = await createContact(api, learner(1));
    const secondary = await createContact(api, learner(2));
    const newId = sim.merge(primary, secondary);

    const plain = await api.post(BATCH_READ, { properties: ['email'], inputs: [{ id: secondary }] });
    const asked = await api.post(BATCH_READ, { properties: ['email', 'hs_merged_object_ids'], inputs: [{ id: primary }] });

    expect(plain.status).toBe(200);
    expect(plain.body.results).toHaveLength(1);
    expect(plain.body.results[0].id).toBe(newId);
    expect(JSON.stringify(plain.body)).not.toContain(`"${secondary}"`);
    expect(asked.body.results[0].properties.hs_merged_object_ids).toBe(`${primary};${secondary}`);
  });

  it('keep the primary’s id in keep-primary-id mode', async () => {
    const sim = await simulator({ mergeMode: 'keep-primary-id' });
    const api = client(sim);
    const primary = await createContact(api, learner(1));
    const secondary = await createContact(api, learner(2));

    const id = sim.merge(primary, secondary);
    const read = await api.get(`${CONTACTS}/${secondary}?properties=hs_merged_object_ids`);

    expect(id).toBe(primary);
    expect(read.body).toMatchObject({ id: primary, properties: { hs_merged_object_ids: secondary } });
  });

  it.each([
    { mergedIdWrites: 'resolve' as const, single: 200, batch: 200 },
    { mergedIdWrites: 'not-found' as const, single: 404, batch: 207 },
  ])('answer a write to an old id as $mergedIdWrites says ($single, batch $batch)', async ({ mergedIdWrites, single, batch }) => {
    const sim = await simulator({ mergedIdWrites });
    const api = client(sim);
    const primary = await createContact(api, learner(1));
    const secondary = await createContact(api, learner(2));
    const newId = sim.merge(primary, secondary);

    const patched = await api.patch(`${CONTACTS}/${secondary}`, { properties: { hhl_total_progress: '7' } });
    const updated = await api.post(BATCH_UPDATE, { inputs: [{ id: primary, properties: { hhl_progress_summary: 'batch' } }] });

    expect(patched.status).toBe(single);
    expect(updated.status).toBe(batch);
    const stored = sim.contacts().find((c) => c.id === newId)?.properties;
    if (mergedIdWrites === 'resolve') {
      expect(patched.body.id).toBe(newId);
      expect(updated.body.results.map((r: { id: string }) => r.id)).toEqual([newId]);
      expect(stored).toMatchObject({ hhl_total_progress: '7', hhl_progress_summary: 'batch' });
    } else {
      expect(updated.body.errors).toEqual([expect.objectContaining({ category: 'OBJECT_NOT_FOUND', context: { ids: [primary] } })]);
      expect(stored?.['hhl_progress_summary']).toBeUndefined();
    }
  });
});

describe('additional emails', () => {
  it('find the contact by a secondary address, answering its primary email; a create with it conflicts', async () => {
    // Prepare
    const sim = await simulator();
    const api = client(sim);
    const id = await createContact(api, learner(1));
    sim.addAdditionalEmail(id, 'Ada.Work@Example.com');

    // Act
    const read = await api.get(byEmail('ada.work@example.com', 'properties=email,hs_additional_emails'));
    const batch = await api.post(BATCH_READ, { idProperty: 'email', properties: ['email'], inputs: [{ id: 'ada.work@example.com' }] });
    const create = await api.post(CONTACTS, { properties: { email: 'ADA.WORK@example.com' } });

    // Assess
    expect(read.body).toMatchObject({ id, properties: { email: 'learner1@example.com', hs_additional_emails: 'ada.work@example.com' } });
    expect(batch.status).toBe(200);
    expect(batch.body.results.map((r: { properties: { email: string } }) => r.properties.email)).toEqual(['learner1@example.com']);
    expect(create.status).toBe(409);
    expect(create.body).toEqual(errorShape('CONFLICT', `Contact already exists. Existing ID: ${id}`));
  });

  it('are not found by email in primary-only mode', async () => {
    const sim = await simulator({ additionalEmailLookup: 'primary-only' });
    const api = client(sim);
    const id = await createContact(api, learner(1));
    sim.addAdditionalEmail(id, 'second@example.com');

    const read = await api.get(byEmail('second@example.com'));
    const batch = await api.post(BATCH_READ, { idProperty: 'email', properties: ['email'], inputs: [{ id: 'second@example.com' }] });

    expect(read.status).toBe(404);
    expect(batch.status).toBe(207);
  });

  it('refuse a write to hs_additional_emails: HubSpot sets it', async () => {
    const sim = await simulator();
    const api = client(sim);
    const id = await createContact(api, learner(1));

    const answer = await api.patch(`${CONTACTS}/${id}`, { properties: { hs_additional_emails: 'x@example.com' } });

    expect(answer.status).toBe(400);
    expect(answer.body.message).toContain('READ_ONLY_VALUE');
  });
});

describe('empty values', () => {
  it.each([
    { emptyValues: 'null' as const, expected: { hhl_total_progress: null } },
    { emptyValues: 'empty-string' as const, expected: { hhl_total_progress: '' } },
    { emptyValues: 'omit' as const, expected: {} },
  ])('are answered as $emptyValues says', async ({ emptyValues, expected }) => {
    const sim = await simulator({ emptyValues });
    const api = client(sim);
    const id = await createContact(api, { email: 'ada@example.com' });

    const read = await api.get(`${CONTACTS}/${id}?properties=hhl_total_progress,not_a_property`);

    expect(read.body.properties).toEqual({ createdate: expect.any(String), lastmodifieddate: expect.any(String), hs_object_id: id, ...expected });
  });
});

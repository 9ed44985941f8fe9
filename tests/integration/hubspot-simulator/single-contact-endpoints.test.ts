import { describe, expect, it } from 'vitest';
import { invalidDateProperties } from '../../../src/crm/hubspot/hubspot-error.js';
import { CONTACTS, byEmail, client, createContact, errorShape, learner, manualClock, simulator } from '../../fixtures/sim-fixture.js';

const NOT_FOUND = errorShape('OBJECT_NOT_FOUND', 'Object not found.  objectId are usually numeric.');

describe('authentication', () => {
  it.each([
    ['no Authorization header', null],
    ['an empty bearer token', ''],
  ])('answers 401 INVALID_AUTHENTICATION with %s', async (_case, token) => {
    // Prepare
    const sim = await simulator();
    const api = client(sim, token);

    // Act
    const answer = await api.get(`${CONTACTS}/100001`);

    // Assess
    expect(answer.status).toBe(401);
    expect(answer.body).toMatchObject(errorShape('INVALID_AUTHENTICATION', /Authentication credentials not found/));
  });

  it('accepts only the configured token when one is given', async () => {
    const sim = await simulator({ token: 'the-right-one' });

    expect((await client(sim, 'the-wrong-one').get(`${CONTACTS}/1`)).status).toBe(401);
    expect((await client(sim, 'the-right-one').get(`${CONTACTS}/1`)).status).toBe(404);
  });
});

describe('POST /crm/v3/objects/contacts', () => {
  it('creates the contact and answers 201 with the values written and HubSpot’s own properties', async () => {
    // Prepare
    const clock = manualClock();
    const sim = await simulator({ clock: clock.read });
    const api = client(sim);

    // Act
    const answer = await api.post(CONTACTS, { properties: { email: ' Ada@Example.COM ', hhl_total_progress: '3', hhl_last_activity: '2026-11-20' } });

    // Assess
    const at = new Date(clock.now).toISOString();
    expect(answer.status).toBe(201);
    expect(answer.body).toEqual({
      id: expect.stringMatching(/^\d+$/),
      properties: {
        email: 'ada@example.com',
        hhl_total_progress: '3',
        hhl_last_activity: '2026-11-20',
        createdate: at,
        lastmodifieddate: at,
        hs_object_id: answer.body.id,
      },
      createdAt: at,
      updatedAt: at,
      archived: false,
    });
  });

  it('answers 409 CONFLICT naming the existing id when the email is known, whatever its case, and writes nothing', async () => {
    // Prepare
    const sim = await simulator();
    const api = client(sim);
    const id = await createContact(api, learner(1));

    // Act
    const answer = await api.post(CONTACTS, { properties: { email: 'LEARNER1@example.com', hhl_total_progress: '9' } });

    // Assess
    expect(answer.status).toBe(409);
    expect(answer.body).toEqual(errorShape('CONFLICT', `Contact already exists. Existing ID: ${id}`));
    expect(sim.contacts()).toHaveLength(1);
    expect(sim.contacts()[0]?.properties['hhl_total_progress']).toBe('1');
  });

  it('answers 400 VALIDATION_ERROR in HubSpot’s format for a date that is not midnight UTC, and writes nothing', async () => {
    // Prepare: a portal where hhl_progress_updated_at was provisioned as a date.
    const sim = await simulator({ propertyTypes: { hhl_progress_updated_at: 'date' } });
    const api = client(sim);

    // Act
    const answer = await api.post(CONTACTS, { properties: { email: 'ada@example.com', hhl_progress_updated_at: '2026-11-21T10:00:00.000Z' } });

    // Assess
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual(errorShape('VALIDATION_ERROR', /^Property values were not valid: \[/));
    expect(answer.body.message).toContain('is at 10:00:0.0 UTC, not midnight!');
    expect(invalidDateProperties(answer.body)).toEqual(['hhl_progress_updated_at']);
    expect(sim.contacts()).toEqual([]);
  });

  it.each([
    ['an unknown property', { nope: 'x' }, 'PROPERTY_DOESNT_EXIST'],
    ['a read-only property', { hs_object_id: '7' }, 'READ_ONLY_VALUE'],
    ['an option that is not declared', { hhl_last_viewed_type: 'video' }, 'INVALID_OPTION'],
    ['a number that is not one', { hhl_total_progress: 'three' }, 'INVALID_NUMBER'],
  ])('answers 400 for %s', async (_case, properties, error) => {
    const sim = await simulator();

    const answer = await client(sim).post(CONTACTS, { properties: { email: 'ada@example.com', ...properties } });

    expect(answer.status).toBe(400);
    expect(answer.body.category).toBe('VALIDATION_ERROR');
    expect(answer.body.message).toContain(`"error":"${error}"`);
  });

  it('answers 400 for a body that is not JSON or has no properties', async () => {
    const sim = await simulator();
    const api = client(sim);

    const notJson = await api.send('POST', CONTACTS, { body: '{"properties":', headers: { 'content-type': 'application/json' } });
    const noProperties = await api.post(CONTACTS, { email: 'ada@example.com' });

    expect(notJson.status).toBe(400);
    expect(notJson.body).toEqual(errorShape('VALIDATION_ERROR', /^Invalid input JSON/));
    expect(noProperties.status).toBe(400);
    expect(noProperties.body.message).toMatch(/properties/);
  });
});

describe('GET /crm/v3/objects/contacts/{idOrEmail}', () => {
  it('reads by id and by email (any case), with properties repeated or comma-separated', async () => {
    // Prepare
    const sim = await simulator();
    const api = client(sim);
    const id = await createContact(api, learner(2));

    // Act
    const byId = await api.get(`${CONTACTS}/${id}?properties=email&properties=hhl_total_progress,hhl_progress_state&properties=not_a_property`);
    const byMail = await api.get(byEmail('LEARNER2@Example.com', 'properties=hhl_total_progress'));

    // Assess: a known property without a value is null, a name that is no property is left out.
    expect(byId.status).toBe(200);
    expect(byId.body).toMatchObject({
      id,
      properties: { email: 'learner2@example.com', hhl_total_progress: '2', hhl_progress_state: null, hs_object_id: id },
      archived: false,
    });
    expect(byId.body.properties).not.toHaveProperty('not_a_property');
    expect(byId.body).not.toHaveProperty('propertiesWithHistory');
    expect(byMail.status).toBe(200);
    expect(byMail.body.id).toBe(id);
  });

  it('answers HubSpot’s default properties when none are asked for', async () => {
    const sim = await simulator();
    const api = client(sim);
    const id = await createContact(api, learner(3));

    const answer = await api.get(`${CONTACTS}/${id}`);

    expect(Object.keys(answer.body.properties).sort()).toEqual(['createdate', 'email', 'firstname', 'hs_object_id', 'lastmodifieddate', 'lastname']);
  });

  it.each([
    ['an unknown id', `${CONTACTS}/999999`],
    ['an email', `${CONTACTS}/nobody%40example.com`],
    ['an unknown email with idProperty=email', byEmail('nobody@example.com')],
  ])('answers 404 OBJECT_NOT_FOUND for %s', async (_case, path) => {
    const sim = await simulator();

    const answer = await client(sim).get(path);

    expect(answer.status).toBe(404);
    expect(answer.body).toEqual(NOT_FOUND);
  });

  it('answers propertiesWithHistory newest first, the current value included', async () => {
    // Prepare
    const clock = manualClock();
    const sim = await simulator({ clock: clock.read });
    const api = client(sim);
    const id = await createContact(api, learner(4, { hhl_total_progress: '1' }));
    const times = [new Date(clock.now).toISOString()];
    for (const value of ['2', '3']) {
      clock.advance(1_000);
      times.unshift(new Date(clock.now).toISOString());
      await api.patch(`${CONTACTS}/${id}`, { properties: { hhl_total_progress: value } });
    }

    // Act
    const answer = await api.get(`${CONTACTS}/${id}?properties=hhl_total_progress&propertiesWithHistory=hhl_total_progress,hhl_progress_state`);

    // Assess
    expect(answer.body.properties.hhl_total_progress).toBe('3');
    expect(answer.body.propertiesWithHistory).toEqual({
      hhl_total_progress: ['3', '2', '1'].map((value, i) => ({ value, timestamp: times[i], sourceType: 'INTEGRATION', sourceId: expect.any(String) })),
      hhl_progress_state: [],
    });
  });

  it('keeps at most maxHistory versions of a property', async () => {
    const sim = await simulator({ maxHistory: 2 });
    const api = client(sim);
    const id = await createContact(api, learner(5, { hhl_total_progress: '1' }));
    for (const value of ['2', '3', '4']) await api.patch(`${CONTACTS}/${id}`, { properties: { hhl_total_progress: value } });

    const answer = await api.get(`${CONTACTS}/${id}?propertiesWithHistory=hhl_total_progress`);

    expect(answer.body.propertiesWithHistory.hhl_total_progress.map((v: { value: string }) => v.value)).toEqual(['4', '3']);
  });
});

describe('PATCH /crm/v3/objects/contacts/{idOrEmail}', () => {
  it('overwrites the values sent, keeps the others, clears on "" and answers 200 with the object', async () => {
    // Prepare
    const clock = manualClock();
    const sim = await simulator({ clock: clock.read });
    const api = client(sim);
    const id = await createContact(api, learner(6, { hhl_enrolled_courses: 'crm-essentials' }));
    clock.advance(5_000);

    // Act
    const answer = await api.patch(`${CONTACTS}/${id}`, { properties: { hhl_total_progress: '7', hhl_enrolled_courses: '' } });

    // Assess
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      id,
      properties: { hhl_total_progress: '7', hhl_enrolled_courses: null, lastmodifieddate: new Date(clock.now).toISOString() },
      updatedAt: new Date(clock.now).toISOString(),
    });
    expect(sim.contacts()[0]?.properties).toEqual({ email: 'learner6@example.com', hhl_total_progress: '7' });
  });

  it('updates by email with idProperty=email', async () => {
    const sim = await simulator();
    const api = client(sim);
    const id = await createContact(api, learner(7));

    const answer = await api.patch(byEmail('Learner7@example.com'), { properties: { hhl_total_progress: '8' } });

    expect(answer.status).toBe(200);
    expect(answer.body.id).toBe(id);
    expect(sim.contacts()[0]?.properties['hhl_total_progress']).toBe('8');
  });

  it('answers 404 for an unknown id and 400 for an invalid value, writing nothing', async () => {
    const sim = await simulator();
    const api = client(sim);
    const id = await createContact(api, learner(8));

    const unknown = await api.patch(`${CONTACTS}/999999`, { properties: { hhl_total_progress: '1' } });
    const invalid = await api.patch(`${CONTACTS}/${id}`, { properties: { hhl_total_progress: '9', hhl_last_activity: 'yesterday' } });

    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual(NOT_FOUND);
    expect(invalid.status).toBe(400);
    expect(invalid.body.message).toContain('"error":"INVALID_DATE"');
    expect(sim.contacts()[0]?.properties['hhl_total_progress']).toBe('8');
  });

  it('answers 409 when the new email belongs to another contact', async () => {
    const sim = await simulator();
    const api = client(sim);
    const first = await createContact(api, learner(9));
    const second = await createContact(api, learner(10));

    const answer = await api.patch(`${CONTACTS}/${second}`, { properties: { email: 'learner9@example.com' } });

    expect(answer.status).toBe(409);
    expect(answer.body.message).toBe(`Contact already exists. Existing ID: ${first}`);
  });
});

describe('unknown routes', () => {
  it('answers 404 for a path it does not serve and 405 for a method a path does not take', async () => {
    const sim = await simulator();
    const api = client(sim);

    expect((await api.get('/crm/v3/objects/deals/1')).status).toBe(404);
    expect((await api.send('DELETE', `${CONTACTS}/1`)).status).toBe(405);
  });
});

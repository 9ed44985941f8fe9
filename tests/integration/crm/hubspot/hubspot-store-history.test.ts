import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BASE_URL, CONTACTS, contactBody, createStore, version } from '../../../fixtures/hubspot-batch-kit.js';

beforeAll(() => {
  nock.disableNetConnect();
});

afterEach(() => {
  nock.cleanAll();
});

afterAll(() => {
  nock.enableNetConnect();
});

describe('createHubSpotStore: read with history', () => {
  it('asks for propertiesWithHistory and answers the versions newest first, as HubSpot orders them', async () => {
    // Prepare
    const store = createStore();
    let requestedPath = '';
    const scope = nock(BASE_URL)
      .get(`${CONTACTS}/ada%40example.com`)
      .query(true)
      .reply(200, (uri) => {
        requestedPath = uri;
        return contactBody('101', { email: 'ada@example.com', hhl_progress_state: '{"v":3}' }, {
          hhl_progress_state: [
            version('{"v":3}', '2026-01-18T17:30:00.000Z'),
            version('{"v":2}', '2026-01-18T17:29:00.000Z'),
            version('{"v":1}', '2026-01-18T17:00:00.000Z'),
          ],
        });
      });

    // Act
    const contact = await store.read({ kind: 'email', email: 'ada@example.com' }, ['email', 'hhl_progress_state'], {
      history: ['hhl_progress_state'],
    });

    // Assess
    expect(scope.isDone()).toBe(true);
    expect(requestedPath).toBe(
      `${CONTACTS}/ada%40example.com?properties=email&properties=hhl_progress_state&propertiesWithHistory=hhl_progress_state&idProperty=email`,
    );
    expect(contact?.history).toEqual({
      hhl_progress_state: [
        { value: '{"v":3}', timestamp: '2026-01-18T17:30:00.000Z' },
        { value: '{"v":2}', timestamp: '2026-01-18T17:29:00.000Z' },
        { value: '{"v":1}', timestamp: '2026-01-18T17:00:00.000Z' },
      ],
    });
    expect(contact?.properties.hhl_progress_state).toBe('{"v":3}');
  });

  it('asks for no history and answers none when no history is asked for', async () => {
    // Prepare
    const store = createStore();
    let requestedPath = '';
    const scope = nock(BASE_URL)
      .get(`${CONTACTS}/101`)
      .query(true)
      .reply(200, (uri) => {
        requestedPath = uri;
        return contactBody('101', { hhl_progress_state: '{}' });
      });

    // Act
    const contact = await store.read({ kind: 'id', contactId: '101' }, ['hhl_progress_state'], { history: [] });

    // Assess
    expect(scope.isDone()).toBe(true);
    expect(requestedPath).toBe(`${CONTACTS}/101?properties=hhl_progress_state`);
    expect(contact).not.toHaveProperty('history');
  });

  it('answers an empty list for a property HubSpot has no version of', async () => {
    // Prepare
    const store = createStore();
    const scope = nock(BASE_URL)
      .get(`${CONTACTS}/101`)
      .query(true)
      .reply(200, contactBody('101', { hhl_progress_state: null }, { hhl_progress_state: [] }));

    // Act
    const contact = await store.read({ kind: 'id', contactId: '101' }, ['hhl_progress_state'], { history: ['hhl_progress_state'] });

    // Assess
    expect(scope.isDone()).toBe(true);
    expect(contact?.history).toEqual({ hhl_progress_state: [] });
  });
});

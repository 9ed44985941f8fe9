import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BASE_URL, completePortal, fakePortal, hubspotError, lineFor, PROPERTIES_PATH, runProvision } from '../../fixtures/fake-portal.js';

beforeAll(() => {
  nock.disableNetConnect();
});

afterEach(() => {
  nock.cleanAll();
});

afterAll(() => {
  nock.enableNetConnect();
});

describe('provision when a create answers 409', () => {
  it('reads the property again and carries on when someone else created it meanwhile', async () => {
    // Prepare: the first read misses it; the create then finds it exists.
    nock(BASE_URL)
      .get(`${PROPERTIES_PATH}/hhl_progress_summary`)
      .query(true)
      .reply(404, hubspotError('OBJECT_NOT_FOUND', 'Unable to find property hhl_progress_summary'));
    const portal = fakePortal(completePortal());

    // Act
    const { exitCode, lines } = await runProvision('apply');

    // Assess
    expect(exitCode).toBe(0);
    expect(portal.writes().map((r) => `${r.method} ${r.path}`)).toEqual([`POST ${PROPERTIES_PATH}`]);
    expect(lineFor(lines, 'hhl_progress_summary')).toBe('property  hhl_progress_summary           unchanged');
  });

  it('reports a property HubSpot says exists but cannot read (archived) as differs, and exits 1', async () => {
    // Prepare
    const { groups, properties } = completePortal();
    nock(BASE_URL)
      .post(PROPERTIES_PATH, (body: { name?: string }) => body.name === 'hhl_progress_summary')
      .reply(409, hubspotError('OBJECT_ALREADY_EXISTS', 'A property named hhl_progress_summary already exists.'));
    fakePortal({ groups, properties: properties.filter((p) => p.name !== 'hhl_progress_summary') });

    // Act
    const { exitCode, lines } = await runProvision('apply');

    // Assess
    expect(exitCode).toBe(1);
    expect(lineFor(lines, 'hhl_progress_summary')).toContain('differs: HubSpot answers 409 (exists) to a create but 404 to a read');
    expect(lineFor(lines, 'hhl_progress_summary')).toContain('Archived properties');
  });
});

import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../../src/config.js';
import { createHubSpotStore } from '../../../../src/crm/hubspot/hubspot-store.js';
import { openContactStore } from '../../../../src/crm/open-contact-store.js';
import { READ_PROPERTIES } from '../../../../src/properties/property-definitions.js';
import { simulator, TOKEN } from '../../../fixtures/sim-fixture.js';

describe('HUBSPOT_API_VERSION', () => {
  it('sends every call of the store to the date-based paths with 2026-09: one setting', async () => {
    // Prepare
    const sim = await simulator();
    const config = loadConfig({ HUBSPOT_ACCESS_TOKEN: TOKEN, HUBSPOT_API_BASE_URL: sim.url, HUBSPOT_API_VERSION: '2026-09' });
    const { store, scanner } = openContactStore(config, { readsDefinitions: true });

    // Act
    const created = await store.create('ada@example.com', { hhl_total_progress: '1' });
    await store.read({ kind: 'email', email: 'ada@example.com' }, READ_PROPERTIES, { history: ['hhl_progress_state'] });
    await store.update(created.id, { hhl_total_progress: '2' });
    await store.readMany([{ kind: 'id', contactId: created.id }], READ_PROPERTIES);
    await store.createMany([{ email: 'grace@example.com', properties: {} }]);
    await store.updateMany([{ id: created.id, properties: { hhl_total_progress: '3' } }]);
    await scanner.scan({ having: 'hhl_total_progress', limit: 10, properties: ['email'] });
    const reader: unknown = Reflect.get(store, 'readPropertyTypes');
    if (typeof reader === 'function') await reader(['hhl_total_progress']);

    // Assess
    const routes = Object.keys(sim.stats().byRoute);
    expect(routes.filter((route) => route.includes('/v3/'))).toEqual([]);
    expect(routes.sort()).toEqual([
      'GET /crm/objects/2026-09/contacts/{id}',
      'PATCH /crm/objects/2026-09/contacts/{id}',
      'POST /crm/objects/2026-09/contacts',
      'POST /crm/objects/2026-09/contacts/batch/create',
      'POST /crm/objects/2026-09/contacts/batch/read',
      'POST /crm/objects/2026-09/contacts/batch/update',
      'POST /crm/objects/2026-09/contacts/search',
      'POST /crm/properties/2026-09/contacts/batch/read',
    ]);
  });

  it('meets the portal’s required-field rules on 2026-09: an email-only create is refused, not retried', async () => {
    const sim = await simulator({ requiredProperties: ['firstname'] });
    const v3 = createHubSpotStore({ token: TOKEN, baseUrl: sim.url, timeoutMs: 2_000 });
    const dated = createHubSpotStore({ token: TOKEN, baseUrl: sim.url, timeoutMs: 2_000, apiVersion: '2026-09' });

    const before = await v3.create('old@example.com', {});
    const refused = await dated.create('new@example.com', {}).catch((error: unknown) => error);
    const batch = await dated.createMany([{ email: 'batch@example.com', properties: {} }]);

    expect(before.created).toBe(true);
    expect(refused).toMatchObject({ status: 400, retryable: false, options: { category: 'VALIDATION_ERROR' } });
    expect(batch.failed.get('batch@example.com')?.retryable).toBe(false);
  });
});

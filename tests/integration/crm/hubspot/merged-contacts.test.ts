import { describe, expect, it } from 'vitest';
import { createHubSpotStore, type HubSpotCall } from '../../../../src/crm/hubspot/hubspot-store.js';
import { READ_PROPERTIES } from '../../../../src/properties/property-definitions.js';
import type { HubSpotSimulator, SimulatorInput } from '../../../../tools/hubspot-simulator/index.js';
import { client, createContact, learner, simulator, TOKEN } from '../../../fixtures/sim-fixture.js';

/** The service's HubSpot store on the simulator, with every call it makes recorded. */
function storeOn(sim: HubSpotSimulator) {
  const calls: HubSpotCall[] = [];
  const store = createHubSpotStore({ token: TOKEN, baseUrl: sim.url, timeoutMs: 2_000, onCall: (call) => calls.push(call) });
  return { store, calls };
}

/** Two contacts merged; answers the ids before and after. */
async function mergedPair(input: SimulatorInput = {}) {
  const sim = await simulator(input);
  const api = client(sim);
  const primary = await createContact(api, learner(1, { hhl_progress_summary: 'primary' }));
  const secondary = await createContact(api, learner(2));
  const merged = sim.merge(primary, secondary);
  return { sim, primary, secondary, merged };
}

describe('the HubSpot store on a portal where contacts were merged', () => {
  it.each([{ mergeMode: 'new-id' as const }, { mergeMode: 'keep-primary-id' as const }])(
    'answers readMany under every id it was asked for, old ones included ($mergeMode)',
    async ({ mergeMode }) => {
      // Prepare
      const { sim, primary, secondary, merged } = await mergedPair({ mergeMode });
      const { store } = storeOn(sim);

      // Act
      const found = await store.readMany(
        [
          { kind: 'id', contactId: primary },
          { kind: 'id', contactId: secondary },
        ],
        READ_PROPERTIES,
      );

      // Assess: one call, both identities answered by the merged record under its id
      expect(found.get(`id:${primary}`)?.id).toBe(merged);
      expect(found.get(`id:${secondary}`)?.id).toBe(merged);
      expect(found.get(`id:${secondary}`)?.properties['hhl_progress_summary']).toBe('primary');
      expect(sim.stats().byRoute['POST /crm/v3/objects/contacts/batch/read']).toEqual({ '200': 1 });
    },
  );

  it('reads a contact by an old id, answering the merged record and its new id', async () => {
    const { sim, secondary, merged } = await mergedPair();

    const found = await storeOn(sim).store.read({ kind: 'id', contactId: secondary }, READ_PROPERTIES);

    expect(found?.id).toBe(merged);
  });

  it('confirms a batch update whose id was merged away instead of reporting it unconfirmed (HubSpot wrote the merged record)', async () => {
    // Prepare
    const { sim, primary, merged } = await mergedPair({ mergedIdWrites: 'resolve' });
    const { store } = storeOn(sim);

    // Act
    const { failed } = await store.updateMany([{ id: primary, properties: { hhl_total_progress: '4' } }]);

    // Assess
    expect([...failed]).toEqual([]);
    expect(sim.contacts().find((c) => c.id === merged)?.properties['hhl_total_progress']).toBe('4');
  });

  it('reports a batch update whose id was merged away, where HubSpot refuses it, as merged into the new id: not retryable', async () => {
    const { sim, primary, merged } = await mergedPair({ mergedIdWrites: 'not-found' });
    const { store } = storeOn(sim);

    const { failed } = await store.updateMany([{ id: primary, properties: { hhl_total_progress: '4' } }]);

    const error = failed.get(primary);
    expect(error?.retryable).toBe(false);
    expect(error?.options.category).toBe('MERGED');
    expect(error?.options.mergedInto).toBe(merged);
  });
});

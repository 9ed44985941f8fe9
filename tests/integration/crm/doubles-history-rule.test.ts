import { describe, expect, it } from 'vitest';
import { createHubSpotStore } from '../../../src/crm/hubspot/hubspot-store.js';
import { createLocalContactStore } from '../../../src/crm/local/local-store.js';
import type { ContactStore } from '../../../src/crm/contact-store.js';
import { PROPERTY_NAMES as P } from '../../../src/properties/property-definitions.js';
import { simulator, TOKEN } from '../../fixtures/sim-fixture.js';

/** The race repair merges the versions a read returns, so both HubSpot doubles must keep them alike. */
describe('the history rule both HubSpot doubles share', () => {
  async function versionsAfterWrites(store: ContactStore): Promise<string[]> {
    const { id } = await store.create('ada@example.com', { [P.summary]: 'one' });
    await store.update(id, { [P.summary]: 'one' });
    await store.update(id, { [P.summary]: '' });
    const contact = await store.read({ kind: 'id', contactId: id }, [P.summary], { history: [P.summary] });
    return (contact?.history?.[P.summary] ?? []).map((version) => version.value);
  }

  it('adds a version for every write, the same value included, in the local store and the simulator alike', async () => {
    // Prepare
    const sim = await simulator();
    const hubspot = createHubSpotStore({ token: TOKEN, baseUrl: sim.url, timeoutMs: 2_000 });
    const local = createLocalContactStore();

    // Act
    const [fromSimulator, fromLocal] = [await versionsAfterWrites(hubspot), await versionsAfterWrites(local)];

    // Assess
    expect(fromSimulator).toEqual(['', 'one', 'one']);
    expect(fromLocal).toEqual(fromSimulator);
  });
});

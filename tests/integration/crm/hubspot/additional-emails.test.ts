import { describe, expect, it } from 'vitest';
import { createHubSpotStore } from '../../../../src/crm/hubspot/hubspot-store.js';
import { READ_PROPERTIES } from '../../../../src/properties/property-definitions.js';
import { client, createContact, learner, simulator, TOKEN } from '../../../fixtures/sim-fixture.js';

describe('the HubSpot store on a portal where learners have additional emails', () => {
  it.each([{ additionalEmailLookup: 'match' as const }, { additionalEmailLookup: 'primary-only' as const }])(
    'answers readMany under a learner’s additional email, as HubSpot resolves it ($additionalEmailLookup)',
    async ({ additionalEmailLookup }) => {
      // Prepare
      const sim = await simulator({ additionalEmailLookup });
      const id = await createContact(client(sim), learner(1));
      sim.addAdditionalEmail(id, 'ada.work@example.com');
      const store = createHubSpotStore({ token: TOKEN, baseUrl: sim.url, timeoutMs: 2_000 });

      // Act
      const alone = await store.readMany([{ kind: 'email', email: 'ada.work@example.com' }], READ_PROPERTIES);
      const both = await store.readMany(
        [
          { kind: 'email', email: 'ada.work@example.com' },
          { kind: 'email', email: 'learner1@example.com' },
        ],
        READ_PROPERTIES,
      );

      // Assess: alone, it is found where HubSpot resolves it; with the primary, the answer's addresses name it
      expect(alone.get('email:ada.work@example.com')?.id).toBe(additionalEmailLookup === 'match' ? id : undefined);
      expect(both.get('email:ada.work@example.com')?.id).toBe(id);
      expect(both.get('email:learner1@example.com')?.id).toBe(id);
      expect(both.get('email:learner1@example.com')?.properties['email']).toBe('learner1@example.com');
    },
  );

  it('indexes an answer under every address it carries, with no call more', async () => {
    const sim = await simulator();
    const id = await createContact(client(sim), learner(1));
    sim.addAdditionalEmail(id, 'second@example.com');
    sim.addAdditionalEmail(id, 'third@example.com');
    const store = createHubSpotStore({ token: TOKEN, baseUrl: sim.url, timeoutMs: 2_000 });
    const before = sim.stats().total;

    const found = await store.readMany([{ kind: 'email', email: 'third@example.com' }, { kind: 'email', email: 'second@example.com' }], ['email']);

    expect([...found.keys()].sort()).toEqual(['email:second@example.com', 'email:third@example.com']);
    expect(sim.stats().total - before).toBe(1);
  });
});

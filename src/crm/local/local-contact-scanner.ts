import type { ContactScanner, ScanPage, ScanRequest } from '../contact-scanner.js';
import type { StoredContact } from '../contact-store.js';
import { loadSnapshot } from './local-store-file.js';

/**
 * `scan` over the embedded local store's file, for the bulk jobs without a HubSpot token. Each page reads the file as
 * the local store last saved it, so it sees that store's writes; ids compare as numbers, as HubSpot's do.
 * @example const scanner = createLocalContactScanner('.data/contacts.json');
 */
export function createLocalContactScanner(file: string): ContactScanner & { readonly calls: number } {
  let calls = 0;
  return {
    get calls() {
      return calls;
    },
    async scan(request: ScanRequest): Promise<ScanPage> {
      calls += 1;
      const after = request.afterId === undefined ? -Infinity : Number(request.afterId);
      const matching = loadSnapshot(file)
        .contacts.filter((contact) => (contact.properties[request.having] ?? '') !== '' && Number(contact.id) > after)
        .sort((a, b) => Number(a.id) - Number(b.id));
      const contacts = matching.slice(0, request.limit).map(
        (contact): StoredContact => ({
          id: contact.id,
          properties: Object.fromEntries(request.properties.map((name) => [name, name === 'hs_object_id' ? contact.id : (contact.properties[name] ?? null)])),
        }),
      );
      return { contacts, total: matching.length };
    },
  };
}

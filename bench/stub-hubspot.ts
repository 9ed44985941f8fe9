import { createServer, type Server } from 'node:http';

/** HubDB rows for `CATALOG_SOURCE=hubdb` runs: table 1 courses, 2 pathways, 3 modules (hh-learn's columns). */
const HUBDB_ROWS: Record<string, unknown[]> = {
  '1': [{ id: '1', path: 'crm-essentials', name: 'CRM Essentials', values: { module_slugs_json: '["crm-overview","contacts-and-companies","deals-pipeline"]', display_order: 1 } }],
  '2': [{ id: '2', path: 'hubspot-foundations', name: 'HubSpot Foundations', values: { course_slugs_json: '["crm-essentials"]', module_slugs_json: '' } }],
  '3': [{ id: '3', path: 'crm-overview', name: 'CRM overview', values: {} }],
};

/**
 * The smallest HubSpot stand-in for a cold-start measurement: a contact read answers 404, a create 201, and a HubDB
 * rows read a one-page table. It measures the service's own start-up, not HubSpot.
 */
export async function startStubHubSpot(): Promise<{ url: string; close: () => Promise<void> }> {
  let nextId = 1000;
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.setHeader('content-type', 'application/json');
      const hubdb = /^\/cms\/v3\/hubdb\/tables\/(\d+)\/rows/.exec(req.url ?? '');
      if (req.method === 'GET' && hubdb !== null) {
        const results = HUBDB_ROWS[hubdb[1] ?? ''] ?? [];
        res.end(JSON.stringify({ type: 'RANDOM_ACCESS', total: results.length, results }));
        return;
      }
      if (req.method === 'GET') {
        res.statusCode = 404;
        res.end(JSON.stringify({ status: 'error', category: 'OBJECT_NOT_FOUND', message: 'Object not found' }));
        return;
      }
      nextId += 1;
      res.statusCode = 201;
      res.end(JSON.stringify({ id: String(nextId), properties: {}, createdAt: new Date().toISOString(), updatedAt: new Date().toISOString(), archived: false }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

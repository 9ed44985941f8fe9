import { createServer, type Server } from 'node:http';

/**
 * The smallest HubSpot stand-in for a cold-start measurement: a contact read answers 404, a create 201. It measures
 * the service's own start-up, not HubSpot.
 */
export async function startStubHubSpot(): Promise<{ url: string; close: () => Promise<void> }> {
  let nextId = 1000;
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.setHeader('content-type', 'application/json');
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

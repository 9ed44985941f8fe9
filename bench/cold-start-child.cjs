// Runs in a fresh Node process: loads a bundle, answers one tracked event, prints the timings as JSON.
'use strict';
const { performance } = require('node:perf_hooks');
const bundle = process.argv[2];
const t0 = performance.now();
const mod = require(bundle);
const t1 = performance.now();
const event = {
  version: '2.0',
  routeKey: '$default',
  rawPath: '/events/track',
  rawQueryString: '',
  headers: { 'content-type': 'text/plain' },
  requestContext: { http: { method: 'POST', path: '/events/track' }, requestId: 'cold-start' },
  isBase64Encoded: false,
  body: JSON.stringify({
    eventName: 'learning_module_completed',
    contactIdentifier: { email: `cold-${process.pid}@example.com` },
    payload: { module_slug: 'crm-overview', course_slug: 'crm-essentials' },
  }),
};
Promise.resolve(mod.handler(event)).then((response) => {
  const t2 = performance.now();
  const body = JSON.parse(response.body);
  process.stdout.write(`\n@@${JSON.stringify({ loadMs: t1 - t0, firstRequestMs: t2 - t1, totalMs: t2 - t0, status: body.status })}\n`);
});

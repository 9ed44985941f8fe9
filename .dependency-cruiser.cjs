/**
 * The layers of `src/`, checked in CI (`npm run check:layers`) so the layout cannot drift back. From the bottom:
 *
 *   progress/                                  the pure engine: imports nothing outside itself
 *   properties/ identity.ts origins.ts errors.ts config.ts env-schema.ts catalog/
 *   crm/ (crm/hubspot/, crm/local/) auth/ observability/ secrets/
 *   tracking/                                  use cases, no HTTP
 *   http/ queue/ bulk/ provisioning/
 *   local/ lambda.ts queue-lambda.ts           entry points
 *
 * An import may point down or sideways in its layer, never up. docs/architecture.md draws the same tree.
 */
const BELOW_TRACKING = '^src/(progress|properties|crm|auth|observability|catalog|secrets)/|^src/(identity|errors|config|env-schema|origins|generated-module)\\.ts$';
const BELOW_EDGE = `${BELOW_TRACKING}|^src/tracking/`;

module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', comment: 'No import cycles anywhere.', from: {}, to: { circular: true } },
    {
      name: 'engine-is-pure',
      severity: 'error',
      comment: 'progress/ is the pure engine: it imports nothing outside itself (Node built-ins such as zlib aside).',
      from: { path: '^src/progress/' },
      to: { pathNot: ['^src/progress/'], dependencyTypesNot: ['core'] },
    },
    {
      name: 'below-the-edge-never-imports-http',
      severity: 'error',
      comment: 'Only the edge knows HTTP: nothing below http/ imports it.',
      from: { path: BELOW_EDGE },
      to: { path: '^src/http/' },
    },
    {
      name: 'below-tracking-never-imports-use-cases',
      severity: 'error',
      comment: 'The store, properties, auth and observability never import the use cases or anything above them.',
      from: { path: BELOW_TRACKING },
      to: { path: '^src/(tracking|queue|http|bulk|provisioning|local)/' },
    },
    {
      name: 'crm-stays-below',
      severity: 'error',
      comment: 'crm/ never imports tracking/, queue/ or http/.',
      from: { path: '^src/crm/' },
      to: { path: '^src/(tracking|queue|http)/' },
    },
    {
      name: 'properties-below-crm',
      severity: 'error',
      comment: 'What a contact carries is below the store that carries it.',
      from: { path: '^src/(properties|progress)/|^src/(identity|errors|config|env-schema|origins|generated-module)\\.ts$' },
      to: { path: '^src/(crm|auth|observability|catalog)/' },
    },
    {
      name: 'local-only-from-its-entry-point',
      severity: 'error',
      comment: 'local/ (npm start: node:http, the demo, the embedded SQS and poller) is imported only from local/ itself.',
      from: { path: '^src/', pathNot: '^src/local/' },
      to: { path: '^src/local/' },
    },
    {
      name: 'entry-points-are-not-imported',
      severity: 'error',
      comment: 'The Lambda entry points build the real clients; nothing imports them.',
      from: { path: '^src/' },
      to: { path: '^src/(lambda|queue-lambda)\\.ts$' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.json'] },
  },
};

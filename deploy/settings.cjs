// Deploy-time settings for serverless.yml, computed from the environment in one place so the template stays readable.
// Each export is resolved with `${file(./deploy/settings.cjs):name}`. No AWS call is made: `npm run package` works offline.
'use strict';

const env = (name, fallback) => {
  const value = process.env[name];
  return value === undefined || value.trim() === '' ? fallback : value.trim();
};

const origins = () =>
  env('CORS_ALLOWED_ORIGINS', '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');

// API Gateway's HTTP API CORS takes exact origins, not wildcard host patterns such as
// `https://*.hubspotusercontent-na1.net` (and the service refuses `*`-style patterns that would let every site in). With exact origins only, API Gateway answers CORS (and ignores the Lambda's
// headers); with any host pattern, CORS stays in the Lambda, which applies the same allow-list, and OPTIONS is routed
// to it.
const hasHostPatterns = () => origins().some((o) => o.includes('*'));

const ROUTES = [
  { method: 'POST', path: '/events/track' },
  { method: 'GET', path: '/progress/read' },
  { method: 'GET', path: '/api/health' },
  { method: 'GET', path: '/progress/aggregate' },
  { method: 'GET', path: '/enrollments/list' },
  // The read routes hh-learn's pages call (issue 14).
  { method: 'GET', path: '/course/status' },
  { method: 'GET', path: '/pathway/status' },
  { method: 'GET', path: '/module/progress' },
  { method: 'GET', path: '/certificates' },
  { method: 'GET', path: '/certificate/{id}' },
];

module.exports.httpApiCors = () =>
  hasHostPatterns() || origins().length === 0
    ? false
    : {
        allowedOrigins: origins(),
        allowedHeaders: ['Content-Type', 'Authorization'],
        allowedMethods: ['GET', 'POST', 'OPTIONS'],
        allowCredentials: true,
        maxAge: 600,
      };

module.exports.httpEvents = () => {
  const routes = hasHostPatterns() ? [...ROUTES, { method: 'OPTIONS', path: '/{proxy+}' }] : ROUTES;
  return routes.map((route) => ({ httpApi: route }));
};

// The HubSpot token: from the environment at package time, or a CloudFormation dynamic reference to an SSM String
// parameter resolved at deploy time (the value never enters the template or the artifact). Empty when neither.
module.exports.hubspotToken = () => {
  const parameter = env('HUBSPOT_TOKEN_SSM_PARAMETER', '');
  if (parameter !== '') return `{{resolve:ssm:${parameter}}}`;
  return env('HUBSPOT_PRIVATE_APP_TOKEN', '');
};

// The HS256 secret for AUTH_MODE=jwt, the same two ways as the token.
module.exports.authSecret = () => {
  const parameter = env('AUTH_HS256_SECRET_SSM_PARAMETER', '');
  if (parameter !== '') return `{{resolve:ssm:${parameter}}}`;
  return env('AUTH_HS256_SECRET', '');
};

// A custom catalog is packaged beside the handler; without one, the catalog bundled into the code is used.
module.exports.catalogPath = () => env('CATALOG_PATH', '');
module.exports.packagePatterns = () => {
  const catalog = env('CATALOG_PATH', '');
  if (catalog === '') return [];
  return [catalog.endsWith('.json') ? catalog : `${catalog.replace(/\/+$/, '')}/**`];
};

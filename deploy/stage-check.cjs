// The stage check: a deployed stage must either work or refuse to build. `npm run package` and `npm run deploy` run it
// (through scripts/check-stage.ts, which adds the service's own configuration and catalog checks), and
// deploy/settings.cjs runs it again when osls resolves the template, so `npx osls deploy` cannot skip it.
// Each problem is one line: the setting, what would go wrong, what to do.
'use strict';

const SECRET_SETTINGS = require('../src/secrets/secret-settings.json');

/** Stages that are never deployed: packaging them checks nothing. */
const LOCAL_STAGES = ['local'];

const value = (env, name) => {
  const v = env[name];
  return v === undefined || v.trim() === '' ? undefined : v.trim();
};

const TRUE = ['true', '1', 'yes', 'on'];
const FALSE = ['false', '0', 'no', 'off'];
const flag = (env, name) => {
  const v = value(env, name);
  if (v === undefined) return undefined;
  if (TRUE.includes(v.toLowerCase())) return true;
  if (FALSE.includes(v.toLowerCase())) return false;
  return 'invalid';
};

/** Where a secret comes from at run time: `{ ssm }`, `{ secretId }`, or undefined. Aliases count as the name. */
function secretReference(env, setting) {
  for (const name of [setting.name, ...setting.aliases]) {
    const ssm = value(env, `${name}_SSM_PARAMETER`);
    const secretId = value(env, `${name}_SECRET_ID`);
    if (ssm !== undefined || secretId !== undefined) return { ssm, secretId, variable: name };
  }
  return undefined;
}

const setting = (name) => SECRET_SETTINGS.find((s) => s.name === name) ?? { name, aliases: [], functions: ['api'] };

/** Exact origin (`https://learn.example.com`) or host pattern (`https://*.example.com`), as the service reads them. */
function originProblem(origin) {
  if (/^(\*|https?:\/\/\*)$/.test(origin) || /\*\.[a-z0-9-]+$/i.test(origin)) {
    return `"${origin}" would let every site in; name a domain below its public suffix (https://*.hubspotusercontent-na1.net)`;
  }
  const match = /^(https?):\/\/([a-z0-9*.-]+)(:\d{1,5})?$/i.exec(origin);
  if (match === null) return `"${origin}" is not an origin (scheme://host[:port], no path, no trailing slash)`;
  if (match[1].toLowerCase() === 'http' && !/^(localhost|127\.0\.0\.1)$/i.test(match[2])) {
    return `"${origin}" is plain http: a deployed stage admits https pages only (http://localhost aside)`;
  }
  return undefined;
}

/**
 * Every problem that would make this stage record nothing, fail its cold start, or run open. Empty when the stage is
 * local (`APP_STAGE=local`) or fine.
 * @param {Record<string, string | undefined>} env the deploy environment
 * @param {string} stage
 * @returns {string[]}
 */
function stageProblems(env, stage) {
  if (LOCAL_STAGES.includes(stage)) return [];
  const problems = [];

  // Secrets: references only; a plain value in the deploy environment would be ignored (the template holds none).
  for (const s of SECRET_SETTINGS) {
    for (const name of [s.name, ...s.aliases]) {
      if (value(env, name) !== undefined) {
        problems.push(`${name}: set in the deploy environment, but a deployed stage never takes a secret from it; store it in SSM (SecureString) and set ${s.name}_SSM_PARAMETER to the parameter's name, then unset ${name}`);
      }
      if (value(env, `${name}_SSM_PARAMETER`) !== undefined && value(env, `${name}_SECRET_ID`) !== undefined) {
        problems.push(`${name}_SSM_PARAMETER and ${name}_SECRET_ID are both set: choose one store for ${s.name}`);
      }
    }
  }
  if (value(env, 'HUBSPOT_TOKEN_SSM_PARAMETER') !== undefined) {
    problems.push('HUBSPOT_TOKEN_SSM_PARAMETER: no longer read; the token is read at cold start from HUBSPOT_ACCESS_TOKEN_SSM_PARAMETER (a SecureString parameter)');
  }

  // The CRM switch and the token.
  const crm = flag(env, 'ENABLE_CRM_PROGRESS');
  if (crm === undefined) {
    problems.push('ENABLE_CRM_PROGRESS: not set, so the stage would answer every event logged/anonymous and record nothing; set true (or false to deploy a stage that deliberately records nothing)');
  } else if (crm === 'invalid') {
    problems.push(`ENABLE_CRM_PROGRESS: "${value(env, 'ENABLE_CRM_PROGRESS')}" is not true or false`);
  }
  if (crm === true && secretReference(env, setting('HUBSPOT_ACCESS_TOKEN')) === undefined) {
    problems.push('HUBSPOT_ACCESS_TOKEN_SSM_PARAMETER: not set, so neither function could reach HubSpot; name the SSM SecureString holding the token (or set HUBSPOT_ACCESS_TOKEN_SECRET_ID)');
  }

  // CORS.
  const origins = (value(env, 'CORS_ALLOWED_ORIGINS') ?? '').split(',').map((o) => o.trim()).filter((o) => o !== '');
  if (origins.length === 0) {
    problems.push('CORS_ALLOWED_ORIGINS: empty, so no page could call the API from a browser; list the site\'s origins (https://learn.example.com,https://*.hubspotusercontent-na1.net)');
  }
  for (const origin of origins) {
    const problem = originProblem(origin);
    if (problem !== undefined) problems.push(`CORS_ALLOWED_ORIGINS: ${problem}`);
  }

  // Sign-in.
  const mode = (value(env, 'AUTH_MODE') ?? 'none').toLowerCase();
  if (!['none', 'jwt', 'oidc'].includes(mode)) {
    problems.push(`AUTH_MODE: "${mode}" is not none, jwt or oidc`);
  }
  const noneAccepted = flag(env, 'AUTH_MODE_NONE_ACCEPTED');
  if (noneAccepted === 'invalid') problems.push(`AUTH_MODE_NONE_ACCEPTED: "${value(env, 'AUTH_MODE_NONE_ACCEPTED')}" is not true or false`);
  if (mode === 'none' && crm === true && noneAccepted !== true) {
    problems.push('AUTH_MODE: none with ENABLE_CRM_PROGRESS=true lets any caller read and write any learner\'s progress by naming an email; use oidc or jwt, or set AUTH_MODE_NONE_ACCEPTED=true to accept that (docs/security.md)');
  }
  if (mode === 'jwt' && value(env, 'AUTH_JWKS_URL') === undefined && secretReference(env, setting('AUTH_HS256_SECRET')) === undefined) {
    problems.push('AUTH_MODE: jwt needs AUTH_JWKS_URL or AUTH_HS256_SECRET_SSM_PARAMETER (the HS256 secret in SSM)');
  }
  if (mode === 'oidc' && secretReference(env, setting('SESSION_SECRET')) === undefined) {
    problems.push('AUTH_MODE: oidc needs SESSION_SECRET_SSM_PARAMETER (the session signing secret in SSM)');
  }

  // Capacity.
  if (value(env, 'CONSUMER_CONCURRENCY') !== undefined) {
    problems.push('CONSUMER_CONCURRENCY: no longer read (reserved concurrency behind an SQS trigger throttles it); the event source\'s CONSUMER_MAX_CONCURRENCY (2 to 1000, default 2) bounds the consumer');
  }
  const wholeNumber = (name, min, max) => {
    const v = value(env, name);
    if (v !== undefined && !(/^\d+$/.test(v) && Number(v) >= min && Number(v) <= max)) problems.push(`${name}: "${v}" is not a whole number from ${min} to ${max}`);
  };
  wholeNumber('CONSUMER_MAX_CONCURRENCY', 2, 1000);
  wholeNumber('HUBSPOT_TEN_SECOND_LIMIT', 10, 1_000_000);
  wholeNumber('API_THROTTLE_RATE', 1, 10_000);
  wholeNumber('API_THROTTLE_BURST', 1, 5_000);
  return problems;
}

module.exports = { stageProblems, LOCAL_STAGES };

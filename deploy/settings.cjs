// Deploy-time settings for serverless.yml, computed from the environment in one place so the template stays readable.
// Each export is resolved with `${file(./deploy/settings.cjs):name}`. No AWS call is made: `npm run package` works offline.
'use strict';

const SECRET_SETTINGS = require('../src/secrets/secret-settings.json');
const { stageProblems } = require('./stage-check.cjs');

const env = (name, fallback) => {
  const value = process.env[name];
  return value === undefined || value.trim() === '' ? fallback : value.trim();
};

const SERVICE = 'hhl-progress-api';
const stageOf = async ({ resolveVariable }) => resolveVariable('sls:stage');

// CloudFormation pieces: ARNs in this stack's partition, region and account.
const ref = (name) => ({ Ref: name });
const arn = (...parts) => ({ 'Fn::Join': ['', ['arn:', ref('AWS::Partition'), ...parts]] });
const regional = (service, resource) => arn(`:${service}:`, ref('AWS::Region'), ':', ref('AWS::AccountId'), `:${resource}`);
const viaService = (service) => ({ 'Fn::Join': ['', [`${service}.`, ref('AWS::Region'), '.amazonaws.com']] });

// The stage check runs when the template is resolved, so `npx osls package|deploy` refuses too (npm run package and
// npm run deploy run scripts/check-stage.ts first, which prints the same lines and also checks the configuration).
module.exports.stageCheck = async (params) => {
  const stage = await stageOf(params);
  const problems = stageProblems(process.env, stage);
  if (problems.length > 0) {
    throw new Error(`stage ${stage} refuses to build (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n${problems.join('\n')}`);
  }
  return 'passed';
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

// ---- Secrets: references in, values never --------------------------------------------------------------------------
// For each secret a function uses (src/secrets/secret-settings.json), the deploy environment names where it lives:
// `<NAME>_SSM_PARAMETER` (an SSM SecureString) or `<NAME>_SECRET_ID` (a Secrets Manager secret); an alias's name
// works too. The function gets that reference (never the value) and IAM read rights on exactly it.

/** The secrets one function uses that have a reference: `{ name, ssm?, secretId? }`. */
function secretReferences(functionName) {
  const found = [];
  for (const setting of SECRET_SETTINGS.filter((s) => s.functions.includes(functionName))) {
    for (const name of [setting.name, ...setting.aliases]) {
      const ssm = env(`${name}_SSM_PARAMETER`, undefined);
      const secretId = env(`${name}_SECRET_ID`, undefined);
      if (ssm === undefined && secretId === undefined) continue;
      found.push({ name: setting.name, ssm, secretId });
      break;
    }
  }
  return found;
}

/** Environment variables that tell a function where its secrets are (names of parameters and secrets only). */
const secretEnvironment = (functionName) => () =>
  Object.fromEntries(
    secretReferences(functionName).map((r) => (r.ssm === undefined ? [`${r.name}_SECRET_ID`, r.secretId] : [`${r.name}_SSM_PARAMETER`, r.ssm])),
  );
module.exports.apiSecretEnvironment = secretEnvironment('api');
module.exports.consumerSecretEnvironment = secretEnvironment('queueConsumer');

const parameterArn = (name) => (name.startsWith('arn:') ? name : regional('ssm', `parameter/${name.replace(/^\/+/, '')}`));
// A Secrets Manager ARN ends in a random six-character suffix the name does not carry.
const secretArn = (id) => (id.startsWith('arn:') ? id : regional('secretsmanager', `secret:${id}-??????`));

/** IAM statements that read exactly this function's secrets: the parameters or secrets, and their KMS decryption. */
function secretStatements(functionName) {
  const references = secretReferences(functionName);
  const parameters = references.filter((r) => r.ssm !== undefined).map((r) => parameterArn(r.ssm));
  const secrets = references.filter((r) => r.ssm === undefined).map((r) => secretArn(r.secretId));
  // Without a customer-managed key the store's AWS-managed key (aws/ssm, aws/secretsmanager) is used; the encryption
  // context condition limits decryption to these parameters or secrets whichever key it is.
  const key = env('SECRETS_KMS_KEY_ARN', undefined) ?? regional('kms', 'key/*');
  const statements = [];
  if (parameters.length > 0) {
    statements.push({ Effect: 'Allow', Action: ['ssm:GetParameter'], Resource: parameters });
    statements.push({
      Effect: 'Allow',
      Action: ['kms:Decrypt'],
      Resource: key,
      Condition: { StringEquals: { 'kms:ViaService': viaService('ssm'), 'kms:EncryptionContext:PARAMETER_ARN': parameters } },
    });
  }
  if (secrets.length > 0) {
    statements.push({ Effect: 'Allow', Action: ['secretsmanager:GetSecretValue'], Resource: secrets });
    statements.push({
      Effect: 'Allow',
      Action: ['kms:Decrypt'],
      Resource: key,
      Condition: { StringEquals: { 'kms:ViaService': viaService('secretsmanager') }, StringLike: { 'kms:EncryptionContext:SecretARN': secrets } },
    });
  }
  return statements;
}

// ---- One role per function: its own log group, its own queue rights, its own secrets --------------------------------
const logStatement = (functionFullName) => ({
  Effect: 'Allow',
  Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
  Resource: [regional('logs', `log-group:/aws/lambda/${functionFullName}:*`)],
});

const role = (policyName, statements) => ({
  Type: 'AWS::IAM::Role',
  Properties: {
    AssumeRolePolicyDocument: {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { Service: ['lambda.amazonaws.com'] }, Action: ['sts:AssumeRole'] }],
    },
    Policies: [{ PolicyName: policyName, PolicyDocument: { Version: '2012-10-17', Statement: statements } }],
  },
});

const queueArn = { 'Fn::GetAtt': ['EventsQueue', 'Arn'] };

module.exports.apiRole = async (params) => {
  const stage = await stageOf(params);
  const name = `${SERVICE}-${stage}-api`;
  return role(`${name}-policy`, [
    logStatement(name),
    // The fallback path and the post-write check send to the events queue; nothing else.
    { Effect: 'Allow', Action: ['sqs:SendMessage'], Resource: [queueArn] },
    ...secretStatements('api'),
  ]);
};

module.exports.consumerRole = async (params) => {
  const stage = await stageOf(params);
  const name = `${SERVICE}-${stage}-queueConsumer`;
  const functionArn = regional('lambda', `function:${name}`);
  const qualifiedArn = regional('lambda', `function:${name}:*`);
  return role(`${name}-policy`, [
    logStatement(name),
    // What its SQS event source needs, the back-off of failed messages (ChangeMessageVisibility), and the delayed
    // re-check of the learners a batch wrote (SendMessage).
    {
      Effect: 'Allow',
      Action: ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'sqs:ChangeMessageVisibility', 'sqs:SendMessage'],
      Resource: [queueArn],
    },
    // A consumer that cannot reach HubSpot pauses its own event source (listing takes no resource-level permission).
    { Effect: 'Allow', Action: ['lambda:ListEventSourceMappings'], Resource: '*' },
    {
      Effect: 'Allow',
      Action: ['lambda:UpdateEventSourceMapping'],
      Resource: [regional('lambda', 'event-source-mapping:*')],
      Condition: { StringLike: { 'lambda:FunctionArn': [functionArn, qualifiedArn] } },
    },
    ...secretStatements('queueConsumer'),
  ]);
};

// ---- Capacity ------------------------------------------------------------------------------------------------------
// The portal's HubSpot budget is HUBSPOT_TEN_SECOND_LIMIT calls per rolling 10 s (100 Free/Starter, 190
// Professional/Enterprise). API Gateway's token bucket is sized to it: one request per second for each call per second
// the portal allows, and a burst of one full window. A request costs 0 (queued) to 2 (direct track) calls, so at the
// throttle the API spends at most about twice the budget; what HubSpot then refuses is queued, not lost, while what
// API Gateway refuses is lost, so the throttle is the budget, not a fraction of it.
const tenSecondLimit = () => Number(env('HUBSPOT_TEN_SECOND_LIMIT', '100'));
module.exports.apiThrottleRate = () => Number(env('API_THROTTLE_RATE', String(Math.max(1, Math.floor(tenSecondLimit() / 10)))));
module.exports.apiThrottleBurst = () => Number(env('API_THROTTLE_BURST', String(Math.max(1, tenSecondLimit()))));

// How many consumer invocations the SQS event source runs at once (2 is the least it allows).
module.exports.consumerMaxConcurrency = () => Number(env('CONSUMER_MAX_CONCURRENCY', '2'));

// API Gateway access log: one JSON line per request, throttled (429) and rejected ones included. No query string
// (`/progress/read?email=` would put emails in it), no headers.
module.exports.accessLogFormat = () =>
  JSON.stringify({
    requestId: '$context.requestId',
    requestTime: '$context.requestTime',
    ip: '$context.identity.sourceIp',
    method: '$context.httpMethod',
    path: '$context.path',
    routeKey: '$context.routeKey',
    status: '$context.status',
    responseLength: '$context.responseLength',
    responseLatency: '$context.responseLatency',
    integrationStatus: '$context.integrationStatus',
    integrationLatency: '$context.integrationLatency',
    integrationError: '$context.integrationErrorMessage',
    error: '$context.error.message',
  });

// A custom catalog is packaged beside the handler; without one, the catalog bundled into the code is used.
module.exports.catalogPath = () => env('CATALOG_PATH', '');
module.exports.packagePatterns = () => {
  const catalog = env('CATALOG_PATH', '');
  if (catalog === '') return [];
  return [catalog.endsWith('.json') ? catalog : `${catalog.replace(/\/+$/, '')}/**`];
};

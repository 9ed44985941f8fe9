import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SECRET_SETTINGS } from '../../src/secrets/secret-settings.js';
import { packageService, removePackages, resourcesOfType, WORKING_STAGE_ENV } from '../fixtures/package-service.js';
import { zipEntries } from '../fixtures/zip-entries.js';

afterAll(removePackages);

/** The policy statements of one function's role. */
const statementsOf = (template: any, functionId: string): any[] => {
  const roleId = template.Resources[functionId].Properties.Role['Fn::GetAtt'][0];
  return template.Resources[roleId].Properties.Policies.flatMap((p: any) => p.PolicyDocument.Statement);
};
const actionsOf = (statements: any[]) => statements.flatMap((s) => [s.Action].flat()).sort();
const joined = (value: any): string => (typeof value === 'string' ? value : value['Fn::Join'][1].map((p: any) => (typeof p === 'string' ? p : `{${p.Ref}}`)).join(''));

describe('npm run package (exact CORS origins, secrets in SSM)', () => {
  let template: any;
  let zip: string;
  beforeAll(async () => {
    const packaged = await packageService({
      ...WORKING_STAGE_ENV,
      AUTH_MODE: 'jwt',
      AUTH_HS256_SECRET_SSM_PARAMETER: '/hhl/ci/auth-hs256',
    });
    ({ template } = packaged);
    zip = packaged.zips.api;
  }, 180_000);

  it('declares the API function and the queue consumer on nodejs24.x arm64', () => {
    const functions = resourcesOfType(template, 'AWS::Lambda::Function').map(([, fn]) => fn.Properties);
    expect(functions.map((f) => f.Handler).sort()).toEqual(['src/lambda.handler', 'src/queue-lambda.handler']);
    for (const fn of functions) expect(fn).toMatchObject({ Runtime: 'nodejs24.x', Architectures: ['arm64'] });
  });

  it('feeds the consumer from the events queue in batches of 100 with partial batch failures, at most 2 at once by the event source', () => {
    const [, mapping] = resourcesOfType(template, 'AWS::Lambda::EventSourceMapping')[0] ?? [];
    expect(mapping.Properties).toMatchObject({
      BatchSize: 100,
      MaximumBatchingWindowInSeconds: 1,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      ScalingConfig: { MaximumConcurrency: 2 },
    });
    // Reserved concurrency behind an SQS trigger throttles its pollers; none is set.
    expect(template.Resources.QueueConsumerLambdaFunction.Properties.ReservedConcurrentExecutions).toBeUndefined();
  });

  it('redrives the events queue to a dead-letter queue after 5 receives', () => {
    const queue = template.Resources.EventsQueue.Properties;
    expect(queue.RedrivePolicy).toEqual({ deadLetterTargetArn: { 'Fn::GetAtt': ['EventsDeadLetterQueue', 'Arn'] }, maxReceiveCount: 5 });
    expect(queue.VisibilityTimeout).toBeGreaterThanOrEqual(6 * template.Resources.QueueConsumerLambdaFunction.Properties.Timeout);
  });

  it('routes every path of the API to it', () => {
    const routes = resourcesOfType(template, 'AWS::ApiGatewayV2::Route').map(([, r]) => r.Properties.RouteKey).sort();
    expect(routes).toEqual([
      'GET /api/health',
      'GET /certificate/{id}',
      'GET /certificates',
      'GET /course/status',
      'GET /enrollments/list',
      'GET /module/progress',
      'GET /pathway/status',
      'GET /progress/aggregate',
      'GET /progress/read',
      'POST /events/track',
    ]);
  });

  it('answers CORS at API Gateway from the allow-list', () => {
    const [, api] = resourcesOfType(template, 'AWS::ApiGatewayV2::Api')[0] ?? [];
    expect(api.Properties.CorsConfiguration).toMatchObject({
      AllowOrigins: ['https://learn.example.com', 'https://www.example.com'],
      AllowMethods: expect.arrayContaining(['GET', 'POST', 'OPTIONS']),
      MaxAge: 600,
    });
  });

  it('passes each function the names of its own secrets only, never a value', () => {
    const api = template.Resources.ApiLambdaFunction.Properties.Environment.Variables;
    const consumer = template.Resources.QueueConsumerLambdaFunction.Properties.Environment.Variables;
    expect(api).toMatchObject({
      ENABLE_CRM_PROGRESS: 'true',
      PROGRESS_BACKEND: 'properties',
      HUBSPOT_API_BASE_URL: 'https://api.hubapi.com',
      HUBSPOT_ACCESS_TOKEN_SSM_PARAMETER: '/hhl/ci/hubspot-token',
      AUTH_HS256_SECRET_SSM_PARAMETER: '/hhl/ci/auth-hs256',
      SECRETS_MAX_AGE_SECONDS: '300',
      PROGRESS_WRITE_MODE: 'direct',
      QUEUE_URL: { Ref: 'EventsQueue' },
      AUTH_MODE: 'jwt',
      CORS_ALLOWED_ORIGINS: 'https://learn.example.com,https://www.example.com',
      LOG_LEVEL: 'info',
    });
    expect(consumer.HUBSPOT_ACCESS_TOKEN_SSM_PARAMETER).toBe('/hhl/ci/hubspot-token');
    expect(consumer.AUTH_HS256_SECRET_SSM_PARAMETER).toBeUndefined();
    const secretNames = SECRET_SETTINGS.flatMap((s) => [s.name, ...s.aliases]);
    for (const variables of [api, consumer]) expect(Object.keys(variables).filter((k) => secretNames.includes(k))).toEqual([]);
  });

  it('throttles the stage at the portal\'s HubSpot budget (100 calls per 10 s: 10 requests/s, bursts of 100) and logs every request', () => {
    const [, stage] = resourcesOfType(template, 'AWS::ApiGatewayV2::Stage')[0] ?? [];
    expect(stage.Properties.DefaultRouteSettings).toMatchObject({ ThrottlingRateLimit: 10, ThrottlingBurstLimit: 100, DetailedMetricsEnabled: true });
    expect(stage.Properties.AccessLogSettings.DestinationArn).toEqual({ 'Fn::GetAtt': ['HttpApiLogGroup', 'Arn'] });
    const format = JSON.parse(stage.Properties.AccessLogSettings.Format);
    expect(format).toMatchObject({ status: '$context.status', routeKey: '$context.routeKey', error: '$context.error.message' });
    // Never the query string: /progress/read?email=… would write emails into the access log.
    expect(Object.values(format).join(' ')).not.toMatch(/querystring|rawQueryString|requestOverride/i);
  });

  it('keeps the functions\' logs and the access log for 30 days', () => {
    const groups = resourcesOfType(template, 'AWS::Logs::LogGroup').map(([, g]) => g.Properties);
    expect(groups.map((g) => g.LogGroupName).sort()).toEqual(['/aws/http-api/hhl-progress-api-ci', '/aws/lambda/hhl-progress-api-ci-api', '/aws/lambda/hhl-progress-api-ci-queueConsumer']);
    for (const group of groups) expect(group.RetentionInDays).toBe(30);
  });

  it('alarms on errors and throttles of both functions, latency, the fallback rate, the queue, dead letters and a spent HubSpot day, to one SNS topic', () => {
    const alarms = resourcesOfType(template, 'AWS::CloudWatch::Alarm').map(([, a]) => a.Properties);
    expect(alarms.map((a) => a.MetricName ?? 'metric-math').sort()).toEqual([
      'ApproximateAgeOfOldestMessage',
      'ApproximateNumberOfMessagesVisible',
      'Duration',
      'Errors',
      'Errors',
      'HubSpotDailyLimitHolds',
      'Throttles',
      'Throttles',
      'metric-math',
    ]);
    const throttled = alarms.filter((a) => a.MetricName === 'Throttles').map((a) => a.Dimensions[0].Value.Ref).sort();
    expect(throttled).toEqual(['ApiLambdaFunction', 'QueueConsumerLambdaFunction']);
    const [, filter] = resourcesOfType(template, 'AWS::Logs::MetricFilter')[0] ?? [];
    expect(filter.Properties.FilterPattern).toContain('HubSpot daily limit reached; messages held until the account');
    expect(filter.Properties.MetricTransformations[0]).toMatchObject({ MetricNamespace: 'HHLProgress/ci', MetricName: 'HubSpotDailyLimitHolds' });
    const fallback = alarms.find((a) => a.Metrics !== undefined);
    expect(fallback.Metrics.map((m: any) => m.MetricStat?.Metric.MetricName).filter(Boolean).sort()).toEqual(['EventsTracked', 'FallbackResponses']);
    // Metrics carry the stage, so two stages in one account never count in each other's alarms.
    expect(fallback.Metrics[1].MetricStat.Metric.Dimensions).toEqual([{ Name: 'service', Value: 'hhl-progress-api-ci' }]);
    for (const alarm of alarms) expect(alarm.AlarmActions).toEqual([{ Ref: 'AlarmTopic' }]);
  });

  it('gives each function its own role: its log group, its queue rights, and read rights on exactly its own secrets', () => {
    // Prepare
    const api = statementsOf(template, 'ApiLambdaFunction');
    const consumer = statementsOf(template, 'QueueConsumerLambdaFunction');
    const resourcesFor = (statements: any[], action: string) => statements.filter((s) => [s.Action].flat().includes(action)).flatMap((s) => [s.Resource].flat());
    // Assess
    expect(resourcesOfType(template, 'AWS::IAM::Role').map(([id]) => id).sort()).toEqual(['ApiRole', 'ConsumerRole']);
    expect(actionsOf(api)).toEqual(['kms:Decrypt', 'logs:CreateLogStream', 'logs:PutLogEvents', 'sqs:SendMessage', 'ssm:GetParameter']);
    expect(actionsOf(consumer)).toEqual([
      'kms:Decrypt',
      'lambda:ListEventSourceMappings',
      'lambda:UpdateEventSourceMapping',
      'logs:CreateLogStream',
      'logs:PutLogEvents',
      'sqs:ChangeMessageVisibility',
      'sqs:DeleteMessage',
      'sqs:GetQueueAttributes',
      'sqs:ReceiveMessage',
      'sqs:SendMessage',
      'ssm:GetParameter',
    ]);
    expect(resourcesFor(api, 'ssm:GetParameter').map(joined).sort()).toEqual([
      'arn:{AWS::Partition}:ssm:{AWS::Region}:{AWS::AccountId}:parameter/hhl/ci/auth-hs256',
      'arn:{AWS::Partition}:ssm:{AWS::Region}:{AWS::AccountId}:parameter/hhl/ci/hubspot-token',
    ]);
    expect(resourcesFor(consumer, 'ssm:GetParameter').map(joined)).toEqual(['arn:{AWS::Partition}:ssm:{AWS::Region}:{AWS::AccountId}:parameter/hhl/ci/hubspot-token']);
    // Decryption only through SSM, and only for those parameters (the encryption context names the parameter).
    const decrypt = consumer.find((s) => s.Action.includes('kms:Decrypt'));
    expect(decrypt.Condition.StringEquals['kms:EncryptionContext:PARAMETER_ARN'].map(joined)).toEqual([
      'arn:{AWS::Partition}:ssm:{AWS::Region}:{AWS::AccountId}:parameter/hhl/ci/hubspot-token',
    ]);
    expect(joined(decrypt.Condition.StringEquals['kms:ViaService'])).toBe('ssm.{AWS::Region}.amazonaws.com');
    for (const statement of [...api, ...consumer]) {
      expect([statement.Action].flat().some((a: string) => a.endsWith(':*'))).toBe(false);
      if (statement.Action.includes('sqs:SendMessage') || statement.Action.includes('sqs:ReceiveMessage')) {
        expect(statement.Resource).toEqual([{ 'Fn::GetAtt': ['EventsQueue', 'Arn'] }]);
      }
    }
  });

  it("bundles the handler and its catalog in under 1.25 MB", () => {
    const entries = zipEntries(zip);
    const total = entries.reduce((sum, e) => sum + e.size, 0);
    const handler = entries.find((e) => e.name === 'src/lambda.js');
    expect(total).toBeLessThan(1_250_000);
    // The AWS SDK comes with the Lambda runtime and stays out of the bundle.
    expect(handler?.read().toString('utf8')).toContain('require("@aws-sdk/client-sqs")');
    // The default catalog is compiled into the code, so no deploy can ship without it.
    expect(handler?.read().toString('utf8')).toContain('crm-essentials');
  });
});

describe('npm run package (wildcard CORS host patterns, a Professional portal, token in Secrets Manager)', () => {
  let template: any;
  beforeAll(async () => {
    ({ template } = await packageService({
      ...WORKING_STAGE_ENV,
      HUBSPOT_ACCESS_TOKEN_SSM_PARAMETER: '',
      HUBSPOT_ACCESS_TOKEN_SECRET_ID: 'hhl/ci/hubspot-token',
      CORS_ALLOWED_ORIGINS: 'https://learn.example.com,https://*.sites.example.com',
      HUBSPOT_TEN_SECOND_LIMIT: '190',
      CONSUMER_MAX_CONCURRENCY: '3',
    }));
  }, 180_000);

  it('leaves CORS to the Lambda, which understands host patterns, and routes OPTIONS to it', () => {
    const [, api] = resourcesOfType(template, 'AWS::ApiGatewayV2::Api')[0] ?? [];
    expect(api.Properties.CorsConfiguration).toBeUndefined();
    const routes = resourcesOfType(template, 'AWS::ApiGatewayV2::Route').map(([, r]) => r.Properties.RouteKey);
    expect(routes).toContain('OPTIONS /{proxy+}');
  });

  it('sizes the throttle from HUBSPOT_TEN_SECOND_LIMIT and the consumer from CONSUMER_MAX_CONCURRENCY', () => {
    const [, stage] = resourcesOfType(template, 'AWS::ApiGatewayV2::Stage')[0] ?? [];
    expect(stage.Properties.DefaultRouteSettings).toMatchObject({ ThrottlingRateLimit: 19, ThrottlingBurstLimit: 190 });
    const [, mapping] = resourcesOfType(template, 'AWS::Lambda::EventSourceMapping')[0] ?? [];
    expect(mapping.Properties.ScalingConfig).toEqual({ MaximumConcurrency: 3 });
  });

  it('reads a Secrets Manager secret by its name with any suffix, and nothing else', () => {
    const consumer = statementsOf(template, 'QueueConsumerLambdaFunction');
    expect(template.Resources.QueueConsumerLambdaFunction.Properties.Environment.Variables.HUBSPOT_ACCESS_TOKEN_SECRET_ID).toBe('hhl/ci/hubspot-token');
    const read = consumer.find((s) => s.Action.includes('secretsmanager:GetSecretValue'));
    expect(read.Resource.map(joined)).toEqual(['arn:{AWS::Partition}:secretsmanager:{AWS::Region}:{AWS::AccountId}:secret:hhl/ci/hubspot-token-??????']);
    expect(actionsOf(consumer)).not.toContain('ssm:GetParameter');
  });
});

describe('the template holds no secret value', () => {
  it('leaves out every secret set in plain text, even on a local stage that skips the checks', async () => {
    // Prepare: a value for every secret setting and alias, as an operator's shell might hold them.
    const sentinels = Object.fromEntries(SECRET_SETTINGS.flatMap((s) => [s.name, ...s.aliases]).map((name, i) => [name, `sentinel-secret-${i}-${'z'.repeat(40)}`]));
    // Act
    const packaged = await packageService({ ...WORKING_STAGE_ENV, ...sentinels }, 'local');
    // Assess
    const artifacts = [
      JSON.stringify(packaged.template),
      packaged.state,
      readFileSync(`${packaged.dir}/cloudformation-template-create-stack.json`, 'utf8'),
      ...Object.values(packaged.zips).flatMap((zip) => zipEntries(zip).map((e) => e.read().toString('utf8'))),
    ].join('\n');
    for (const value of Object.values(sentinels)) expect(artifacts).not.toContain(value);
    expect(artifacts).not.toContain('{{resolve:');
  }, 180_000);
});

describe('a stage that would not work refuses to build', () => {
  it('stops the package step with one line per problem', async () => {
    // Act: the defaults, as a new operator would first try them.
    const refused = packageService({}, 'prod');
    // Assess
    await expect(refused).rejects.toThrow(/stage prod refuses to build \(2 problems\):\nENABLE_CRM_PROGRESS: not set, .*\nCORS_ALLOWED_ORIGINS: empty, /);
  }, 180_000);
});

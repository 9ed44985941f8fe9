import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { zipEntries } from '../fixtures/zip-entries.js';

/**
 * Packages the service with the real `osls package` (offline, no AWS credentials) and reads the generated
 * CloudFormation template and artifact.
 */
function packageService(env: Record<string, string>): { template: any; zip: string } {
  const dir = mkdtempSync(join(tmpdir(), 'hhl-package-'));
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.startsWith('AWS_') && !k.startsWith('HUBSPOT_') && k !== 'CORS_ALLOWED_ORIGINS' && k !== 'ENABLE_CRM_PROGRESS'),
  );
  execFileSync('npx', ['--no-install', 'osls', 'package', '--stage', 'test', '--package', dir], {
    env: { ...clean, ...env },
    stdio: 'pipe',
    timeout: 120_000,
  });
  return { template: JSON.parse(readFileSync(join(dir, 'cloudformation-template-update-stack.json'), 'utf8')), zip: join(dir, 'api.zip') };
}

const resourcesOfType = (template: any, type: string) =>
  Object.entries(template.Resources as Record<string, any>).filter(([, r]) => r.Type === type);

describe('npm run package (exact CORS origins, token from SSM)', () => {
  let template: any;
  let zip: string;
  beforeAll(() => {
    ({ template, zip } = packageService({
      CORS_ALLOWED_ORIGINS: 'https://learn.example.com,https://www.example.com',
      HUBSPOT_TOKEN_SSM_PARAMETER: '/hhl/test/hubspot-token',
    }));
  }, 180_000);

  it('declares the API function and the queue consumer on nodejs24.x arm64', () => {
    const functions = resourcesOfType(template, 'AWS::Lambda::Function').map(([, fn]) => fn.Properties);
    expect(functions.map((f) => f.Handler).sort()).toEqual(['src/lambda.handler', 'src/queue-lambda.handler']);
    for (const fn of functions) expect(fn).toMatchObject({ Runtime: 'nodejs24.x', Architectures: ['arm64'] });
  });

  it('feeds the consumer from the events queue in batches of 100 with partial batch failures, one at a time', () => {
    const [, mapping] = resourcesOfType(template, 'AWS::Lambda::EventSourceMapping')[0] ?? [];
    expect(mapping.Properties).toMatchObject({ BatchSize: 100, MaximumBatchingWindowInSeconds: 5, FunctionResponseTypes: ['ReportBatchItemFailures'] });
    const consumer = template.Resources.QueueConsumerLambdaFunction.Properties;
    expect(consumer.ReservedConcurrentExecutions).toBe(1);
  });

  it('redrives the events queue to a dead-letter queue after 5 receives', () => {
    const queue = template.Resources.EventsQueue.Properties;
    expect(queue.RedrivePolicy).toEqual({ deadLetterTargetArn: { 'Fn::GetAtt': ['EventsDeadLetterQueue', 'Arn'] }, maxReceiveCount: 5 });
    expect(queue.VisibilityTimeout).toBeGreaterThanOrEqual(6 * template.Resources.QueueConsumerLambdaFunction.Properties.Timeout);
  });

  it('routes every path of the API to it', () => {
    const routes = resourcesOfType(template, 'AWS::ApiGatewayV2::Route').map(([, r]) => r.Properties.RouteKey).sort();
    expect(routes).toEqual(['GET /api/health', 'GET /enrollments/list', 'GET /progress/aggregate', 'GET /progress/read', 'POST /events/track']);
  });

  it('answers CORS at API Gateway from the allow-list', () => {
    const [, api] = resourcesOfType(template, 'AWS::ApiGatewayV2::Api')[0] ?? [];
    expect(api.Properties.CorsConfiguration).toMatchObject({
      AllowOrigins: ['https://learn.example.com', 'https://www.example.com'],
      AllowMethods: expect.arrayContaining(['GET', 'POST', 'OPTIONS']),
      MaxAge: 600,
    });
  });

  it('sets safe environment defaults and takes the token from SSM at deploy time', () => {
    const [, fn] = resourcesOfType(template, 'AWS::Lambda::Function')[0] ?? [];
    expect(fn.Properties.Environment.Variables).toMatchObject({
      ENABLE_CRM_PROGRESS: 'false',
      PROGRESS_BACKEND: 'properties',
      HUBSPOT_API_BASE_URL: 'https://api.hubapi.com',
      HUBSPOT_PRIVATE_APP_TOKEN: '{{resolve:ssm:/hhl/test/hubspot-token}}',
      PROGRESS_WRITE_MODE: 'direct',
      QUEUE_URL: { Ref: 'EventsQueue' },
      AUTH_MODE: 'none',
      CORS_ALLOWED_ORIGINS: 'https://learn.example.com,https://www.example.com',
      LOG_LEVEL: 'info',
    });
  });

  it('throttles the stage', () => {
    const [, stage] = resourcesOfType(template, 'AWS::ApiGatewayV2::Stage')[0] ?? [];
    expect(stage.Properties.DefaultRouteSettings).toMatchObject({ ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100, DetailedMetricsEnabled: true });
  });

  it('keeps logs for 30 days', () => {
    const [, group] = resourcesOfType(template, 'AWS::Logs::LogGroup')[0] ?? [];
    expect(group.Properties.RetentionInDays).toBe(30);
  });

  it('alarms on errors, throttles, latency, the fallback rate, the queue, dead letters and a spent HubSpot day, to one SNS topic', () => {
    const alarms = resourcesOfType(template, 'AWS::CloudWatch::Alarm').map(([, a]) => a.Properties);
    expect(alarms.map((a) => a.MetricName ?? 'metric-math').sort()).toEqual([
      'ApproximateAgeOfOldestMessage',
      'ApproximateNumberOfMessagesVisible',
      'Duration',
      'Errors',
      'Errors',
      'HubSpotDailyLimitHolds',
      'Throttles',
      'metric-math',
    ]);
    const [, filter] = resourcesOfType(template, 'AWS::Logs::MetricFilter')[0] ?? [];
    expect(filter.Properties.FilterPattern).toContain('HubSpot daily limit reached; messages held until the account');
    expect(filter.Properties.MetricTransformations[0]).toMatchObject({ MetricNamespace: 'HHLProgress/test', MetricName: 'HubSpotDailyLimitHolds' });
    const fallback = alarms.find((a) => a.Metrics !== undefined);
    expect(fallback.Metrics.map((m: any) => m.MetricStat?.Metric.MetricName).filter(Boolean).sort()).toEqual(['EventsTracked', 'FallbackResponses']);
    // Metrics carry the stage, so two stages in one account never count in each other's alarms.
    expect(fallback.Metrics[1].MetricStat.Metric.Dimensions).toEqual([{ Name: 'service', Value: 'hhl-progress-api-test' }]);
    for (const alarm of alarms) expect(alarm.AlarmActions).toEqual([{ Ref: 'AlarmTopic' }]);
  });

  it('grants the functions their logs and, on the events queue only, what the queue paths need', () => {
    const [, role] = resourcesOfType(template, 'AWS::IAM::Role')[0] ?? [];
    const statements = role.Properties.Policies.flatMap((p: any) => p.PolicyDocument.Statement);
    for (const statement of statements) {
      const actions: string[] = [statement.Action].flat();
      const onQueue = JSON.stringify(statement.Resource).includes('EventsQueue');
      expect(actions.every((a) => a.startsWith('logs:') || (onQueue && a.startsWith('sqs:')))).toBe(true);
      expect(actions).not.toContain('sqs:*');
    }
  });

  it('bundles the handler and its catalog in under 1 MB', () => {
    const entries = zipEntries(zip);
    const total = entries.reduce((sum, e) => sum + e.size, 0);
    const handler = entries.find((e) => e.name === 'src/lambda.js');
    expect(total).toBeLessThan(1_000_000);
    // The AWS SDK comes with the Lambda runtime and stays out of the bundle.
    expect(handler?.read().toString('utf8')).toContain('require("@aws-sdk/client-sqs")');
    // The default catalog is compiled into the code, so no deploy can ship without it.
    expect(handler?.read().toString('utf8')).toContain('crm-essentials');
  });
});

describe('npm run package (wildcard CORS host patterns)', () => {
  let template: any;
  beforeAll(() => {
    ({ template } = packageService({ CORS_ALLOWED_ORIGINS: 'https://learn.example.com,https://*.hubspotusercontent-na1.net' }));
  }, 180_000);

  it('leaves CORS to the Lambda, which understands host patterns, and routes OPTIONS to it', () => {
    const [, api] = resourcesOfType(template, 'AWS::ApiGatewayV2::Api')[0] ?? [];
    expect(api.Properties.CorsConfiguration).toBeUndefined();
    const routes = resourcesOfType(template, 'AWS::ApiGatewayV2::Route').map(([, r]) => r.Properties.RouteKey);
    expect(routes).toContain('OPTIONS /{proxy+}');
  });

  it('leaves the token empty when neither the environment nor SSM gives one', () => {
    const [, fn] = resourcesOfType(template, 'AWS::Lambda::Function')[0] ?? [];
    expect(fn.Properties.Environment.Variables.HUBSPOT_PRIVATE_APP_TOKEN).toBe('');
  });
});

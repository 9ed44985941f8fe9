import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalSqs, startLocalSqs } from '../../src/local/local-sqs.js';
import { createSqsClient } from '../../src/queue/sqs-client.js';
import { type HubSpotSimulator, startHubSpotSimulator } from '../../tools/hubspot-simulator/index.js';
import { type StandIn, type EventSourceMapping, type LambdaCall, type SsmCall, startLambdaApiStandIn, startSsmStandIn } from '../fixtures/aws-stand-ins.js';
import { httpApiEvent, sqsEvent, sqsRecord } from '../fixtures/lambda-events.js';
import { type Packaged, packageService, removePackages, WORKING_STAGE_ENV } from '../fixtures/package-service.js';
import { type Ric, runtimeNodeModules, startRic } from '../fixtures/ric.js';
import { CONTACTS, client } from '../fixtures/sim-fixture.js';
import { zipEntries } from '../fixtures/zip-entries.js';

/**
 * The artifact as AWS runs it: the real `osls package` output, each zip unpacked outside the repository and run
 * under AWS's runtime interface client (aws-lambda-ric, Node 24) with the environment the template gives it. Around
 * it, real protocols on loopback: the HubSpot simulator (it accepts only the token kept in SSM), an SSM stand-in
 * serving AmazonSSM.GetParameter, an SQS server (local-aws-sqs) as the events queue, and a stand-in for Lambda's
 * event source mapping API. Only CloudFormation references (the queue URL) are filled in by the test.
 */
const TOKEN = 'pat-na1-deploy-test-token-from-ssm';
const STAGE = 'ci';
const QUEUE_ARN = 'arn:aws:sqs:us-east-1:000000000000:hhl-progress-events';
const CONSUMER = `hhl-progress-api-${STAGE}-queueConsumer`;

let sim: HubSpotSimulator;
let ssm: StandIn<SsmCall>;
let lambdaApi: StandIn<LambdaCall> & { mappings: EventSourceMapping[] };
let sqs: LocalSqs;
let packaged: Packaged;
let modules: string;
const folders: string[] = [];
const runtimes: Ric[] = [];

/** Unpacks a zip into a temp folder outside the repository (whose package.json says "type": "module"). */
function unpack(zip: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'hhl-task-'));
  folders.push(dir);
  for (const entry of zipEntries(zip)) {
    if (entry.name.endsWith('/')) continue;
    mkdirSync(dirname(join(dir, entry.name)), { recursive: true });
    writeFileSync(join(dir, entry.name), entry.read());
  }
  return dir;
}

/** The function's environment exactly as the template declares it, with CloudFormation references resolved. */
function templateEnvironment(logicalId: string): Record<string, string> {
  const variables: Record<string, unknown> = packaged.template.Resources[logicalId].Properties.Environment.Variables;
  return Object.fromEntries(
    Object.entries(variables).map(([name, value]) => {
      if (typeof value === 'string') return [name, value];
      if (JSON.stringify(value) === JSON.stringify({ Ref: 'EventsQueue' })) return [name, sqs.queueUrl];
      throw new Error(`unexpected CloudFormation value for ${name}: ${JSON.stringify(value)}`);
    }),
  );
}

async function runFunction(logicalId: string, zip: string, handler: string, functionName: string, extra: Record<string, string> = {}): Promise<Ric> {
  const ric = await startRic({
    taskRoot: unpack(zip),
    handler,
    functionName,
    env: {
      ...templateEnvironment(logicalId),
      NODE_PATH: modules,
      AWS_ENDPOINT_URL_SSM: ssm.url,
      AWS_ENDPOINT_URL_SQS: sqs.endpoint,
      AWS_ENDPOINT_URL_LAMBDA: lambdaApi.url,
      ...extra,
    },
  });
  runtimes.push(ric);
  return ric;
}

const receiveAll = async () => {
  const answer = await createSqsClient(sqs.endpoint).send(
    new ReceiveMessageCommand({ QueueUrl: sqs.queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0, AttributeNames: ['All'] }),
  );
  return answer.Messages ?? [];
};

const trackEvent = (email: string, eventName: string, fields: Record<string, unknown>) =>
  httpApiEvent({
    method: 'POST',
    path: '/events/track',
    headers: { origin: 'https://learn.example.com' },
    body: { eventName, contactIdentifier: { email }, payload: { ts: new Date().toISOString(), ...fields } },
  });

beforeAll(async () => {
  [sim, ssm, sqs] = await Promise.all([
    startHubSpotSimulator({ token: TOKEN, searchLagMs: 0 }),
    startSsmStandIn({ '/hhl/ci/hubspot-token': TOKEN }),
    startLocalSqs(),
  ]);
  lambdaApi = await startLambdaApiStandIn([
    { UUID: 'esm-1', EventSourceArn: QUEUE_ARN, FunctionArn: `arn:aws:lambda:us-east-1:123456789012:function:${CONSUMER}`, State: 'Enabled' },
  ]);
  modules = runtimeNodeModules();
  folders.push(modules);
  // A stage that passes the stage check; the only non-default values point it at the simulator and make the
  // post-write check immediate, so the queue holds only what the test puts there.
  packaged = await packageService({ ...WORKING_STAGE_ENV, HUBSPOT_API_BASE_URL: sim.url, VERIFY_DELAY_SECONDS: '0' }, STAGE);
}, 180_000);

afterAll(async () => {
  await Promise.all(runtimes.map((r) => r.stop()));
  await Promise.all([sim?.close(), ssm?.close(), sqs?.close(), lambdaApi?.close()]);
  for (const dir of folders) rmSync(dir, { recursive: true, force: true });
  removePackages();
});

describe('the packaged API function under aws-lambda-ric', () => {
  let api: Ric;
  beforeAll(async () => {
    api = await runFunction('ApiLambdaFunction', packaged.zips.api, 'src/lambda.handler', `hhl-progress-api-${STAGE}-api`);
    expect(await api.initOutcome).toBe('ready');
  }, 60_000);

  it('reads the HubSpot token from SSM once, decrypted and signed, and answers the health check', async () => {
    // Act
    const health = await api.invoke(httpApiEvent({ method: 'GET', path: '/api/health' }));
    // Assess
    expect(health).toMatchObject({ ok: true, payload: { statusCode: 200 } });
    expect(JSON.parse(health.ok ? health.payload.body : '{}')).toMatchObject({ status: 'healthy' });
    expect(ssm.calls.filter((c) => c.name === '/hhl/ci/hubspot-token')).toEqual([
      { target: 'AmazonSSM.GetParameter', name: '/hhl/ci/hubspot-token', withDecryption: true, signed: true },
    ]);
  });

  it('tracks an event into HubSpot with the token from SSM and reads it back', async () => {
    // Act
    const tracked = await api.invoke(trackEvent('deploy-track@example.com', 'learning_course_enrolled', { course_slug: 'crm-essentials' }));
    const read = await api.invoke(httpApiEvent({ method: 'GET', path: '/progress/read', query: { email: 'deploy-track@example.com' } }));
    // Assess
    expect(tracked).toMatchObject({ ok: true, payload: { statusCode: 200 } });
    expect(JSON.parse(tracked.ok ? tracked.payload.body : '{}')).toMatchObject({ status: 'persisted', mode: 'authenticated' });
    expect(sim.contacts().map((c) => c.properties.email)).toContain('deploy-track@example.com');
    expect(JSON.parse(read.ok ? read.payload.body : '{}')).toMatchObject({ mode: 'authenticated', progress: { courses: { 'crm-essentials': { enrolled: true } } } });
    // Still one SSM read: the value is cached for SECRETS_MAX_AGE_SECONDS.
    expect(ssm.calls.filter((c) => c.name === '/hhl/ci/hubspot-token')).toHaveLength(1);
  });

  it('answers the learner with queued/fallback and puts the event on the queue when HubSpot fails', async () => {
    // Prepare
    sim.failNext(1, 503);
    // Act
    const tracked = await api.invoke(
      trackEvent('deploy-fallback@example.com', 'learning_module_completed', { module_slug: 'crm-overview', course_slug: 'crm-essentials' }),
    );
    // Assess
    expect(JSON.parse(tracked.ok ? tracked.payload.body : '{}')).toMatchObject({ status: 'queued', mode: 'fallback' });
    const queued = await receiveAll();
    expect(queued.map((m) => JSON.parse(m.Body ?? '{}'))).toEqual([
      expect.objectContaining({ kind: 'event', event: expect.objectContaining({ name: 'learning_module_completed' }), learner: expect.objectContaining({ email: 'deploy-fallback@example.com' }) }),
    ]);
    fallbackMessages.push(...queued);
  });
});

const fallbackMessages: Awaited<ReturnType<typeof receiveAll>> = [];

describe('the packaged queue consumer under aws-lambda-ric', () => {
  let consumer: Ric;
  beforeAll(async () => {
    consumer = await runFunction('QueueConsumerLambdaFunction', packaged.zips.queueConsumer, 'src/queue-lambda.handler', CONSUMER);
    expect(await consumer.initOutcome).toBe('ready');
  }, 60_000);

  it('writes the fallen-back event and reports only the poison message as a batch item failure', async () => {
    // Prepare: the message the API queued when HubSpot failed, and one that is not ours.
    expect(fallbackMessages).toHaveLength(1);
    const poison = sqsRecord({ body: '{"not":"a progress event"}' }, QUEUE_ARN);
    const records = [...fallbackMessages.map((m) => sqsRecord(m, QUEUE_ARN)), poison];
    // Act
    const result = await consumer.invoke(sqsEvent(records));
    // Assess
    expect(result).toMatchObject({ ok: true, payload: { batchItemFailures: [{ itemIdentifier: poison.messageId }] } });
    const learner = sim.contacts().find((c) => c.properties.email === 'deploy-fallback@example.com');
    expect(learner?.properties.hhl_progress_state).toContain('crm-overview');
    await consumer.waitForLine((l) => l.line.includes('Queue batch processed'));
    expect(consumer.json().find((r) => r.message === 'Queue batch processed')).toMatchObject({ messages: 2, written: 1, failed: 1 });
  });

  it('fails only the messages of a learner whose stored progress cannot be parsed, and writes the others', async () => {
    // Prepare: one learner's stored state is not one the service wrote; the other learner is new.
    await client(sim, TOKEN).post(CONTACTS, { properties: { email: 'deploy-corrupt@example.com', hhl_progress_state: '{"not-a-state' } });
    const corrupt = sqsRecord({ body: JSON.stringify(eventBody('deploy-corrupt@example.com', 'crm-overview')) }, QUEUE_ARN);
    const healthy = sqsRecord({ body: JSON.stringify(eventBody('deploy-healthy@example.com', 'crm-overview')) }, QUEUE_ARN);
    // Act
    const result = await consumer.invoke(sqsEvent([corrupt, healthy]));
    // Assess
    expect(result).toMatchObject({ ok: true, payload: { batchItemFailures: [{ itemIdentifier: corrupt.messageId }] } });
    const byEmail = (email: string) => sim.contacts().find((c) => c.properties.email === email);
    expect(byEmail('deploy-healthy@example.com')?.properties.hhl_progress_state).toContain('crm-overview');
    expect(byEmail('deploy-corrupt@example.com')?.properties.hhl_progress_state).toBe('{"not-a-state');
  });
});

describe('the packaged queue consumer without a readable token', () => {
  it('pauses its own event source and throws, so queued messages keep their receives', async () => {
    // Prepare: the parameter it is told to read does not exist.
    const consumer = await runFunction('QueueConsumerLambdaFunction', packaged.zips.queueConsumer, 'src/queue-lambda.handler', CONSUMER, {
      HUBSPOT_ACCESS_TOKEN_SSM_PARAMETER: '/hhl/ci/deleted-token',
    });
    expect(await consumer.initOutcome).toBe('ready');
    const record = sqsRecord({ body: JSON.stringify(eventBody('deploy-paused@example.com', 'crm-overview')) }, QUEUE_ARN);
    // Act
    const result = await consumer.invoke(sqsEvent([record]));
    // Assess
    expect(result).toMatchObject({ ok: false, error: { errorType: 'ConsumerUnavailableError' } });
    expect(lambdaApi.calls.filter((c) => c.method === 'PUT')).toEqual([
      { method: 'PUT', path: '/2015-03-31/event-source-mappings/esm-1', body: { Enabled: false }, signed: true },
    ]);
    expect(lambdaApi.mappings[0]?.State).toBe('Disabling');
    expect(consumer.json().map((r) => r.message)).toEqual(
      expect.arrayContaining(['Secret could not be read', 'Queue consumer cannot reach HubSpot; pausing its event source', 'Queue consumer event source paused; messages wait in the queue']),
    );
    expect(sim.contacts().map((c) => c.properties.email)).not.toContain('deploy-paused@example.com');
  });
});

function eventBody(email: string, module: string) {
  return {
    v: 1,
    kind: 'event',
    event: { name: 'learning_module_completed', at: new Date().toISOString(), module, course: 'crm-essentials' },
    learner: { identity: { kind: 'email', email }, email },
    allowCreate: true,
  };
}

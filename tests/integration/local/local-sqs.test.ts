import { ReceiveMessageCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { afterEach, describe, expect, it } from 'vitest';
import { type LocalSqs, startLocalSqs } from '../../../src/local/local-sqs.js';
import { createSqsClient } from '../../../src/queue/sqs-client.js';

describe('the embedded SQS-compatible queue', () => {
  let sqs: LocalSqs | undefined;
  afterEach(async () => {
    await sqs?.close();
  });

  it('moves a message to the dead-letter queue after maxReceiveCount deliveries', async () => {
    // Prepare
    sqs = await startLocalSqs({ maxReceiveCount: 2, visibilityTimeoutSeconds: 0 });
    const client = createSqsClient(sqs.endpoint);
    await client.send(new SendMessageCommand({ QueueUrl: sqs.queueUrl, MessageBody: 'poison' }));
    // Act: receive without deleting, as a failing consumer does
    const receiveCounts: string[] = [];
    for (let i = 0; i < 4; i += 1) {
      const got = await client.send(new ReceiveMessageCommand({ QueueUrl: sqs.queueUrl, AttributeNames: ['All'], VisibilityTimeout: 0, WaitTimeSeconds: 0 }));
      for (const m of got.Messages ?? []) receiveCounts.push(m.Attributes?.ApproximateReceiveCount ?? '?');
    }
    const dead = await client.send(new ReceiveMessageCommand({ QueueUrl: sqs.dlqUrl, WaitTimeSeconds: 0 }));
    // Assess
    expect(receiveCounts).toEqual(['1', '2']);
    expect(dead.Messages?.map((m) => m.Body)).toEqual(['poison']);
  });
});

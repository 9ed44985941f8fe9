import type { Server } from 'node:http';
import { createSqsServer } from 'local-aws-sqs';

export const LOCAL_QUEUE_NAME = 'hhl-progress-events';
export const LOCAL_DLQ_NAME = 'hhl-progress-events-dlq';

export interface LocalSqs {
  endpoint: string;
  queueUrl: string;
  dlqUrl: string;
  close(): Promise<void>;
}

/**
 * Starts an embedded SQS-compatible server (`local-aws-sqs`, the SQS JSON protocol the AWS SDK speaks) with the
 * events queue and its dead-letter queue. Local development and tests only.
 *
 * The library counts a ChangeMessageVisibility (how the consumer delays a failed message) as a receive too, so by
 * default the redrive threshold is 10 here: a message the consumer fails and delays five times reaches the
 * dead-letter queue after five deliveries, as it does in AWS with maxReceiveCount 5.
 */
export async function startLocalSqs(options: { port?: number; maxReceiveCount?: number; visibilityTimeoutSeconds?: number } = {}): Promise<LocalSqs> {
  const accountId = '000000000000';
  const server: Server = await createSqsServer({
    port: options.port ?? 0,
    hostname: '127.0.0.1',
    accountId,
    emulateQueueCreationLifecycle: false,
    queues: [
      { QueueName: LOCAL_DLQ_NAME },
      {
        QueueName: LOCAL_QUEUE_NAME,
        Attributes: {
          VisibilityTimeout: options.visibilityTimeoutSeconds ?? 30,
          RedrivePolicy: JSON.stringify({
            deadLetterTargetArn: `arn:aws:sqs:us-east-1:${accountId}:${LOCAL_DLQ_NAME}`,
            maxReceiveCount: options.maxReceiveCount ?? 10,
          }),
        },
      },
    ],
  });
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  const endpoint = `http://127.0.0.1:${port}`;
  return {
    endpoint,
    queueUrl: `${endpoint}/${accountId}/${LOCAL_QUEUE_NAME}`,
    dlqUrl: `${endpoint}/${accountId}/${LOCAL_DLQ_NAME}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}

import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { type EventQueue, MAX_QUEUE_DELAY_SECONDS, QueueUnavailableError } from '../tracking/event-queue.js';

/**
 * The {@link EventQueue} on Amazon SQS (or any endpoint speaking its JSON protocol, such as the embedded local
 * server). The client comes from the caller: the Lambda entry point builds it once.
 */
export function createSqsEventQueue(options: { client: SQSClient; queueUrl: string }): EventQueue {
  return {
    async send(message, sendOptions = {}) {
      try {
        await options.client.send(
          new SendMessageCommand({
            QueueUrl: options.queueUrl,
            MessageBody: JSON.stringify(message),
            ...(sendOptions.delaySeconds === undefined ? {} : { DelaySeconds: Math.min(MAX_QUEUE_DELAY_SECONDS, Math.max(0, Math.round(sendOptions.delaySeconds))) }),
          }),
        );
      } catch (cause) {
        throw new QueueUnavailableError(`Queue unreachable: ${(cause as Error).message}`, { cause });
      }
    },
  };
}

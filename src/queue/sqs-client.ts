import { SQSClient } from '@aws-sdk/client-sqs';

/**
 * The SQS client: AWS's endpoint and credentials in Lambda, or an SQS-compatible endpoint (the embedded local
 * server) when `endpoint` is given, with placeholder credentials it does not check.
 */
export function createSqsClient(endpoint?: string): SQSClient {
  if (endpoint === undefined) return new SQSClient({});
  return new SQSClient({
    endpoint,
    region: process.env.AWS_REGION ?? 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
}

import { ListEventSourceMappingsCommand, type LambdaClient, UpdateEventSourceMappingCommand } from '@aws-sdk/client-lambda';

/**
 * Disables the function's own SQS event sources, so Lambda stops receiving from the queue: messages stay there
 * (14 days) without spending their receives on a consumer that cannot write them, and nothing reaches the
 * dead-letter queue. An operator re-enables the source once the cause is fixed (docs/operations.md#consumer-paused).
 * Answers the ids of the mappings it disabled.
 */
export async function pauseEventSources(lambda: LambdaClient, functionName: string): Promise<string[]> {
  const listed = await lambda.send(new ListEventSourceMappingsCommand({ FunctionName: functionName }));
  const active = (listed.EventSourceMappings ?? []).filter(
    (m) => m.UUID !== undefined && (m.EventSourceArn ?? '').startsWith('arn:') && (m.EventSourceArn ?? '').includes(':sqs:') && !['Disabled', 'Disabling'].includes(m.State ?? ''),
  );
  const paused: string[] = [];
  for (const mapping of active) {
    await lambda.send(new UpdateEventSourceMappingCommand({ UUID: mapping.UUID, Enabled: false }));
    paused.push(mapping.UUID ?? '');
  }
  return paused;
}

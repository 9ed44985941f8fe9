import { LambdaClient, ListEventSourceMappingsCommand, UpdateEventSourceMappingCommand } from '@aws-sdk/client-lambda';

/**
 * Disables the function's own SQS event sources, so Lambda stops receiving from the queue: messages stay there
 * (14 days) without spending their receives on a consumer that cannot write them, and nothing reaches the
 * dead-letter queue. An operator re-enables the source once the cause is fixed (docs/operations.md#consumer-paused).
 * Answers the ids of the mappings it disabled. The entry point imports this module only when it must pause, so the
 * Lambda client is loaded then and not at every cold start (a static `require` in the bundle: the runtime's SDK is
 * found through NODE_PATH, which an ESM `import()` of the SDK would not use).
 */
export async function pauseEventSources(functionName: string, lambda: LambdaClient = new LambdaClient({})): Promise<string[]> {
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

/**
 * `npm run replay -- <file | dlq>`: feeds events back into the pipeline, idempotently (merging is idempotent and
 * order-free, so replaying an event that did arrive changes nothing).
 *
 * - `<file>`: a log export holding `Event logged for replay` lines (the API's last resort when neither HubSpot nor the
 *   queue could take an event). With QUEUE_URL the events are sent to the queue; without it they are written
 *   straight to the store (HubSpot with a token, else the embedded local store), in batches of 100.
 * - `dlq`: moves every message from the dead-letter queue (DLQ_URL) back to the events queue (QUEUE_URL).
 *
 * Reads the environment or .env (HUBSPOT_ACCESS_TOKEN or HUBSPOT_PRIVATE_APP_TOKEN, HUBSPOT_API_BASE_URL, QUEUE_URL, DLQ_URL, SQS_ENDPOINT).
 */
import { readFileSync } from 'node:fs';
import { DeleteMessageCommand, ReceiveMessageCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { loadCatalog } from '../src/catalog/load-catalog.js';
import { loadConfig } from '../src/config.js';
import { openContactStore } from '../src/crm/open-contact-store.js';
import { PortalPropertyTypes } from '../src/crm/portal-property-types.js';
import { loadDotEnv } from '../src/config.js';
import { createLogger } from '../src/observability/logger.js';
import { processBatch } from '../src/queue/process-batch.js';
import { readReplayLines } from '../src/queue/replay-lines.js';
import { createSqsClient } from '../src/queue/sqs-client.js';

async function main(): Promise<number> {
  const target = process.argv[2];
  if (target === undefined || target === '--help') {
    console.log('usage: npm run replay -- <log file | dlq>');
    return target === undefined ? 2 : 0;
  }
  loadDotEnv();
  const config = loadConfig(process.env);
  const sqs = createSqsClient(config.queue.endpoint);

  if (target === 'dlq') {
    if (config.queue.dlqUrl === undefined || config.queue.url === undefined) {
      console.error('replay dlq needs DLQ_URL and QUEUE_URL (the stack outputs EventsDeadLetterQueueUrl and EventsQueueUrl)');
      return 2;
    }
    let moved = 0;
    for (;;) {
      const got = await sqs.send(new ReceiveMessageCommand({ QueueUrl: config.queue.dlqUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }));
      const messages = got.Messages ?? [];
      if (messages.length === 0) break;
      for (const m of messages) {
        await sqs.send(new SendMessageCommand({ QueueUrl: config.queue.url, MessageBody: m.Body ?? '' }));
        await sqs.send(new DeleteMessageCommand({ QueueUrl: config.queue.dlqUrl, ReceiptHandle: m.ReceiptHandle ?? '' }));
        moved += 1;
      }
    }
    console.log(`Moved ${moved} message(s) from the dead-letter queue back to the events queue.`);
    return 0;
  }

  const { messages, invalid, skipped } = readReplayLines(readFileSync(target, 'utf8'), config.auth.contactCreate.queue);
  for (const bad of invalid) console.error(`line ${bad.line}: ${bad.reason}; skipped`);
  console.log(`${messages.length} event(s) to replay, ${invalid.length} invalid, ${skipped} other line(s) skipped.`);
  if (config.queue.url !== undefined) {
    for (const message of messages) await sqs.send(new SendMessageCommand({ QueueUrl: config.queue.url, MessageBody: JSON.stringify(message) }));
    console.log(`Sent ${messages.length} event(s) to the events queue.`);
    return invalid.length > 0 ? 1 : 0;
  }
  const { store } = openContactStore(config);
  const deps = {
    store,
    catalog: loadCatalog(config.catalogPath),
    clock: () => new Date(),
    logger: createLogger({ level: 'warn' }),
    propertyTypes: new PortalPropertyTypes(),
    allowCreate: config.auth.contactCreate.queue,
  };
  let written = 0;
  let failed = 0;
  for (let i = 0; i < messages.length; i += 100) {
    const chunk = messages.slice(i, i + 100).map((m, n) => ({ id: String(i + n), body: JSON.stringify(m), receiveCount: 1 }));
    const result = await processBatch(deps, chunk);
    written += result.written;
    failed += result.failed.length;
    for (const f of result.failed) console.error(`event ${Number(f.id) + 1}: ${f.reason}`);
  }
  console.log(`Wrote ${written} learner(s) to ${store.kind}; ${failed} event(s) failed.`);
  return failed > 0 || invalid.length > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`replay failed: ${(error as Error).message}`);
    process.exit(1);
  },
);

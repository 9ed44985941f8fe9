import { CLI_USAGE, parseCliArgs } from './cli-options.js';
import { startHubSpotSimulator } from './simulator.js';

/**
 * `npm run hubspot-sim -- --port 4010 --latency 50 --limit 100`: runs the simulator until Ctrl-C. Point the service
 * at it with `HUBSPOT_API_BASE_URL=http://127.0.0.1:4010` and any `HUBSPOT_ACCESS_TOKEN`.
 */
async function main(): Promise<void> {
  let command: ReturnType<typeof parseCliArgs>;
  try {
    command = parseCliArgs(process.argv.slice(2));
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n\n${CLI_USAGE}`);
    process.exitCode = 2;
    return;
  }
  if (command.help) {
    console.log(CLI_USAGE);
    return;
  }
  const simulator = await startHubSpotSimulator(command.options);
  const { latencyMs, tenSecondLimit, windowMs, searchPerSecond, searchLagMs, failureRate, seed } = simulator.options;
  console.log(
    JSON.stringify({
      message: 'hubspot simulator listening',
      url: simulator.url,
      settings: { latencyMs, tenSecondLimit, windowMs, searchPerSecond, searchLagMs, failureRate, seed },
      helpers: ['GET /__sim/stats', 'POST /__sim/reset', 'GET /__sim/contacts', 'POST /__sim/configure', 'POST /__sim/fail-next'],
    }),
  );
  const stop = (signal: string) => {
    console.log(JSON.stringify({ message: 'hubspot simulator stopping', signal, stats: simulator.stats() }));
    simulator.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});

/**
 * Creates or updates the HubSpot contact property groups and properties of src/properties/property-definitions.ts.
 * `npm run provision:crm-properties [-- --dry-run | --check]`; exit 0 done, 1 something to fix in HubSpot or a failed
 * call, 2 a missing or refused token. See src/provisioning/run-cli.ts.
 */
import { loadDotEnv } from '../src/config.js';
import { createHubSpotPropertyApi } from '../src/provisioning/property-api.js';
import { runCli } from '../src/provisioning/run-cli.js';

loadDotEnv();
process.exitCode = await runCli({
  argv: process.argv.slice(2),
  env: process.env,
  write: (line) => console.log(line),
  writeError: (line) => console.error(line),
  createApi: createHubSpotPropertyApi,
});

export { startHubSpotSimulator, type HubSpotSimulator } from './simulator.js';
export {
  DEFAULT_OPTIONS,
  SimulatorOptionsError,
  resolveOptions,
  type Burst429,
  type SimulatorInput,
  type SimulatorOptions,
  type SimulatorSettings,
} from './options.js';
export type { ContactSnapshot, PropertyVersion } from './contact-history-store.js';
export type { SimStats } from './request-stats.js';
export { MAX_BATCH_INPUTS, MAX_BATCH_INPUTS_WITH_HISTORY } from './batch-routes.js';
export { parseCliArgs, CLI_USAGE } from './cli-options.js';

import { parseArguments, readSettings, USAGE } from './cli-input.js';
import { EXIT_CODES, type ExitCode } from './constants.js';
import { provision } from './provision.js';
import type { PropertyApi } from './property-api.js';

export interface CliOptions {
  /** Arguments after the script name. */
  readonly argv: readonly string[];
  /** The environment, `.env` already loaded into it. */
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly write: (line: string) => void;
  readonly writeError: (line: string) => void;
  /** Builds the API once the settings are known: the real client in the script, one on a test server in tests. */
  readonly createApi: (settings: { accessToken: string; basePath: string }) => PropertyApi;
}

/**
 * The `provision:crm-properties` command without the process around it: parses the arguments and the environment,
 * builds the API, provisions, and returns the exit code. Never throws; the token never reaches a line.
 * @example process.exitCode = await runCli({ argv: process.argv.slice(2), env: process.env, write: console.log,
 *   writeError: console.error, createApi: createHubSpotPropertyApi });
 */
export async function runCli(options: CliOptions): Promise<ExitCode> {
  const args = parseArguments(options.argv);
  if (!args.ok) return fail(options.writeError, args.line);
  if ('help' in args) {
    options.write(USAGE);
    return EXIT_CODES.ok;
  }
  const read = readSettings(options.env);
  if (!read.ok) return fail(options.writeError, read.line);
  const { token, tokenVariable, baseUrl } = read.settings;
  const write = masking(options.write, token);
  const writeError = masking(options.writeError, token);
  try {
    write(`HubSpot contact properties at ${baseUrl}${MODE_NOTE[args.mode]}`);
    const api = options.createApi({ accessToken: token, basePath: baseUrl });
    const { exitCode } = await provision({ api, mode: args.mode, write, writeError, tokenVariable });
    return exitCode;
  } catch (error) {
    // provision() reports its own failures; this is a bug, still reported on one line.
    writeError(`Failed: ${error instanceof Error ? error.message : String(error)}`);
    return EXIT_CODES.failed;
  }
}

const MODE_NOTE = {
  apply: '',
  'dry-run': ' (dry run: reads only)',
  check: ' (check: reads only)',
} as const;

function fail(writeError: (line: string) => void, line: string): ExitCode {
  writeError(line);
  return EXIT_CODES.setup;
}

/** Masks the token in a line, should HubSpot ever echo it back in a message. */
function masking(write: (line: string) => void, token: string): (line: string) => void {
  return (line) => write(line.split(token).join('[token]'));
}

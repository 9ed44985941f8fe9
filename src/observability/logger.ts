import { type LogItem, Logger as PowertoolsLogger } from '@aws-lambda-powertools/logger';
import type { ConstructorOptions } from '@aws-lambda-powertools/logger/types';
import type { Context } from 'aws-lambda';
import type { LogLevel } from '../config.js';

/**
 * Logging, on Powertools for AWS Lambda's Logger: one JSON line per entry with the level, a fixed message, the
 * timestamp, the service, the Lambda context once an entry point adds it (function name, request id, cold start,
 * X-Ray trace id), sampling (`POWERTOOLS_LOGGER_SAMPLE_RATE`) and the data given. The code talks to it through the
 * small {@link Logger} port below, so a use case never knows which logger it has.
 */

/** Structured data attached to a log line. Never a token, never a whole request body. */
export type LogData = Record<string, unknown>;

/** A JSON-lines logger: a fixed message, a data object, and request-scoped keys. */
export interface Logger {
  debug(message: string, data?: LogData): void;
  info(message: string, data?: LogData): void;
  warn(message: string, data?: LogData): void;
  error(message: string, data?: LogData): void;
  /** A logger that adds `keys` to every line (request id, event name, contact id). */
  child(keys: LogData): Logger;
}

/** The root logger of a process: a {@link Logger} that a Lambda entry point also hands its invocation context. */
export interface RootLogger extends Logger {
  /** Adds the Lambda context (function name and version, request id, cold start) to every later line. */
  addContext(context: Context): void;
}

export interface LoggerOptions {
  level: LogLevel;
  /** The `service` key of every line; `hhl-progress-api` by default. */
  service?: string;
  /** Keys on every line (e.g. `component`). */
  keys?: LogData;
  /** Where a finished line goes instead of stdout (tests read the lines). */
  write?: (line: string) => void;
}

/**
 * Powertools' Logger with one change, through the hooks it offers subclasses (`printLog`, `createLogger`): lines go
 * to `write` when one is given, and children write to the same place.
 */
class LineLogger extends PowertoolsLogger {
  constructor(
    options: ConstructorOptions,
    private readonly write?: (line: string) => void,
  ) {
    super(options);
  }

  protected override printLog(logLevel: number, log: LogItem): void {
    if (this.write === undefined) {
      super.printLog(logLevel, log);
      return;
    }
    log.prepareForPrint();
    this.write(JSON.stringify(log.getAttributes(), this.getJsonReplacer()));
  }

  protected override createLogger(options?: ConstructorOptions): PowertoolsLogger {
    return new LineLogger(options ?? {}, this.write);
  }
}

/**
 * Creates a process's root logger.
 * @example const logger = createLogger({ level: config.logLevel }); logger.child({ requestId }).info('Read progress', { found: true });
 */
export function createLogger(options: LoggerOptions): RootLogger {
  const powertools = new LineLogger(
    {
      logLevel: options.level === 'silent' ? 'SILENT' : options.level,
      serviceName: options.service ?? 'hhl-progress-api',
      persistentKeys: options.keys ?? {},
      jsonReplacerFn: errorsWithoutCause,
    },
    options.write,
  );
  return Object.assign(wrap(powertools), { addContext: (context: Context) => powertools.addContext(context) });
}

/** A logger that drops everything (tests that do not read logs). */
export const silentLogger: Logger = createLogger({ level: 'silent' });

/**
 * Masks an email for logs: `jane@example.com` → `j***@example.com`.
 * @example maskEmail('jane@example.com') // 'j***@example.com'
 */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at <= 0) return '***';
  return `${email[0]}***${email.slice(at)}`;
}

/**
 * An error is logged as its name, message and stack only: never its `cause` or own fields, which for a HubSpot failure
 * hold the answer's body and headers (an echoed token, a learner's email). Our own messages are redacted already.
 */
function errorsWithoutCause(_key: string, value: unknown): unknown {
  if (!(value instanceof Error)) return value;
  return { name: value.name, message: value.message, ...(value.stack === undefined ? {} : { stack: value.stack }) };
}

function wrap(powertools: PowertoolsLogger): Logger {
  return {
    debug: (message, data) => powertools.debug(message, data ?? {}),
    info: (message, data) => powertools.info(message, data ?? {}),
    warn: (message, data) => powertools.warn(message, data ?? {}),
    error: (message, data) => powertools.error(message, data ?? {}),
    child: (keys) => wrap(powertools.createChild({ persistentKeys: keys })),
  };
}

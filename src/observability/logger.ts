import type { LogLevel } from '../config.js';

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

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

export interface JsonLoggerOptions {
  level: LogLevel;
  /** Where a finished line goes; `console.log` by default (CloudWatch reads stdout). */
  write?: (line: string) => void;
  clock?: () => Date;
  keys?: LogData;
}

/** Creates a logger that writes one JSON object per line. */
export function createJsonLogger(options: JsonLoggerOptions): Logger {
  const write = options.write ?? ((line: string) => console.log(line));
  const clock = options.clock ?? (() => new Date());
  const min = RANK[options.level];
  const keys = options.keys ?? {};
  const emit = (level: Exclude<LogLevel, 'silent'>) =>
    function log(message: string, data?: LogData): void {
      if (RANK[level] < min) return;
      write(JSON.stringify({ level, timestamp: clock().toISOString(), message, ...keys, ...data }, errorReplacer));
    };
  return {
    debug: emit('debug'),
    info: emit('info'),
    warn: emit('warn'),
    error: emit('error'),
    child: (more) => createJsonLogger({ ...options, write, clock, keys: { ...keys, ...more } }),
  };
}

/** A logger that drops everything (tests that do not read logs). */
export const silentLogger: Logger = createJsonLogger({ level: 'silent' });

function errorReplacer(_key: string, value: unknown): unknown {
  if (value instanceof Error) {
    return { name: value.name, message: value.message };
  }
  return value;
}

/**
 * Masks an email for logs: `jane@example.com` → `j***@example.com`.
 * @example maskEmail('jane@example.com') // 'j***@example.com'
 */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at <= 0) return '***';
  return `${email[0]}***${email.slice(at)}`;
}

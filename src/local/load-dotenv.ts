import { existsSync } from 'node:fs';

/** Loads `.env` into `process.env` when present; values already set in the environment win. */
export function loadDotEnv(path = '.env'): boolean {
  if (!existsSync(path)) return false;
  process.loadEnvFile(path);
  return true;
}

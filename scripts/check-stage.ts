/**
 * `npm run package` and `npm run deploy` run this first: a deployed stage must either work or refuse to build. It
 * prints one line per problem and exits 1, or prints one line and exits 0. Checks, for the stage in `APP_STAGE`
 * (default dev; `local` is never deployed and is not checked):
 * 1. the deploy settings (deploy/stage-check.cjs: token source, CRM switch, CORS origins, sign-in mode, capacity),
 *    the same rules osls applies when it resolves the template;
 * 2. the service's own configuration (src/config.ts) over the environment the functions will get, each secret with a
 *    reference standing in for its value, and the catalog: what would otherwise fail every cold start.
 */
import { createRequire } from 'node:module';
import { loadCatalog } from '../src/catalog/load-catalog.js';
import { InvalidConfigError, loadConfig } from '../src/config.js';
import { SECRET_SETTINGS } from '../src/secrets/secret-settings.js';
import { secretOrigin } from '../src/secrets/secret-source.js';

const require = createRequire(import.meta.url);
const { stageProblems } = require('../deploy/stage-check.cjs') as { stageProblems: (env: NodeJS.ProcessEnv, stage: string) => string[] };

/** Problems the service itself would raise at cold start in that environment. */
export function serviceProblems(env: NodeJS.ProcessEnv): string[] {
  // A referenced secret is read at cold start; here a value of the right shape stands in for it.
  const standIns = Object.fromEntries(
    SECRET_SETTINGS.flatMap((s) => {
      const origin = secretOrigin(s, env);
      return origin !== undefined && 'reference' in origin ? [s.name, ...s.aliases].map((n) => [n, 'x'.repeat(64)]) : [];
    }),
  );
  try {
    const config = loadConfig({ ...env, ...standIns });
    loadCatalog(config.catalogPath);
    return [];
  } catch (error) {
    if (error instanceof InvalidConfigError) return error.issues.map((issue) => `configuration: ${issue}`);
    return [`catalog: ${error instanceof Error ? error.message : String(error)}`];
  }
}

const stage = process.env.APP_STAGE?.trim() || 'dev';
const deployProblems = stage === 'local' ? [] : stageProblems(process.env, stage);
// A setting the deploy check already named is not named twice.
const named = new Set(deployProblems.map((p) => p.split(':')[0]));
const problems = stage === 'local' ? [] : [...deployProblems, ...serviceProblems(process.env).filter((p) => !named.has(p.split(': ')[1] ?? ''))];
if (problems.length > 0) {
  console.error(`Stage ${stage} refuses to build: ${problems.length} problem${problems.length === 1 ? '' : 's'} (docs/deployment.md#6-deploy-time-variables)`);
  for (const problem of problems) console.error(problem);
  process.exit(1);
}
console.log(stage === 'local' ? 'Stage local: not checked (never deployed)' : `Stage ${stage}: settings checked, no problem found`);

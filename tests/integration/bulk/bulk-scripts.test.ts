import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bulkEnv, bulkSimulator, contactByEmail, fileIn, seedLegacyLearners, workDir } from '../../fixtures/bulk-fixture.js';

/**
 * The real scripts in a child process, as `npm run backfill` and `npm run import` run them: `.env` loading, arguments,
 * the official client over real HTTP (the simulator), the exit code.
 */

const TSX = resolve('node_modules/.bin/tsx');

function run(script: string, argv: string[], env: Record<string, string>, cwd: string): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  const childEnv: Record<string, string | undefined> = { ...process.env, ...env };
  return new Promise((done) => {
    execFile(TSX, [resolve(script), ...argv], { cwd, env: childEnv, timeout: 30_000 }, (error, stdout, stderr) => {
      done({ exitCode: error === null ? 0 : typeof error.code === 'number' ? error.code : -1, stdout, stderr });
    });
  });
}

describe('the bulk scripts', () => {
  it('npm run backfill walks the portal and prints the summary', async () => {
    // Prepare
    const sim = await bulkSimulator();
    const dir = workDir();
    await seedLegacyLearners(sim, 20);

    // Act
    const { exitCode, stdout } = await run('scripts/backfill.ts', ['--rate-share', '100%'], bulkEnv(sim, dir), dir);

    // Assess
    expect(exitCode).toBe(0);
    expect(stdout).toContain('Backfill complete: 20 scanned, 20 changed, 0 unchanged, 0 failed');
  });

  it('npm run import -- <file> imports an export, reporting bad lines on stderr (exit 1)', async () => {
    // Prepare
    const sim = await bulkSimulator();
    const dir = workDir();
    const file = fileIn(dir, 'export.csv', [
      '\uFEFFemail,course_slug,module_slug,event,occurred_at,score',
      '"ada@example.com",crm-essentials,crm-overview,completed,2026-01-05T10:00:00Z,"88"',
      'ada@example.com,crm-essentials,crm-overview,completed,,',
    ]);

    // Act
    const { exitCode, stdout, stderr } = await run('scripts/import.ts', [file], bulkEnv(sim, dir), dir);

    // Assess
    expect(exitCode).toBe(1);
    expect(stderr).toContain('line 3: occurred_at');
    expect(stdout).toContain('1 learners, 1 created');
    expect(contactByEmail(sim, 'ada@example.com')).toMatchObject({ hhl_average_score: '88', hhl_total_progress: '1' });
  });
});

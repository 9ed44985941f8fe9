import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runBackfillCli } from '../../../src/bulk/backfill/backfill-cli.js';
import { runImportCli } from '../../../src/bulk/import/import-cli.js';
import { createLocalContactStore } from '../../../src/crm/local/local-store.js';
import { capture, fileIn, legacyState, workDir } from '../../fixtures/bulk-fixture.js';

/** Without a token both jobs run on the embedded local store, as `npm start` does. */
describe('the bulk jobs without a HubSpot token', () => {
  it('import into and backfill the local store in .data/', async () => {
    // Prepare: two legacy learners in the local store, and an export naming one of them
    const dir = workDir();
    const seed = createLocalContactStore({ file: join(dir, 'contacts.json') });
    await seed.create('learner1@example.com', { hhl_progress_state: legacyState(1) });
    await seed.create('learner2@example.com', { hhl_progress_state: legacyState(2) });
    const file = fileIn(dir, 'lms.csv', ['email,course_slug,module_slug,event,occurred_at,score', 'Learner2@example.com,crm-essentials,crm-overview,completed,2026-01-05,70']);
    const env = { LOCAL_DATA_DIR: dir };

    // Act
    const importOut = capture();
    const imported = await runImportCli({ argv: [file], env, stdout: importOut, stderr: capture() });
    const backfillOut = capture();
    const backfilled = await runBackfillCli({ argv: [], env, stdout: backfillOut, stderr: capture() });

    // Assess
    expect(imported).toBe(0);
    expect(importOut.text).toContain(`Import of the local store ${join(dir, 'contacts.json')}`);
    expect(importOut.text).toContain('1 learners, 0 created, 1 updated');
    expect(backfilled).toBe(0);
    expect(backfillOut.text).toContain('2 scanned, 1 changed, 1 unchanged, 0 failed');
    const store = createLocalContactStore({ file: join(dir, 'contacts.json') });
    const learner1 = await store.read({ kind: 'email', email: 'learner1@example.com' }, ['hhl_completed_courses', 'hhl_progress_percent']);
    const learner2 = await store.read({ kind: 'email', email: 'learner2@example.com' }, ['hhl_average_score', 'hhl_current_module']);
    expect(learner1?.properties).toEqual({ hhl_completed_courses: 'crm-essentials', hhl_progress_percent: '100' });
    expect(learner2?.properties).toEqual({ hhl_average_score: '70', hhl_current_module: 'crm-overview' });
  });
});

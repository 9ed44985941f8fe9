import { readFile, rename, rm, writeFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';

/**
 * Where an interrupted backfill resumes: the id of the last contact whose page was fully written, and the counts so
 * far. Saved after every page (replaced by rename, so a crash leaves the previous checkpoint, never half of one) and
 * removed when the walk completes. Resuming redoes at most one page, and a page done twice changes nothing the second
 * time.
 */

const failureSchema = z.object({ contactId: z.string(), reason: z.string() });

const checkpointSchema = z.object({
  version: z.literal(1),
  job: z.literal('backfill'),
  lastId: z.string().regex(/^\d+$/),
  counts: z.object({
    scanned: z.number().int().nonnegative(),
    changed: z.number().int().nonnegative(),
    unchanged: z.number().int().nonnegative(),
    failed: z.number().int().nonnegative(),
  }),
  failures: z.array(failureSchema),
  startedAt: z.string(),
  savedAt: z.string(),
});

export type BackfillCheckpoint = z.infer<typeof checkpointSchema>;

export interface CheckpointStore {
  load(): Promise<BackfillCheckpoint | undefined>;
  save(checkpoint: BackfillCheckpoint): Promise<void>;
  clear(): Promise<void>;
}

/** A bad checkpoint file: better to stop than to restart a long walk from the first contact unasked. */
export class CheckpointError extends Error {
  override readonly name = 'CheckpointError';
}

/**
 * The checkpoint in a JSON file.
 * @example const checkpoints = fileCheckpointStore('.data/backfill-checkpoint.json');
 */
export function fileCheckpointStore(file: string): CheckpointStore {
  return {
    async load() {
      let text: string;
      try {
        text = await readFile(file, 'utf8');
      } catch (error) {
        if (error instanceof Error && 'code' in error && error.code === 'ENOENT') return undefined;
        throw error;
      }
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        throw new CheckpointError(`Checkpoint ${file} is not JSON: delete it or run with --restart`);
      }
      const parsed = checkpointSchema.safeParse(json);
      if (!parsed.success) throw new CheckpointError(`Checkpoint ${file} is not a backfill checkpoint: delete it or run with --restart`);
      return parsed.data;
    },
    async save(checkpoint) {
      await mkdir(dirname(file), { recursive: true });
      const temporary = `${file}.${process.pid}.${randomUUID()}.tmp`;
      try {
        await writeFile(temporary, `${JSON.stringify(checkpoint, null, 2)}\n`, 'utf8');
        await rename(temporary, file);
      } catch (error) {
        await rm(temporary, { force: true });
        throw error;
      }
    },
    async clear() {
      await rm(file, { force: true });
    },
  };
}

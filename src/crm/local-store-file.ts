import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';

/**
 * The local contact store's file: one JSON document holding every contact, read once at start and replaced whole
 * after each write. Replacing by rename means a crash mid-write leaves the previous file, never half of one.
 */

const snapshotSchema = z.object({
  version: z.literal(1),
  lastId: z.number().int().nonnegative(),
  contacts: z.array(
    z.object({
      id: z.string().regex(/^\d+$/),
      properties: z.record(z.string(), z.string()),
    }),
  ),
});

/** Everything the local store holds. Property values are strings; a cleared value is absent. */
export type LocalStoreSnapshot = z.infer<typeof snapshotSchema>;

/** An empty store: no contacts, ids start at 1. */
export function emptySnapshot(): LocalStoreSnapshot {
  return { version: 1, lastId: 0, contacts: [] };
}

/**
 * Reads the store file; an empty store when the file does not exist. Synchronous because it runs once, while the
 * local server starts, and a store that cannot load must stop that start.
 * @throws Error naming the file when it is not a valid store document.
 */
export function loadSnapshot(file: string): LocalStoreSnapshot {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if (isNodeError(error) && error.code === 'ENOENT') return emptySnapshot();
    throw error;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new Error(`Local contact store ${file} is not valid JSON`, { cause });
  }
  const parsed = snapshotSchema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Local contact store ${file} is not a contact store file: ${issues}`);
  }
  return parsed.data;
}

/** Replaces the store file with `snapshot`: written to a temporary file beside it, then renamed over it. */
export async function saveSnapshot(file: string, snapshot: LocalStoreSnapshot): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  // Same directory, so the rename stays on one file system and is atomic.
  const temporary = `${file}.${process.pid}.${randomUUID()}.tmp`;
  try {
    await writeFile(temporary, `${JSON.stringify(snapshot, null, 2)}\n`, 'utf8');
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

function isNodeError(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && 'code' in error;
}

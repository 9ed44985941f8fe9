import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import type { PropertyVersion, ReadOptions, StoredContact } from '../contact-store.js';
import { withVersion } from './property-history.js';

/**
 * The local contact store's file: one JSON document holding every contact, read once at start and replaced whole
 * after each write. Replacing by rename means a crash mid-write leaves the previous file, never half of one.
 * Each contact keeps the recent versions of its properties (HubSpot's `propertiesWithHistory`); files written before
 * history was kept have none and load as they are.
 */

const versionSchema = z.object({ value: z.string(), timestamp: z.string() });

const snapshotSchema = z.object({
  version: z.literal(1),
  lastId: z.number().int().nonnegative(),
  contacts: z.array(
    z.object({
      id: z.string().regex(/^\d+$/),
      properties: z.record(z.string(), z.string()),
      history: z.record(z.string(), z.array(versionSchema)).optional(),
    }),
  ),
});

/** Everything the local store holds. Property values are strings; a cleared value is absent. */
export type LocalStoreSnapshot = z.infer<typeof snapshotSchema>;

/** One contact in memory: its values and the versions of the properties written since history was kept. */
export interface LocalContactRecord {
  readonly properties: Readonly<Record<string, string>>;
  readonly history: Readonly<Record<string, readonly PropertyVersion[]>>;
}

/**
 * The versions of a property, newest first. A value with no recorded version (a file from before history, or a
 * stamp such as `lastmodifieddate`) answers itself, dated by the contact's last modification, as HubSpot always
 * lists the current value.
 */
export function versionsOf(record: LocalContactRecord, name: string): PropertyVersion[] {
  const recorded = record.history[name];
  if (recorded !== undefined && recorded.length > 0) return recorded.map((version) => ({ ...version }));
  const value = record.properties[name];
  if (value === undefined) return [];
  const timestamp = record.properties['lastmodifieddate'] ?? record.properties['createdate'] ?? new Date(0).toISOString();
  return [{ value, timestamp }];
}

/** What a read answers of a record: the requested properties (`null` when empty), and history when asked for. */
export function toStoredContact(id: string, record: LocalContactRecord, properties: readonly string[], options?: ReadOptions): StoredContact {
  const values: Record<string, string> = { ...record.properties, hs_object_id: id };
  const contact: StoredContact = { id, properties: Object.fromEntries(properties.map((name) => [name, values[name] ?? null])) };
  if (options?.history !== undefined && options.history.length > 0) {
    contact.history = Object.fromEntries(options.history.map((name) => [name, versionsOf(record, name)]));
  }
  return contact;
}

/**
 * The record after a write of `values` (validated; `null` clears) at `now`: a new version for each property written,
 * kept as `property-history.ts` says both HubSpot doubles keep them.
 */
export function recordWrite(
  current: LocalContactRecord | undefined,
  values: Readonly<Record<string, string | null>>,
  stamps: Readonly<Record<string, string>>,
  now: string,
): LocalContactRecord {
  const before = current ?? { properties: {}, history: {} };
  const properties: Record<string, string> = { ...before.properties };
  const history: Record<string, readonly PropertyVersion[]> = { ...before.history };
  for (const [name, value] of Object.entries(values)) {
    if (value === null) delete properties[name];
    else properties[name] = value;
    history[name] = withVersion(versionsOf(before, name), { value: value ?? '', timestamp: now });
  }
  return { properties: { ...properties, ...stamps }, history };
}

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

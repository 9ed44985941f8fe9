/**
 * Slug-keyed records. Every record the engine builds has a null prototype and is only read through own keys, so a
 * slug such as `__proto__`, `constructor` or `hasOwnProperty` behaves like any other key.
 */
import type { SlugRecord } from './types.js';

/** A new, empty null-prototype record. */
export function emptyRecord<T>(): SlugRecord<T> {
  const record: SlugRecord<T> = Object.create(null);
  return record;
}

/** The value held under `slug`, ignoring anything inherited (callers may hand in plain-object records). */
export function lookup<T>(record: SlugRecord<T>, slug: string): T | undefined {
  return Object.hasOwn(record, slug) ? record[slug] : undefined;
}

/** The record's own keys, sorted by code unit so that output never depends on insertion order. */
export function sortedKeys(record: SlugRecord<unknown>): string[] {
  return Object.keys(record).sort(compareStrings);
}

/** A new null-prototype record holding `transform` of every entry, keys in sorted order. */
export function mapRecord<T, U>(record: SlugRecord<T>, transform: (value: T, slug: string) => U): SlugRecord<U> {
  const result = emptyRecord<U>();
  for (const slug of sortedKeys(record)) {
    const value = lookup(record, slug);
    if (value !== undefined) result[slug] = transform(value, slug);
  }
  return result;
}

/** The values of a record in sorted key order. */
export function recordValues<T>(record: SlugRecord<T>): T[] {
  return mapEntries(record, (value) => value);
}

/** `transform` of every entry, in sorted key order. */
export function mapEntries<T, U>(record: SlugRecord<T>, transform: (value: T, slug: string) => U): U[] {
  const result: U[] = [];
  for (const slug of sortedKeys(record)) {
    const value = lookup(record, slug);
    if (value !== undefined) result.push(transform(value, slug));
  }
  return result;
}

/** Code-unit order; `localeCompare` would make output depend on the runtime's locale data. */
export function compareStrings(a: string, b: string): number {
  if (a < b) return -1;
  return a > b ? 1 : 0;
}

/**
 * Strict deep equality for states. vitest's `toStrictEqual` compares `.constructor`, which a record holding the slug
 * `constructor` shadows, so states are compared through a plain picture instead: keys sorted, `undefined` members
 * kept, and null-prototype records told apart from plain objects.
 */
import { expect } from 'vitest';

export function expectSameState(actual: unknown, expected: unknown): void {
  expect(picture(actual)).toEqual(picture(expected));
}

function picture(value: unknown): unknown {
  if (value === undefined) return '<undefined>';
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map(picture);
  const kind = Object.getPrototypeOf(value) === null ? '<record>' : '<object>';
  return [kind, ...Object.entries(value).sort(([a], [b]) => (a < b ? -1 : 1)).map(([key, member]) => [key, picture(member)])];
}

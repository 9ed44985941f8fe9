import { createLocalContactStore, type LocalContactStoreOptions } from '../../../src/crm/local/local-store.js';
import type { PropertyValues } from '../../../src/properties/types.js';
import { PROPERTY_NAMES } from '../../../src/properties/property-definitions.js';

/** The instant every test store's clock reads unless a test moves it. */
export const FIXED_NOW = new Date('2026-01-18T17:30:00.000Z');

/** A clock a test can move forward. */
export function createTestClock(start: Date = FIXED_NOW): { now: () => Date; set: (at: Date) => void } {
  let current = start;
  return { now: () => current, set: (at) => (current = at) };
}

/** An in-memory local store on a fixed clock. */
export function createTestStore(options: LocalContactStoreOptions = {}) {
  return createLocalContactStore({ clock: () => FIXED_NOW, ...options });
}

/** Values of a typical progress write, every one valid; override what a test is about. */
export function progressValues(overrides: PropertyValues = {}): PropertyValues {
  return {
    [PROPERTY_NAMES.state]: '{"v":1}',
    [PROPERTY_NAMES.updatedAt]: '2026-01-18T17:30:00.000Z',
    [PROPERTY_NAMES.summary]: 'kubernetes-basics: 1/3',
    [PROPERTY_NAMES.enrolledCourses]: 'kubernetes-basics',
    [PROPERTY_NAMES.completedCourses]: '',
    [PROPERTY_NAMES.totalProgress]: '1',
    [PROPERTY_NAMES.lastActivity]: '2026-01-18',
    ...overrides,
  };
}

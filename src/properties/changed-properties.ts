import { PROPERTY_NAMES } from './property-definitions.js';
import type { PropertyValues, StoredValues } from './types.js';

/**
 * The names whose value in `values` differs from what the contact holds, `hhl_progress_updated_at` aside (it changes
 * on every write and says nothing by itself). `null`, `""` and absent are the same value.
 */
export function changedProperties(values: PropertyValues, previous: StoredValues): string[] {
  return Object.entries(values)
    .filter(([name, value]) => name !== PROPERTY_NAMES.updatedAt && (previous[name] ?? '') !== value)
    .map(([name]) => name);
}

/** True when writing `values` would change nothing but `hhl_progress_updated_at`: the write can be skipped. */
export function changesNothing(values: PropertyValues, previous: StoredValues): boolean {
  return changedProperties(values, previous).length === 0;
}

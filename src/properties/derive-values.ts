import { deriveState } from '../progress/derive-state.js';
import { deriveLearningMetrics } from '../progress/learning-metrics.js';
import { deriveMilestones } from '../progress/milestones.js';
import type { Catalog, ProgressEvent, ProgressState } from '../progress/types.js';
import type { PropertyValues, StoredContact } from '../crm/contact-store.js';
import type { PortalPropertyTypes } from '../crm/portal-property-types.js';
import { PROPERTY_DEFINITIONS, PROPERTY_NAMES as P } from './property-definitions.js';
import type { DeriveInput } from './property-derivation.js';

export interface ProgressPropertiesInput {
  state: ProgressState;
  /** The events this write carries (one on the direct path, several from a queue batch or an import, none for a repair). */
  events: readonly ProgressEvent[];
  catalog: Catalog;
  /** Time of this write (`hhl_progress_updated_at`). */
  now: Date;
  /** The contact's current values, when it exists: keeps `last_activity` and `last_viewed_*` from going back in time. */
  previous?: StoredContact['properties'];
  types: PortalPropertyTypes;
}

/**
 * The values of one progress write: every property definition's `derive`, in definition order, formatted for the
 * property's type in the portal and without the optional properties the portal is known to lack.
 */
export function buildProgressProperties(input: ProgressPropertiesInput): PropertyValues {
  const { catalog, events, now, previous, types } = input;
  const state = deriveState(input.state, catalog);
  const derive: DeriveInput = {
    state,
    milestones: deriveMilestones(state, catalog),
    metrics: deriveLearningMetrics(state, catalog),
    events,
    now,
    previous,
    typeOf: (name) => types.typeOf(name),
  };
  const values: PropertyValues = {};
  for (const definition of PROPERTY_DEFINITIONS) {
    const value = definition.derive?.(derive);
    if (value !== undefined) values[definition.name] = value;
  }
  return types.adapt(values);
}

/** True when writing `values` would change nothing but `hhl_progress_updated_at`: the write can be skipped. */
export function changesNothing(values: PropertyValues, previous: StoredContact['properties']): boolean {
  return changedProperties(values, previous).length === 0;
}

/** The names whose value differs from what the contact holds (`hhl_progress_updated_at` aside; empty equals absent). */
export function changedProperties(values: PropertyValues, previous: StoredContact['properties']): string[] {
  return Object.entries(values)
    .filter(([name, value]) => name !== P.updatedAt && (previous[name] ?? '') !== value)
    .map(([name]) => name);
}

import { countedState } from '../progress/catalog-content.js';
import { deriveLearningMetrics } from '../progress/learning-metrics.js';
import { deriveMilestones } from '../progress/milestones.js';
import type { Catalog, DerivedState, ProgressEvent } from '../progress/types.js';
import { PROPERTY_DEFINITIONS } from './property-definitions.js';
import type { DeriveInput, PropertyValues, StoredValues } from './types.js';

export interface DeriveValuesInput {
  readonly state: DerivedState;
  /** The events this write carries (one on the direct path, several from a queue batch or an import, none for a repair). */
  readonly events: readonly ProgressEvent[];
  readonly catalog: Catalog;
  /** Time of this write (`hhl_progress_updated_at`). */
  readonly now: Date;
  /** The contact's current values, when it exists: keeps `last_activity` and `last_viewed_*` from going back in time. */
  readonly previous?: StoredValues;
}

/**
 * The values of one progress write: every property definition's `derive`, in definition order, each formatted for
 * the property's own type. Milestones and metrics are computed once, from the catalog content of the derived state
 * (content the catalog does not know stays in the stored state but is never counted). The writer adapts the values
 * to the portal (its date-typed and missing properties) before sending them.
 */
export function deriveValues(input: DeriveValuesInput): PropertyValues {
  const { state, catalog, events, now, previous } = input;
  const counted = countedState(state, catalog);
  const derive: DeriveInput = {
    state,
    milestones: deriveMilestones(counted, catalog),
    metrics: deriveLearningMetrics(counted, catalog),
    events,
    now,
    ...(previous === undefined ? {} : { previous }),
  };
  const values: PropertyValues = {};
  for (const definition of PROPERTY_DEFINITIONS) {
    const value = definition.derive?.(derive);
    if (value !== undefined) values[definition.name] = value;
  }
  return values;
}

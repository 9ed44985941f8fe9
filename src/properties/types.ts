/**
 * The shapes of what a contact carries: property types as HubSpot names them, a property's definition, the values
 * of one write, and what a definition's `derive` reads. Types only, so every file of `properties/` can share them
 * without importing one another in a circle.
 */
import type { LearningMetrics } from '../progress/learning-metrics.js';
import type { Milestones } from '../progress/milestones.js';
import type { DerivedState, ProgressEvent } from '../progress/types.js';

export type PropertyType = 'string' | 'number' | 'date' | 'datetime' | 'enumeration';
export type FieldType = 'text' | 'textarea' | 'number' | 'date' | 'select';

/** Property values as they travel on the wire: strings (`""` clears a property). */
export type PropertyValues = Record<string, string>;

/** Values as a contact holds them: `null` or absent when empty. */
export type StoredValues = Readonly<Record<string, string | null | undefined>>;

export interface PropertyGroupDefinition {
  readonly name: string;
  readonly label: string;
}

export interface PropertyDefinition {
  readonly name: string;
  readonly label: string;
  readonly description: string;
  readonly groupName: string;
  readonly type: PropertyType;
  readonly fieldType: FieldType;
  readonly options?: readonly { readonly label: string; readonly value: string }[];
  /**
   * Optional properties may be missing from a portal (provisioned before they existed): the writer still writes them,
   * and when HubSpot answers `PROPERTY_DOESNT_EXIST` it learns they are absent and writes without them.
   */
  readonly optional?: boolean;
  /**
   * The value of this property for one write, from the learner's derived state, formatted for the property's own
   * `type` (the writer adapts it to the portal); `undefined` leaves the property out of the write, `""` clears it. A
   * definition without `derive` is provisioned but never written by the progress writer.
   */
  readonly derive?: (input: DeriveInput) => string | undefined;
}

/**
 * What a property's `derive` reads to compute its value for one write: the engine's results for the learner's
 * derived state, computed once per write, and what the write is about.
 */
export interface DeriveInput {
  readonly state: DerivedState;
  readonly milestones: Milestones;
  readonly metrics: LearningMetrics;
  /** The events this write carries: one on the direct path, several from a queue batch or an import, none for a backfill. */
  readonly events: readonly ProgressEvent[];
  /** Time of this write. */
  readonly now: Date;
  /** The contact's current values, when it exists. */
  readonly previous?: StoredValues;
}

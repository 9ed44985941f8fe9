import type { StoredContact } from '../../crm/contact-store.js';
import type { PortalPropertyTypes } from '../../crm/portal-property-types.js';
import { CorruptStateError, StateTooLargeError } from '../../errors.js';
import { changedProperties } from '../../properties/changed-properties.js';
import { deriveValues } from '../../properties/derive-values.js';
import { PROPERTY_NAMES } from '../../properties/property-definitions.js';
import type { PropertyValues } from '../../properties/types.js';
import { deriveState } from '../../progress/derive-state.js';
import { parseStoredState } from '../../progress/state-codec.js';
import type { Catalog } from '../../progress/types.js';

/** What a backfill does with one contact. */
export type BackfillPlan =
  | { readonly kind: 'unchanged' }
  /** `values` holds only what changes, plus `hhl_progress_updated_at`. */
  | { readonly kind: 'changed'; readonly values: PropertyValues; readonly changed: readonly string[] }
  | { readonly kind: 'failed'; readonly reason: string };

export interface BackfillPlanInput {
  readonly catalog: Catalog;
  readonly now: Date;
  /** What the portal is known to have: what changes is judged on the values as the portal would take them. */
  readonly types: Pick<PortalPropertyTypes, 'adapt'>;
}

/**
 * Recomputes a contact's derived properties from its stored state with the engine, the state itself normalised to the
 * current format. Pure.
 *
 * Only the values that change are written (with `hhl_progress_updated_at`): a contact whose state is already in the
 * current form keeps its `hhl_progress_state` untouched, so a live write racing the backfill can only lose derived
 * values, which the next write recomputes. A state that cannot be parsed fails the contact and is never overwritten.
 * @example planBackfill(contact, { catalog, now, types }) // { kind: 'changed', values: { hhl_total_progress: '3', … }, changed: [...] }
 */
export function planBackfill(contact: StoredContact, input: BackfillPlanInput): BackfillPlan {
  let values: PropertyValues;
  try {
    const state = deriveState(parseStoredState(contact.properties[PROPERTY_NAMES.state]), input.catalog);
    values = input.types.adapt(deriveValues({ state, events: [], catalog: input.catalog, now: input.now, previous: contact.properties }));
  } catch (error) {
    if (error instanceof CorruptStateError || error instanceof StateTooLargeError) return { kind: 'failed', reason: error.message };
    throw error;
  }
  const changed = changedProperties(values, contact.properties);
  if (changed.length === 0) return { kind: 'unchanged' };
  const written: PropertyValues = Object.fromEntries(changed.map((name) => [name, values[name] ?? '']));
  const updatedAt = values[PROPERTY_NAMES.updatedAt];
  if (updatedAt !== undefined) written[PROPERTY_NAMES.updatedAt] = updatedAt;
  return { kind: 'changed', values: written, changed };
}

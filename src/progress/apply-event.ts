import { deriveState } from './derive-state.js';
import { factsOfEvent } from './event-facts.js';
import { mergeStates } from './merge-states.js';
import type { Catalog, DerivedState, ProgressEvent, ProgressState } from './types.js';

/**
 * The state after `events`: their facts merged in, then every derived value recomputed once. Because the merge is a
 * join and derivation reads facts only, replaying an event or applying events in another order gives an equal state,
 * and applying them together equals applying them one by one.
 *
 * @example
 * const next = applyEvents(state, [{ name: 'learning_module_completed', at, module: 'm1', course: 'c1' }], catalog);
 */
export function applyEvents(state: ProgressState, events: readonly ProgressEvent[], catalog: Catalog): DerivedState {
  return deriveState(events.reduce((facts, event) => mergeStates(facts, factsOfEvent(event)), state), catalog);
}

/** The state after one event; {@link applyEvents} with one. */
export function applyEvent(state: ProgressState, event: ProgressEvent, catalog: Catalog): DerivedState {
  return applyEvents(state, [event], catalog);
}

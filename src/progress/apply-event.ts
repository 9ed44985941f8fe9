import { deriveState } from './derive-state.js';
import { factsOfEvent } from './event-facts.js';
import { mergeStates } from './merge-states.js';
import type { Catalog, ProgressEvent, ProgressState } from './types.js';

/**
 * The state after `event`: its facts merged in, then every derived value recomputed. Because the merge is a join and
 * derivation reads facts only, replaying an event or applying events in another order gives an equal state.
 *
 * @example
 * const next = applyEvent(state, { name: 'learning_module_completed', at, module: 'm1', course: 'c1' }, catalog);
 */
export function applyEvent(state: ProgressState, event: ProgressEvent, catalog: Catalog): ProgressState {
  return deriveState(mergeStates(state, factsOfEvent(event)), catalog);
}

import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { applyEvent } from '../../../src/progress/apply-event.js';
import { deriveState } from '../../../src/progress/derive-state.js';
import { mergeStates } from '../../../src/progress/merge-states.js';
import { GZIP_PREFIX, parseStoredState, serializeState } from '../../../src/progress/state-codec.js';
import { stateToJson, writeJson } from '../../../src/progress/state-json.js';
import { RUNS, derivedStateArb, eventArb, eventsArb, factStateArb, lawCatalog } from './progress-arbitraries.js';
import { applyAll } from './progress-factories.js';
import { expectSameState } from './same-state.js';

const catalog = lawCatalog;

/** A list of events together with a permutation of it. */
const eventsAndShuffleArb = eventsArb.chain((events) =>
  fc.tuple(fc.constant(events), fc.shuffledSubarray(events, { minLength: events.length, maxLength: events.length })),
);

describe('applyEvent laws', () => {
  it('changes nothing when the same event is applied again', () => {
    fc.assert(
      fc.property(eventsArb, eventArb, (history, event) => {
        // Prepare
        const once = applyEvent(applyAll(history, catalog), event, catalog);

        // Act
        const twice = applyEvent(once, event, catalog);

        // Assess
        expectSameState(twice, once);
      }),
      RUNS,
    );
  });

  it('gives the same state whatever order the events arrive in', () => {
    fc.assert(
      fc.property(eventsAndShuffleArb, ([events, shuffled]) => {
        // Act
        const inOrder = applyAll(events, catalog);
        const reordered = applyAll(shuffled, catalog);

        // Assess
        expectSameState(reordered, inOrder);
      }),
      RUNS,
    );
  });

  it('gives the same state when two learners’ histories are merged as when all events are applied', () => {
    fc.assert(
      fc.property(eventsArb, eventsArb, (first, second) => {
        // Act
        const merged = deriveState(mergeStates(applyAll(first, catalog), applyAll(second, catalog)), catalog);

        // Assess
        expectSameState(merged, applyAll([...first, ...second], catalog));
      }),
      RUNS,
    );
  });
});

describe('mergeStates laws', () => {
  const stateArb = fc.oneof(factStateArb, derivedStateArb);

  it('is commutative', () => {
    fc.assert(
      fc.property(stateArb, stateArb, (a, b) => {
        expectSameState(mergeStates(a, b), mergeStates(b, a));
      }),
      RUNS,
    );
  });

  it('is associative', () => {
    fc.assert(
      fc.property(stateArb, stateArb, stateArb, (a, b, c) => {
        expectSameState(mergeStates(mergeStates(a, b), c), mergeStates(a, mergeStates(b, c)));
      }),
      RUNS,
    );
  });

  it('is idempotent', () => {
    fc.assert(
      fc.property(stateArb, (a) => {
        expectSameState(mergeStates(a, a), a);
      }),
      RUNS,
    );
  });

  it('commutes with derivation: merging derived states and deriving equals deriving the merge', () => {
    fc.assert(
      fc.property(factStateArb, factStateArb, (a, b) => {
        // Act
        const mergedDerived = deriveState(mergeStates(deriveState(a, catalog), deriveState(b, catalog)), catalog);

        // Assess
        expectSameState(mergedDerived, deriveState(mergeStates(a, b), catalog));
      }),
      RUNS,
    );
  });
});

describe('deriveState laws', () => {
  it('is idempotent', () => {
    fc.assert(
      fc.property(factStateArb, (state) => {
        const once = deriveState(state, catalog);
        expectSameState(deriveState(once, catalog), once);
      }),
      RUNS,
    );
  });
});

describe('codec laws', () => {
  it('reads back every derived state it writes', () => {
    fc.assert(
      fc.property(derivedStateArb, (state) => {
        expectSameState(parseStoredState(serializeState(state)), state);
      }),
      RUNS,
    );
  });

  it('reads back the compact form of every derived state', () => {
    fc.assert(
      fc.property(derivedStateArb, (state) => {
        expectSameState(parseStoredState(writeJson(stateToJson(state, 'compact'))), state);
      }),
      RUNS,
    );
  });

  it('reads back the gzip form of every derived state', () => {
    fc.assert(
      fc.property(derivedStateArb, (state) => {
        // serializeState only reaches this form for states of tens of kilobytes, so it is built here directly.
        const text = `${GZIP_PREFIX}${gzipSync(writeJson(stateToJson(state, 'compact'))).toString('base64')}`;
        expectSameState(parseStoredState(text), state);
      }),
      RUNS,
    );
  });
});

import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyEvent } from '../../../src/progress/apply-event.js';
import { deriveState } from '../../../src/progress/derive-state.js';
import { deriveLearningMetrics } from '../../../src/progress/learning-metrics.js';
import { mergeStates } from '../../../src/progress/merge-states.js';
import { GZIP_PREFIX, parseStoredState, serializeState } from '../../../src/progress/state-codec.js';
import { stateToJson, writeJson } from '../../../src/progress/state-json.js';
import { RUNS, derivedStateArb, factStateArb, lawCatalog, measuredEventArb as eventArb, measuredEventsArb as eventsArb } from '../../fixtures/progress-arbitraries.js';
import { applyAll } from '../../fixtures/progress-factories.js';
import { expectSameState } from '../../fixtures/same-state.js';
import { MAX_TEXT_LENGTH } from '../../../src/properties/text-limit.js';

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

describe('learning metrics laws', () => {
  it('gives the same metrics whatever order the events arrive in', () => {
    fc.assert(
      fc.property(eventsAndShuffleArb, ([events, shuffled]) => {
        expect(deriveLearningMetrics(deriveState(applyAll(shuffled, catalog), catalog), catalog)).toEqual(deriveLearningMetrics(deriveState(applyAll(events, catalog), catalog), catalog));
      }),
      RUNS,
    );
  });

  it('changes no metric when a whole history is applied again (an import run twice)', () => {
    fc.assert(
      fc.property(eventsArb, (events) => {
        // Prepare
        const once = applyAll(events, catalog);

        // Act
        const twice = applyAll(events, catalog, once);

        // Assess
        expectSameState(twice, once);
        expect(deriveLearningMetrics(deriveState(twice, catalog), catalog)).toEqual(deriveLearningMetrics(deriveState(once, catalog), catalog));
      }),
      RUNS,
    );
  });

  it('keeps every module score and time spent within what the events reported', () => {
    fc.assert(
      fc.property(eventsArb, (events) => {
        // Act
        const metrics = deriveLearningMetrics(deriveState(applyAll(events, catalog), catalog), catalog);

        // Assess
        // A module event naming neither a course nor a pathway is kept as a standalone module: its score counts too.
        const placed = events.filter((e) => 'score' in e);
        const scores = placed.flatMap((e) => ('score' in e && e.score !== undefined ? [e.score] : []));
        if (scores.length === 0) expect(metrics.averageScore).toBeUndefined();
        else {
          expect(metrics.averageScore).toBeGreaterThanOrEqual(Math.min(...scores));
          expect(metrics.averageScore).toBeLessThanOrEqual(Math.max(...scores));
        }
        if (metrics.progressPercent !== undefined) {
          expect(metrics.progressPercent).toBeGreaterThanOrEqual(0);
          expect(metrics.progressPercent).toBeLessThanOrEqual(100);
        }
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
        expectSameState(parseStoredState(serializeState(state, MAX_TEXT_LENGTH)), state);
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

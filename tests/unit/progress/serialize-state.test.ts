import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { MAX_TEXT_LENGTH } from '../../../src/properties/property-definitions.js';
import { StateTooLargeError } from '../../../src/errors.js';
import { emptyState } from '../../../src/progress/progress-nodes.js';
import { parseStoredState, serializeState, stateToJson } from '../../../src/progress/state-codec.js';
import { writeJson } from '../../../src/progress/state-json.js';
import type { ModuleProgress, ProgressState } from '../../../src/progress/types.js';
import {
  applyAll,
  at,
  completedModule,
  courseNode,
  moduleNode,
  moduleStarted,
  pathwayNode,
  sampleCatalog,
  stateOf,
} from '../../fixtures/progress-factories.js';

/** A standalone course holding `count` completed modules; its size grows by about 130 characters per module. */
function bigState(count: number, slugOf: (index: number) => string = (i) => `module-${String(i).padStart(4, '0')}`): ProgressState {
  const modules: Record<string, ModuleProgress> = {};
  for (let i = 0; i < count; i += 1) modules[slugOf(i)] = completedModule(at(i % 5));
  return stateOf({ courses: { big: courseNode({ enrolled: true, enrolled_at: at(0) }, modules) } });
}

/** Slugs that gzip cannot shrink much: the SHA-256 of the index, in hex. */
function noisySlug(index: number): string {
  return createHash('sha256').update(String(index)).digest('hex');
}

describe('serializeState', () => {
  it('writes the empty state as its full form', () => {
    // Act
    const text = serializeState(emptyState(), MAX_TEXT_LENGTH);

    // Assess
    expect(text).toBe('{"courses":{}}');
  });

  it('writes every field of every node in the full form, keys sorted, without whitespace', () => {
    // Prepare
    const state = applyAll([moduleStarted('m1', { course: 'c1', pathway: 'p1' })], sampleCatalog());

    // Act
    const text = serializeState(state, MAX_TEXT_LENGTH);

    // Assess
    const t = at(0);
    expect(text).toBe(
      `{"courses":{},"p1":{"completed":false,"courses":{"c1":{"completed":false,"enrolled":true,"enrolled_at":"${t}",` +
        `"enrollment_source":"module_event","modules":{"m1":{"completed":false,"started":true,"started_at":"${t}"}},` +
        `"started":true,"started_at":"${t}"}},"enrolled":true,"enrolled_at":"${t}","enrollment_source":"module_event",` +
        `"modules":{},"started":true,"started_at":"${t}"}}`,
    );
  });

  it('sorts slugs by code unit, numeric-looking ones included', () => {
    // Prepare
    const state = stateOf({ courses: { b: courseNode(), '10': courseNode(), a: courseNode(), '9': courseNode() } });

    // Act
    const text = serializeState(state, MAX_TEXT_LENGTH);

    // Assess
    const order = ['"10"', '"9"', '"a"', '"b"'].map((key) => text.indexOf(key));
    expect(order).toEqual([...order].sort((x, y) => x - y));
  });

  it('writes equal states as equal text whatever order they were built in', () => {
    // Prepare
    const a = stateOf({ courses: { x: courseNode({}, { m2: moduleNode(), m1: moduleNode() }), y: courseNode() } });
    const b = stateOf({ courses: { y: courseNode(), x: courseNode({}, { m1: moduleNode(), m2: moduleNode() }) } });

    // Act
    const texts = [serializeState(a, MAX_TEXT_LENGTH), serializeState(b, MAX_TEXT_LENGTH)];

    // Assess
    expect(texts[0]).toBe(texts[1]);
  });

  describe.each<[string, ProgressState, 'full' | 'compact' | 'gzip']>([
    ['a small state', bigState(400), 'full'],
    ['a state whose full form is too long', bigState(600), 'compact'],
    ['a state whose compact form is too long', bigState(1000), 'gzip'],
  ])('for %s', (_, state, form) => {
    it(`writes the ${form} form within the property limit, and reads it back`, () => {
      // Prepare
      const compact = writeJson(stateToJson(state, 'compact'));
      const expected: Record<typeof form, () => string> = {
        full: () => writeJson(stateToJson(state, 'full')),
        compact: () => compact,
        gzip: () => `gz:${gzipSync(compact).toString('base64')}`,
      };

      // Act
      const text = serializeState(state, MAX_TEXT_LENGTH);

      // Assess
      expect(text.length).toBeLessThanOrEqual(MAX_TEXT_LENGTH);
      expect(text).toBe(expected[form]());
      expect(parseStoredState(text)).toStrictEqual(state);
    });
  });

  it('leaves false flags, implied flags and empty containers out of the compact form', () => {
    // Prepare
    const state = stateOf({
      pathways: { p1: pathwayNode({ enrolled: true }) },
      courses: { c1: courseNode({ completed: true }, { m1: completedModule(at(1)), m2: moduleNode() }) },
    });

    // Act
    const compact = writeJson(stateToJson(state, 'compact'));

    // Assess
    expect(compact).toBe(
      `{"courses":{"c1":{"completed":true,"modules":{"m1":{"completed_at":"${at(1)}","started_at":"${at(1)}"},"m2":{}}}},` +
        `"p1":{"enrolled":true}}`,
    );
    expect(parseStoredState(compact)).toStrictEqual(state);
  });

  it('throws StateTooLargeError when even the gzip form does not fit', () => {
    // Prepare
    const state = bigState(6000, noisySlug);

    // Act
    const serialize = (): string => serializeState(state, MAX_TEXT_LENGTH);

    // Assess
    expect(serialize).toThrow(StateTooLargeError);
  });

  it('refuses a pathway named "courses", which the wire format reserves', () => {
    // Prepare
    const state = stateOf({ pathways: { courses: pathwayNode() } });

    // Act
    const serialize = (): string => serializeState(state, MAX_TEXT_LENGTH);

    // Assess
    expect(serialize).toThrow(RangeError);
  });
});

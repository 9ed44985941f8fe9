import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { CorruptStateError } from '../../../src/errors.js';
import { emptyState } from '../../../src/progress/progress-nodes.js';
import { parseStoredState } from '../../../src/progress/state-codec.js';
import type { ModuleProgress } from '../../../src/progress/types.js';
import { at, courseNode, moduleNode, pathwayNode, stateOf } from '../../fixtures/progress-factories.js';

/** Parses `{"courses":{"c":{"modules":{"m": <module>}}}}` and returns the module. */
function parseModule(module: unknown): ModuleProgress | undefined {
  return parseStoredState(JSON.stringify({ courses: { c: { modules: { m: module } } } })).courses.c?.modules.m;
}

describe('parseStoredState', () => {
  it.each<[string, string | null | undefined]>([
    ['null', null],
    ['undefined', undefined],
    ['an empty string', ''],
    ['whitespace', ' \n\t '],
  ])('reads %s as the empty state', (_, raw) => {
    // Act
    const state = parseStoredState(raw);

    // Assess
    expect(state).toStrictEqual(emptyState());
  });

  it('reads the top-level courses as standalone courses and every other key as a pathway', () => {
    // Prepare
    const raw = JSON.stringify({ courses: { s1: { enrolled: true } }, p1: { enrolled: true, courses: { c1: {} } } });

    // Act
    const state = parseStoredState(raw);

    // Assess
    expect(state).toEqual(
      stateOf({
        courses: { s1: courseNode({ enrolled: true }) },
        pathways: { p1: pathwayNode({ enrolled: true }, { courses: { c1: courseNode() } }) },
      }),
    );
  });

  describe.each<[string, unknown, ModuleProgress]>([
    ['true flags', { started: true, completed: true }, moduleNode({ started: true, completed: true })],
    ['"true" flags', { started: 'true', completed: 'true' }, moduleNode({ started: true, completed: true })],
    ['1 as a flag', { started: 1 }, moduleNode({ started: true })],
    ['"false", 0 and "yes" as false', { started: 'false', completed: 0, other: 'yes' }, moduleNode()],
    ['a missing flag with its time present', { started_at: at(1), completed_at: at(2) }, moduleNode({ started: true, started_at: at(1), completed: true, completed_at: at(2) })],
    ['an explicit false flag, dropping its time', { started: false, started_at: at(1) }, moduleNode()],
    ['epoch milliseconds', { started: true, started_at: Date.parse(at(1)) }, moduleNode({ started: true, started_at: at(1) })],
    ['epoch milliseconds in a string', { started: true, started_at: String(Date.parse(at(1))) }, moduleNode({ started: true, started_at: at(1) })],
    ['an ISO time with an offset', { started: true, started_at: '2026-11-21T12:00:00+01:00' }, moduleNode({ started: true, started_at: at(1) })],
    ['an ISO time without a zone, as UTC', { started: true, started_at: '2026-11-21T11:00:00' }, moduleNode({ started: true, started_at: at(1) })],
    ['a bare date, as midnight UTC', { started: true, started_at: '2026-11-21' }, moduleNode({ started: true, started_at: '2026-11-21T00:00:00.000Z' })],
    ['an unparseable time, dropping it and keeping the flag', { started: true, started_at: 'last tuesday' }, moduleNode({ started: true })],
    ['an unparseable time without its flag, as the flag', { completed_at: 'soon' }, moduleNode({ completed: true })],
    ['an impossible date, dropping it', { started: true, started_at: '2026-02-30T10:00:00Z' }, moduleNode({ started: true })],
    ['null flags and times', { started: null, started_at: null }, moduleNode()],
    ['unknown keys, ignoring them', { started: true, grade: 'A', notes: { a: 1 } }, moduleNode({ started: true })],
    ['a score and a time spent', { completed: true, score: 87.5, time_spent_seconds: 600 }, moduleNode({ completed: true, score: 87.5, time_spent_seconds: 600 })],
    ['measures written as text', { started: true, score: '90', time_spent_seconds: ' 30 ' }, moduleNode({ started: true, score: 90, time_spent_seconds: 30 })],
    ['measures out of range or unreadable, dropping them', { started: true, score: 101, time_spent_seconds: -5 }, moduleNode({ started: true })],
    ['measures that are not numbers, dropping them', { started: true, score: 'high', time_spent_seconds: { s: 1 } }, moduleNode({ started: true })],
  ])('reads a module with %s', (_, raw, expected) => {
    it('normalises it', () => {
      // Act
      const module = parseModule(raw);

      // Assess
      expect(module).toStrictEqual(expected);
    });
  });

  it.each<[string, unknown, Partial<ReturnType<typeof courseNode>>]>([
    ['a missing modules object as empty', { enrolled: true }, { modules: {} }],
    ['a null modules object as empty', { modules: null }, { modules: {} }],
    ['its enrolment facts', { enrolled_at: at(1), enrollment_source: 'import' }, { enrolled: true, enrolled_at: at(1), enrollment_source: 'import' }],
    ['a non-string source as none', { enrolled: true, enrollment_source: 42 }, { enrolled: true }],
  ])('reads a course with %s', (_, raw, expected) => {
    // Act
    const course = parseStoredState(JSON.stringify({ courses: { c: raw } })).courses.c;

    // Assess
    expect(course).toMatchObject(expected);
    if (!('enrollment_source' in expected)) expect(course).not.toHaveProperty('enrollment_source');
  });

  it('reads a pathway with no courses or modules keys as empty containers', () => {
    // Act
    const state = parseStoredState('{"p1":{"enrolled":true}}');

    // Assess
    expect(state.pathways.p1).toEqual(pathwayNode({ enrolled: true }));
  });

  describe.each<[string, string, RegExp]>([
    ['text that is not JSON', 'learner@example.com wrote this', /not valid JSON/],
    ['truncated JSON', '{"p1":{"courses":{', /not valid JSON/],
    ['a JSON array', '[1,2]', /is an array, not a JSON object/],
    ['a JSON string', '"progress"', /is a string, not a JSON object/],
    ['a JSON number', '42', /is a number, not a JSON object/],
    ['JSON null', 'null', /is null, not a JSON object/],
    ['a pathway that is a number', '{"p1":5}', /"p1" is a number, not an object/],
    ['a pathway that is null', '{"p1":null}', /"p1" is null, not an object/],
    ['a pathway that is an array', '{"p1":[]}', /"p1" is an array, not an object/],
    ['standalone courses that are a number', '{"courses":3}', /"courses" is a number, not an object/],
    ['standalone courses that are an array', '{"courses":[]}', /"courses" is an array, not an object/],
    ['a course that is a string', '{"courses":{"c1":"done"}}', /"courses" → "c1" is a string/],
    ['pathway courses that are a string', '{"p1":{"courses":"c1"}}', /"p1" → "courses" is a string/],
    ['pathway modules that are a number', '{"p1":{"modules":1}}', /"p1" → "modules" is a number/],
    ['a module that is a boolean', '{"courses":{"c1":{"modules":{"m1":true}}}}', /"c1" → "modules" → "m1" is a boolean/],
    ['a gz value that is not base64', 'gz:***', /not base64/],
    ['a gz value that is not gzip', `gz:${Buffer.from('learner@example.com').toString('base64')}`, /not valid gzip/],
    ['a gz value that holds no JSON', `gz:${gzipSync('learner@example.com').toString('base64')}`, /not valid JSON/],
  ])('refuses %s', (_, raw, message) => {
    it('throws CorruptStateError saying why, without quoting the value', () => {
      // Act
      const parse = (): unknown => parseStoredState(raw);

      // Assess
      expect(parse).toThrow(CorruptStateError);
      expect(parse).toThrow(message);
      expect(parse).not.toThrow('learner@example.com');
    });
  });

  it('shortens a very long slug in the error message', () => {
    // Prepare
    const slug = 'x'.repeat(5000);

    // Act
    const parse = (): unknown => parseStoredState(JSON.stringify({ [slug]: 1 }));

    // Assess
    expect(parse).toThrow(/"x{60}…"/);
  });
});

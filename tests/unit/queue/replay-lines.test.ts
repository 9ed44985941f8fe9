import { describe, expect, it } from 'vitest';
import { readReplayLines } from '../../../src/queue/replay-lines.js';

const replayLine = (event: unknown, identity: unknown = { kind: 'email', email: 'a@example.com' }) =>
  JSON.stringify({ level: 'warn', message: 'Event logged for replay', replay: { event, identity, email: 'a@example.com' } });

describe('readReplayLines', () => {
  it('reads the events of replay lines and skips other log lines', () => {
    // Prepare
    const text = [
      JSON.stringify({ level: 'info', message: 'Track event (persisted via properties)' }),
      replayLine({ name: 'learning_pathway_enrolled', at: '2026-11-21T10:00:00.000Z', pathway: 'p1' }),
      `2026-11-21T10:00:01.000Z\tabc-123\tINFO\t${replayLine({ name: 'learning_module_completed', at: '2026-11-21T10:00:00.000Z', module: 'm1', course: 'c1' })}`,
      '',
    ].join('\n');
    // Act
    const read = readReplayLines(text, true);
    // Assess
    expect(read.skipped).toBe(1);
    expect(read.invalid).toEqual([]);
    expect(read.messages).toEqual([
      { v: 1, kind: 'event', event: { name: 'learning_pathway_enrolled', at: '2026-11-21T10:00:00.000Z', pathway: 'p1' }, learner: { identity: { kind: 'email', email: 'a@example.com' }, email: 'a@example.com' }, allowCreate: true },
      { v: 1, kind: 'event', event: { name: 'learning_module_completed', at: '2026-11-21T10:00:00.000Z', module: 'm1', course: 'c1' }, learner: { identity: { kind: 'email', email: 'a@example.com' }, email: 'a@example.com' }, allowCreate: true },
    ]);
  });

  it('reports replay lines it cannot read by line number', () => {
    const text = ['{"message":"Event logged for replay", broken', replayLine({ name: 'learning_pathway_enrolled', at: 'yesterday', pathway: 'p1' })].join('\n');
    expect(readReplayLines(text, true).invalid).toEqual([
      { line: 1, reason: 'not JSON' },
      { line: 2, reason: 'not a valid event' },
    ]);
  });
});

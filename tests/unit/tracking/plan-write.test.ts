import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../../src/catalog/load-catalog.js';
import { PROPERTY_NAMES as P } from '../../../src/properties/property-definitions.js';
import { MAX_TEXT_LENGTH } from '../../../src/properties/text-limit.js';
import { emptyState } from '../../../src/progress/progress-nodes.js';
import { serializeState } from '../../../src/progress/state-codec.js';
import type { ProgressEvent } from '../../../src/progress/types.js';
import { planWrite } from '../../../src/tracking/plan-write.js';

const catalog = loadCatalog();
const NOW = new Date('2026-11-21T10:00:00.000Z');
const at = (minute: number) => new Date(NOW.getTime() + minute * 60_000).toISOString();
const completed = (module: string, minute: number): ProgressEvent => ({ name: 'learning_module_completed', at: at(minute), module, course: 'crm-essentials' });

describe('planWrite', () => {
  it('folds a batch in one go to the same values as one event at a time', () => {
    // Prepare
    const events = [completed('crm-overview', 1), completed('contacts-and-companies', 2), completed('deals-pipeline', 3)];

    // Act
    const together = planWrite({ events, catalog, now: NOW });
    const first = planWrite({ events: events.slice(0, 1), catalog, now: NOW });
    const contact = { id: '7', properties: { ...first.values } };
    const afterwards = planWrite({ contact, events: events.slice(1), catalog, now: NOW });

    // Assess
    expect(together.values[P.state]).toBe(afterwards.values[P.state]);
    expect(together.values[P.totalProgress]).toBe('3');
    expect(together.values[P.completedCourses]).toBe('crm-essentials');
  });

  it('lists a completion claim the state does not support, and adds no fact for it', () => {
    // Act
    const plan = planWrite({ events: [{ name: 'learning_course_completed', at: at(1), course: 'crm-essentials' }], catalog, now: NOW });

    // Assess
    expect(plan.rejectedClaims).toEqual([expect.objectContaining({ message: 'Course "crm-essentials" is not complete: 0/3 modules completed' })]);
    expect(plan.values[P.completedCourses]).toBe('');
  });

  it('merges the stored state with its recent versions before applying the events', () => {
    // Prepare: a version written a minute ago that the current value lost to a race
    const lost = planWrite({ events: [completed('crm-overview', -1)], catalog, now: NOW }).values[P.state] ?? '';
    const contact = {
      id: '7',
      properties: { [P.state]: serializeState(emptyState(), MAX_TEXT_LENGTH) },
      history: { [P.state]: [{ value: serializeState(emptyState(), MAX_TEXT_LENGTH), timestamp: at(0) }, { value: lost, timestamp: at(-1) }] },
    };

    // Act
    const plan = planWrite({ contact, events: [completed('deals-pipeline', 1)], catalog, now: NOW });

    // Assess
    expect(plan.values[P.totalProgress]).toBe('2');
  });
});

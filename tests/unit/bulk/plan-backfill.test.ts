import { describe, expect, it } from 'vitest';
import { planBackfill } from '../../../src/bulk/backfill/plan-backfill.js';
import { loadCatalog } from '../../../src/catalog/load-catalog.js';
import type { StoredContact } from '../../../src/crm/contact-store.js';
import { PortalPropertyTypes } from '../../../src/crm/portal-property-types.js';
import { deriveValues } from '../../../src/properties/derive-values.js';
import { deriveState } from '../../../src/progress/derive-state.js';
import { parseStoredState } from '../../../src/progress/state-codec.js';

const catalog = loadCatalog();
const NOW = new Date('2026-11-21T10:00:00.000Z');
const input = { catalog, now: NOW, types: new PortalPropertyTypes() };
const LEGACY = JSON.stringify({ courses: { 'crm-essentials': { enrolled: 'true', modules: { 'crm-overview': { completed: 1, completed_at: '2026-01-02' } } } } }, null, 2);

function contact(properties: Record<string, string | null>): StoredContact {
  return { id: '101', properties };
}

describe('planBackfill', () => {
  it('writes the derived properties of a legacy state, and the state in the current format', () => {
    // Act
    const plan = planBackfill(contact({ hhl_progress_state: LEGACY }), input);

    // Assess
    expect(plan.kind).toBe('changed');
    if (plan.kind !== 'changed') return;
    expect(plan.values).toMatchObject({
      hhl_progress_summary: 'crm-essentials: 1/3 modules',
      hhl_enrolled_courses: 'crm-essentials',
      hhl_total_progress: '1',
      hhl_last_activity: '2026-01-02',
      hhl_current_module: 'crm-overview',
      hhl_progress_percent: '33',
      hhl_progress_updated_at: NOW.toISOString(),
    });
    expect(plan.values['hhl_progress_state']).toMatch(/^\{"courses":\{"crm-essentials":/);
    expect(plan.changed).not.toContain('hhl_progress_updated_at');
  });

  it('sends only what changes: a current state and its values are left alone but for one new metric', () => {
    // Prepare: a contact the service wrote before the metrics existed
    const values = deriveValues({ state: deriveState(parseStoredState(LEGACY), catalog), events: [], catalog, now: NOW });
    const { hhl_current_module: _current, ...written } = values;

    // Act
    const plan = planBackfill(contact(written), input);

    // Assess
    expect(plan).toEqual({ kind: 'changed', changed: ['hhl_current_module'], values: { hhl_current_module: 'crm-overview', hhl_progress_updated_at: NOW.toISOString() } });
  });

  it('changes nothing when every value is already what the state gives', () => {
    const values = deriveValues({ state: deriveState(parseStoredState(LEGACY), catalog), events: [], catalog, now: new Date('2026-01-01T00:00:00Z') });
    expect(planBackfill(contact(values), input)).toEqual({ kind: 'unchanged' });
  });

  it('fails a state it cannot parse, naming what is wrong without quoting it', () => {
    expect(planBackfill(contact({ hhl_progress_state: '[1,2]' }), input)).toEqual({ kind: 'failed', reason: 'Progress state is an array, not a JSON object' });
  });
});

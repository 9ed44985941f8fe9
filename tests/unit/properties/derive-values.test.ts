import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../../src/catalog/load-catalog.js';
import { deriveValues } from '../../../src/properties/derive-values.js';
import { PROPERTY_NAMES } from '../../../src/properties/property-definitions.js';
import { MAX_TEXT_LENGTH } from '../../../src/properties/text-limit.js';
import { applyEvents } from '../../../src/progress/apply-event.js';
import { emptyState } from '../../../src/progress/progress-nodes.js';
import type { ProgressEvent } from '../../../src/progress/types.js';

const catalog = loadCatalog();
const NOW = new Date('2026-11-21T10:00:00.000Z');

function started(pathway: string): ProgressEvent {
  return { name: 'learning_module_started', at: NOW.toISOString(), module: 'm', pathway };
}

describe('deriveValues', () => {
  it('cuts the summary to the length HubSpot stores, with an ellipsis', () => {
    // Prepare
    const events = Array.from({ length: 700 }, (_, i) => started(`pathway-${String(i).padStart(4, '0')}-${'x'.repeat(90)}`));
    // Only catalog content is counted, so these pathways must be in the catalog.
    const big = { ...catalog, pathways: new Map(events.map((e) => ['pathway' in e && e.pathway !== undefined ? e.pathway : '', { courses: [], modules: ['m'] }])) };
    const state = applyEvents(emptyState(), events, big);

    // Act
    const values = deriveValues({ state, events, catalog: big, now: NOW });

    // Assess
    expect(values[PROPERTY_NAMES.summary]).toHaveLength(MAX_TEXT_LENGTH);
    expect(values[PROPERTY_NAMES.summary]?.endsWith('…')).toBe(true);
  });

  it('formats each instant for the property type it is defined with, whatever the portal', () => {
    // Prepare
    const events: ProgressEvent[] = [{ name: 'learning_page_viewed', at: '2026-11-21T09:30:00.000Z', contentType: 'course', slug: 'crm-essentials' }];
    const state = applyEvents(emptyState(), events, catalog);

    // Act
    const values = deriveValues({ state, events, catalog, now: NOW });

    // Assess
    expect(values).toMatchObject({
      [PROPERTY_NAMES.updatedAt]: NOW.toISOString(),
      [PROPERTY_NAMES.lastViewedAt]: '2026-11-21T09:30:00.000Z',
      [PROPERTY_NAMES.lastActivity]: '2026-11-21',
    });
  });
});

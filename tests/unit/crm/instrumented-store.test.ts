import { describe, expect, it } from 'vitest';
import { PROPERTY_NAMES } from '../../../src/properties/property-definitions.js';
import type { MetricName, Metrics } from '../../../src/observability/metrics.js';
import { instrumentStore } from '../../../src/crm/instrumented-store.js';
import { createTestStore } from '../../fixtures/local-store-factories.js';

const P = PROPERTY_NAMES;

/** Metrics that remember what they were told. */
function recordingMetrics() {
  const counts: { name: MetricName; value: number; status?: string }[] = [];
  const timings: { name: MetricName; ms: number }[] = [];
  const metrics: Metrics = {
    count: (name, value = 1, status) => counts.push({ name, value, ...(status === undefined ? {} : { status }) }),
    timing: (name, ms) => timings.push({ name, ms }),
    flush: () => undefined,
  };
  const total = (name: MetricName) => counts.filter((c) => c.name === name).reduce((sum, c) => sum + c.value, 0);
  return { metrics, counts, timings, total };
}

describe('instrumented local store', () => {
  it('counts each chunk of a batch as one HubSpot call, and its latency once per method call', async () => {
    // Prepare
    const recorded = recordingMetrics();
    const store = instrumentStore(createTestStore(), recorded.metrics);
    const inputs = Array.from({ length: 150 }, (_, i) => ({ email: `learner${i}@example.com`, properties: {} }));

    // Act
    await store.createMany(inputs);
    await store.readMany(inputs.map(({ email }) => ({ kind: 'email', email })), [P.state], { history: [P.state] });
    await store.updateMany([{ id: '1', properties: { [P.totalProgress]: '1' } }]);

    // Assess
    expect(store.requestCalls).toBe(2 + 3 + 1);
    expect(recorded.total('HubSpotCalls')).toBe(6);
    expect(recorded.timings.filter((t) => t.name === 'HubSpotLatency')).toHaveLength(3);
  });

  it('counts the single-call fallbacks of a batch too', async () => {
    // Prepare
    const inner = createTestStore();
    await inner.create('ada@example.com', {});
    const recorded = recordingMetrics();
    const store = instrumentStore(inner, recorded.metrics);

    // Act: a chunk refused whole by one invalid value is updated one by one
    await store.updateMany([
      { id: '1', properties: { [P.totalProgress]: 'three' } },
      { id: '1000', properties: {} },
    ]);

    // Assess
    expect(store.requestCalls).toBe(1 + 2);
  });

  it('forwards the history option of read', async () => {
    // Prepare
    const inner = createTestStore();
    const { id } = await inner.create('ada@example.com', { [P.state]: '{"v":1}' });
    const store = instrumentStore(inner, recordingMetrics().metrics);

    // Act
    const contact = await store.read({ kind: 'id', contactId: id }, [P.state], { history: [P.state] });

    // Assess
    expect(contact?.history?.[P.state]).toHaveLength(1);
    expect(store.requestCalls).toBe(1);
  });

  it('counts a call that fails, and its CrmError by status', async () => {
    // Prepare
    const recorded = recordingMetrics();
    const store = instrumentStore(createTestStore(), recorded.metrics);

    // Act
    const failure = store.update('404', { [P.totalProgress]: '3' });

    // Assess
    await expect(failure).rejects.toMatchObject({ options: { status: 404 } });
    expect(store.requestCalls).toBe(1);
    expect(recorded.counts).toContainEqual({ name: 'CrmErrors', value: 1, status: '404' });
  });
});

import { loadConfig } from '../../../src/config.js';
import { describe, expect, it } from 'vitest';
import { createLocalContactStore } from '../../../src/crm/local/local-store.js';
import { createLogger, maskEmail } from '../../../src/observability/logger.js';
import { createAppFixture, trackBody } from '../../fixtures/app-fixture.js';

const track = (body: unknown) => ({ method: 'POST', path: '/events/track', body });

/** The value of one metric across every EMF line. */
function metricTotal(lines: Record<string, any>[], name: string): number {
  return lines.filter((l) => l._aws.CloudWatchMetrics[0].Metrics.some((m: { Name: string }) => m.Name === name)).reduce((sum, l) => sum + (Array.isArray(l[name]) ? l[name].length : l[name]), 0);
}

describe('observability', () => {
  it('logs a persisted event with request id, event name, contact id, backend, HubSpot calls and latency', async () => {
    // Prepare
    const app = createAppFixture();
    // Act
    await app.send(track(trackBody('learning_pathway_enrolled', { pathway_slug: 'hubspot-foundations' }, 'jane.doe@example.com')));
    // Assess
    const line = app.logs.find((l) => l.message === 'Track event (persisted via properties)');
    expect(line).toMatchObject({
      level: 'INFO',
      requestId: expect.stringMatching(/^req-/),
      eventName: 'learning_pathway_enrolled',
      contactId: expect.any(String),
      backend: 'properties',
      hubspotCalls: 2,
      hubspotMs: expect.any(Number),
      latencyMs: expect.any(Number),
      email: 'j***@example.com',
    });
  });

  it('masks emails everywhere but the replay line, unless LOG_PII is true', async () => {
    // Prepare
    const masked = createAppFixture();
    const unmasked = createAppFixture({ env: { LOG_PII: 'true' } });
    const body = trackBody('learning_pathway_enrolled', { pathway_slug: 'hubspot-foundations' }, 'jane.doe@example.com');
    // Act
    await masked.send(track(body));
    await unmasked.send(track(body));
    // Assess
    expect(JSON.stringify(masked.logs)).not.toContain('jane.doe@example.com');
    expect(JSON.stringify(unmasked.logs)).toContain('jane.doe@example.com');
  });

  it('emits EMF metrics: tracked, persisted, contacts created, HubSpot calls and latency', async () => {
    const app = createAppFixture();
    await app.send(track(trackBody('learning_pathway_enrolled', { pathway_slug: 'hubspot-foundations' })));
    await app.send(track(trackBody('learning_course_enrolled', { course_slug: 'crm-essentials' })));
    expect(app.metrics[0]?._aws.CloudWatchMetrics[0]).toMatchObject({ Namespace: 'HHLProgress', Dimensions: [['service']] });
    expect(metricTotal(app.metrics, 'EventsTracked')).toBe(2);
    expect(metricTotal(app.metrics, 'EventsPersisted')).toBe(2);
    expect(metricTotal(app.metrics, 'ContactsCreated')).toBe(1);
    expect(metricTotal(app.metrics, 'HubSpotCalls')).toBe(4);
    expect(metricTotal(app.metrics, 'HubSpotLatency')).toBe(4);
    expect(metricTotal(app.metrics, 'FallbackResponses')).toBe(0);
  });

  it('counts fallbacks and CRM errors by status', async () => {
    // Prepare: a portal whose hhl_progress_updated_at is a number, so HubSpot refuses every write with a 400
    const store = createLocalContactStore({ propertyTypes: { hhl_progress_updated_at: 'number' } });
    const app = createAppFixture({ store });
    // Act
    const res = await app.send(track(trackBody('learning_pathway_enrolled', { pathway_slug: 'hubspot-foundations' })));
    // Assess
    expect(res.body.status).toBe('logged');
    expect(metricTotal(app.metrics, 'FallbackResponses')).toBe(1);
    const byStatus = app.metrics.find((l) => l.status !== undefined);
    expect(byStatus).toMatchObject({ status: '400', CrmErrors: 1 });
    expect(byStatus?._aws.CloudWatchMetrics[0].Dimensions).toEqual([['service', 'status']]);
  });

  it('writes one Powertools JSON line per log call, with the service and timestamp, and honours the level', () => {
    const lines: string[] = [];
    const logger = createLogger({ level: 'warn', write: (l) => lines.push(l) });
    logger.info('hidden');
    logger.warn('shown', { n: 1 });
    logger.child({ requestId: 'r1' }).error('also shown', { error: new Error('boom') });
    expect(lines.map((l) => JSON.parse(l))).toEqual([
      expect.objectContaining({ level: 'WARN', message: 'shown', n: 1, service: 'hhl-progress-api', timestamp: expect.any(String) }),
      expect.objectContaining({ level: 'ERROR', message: 'also shown', requestId: 'r1', error: expect.objectContaining({ name: 'Error', message: 'boom' }) }),
    ]);
  });

  it('logs an error as its name, message and stack, never its cause (a HubSpot answer may echo a token)', () => {
    const lines: string[] = [];
    const logger = createLogger({ level: 'error', write: (l) => lines.push(l) });
    logger.error('failed', { error: new Error('outer', { cause: new Error('secret-token in a body') }) });
    expect(lines[0]).not.toContain('secret-token');
    expect(Object.keys(JSON.parse(lines[0] ?? '{}').error).sort()).toEqual(['message', 'name', 'stack']);
  });

  it('takes its level from POWERTOOLS_LOG_LEVEL before LOG_LEVEL', () => {
    expect(loadConfig({ LOG_LEVEL: 'debug', POWERTOOLS_LOG_LEVEL: 'ERROR' }).logLevel).toBe('error');
  });

  it.each([
    ['jane@example.com', 'j***@example.com'],
    ['a@b.co', 'a***@b.co'],
    ['no-at-sign', '***'],
  ])('masks %s as %s', (email, masked) => {
    expect(maskEmail(email)).toBe(masked);
  });
});

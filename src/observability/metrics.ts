/**
 * CloudWatch metrics in embedded metric format (EMF): one JSON log line per request that CloudWatch turns into
 * metrics, with no API call and no IAM permission. Namespace `HHLProgress`, dimension `service` (and `status` for
 * `CrmErrors`).
 */

export const METRIC_NAMESPACE = 'HHLProgress';

export type MetricName =
  | 'EventsTracked'
  | 'EventsPersisted'
  | 'FallbackResponses'
  | 'ContactsCreated'
  | 'CrmErrors'
  | 'HubSpotLatency'
  | 'HubSpotCalls';

export interface Metrics {
  /** Adds to a count. `status` splits `CrmErrors` by HTTP status (`timeout` when HubSpot did not answer). */
  count(name: MetricName, value?: number, status?: string): void;
  /** Records one duration in milliseconds. */
  timing(name: MetricName, ms: number): void;
  /** Writes what was recorded as EMF lines (nothing when nothing was recorded) and starts afresh. */
  flush(): void;
}

export interface EmfMetricsOptions {
  service: string;
  write: (line: string) => void;
  clock?: () => Date;
}

/** Creates a per-request metrics recorder. */
export function createEmfMetrics(options: EmfMetricsOptions): Metrics {
  const clock = options.clock ?? (() => new Date());
  let counts = new Map<string, { name: MetricName; status?: string; value: number }>();
  let timings = new Map<MetricName, number[]>();

  function line(metrics: { Name: string; Unit: string }[], dimensions: string[], values: Record<string, unknown>): string {
    return JSON.stringify({
      _aws: {
        Timestamp: clock().getTime(),
        CloudWatchMetrics: [{ Namespace: METRIC_NAMESPACE, Dimensions: [dimensions], Metrics: metrics }],
      },
      service: options.service,
      ...values,
    });
  }

  return {
    count(name, value = 1, status) {
      const key = `${name}|${status ?? ''}`;
      const entry = counts.get(key) ?? { name, status, value: 0 };
      entry.value += value;
      counts.set(key, entry);
    },
    timing(name, ms) {
      timings.set(name, [...(timings.get(name) ?? []), ms]);
    },
    flush() {
      const plain = [...counts.values()].filter((c) => c.status === undefined);
      const byStatus = [...counts.values()].filter((c) => c.status !== undefined);
      const metrics = [
        ...plain.map((c) => ({ Name: c.name, Unit: 'Count' })),
        ...[...timings.keys()].map((name) => ({ Name: name, Unit: 'Milliseconds' })),
      ];
      const values: Record<string, unknown> = Object.fromEntries([
        ...plain.map((c) => [c.name, c.value]),
        ...[...timings.entries()].map(([name, list]) => [name, list.length === 1 ? list[0] : list]),
      ]);
      if (metrics.length > 0) options.write(line(metrics, ['service'], values));
      for (const c of byStatus) {
        options.write(line([{ Name: c.name, Unit: 'Count' }], ['service', 'status'], { status: c.status, [c.name]: c.value }));
      }
      counts = new Map();
      timings = new Map();
    },
  };
}

/** Metrics that go nowhere (tests that do not read them). */
export const noMetrics: Metrics = { count() {}, timing() {}, flush() {} };

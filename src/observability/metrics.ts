import { Metrics as PowertoolsMetrics, MetricUnit } from '@aws-lambda-powertools/metrics';

/**
 * CloudWatch metrics in embedded metric format (EMF), on Powertools for AWS Lambda's Metrics: one JSON log line per
 * request that CloudWatch turns into metrics, with no API call and no IAM permission. Namespace `HHLProgress`,
 * dimension `service` (and `service` + `status` for `CrmErrors`). The code records through the small {@link Metrics}
 * port below; Powertools builds the EMF documents, and the lines go where the caller says.
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
  /** The `service` dimension: one value per stage, so two stages in one account do not add up in each other's alarms. */
  service: string;
  /** Where each EMF line goes (`console.log` in Lambda: CloudWatch reads stdout). */
  write: (line: string) => void;
  /** The instant stamped on each line; Powertools' (now) by default. */
  clock?: () => Date;
}

/**
 * Creates a per-request metrics recorder.
 * @example const metrics = createEmfMetrics({ service: 'hhl-progress-api-prod', write: (line) => console.log(line) });
 */
export function createEmfMetrics(options: EmfMetricsOptions): Metrics {
  // Counts are summed here (one data point per request); timings keep every value.
  let counts = new Map<string, { name: MetricName; status?: string; value: number }>();
  let timings = new Map<MetricName, number[]>();

  function emit(build: (set: PowertoolsMetrics) => void, status?: string): void {
    const set = new PowertoolsMetrics({ namespace: METRIC_NAMESPACE, serviceName: options.service });
    if (status !== undefined) set.addDimension('status', status);
    build(set);
    if (!set.hasStoredMetrics()) return;
    if (options.clock !== undefined) set.setTimestamp(options.clock());
    options.write(JSON.stringify(set.serializeMetrics()));
  }

  return {
    count(name, value = 1, status) {
      const key = `${name}|${status ?? ''}`;
      const entry = counts.get(key) ?? { name, ...(status === undefined ? {} : { status }), value: 0 };
      entry.value += value;
      counts.set(key, entry);
    },
    timing(name, ms) {
      timings.set(name, [...(timings.get(name) ?? []), ms]);
    },
    flush() {
      const all = [...counts.values()];
      emit((set) => {
        for (const c of all) if (c.status === undefined) set.addMetric(c.name, MetricUnit.Count, c.value);
        for (const [name, list] of timings) for (const ms of list) set.addMetric(name, MetricUnit.Milliseconds, ms);
      });
      for (const c of all) {
        if (c.status !== undefined) emit((set) => set.addMetric(c.name, MetricUnit.Count, c.value), c.status);
      }
      counts = new Map();
      timings = new Map();
    },
  };
}

/** Metrics that go nowhere (tests that do not read them). */
export const noMetrics: Metrics = { count() {}, timing() {}, flush() {} };

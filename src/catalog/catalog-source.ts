import type { Catalog } from '../progress/types.js';
import type { BuiltCatalog } from './build-catalog.js';

/** What a catalog source logs; the service's Logger fits it. */
export interface CatalogLog {
  info(message: string, data?: Record<string, unknown>): void;
  warn(message: string, data?: Record<string, unknown>): void;
}

/** Where the service gets its catalog from, for the life of the process. */
export interface CatalogSource {
  /**
   * The catalog to answer with now. A file catalog is always there. A refreshing one waits for its first load (the
   * cold start), then answers at once with the last good catalog and refreshes it in the background once it is older
   * than its time to live. Undefined only when no catalog could ever be loaded (HubDB down since the cold start and
   * no seed).
   */
  get(): Promise<Catalog | undefined>;
  /**
   * For content the catalog answered by `get` does not know: a catalog that may have learned it since. A refreshing
   * source loads afresh unless it loaded (or tried) within its retry interval, so newly published content is taken at
   * once, and made-up slugs cost HubDB at most one load per interval. Absent on a fixed catalog.
   */
  recheck?(): Promise<Catalog | undefined>;
}

/** A source that always answers the same catalog (the bundled one, or a file or folder read at start). */
export function staticCatalogSource(catalog: Catalog): CatalogSource {
  const answer = Promise.resolve(catalog);
  return { get: () => answer };
}

export interface RefreshingSourceOptions {
  /** Loads the catalog afresh (HubDB: three tables); throws when it cannot. */
  readonly load: () => Promise<BuiltCatalog>;
  /** How long a loaded catalog is used before a background refresh (`CATALOG_TTL_SECONDS`). */
  readonly ttlMs: number;
  /** After a failed load, how long before the next try (so a HubDB outage costs one attempt per interval, not per request). */
  readonly retryMs: number;
  /** Answered until the first load succeeds (e.g. the `CATALOG_PATH` catalog packaged with the function). */
  readonly seed?: Catalog;
  readonly clock: () => Date;
  readonly log: CatalogLog;
  /** For the log lines: `HubDB tables 1, 2, 3`. */
  readonly name: string;
}

export interface RefreshingCatalogSource extends CatalogSource {
  /** Loads now, whatever the age; resolves once done (true when it succeeded). Tests and the first `get` use it. */
  refresh(): Promise<boolean>;
}

/**
 * A catalog cached in the process (the Lambda container) and refreshed in the background:
 *
 * 1. The first `get` waits for a load; when it fails, the seed (if any) is answered, and the next try waits `retryMs`.
 * 2. Later, `get` answers the cached catalog at once; when it is older than `ttlMs`, one background load starts.
 * 3. A load that fails keeps the last good catalog (logged with its age); one that succeeds replaces it.
 * A catalog change therefore reaches every container within `ttlMs` (plus one request), with no redeploy.
 */
export function refreshingCatalogSource(options: RefreshingSourceOptions): RefreshingCatalogSource {
  const { load, ttlMs, retryMs, clock, log, name } = options;
  let current: Catalog | undefined;
  let loadedAt = 0;
  let notBefore = 0;
  let inflight: Promise<boolean> | undefined;
  let lastAttempt = Number.NEGATIVE_INFINITY;

  function refresh(): Promise<boolean> {
    inflight ??= (async () => {
      const started = clock().getTime();
      lastAttempt = started;
      try {
        const built = await load();
        current = built.catalog;
        loadedAt = clock().getTime();
        for (const warning of built.warnings) log.warn('Catalog warning', { source: name, warning });
        log.info('Catalog loaded', {
          source: name,
          courses: built.catalog.courses.size,
          pathways: built.catalog.pathways.size,
          modules: built.catalog.modules.size,
          latencyMs: loadedAt - started,
        });
        return true;
      } catch (error) {
        notBefore = clock().getTime() + retryMs;
        const ageSeconds = current === undefined ? undefined : Math.round((clock().getTime() - loadedAt) / 1000);
        log.warn('Catalog refresh failed; keeping the last good catalog', {
          source: name,
          error: error instanceof Error ? { name: error.name, message: error.message } : String(error),
          lastGoodAgeSeconds: ageSeconds,
          usingSeed: current === undefined && options.seed !== undefined,
        });
        return false;
      } finally {
        inflight = undefined;
      }
    })();
    return inflight;
  }

  return {
    refresh,
    async recheck() {
      if (inflight !== undefined) await inflight;
      else if (clock().getTime() - lastAttempt >= retryMs) await refresh();
      return current ?? options.seed;
    },
    async get() {
      const now = clock().getTime();
      if (current === undefined) {
        if (inflight !== undefined || now >= notBefore) await refresh();
        return current ?? options.seed;
      }
      if (now - loadedAt >= ttlMs && now >= notBefore && inflight === undefined) {
        // Not awaited: this request answers with the catalog it has; the next ones get the fresh one.
        void refresh();
      }
      return current;
    },
  };
}

/** What the simulator answered, by route and status, for tests and benchmarks (`GET /__sim/stats`). */
export interface SimStats {
  /** HubSpot requests answered (test helpers under `/__sim` are not counted). */
  total: number;
  /** `"GET /crm/v3/objects/contacts/{id}"` → `{ "200": 3, "404": 1 }`. */
  byRoute: Record<string, Record<string, number>>;
  byStatus: Record<string, number>;
  /** 429 answers, whatever their cause. */
  rateLimited: number;
  /** Answers replaced by an injected fault (forced, burst or random). */
  injectedFaults: number;
}

export class RequestStats {
  private stats: SimStats = emptyStats();

  record(route: string, status: number, injected: boolean): void {
    const key = String(status);
    const byStatus = (this.stats.byRoute[route] ??= {});
    byStatus[key] = (byStatus[key] ?? 0) + 1;
    this.stats.byStatus[key] = (this.stats.byStatus[key] ?? 0) + 1;
    this.stats.total += 1;
    if (status === 429) this.stats.rateLimited += 1;
    if (injected) this.stats.injectedFaults += 1;
  }

  /** A copy, safe to keep. */
  snapshot(): SimStats {
    return structuredClone(this.stats);
  }

  reset(): void {
    this.stats = emptyStats();
  }
}

function emptyStats(): SimStats {
  return { total: 0, byRoute: {}, byStatus: {}, rateLimited: 0, injectedFaults: 0 };
}

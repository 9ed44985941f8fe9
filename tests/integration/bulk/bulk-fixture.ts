/**
 * Test helpers for the bulk jobs: a simulator seeded with learners as an older integration left them (a progress state
 * in its own dialect, no milestone properties), the environment that points a job at it, captured output, and request
 * counts by route.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onTestFinished } from 'vitest';
import type { HubSpotSimulator, SimStats, SimulatorInput } from '../../../tools/hubspot-simulator/index.js';
import { client, CONTACTS, simulator, TOKEN } from '../simulator/sim-fixture.js';

export { TOKEN };

/** A simulator for this test with the account's limit out of the way (the governor has its own test). */
export function bulkSimulator(input: SimulatorInput = {}): Promise<HubSpotSimulator> {
  return simulator({ tenSecondLimit: 1_000_000, searchPerSecond: 1_000, ...input });
}

/** A folder for this test's checkpoint and files, removed when it ends. */
export function workDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'hhl-bulk-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** The environment of a bulk command pointed at the simulator; the whole rate share so tests do not wait long. */
export function bulkEnv(sim: HubSpotSimulator, dir: string, extra: Record<string, string> = {}): Record<string, string> {
  return { HUBSPOT_PRIVATE_APP_TOKEN: TOKEN, HUBSPOT_API_BASE_URL: sim.url, HUBSPOT_TEN_SECOND_LIMIT: '1000000', LOCAL_DATA_DIR: dir, ...extra };
}

/** A stream that keeps what is written, as a pipe would (not a terminal). */
export function capture(isTTY = false) {
  let text = '';
  return {
    isTTY,
    write(chunk: string) {
      text += chunk;
      return true;
    },
    get text() {
      return text;
    },
    lines(): string[] {
      return text.split('\n').filter((line) => line !== '');
    },
  };
}

/**
 * The state an older integration wrote for learner `n`, in one of four dialects the parser reads: pretty-printed
 * JSON, flags as text or numbers, epoch milliseconds, bare dates, zone-less times, unknown extra keys.
 */
export function legacyState(n: number): string {
  switch (n % 4) {
    case 0:
      return JSON.stringify(
        {
          'hubspot-foundations': {
            enrolled: 'true',
            enrolled_at: Date.UTC(2025, 5, 1),
            courses: { 'crm-essentials': { enrolled: 'true', modules: { 'crm-overview': { started: 1, completed: 1, completed_at: Date.UTC(2025, 5, 2) } } } },
          },
        },
        null,
        2,
      );
    case 1:
      return JSON.stringify({
        courses: {
          'crm-essentials': {
            enrolled: true,
            modules: {
              'crm-overview': { completed: true, completed_at: '2025-03-01' },
              'contacts-and-companies': { completed: true, completed_at: '2025-03-02' },
              'deals-pipeline': { completed: true, completed_at: '2025-03-03' },
            },
          },
        },
      });
    case 2:
      return JSON.stringify({ 'quick-start': { enrolled: true, modules: { welcome: { started: 'true', started_at: '2025-07-01T09:30:00' } } } });
    default:
      return JSON.stringify({ courses: { 'marketing-email-basics': { enrolled: true, enrolled_at: '2025-01-15T08:00:00Z', legacy_id: 42, modules: {} } } });
  }
}

/** Creates `count` learners with a legacy state and no milestone properties, 100 per batch; answers their emails. */
export async function seedLegacyLearners(sim: HubSpotSimulator, count: number, first = 0): Promise<string[]> {
  const api = client(sim);
  const emails: string[] = [];
  for (let start = first; start < first + count; start += 100) {
    const inputs = [];
    for (let n = start; n < Math.min(first + count, start + 100); n += 1) {
      emails.push(`learner${n}@example.com`);
      inputs.push({ properties: { email: `learner${n}@example.com`, hhl_progress_state: legacyState(n) } });
    }
    const answer = await api.post(`${CONTACTS}/batch/create`, { inputs });
    if (answer.status !== 201) throw new Error(`seeding answered ${answer.status}: ${answer.text}`);
  }
  return emails;
}

/** Requests by route since `before` (a stats snapshot), all statuses together. */
export function requestsSince(sim: HubSpotSimulator, before: SimStats): Record<string, number> {
  const now = sim.stats();
  const counts: Record<string, number> = {};
  for (const [route, statuses] of Object.entries(now.byRoute)) {
    const total = Object.values(statuses).reduce((a, b) => a + b, 0);
    const earlier = Object.values(before.byRoute[route] ?? {}).reduce((a, b) => a + b, 0);
    if (total > earlier) counts[route] = total - earlier;
  }
  return counts;
}

export const ROUTES = {
  search: `POST ${CONTACTS}/search`,
  batchRead: `POST ${CONTACTS}/batch/read`,
  batchCreate: `POST ${CONTACTS}/batch/create`,
  batchUpdate: `POST ${CONTACTS}/batch/update`,
  update: `PATCH ${CONTACTS}/{id}`,
} as const;

/** A contact's current values by email. */
export function contactByEmail(sim: HubSpotSimulator, email: string): Record<string, string> | undefined {
  return sim.contacts().find((contact) => contact.properties['email'] === email)?.properties;
}

/** Writes a file in `dir` and answers its path. */
export function fileIn(dir: string, name: string, lines: readonly string[]): string {
  const path = join(dir, name);
  writeFileSync(path, `${lines.join('\n')}\n`, 'utf8');
  return path;
}

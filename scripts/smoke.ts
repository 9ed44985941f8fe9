/**
 * `npm run smoke -- <api url> [--origin https://learn.example.com] [--email learner@example.com] [--token <jwt>] [--course <slug>]`:
 * the step after `npm run deploy`. Against the deployed API it checks, and reports one line each:
 * 1. health: `GET /api/health` answers 200 `healthy`;
 * 2. track: `POST /events/track` (a beacon, text/plain, from the origin) enrolling a synthetic learner in a course is
 *    accepted; the course must be one the deployed catalog knows: `--course`, else the first course of the file catalog
 *    the environment names (`CATALOG_PATH`, or the bundled one);
 * 3. read-back: `GET /progress/read` shows that event (polled for up to `--wait` seconds when it was queued);
 * 4. CORS: a preflight from the allowed origin is allowed, and one from an unlisted origin is not.
 * Exit 0 when every check passed, 1 when one failed, 2 for a bad command line. The synthetic learner is a real
 * contact when CRM sync is on (default `hhl-smoke-test@example.com`): delete it in HubSpot afterwards if you like.
 */
import { parseArgs } from 'node:util';
import { loadCatalog } from '../src/catalog/load-catalog.js';

const USAGE =
  'usage: npm run smoke -- <api url> [--origin <allowed origin>] [--email <learner email>] [--token <bearer token>] [--course <catalog course>] [--wait <seconds>]';
const UNLISTED_ORIGIN = 'https://smoke-test.invalid';

interface Check {
  name: string;
  ok: boolean;
  detail: string;
}

function options() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { origin: { type: 'string' }, email: { type: 'string' }, token: { type: 'string' }, course: { type: 'string' }, wait: { type: 'string' }, help: { type: 'boolean' } },
  });
  const firstExact = (process.env.CORS_ALLOWED_ORIGINS ?? '').split(',').map((o) => o.trim()).find((o) => o !== '' && !o.includes('*'));
  const origin = values.origin ?? firstExact;
  const wait = Number(values.wait ?? '30');
  const course = values.course ?? (process.env.CATALOG_SOURCE === 'hubdb' ? undefined : [...loadCatalog(process.env.CATALOG_PATH).courses.keys()][0]);
  if (values.help === true || positionals.length !== 1 || origin === undefined || course === undefined || !Number.isFinite(wait) || wait < 0) return undefined;
  return { url: (positionals[0] ?? '').replace(/\/+$/, ''), origin, course, email: values.email ?? 'hhl-smoke-test@example.com', token: values.token, waitSeconds: wait };
}

async function call(url: string, init: RequestInit = {}): Promise<{ status: number; headers: Headers; body: any; ms: number }> {
  const started = performance.now();
  const response = await fetch(url, { ...init, signal: AbortSignal.timeout(10_000) });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // Not JSON: keep the text for the report.
  }
  return { status: response.status, headers: response.headers, body, ms: Math.round(performance.now() - started) };
}

async function smoke(o: NonNullable<ReturnType<typeof options>>): Promise<Check[]> {
  const checks: Check[] = [];
  const auth: Record<string, string> = o.token === undefined ? {} : { authorization: `Bearer ${o.token}` };
  const attempt = async (name: string, run: () => Promise<Omit<Check, 'name'>>) => {
    try {
      checks.push({ name, ...(await run()) });
    } catch (error) {
      checks.push({ name, ok: false, detail: `no answer: ${error instanceof Error ? error.message : String(error)}` });
    }
  };

  await attempt('health', async () => {
    const r = await call(`${o.url}/api/health`);
    return { ok: r.status === 200 && r.body?.status === 'healthy', detail: `${r.status} ${JSON.stringify(r.body)} (${r.ms} ms)` };
  });

  let tracked: any;
  await attempt('track', async () => {
    const event = { eventName: 'learning_course_enrolled', contactIdentifier: { email: o.email }, course_slug: o.course, enrollment_source: 'smoke_test' };
    const r = await call(`${o.url}/events/track`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain;charset=UTF-8', origin: o.origin, ...auth },
      body: JSON.stringify(event),
    });
    tracked = r.body;
    const outcome = `${r.body?.status}/${r.body?.mode}`;
    const recorded = r.status === 200 && (outcome === 'persisted/authenticated' || outcome === 'queued/authenticated');
    const why = r.body?.error === undefined ? '' : `: ${r.body.error}`;
    const hint = outcome === 'logged/anonymous' ? ' (CRM sync is off: nothing is recorded)' : outcome.endsWith('/fallback') ? ' (HubSpot did not take it)' : '';
    return { ok: recorded, detail: `${r.status} ${outcome}${why}${hint} for ${o.email} (${r.ms} ms)` };
  });

  await attempt('read-back', async () => {
    const deadline = Date.now() + (tracked?.status === 'queued' ? o.waitSeconds * 1000 : 0);
    for (;;) {
      const r = await call(`${o.url}/progress/read?email=${encodeURIComponent(o.email)}`, { headers: { origin: o.origin, ...auth } });
      const enrolled = r.body?.progress?.courses?.[o.course]?.enrolled === true;
      if (enrolled || Date.now() >= deadline) {
        return { ok: r.status === 200 && enrolled, detail: `${r.status} mode ${r.body?.mode}, course ${o.course} ${enrolled ? 'enrolled' : 'not found'} (${r.ms} ms)` };
      }
      // Queued: the consumer writes after its batching window; ask again shortly.
      await new Promise((resolve) => setTimeout(resolve, 2_000));
    }
  });

  const preflight = (origin: string) =>
    call(`${o.url}/events/track`, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
  await attempt('cors', async () => {
    const allowed = await preflight(o.origin);
    const unlisted = await preflight(UNLISTED_ORIGIN);
    const allowHeader = allowed.headers.get('access-control-allow-origin');
    const leaked = unlisted.headers.get('access-control-allow-origin');
    const ok = allowHeader === o.origin && (leaked === null || leaked === '');
    return { ok, detail: `${o.origin} → ${allowed.status} allow-origin ${allowHeader ?? 'none'}; ${UNLISTED_ORIGIN} → ${unlisted.status} allow-origin ${leaked ?? 'none'}` };
  });
  return checks;
}

const parsed = options();
if (parsed === undefined) {
  console.error(USAGE);
  console.error('The allowed origin comes from --origin, or the first exact origin in CORS_ALLOWED_ORIGINS.');
  process.exit(2);
}
const checks = await smoke(parsed);
console.log(`Smoke test of ${parsed.url}`);
for (const c of checks) console.log(`${c.ok ? 'ok  ' : 'FAIL'} ${c.name.padEnd(9)} ${c.detail}`);
const failed = checks.filter((c) => !c.ok).length;
console.log(failed === 0 ? `All ${checks.length} checks passed.` : `${failed} of ${checks.length} checks failed.`);
process.exit(failed === 0 ? 0 : 1);

import type { IncomingMessage, ServerResponse } from 'node:http';
import { ADMIN_PREFIX, answerAdmin } from './admin-routes.js';
import {
  errorBody,
  invalidInputBody,
  methodNotAllowedBody,
  missingScopesBody,
  rateLimitBody,
  routeNotFoundBody,
  unauthorizedBody,
} from './error-bodies.js';
import { faultResponse } from './fault-response.js';
import { parseJson, readBody, serialise, sleep, writeResponse, writeSerialised } from './http-io.js';
import type { WindowVerdict } from './rate-limiter.js';
import { matchRoute, type RouteMatch } from './routes.js';
import { json, withHeaders, type SimResponse } from './sim-response.js';
import type { SimulatorState } from './simulator-state.js';

/**
 * One request, from arrival to answer:
 * 1. `/__sim/` helpers are answered at once.
 * 2. Without a bearer token → 401 (after the latency); such a request belongs to no account and counts toward nothing.
 * 3. Admission, at arrival: the request counts toward the account's day (when `dailyLimit` is set), its rolling
 *    window (and search's per-second one) whatever its fate; then a forced fault, the daily limit, the window, the
 *    search limit and a random failure, in that order, may decide the answer; then a scope the token lacks (403).
 * 4. The latency, before any state is read or written, so concurrent read-modify-writes interleave as they do
 *    against HubSpot.
 * 5. The route runs synchronously: a write is applied atomically.
 * 6. With `bytesPerSecond`, the answer takes as long to arrive as its size needs (a large history is slow).
 */
export async function handleRequest(state: SimulatorState, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const url = new URL(request.url ?? '/', 'http://simulator.invalid');
  const method = (request.method ?? 'GET').toUpperCase();
  const text = await readBody(request);
  if (url.pathname.startsWith(ADMIN_PREFIX)) {
    const body = parseJson(text);
    const answer = body.ok ? answerAdmin(state, method, url.pathname, body.value) : json(400, invalidInputBody(body.message));
    writeResponse(response, answer);
    return;
  }

  const match = matchRoute(method, url.pathname);
  const routeName = match.kind === 'route' ? match.route.name : `${method} (no route)`;
  const finish = async (answer: SimResponse, injected: boolean): Promise<void> => {
    state.stats.record(routeName, answer.status, injected);
    const serialised = serialise(answer);
    const { bytesPerSecond } = state.options;
    if (bytesPerSecond !== null) await sleep((Buffer.byteLength(serialised.text) / bytesPerSecond) * 1_000);
    writeSerialised(response, answer, serialised);
  };

  if (!isAuthorized(request.headers.authorization, state.options.token)) {
    await sleep(state.nextLatencyMs());
    return finish(json(401, unauthorizedBody()), false);
  }
  const admission = admit(state, match);
  await sleep(state.nextLatencyMs());
  if (admission.early !== undefined) return finish(withHeaders(admission.early, admission.headers), admission.injected);
  if (match.kind === 'route' && state.options.missingScopes.includes(match.route.scope)) {
    return finish(withHeaders(json(403, missingScopesBody(match.route.scope)), admission.headers), false);
  }
  return finish(withHeaders(answerRoute(state, match, method, url, text), admission.headers), false);
}

interface Admission {
  /** The answer decided at arrival (fault or 429); the route does not run. */
  readonly early?: SimResponse;
  readonly injected: boolean;
  /** `X-HubSpot-RateLimit-*`, on every counted answer (unless `rateLimitHeaders` is off). */
  readonly headers: Record<string, string>;
}

function admit(state: SimulatorState, match: RouteMatch): Admission {
  const now = state.clock();
  const { dailyLimit, timeZone, rateLimitHeaders } = state.options;
  const day = dailyLimit === null ? undefined : state.daily.hit(now, dailyLimit, timeZone);
  const account = state.accountWindow.hit(now);
  const search = match.kind === 'route' && match.route.limit === 'search' ? state.searchWindow.hit(now) : undefined;
  const fault = state.faults.decide();
  const headers: Record<string, string> = !rateLimitHeaders
    ? {}
    : {
        'X-HubSpot-RateLimit-Max': String(account.limit),
        'X-HubSpot-RateLimit-Remaining': String(account.remaining),
        'X-HubSpot-RateLimit-Interval-Milliseconds': String(account.windowMs),
        ...(day === undefined ? {} : { 'X-HubSpot-RateLimit-Daily': String(day.limit), 'X-HubSpot-RateLimit-Daily-Remaining': String(day.remaining) }),
      };
  const retryAfter = (verdict: WindowVerdict): Record<string, string> =>
    state.options.sendRetryAfter ? { 'Retry-After': String(Math.max(1, Math.ceil(verdict.retryAfterMs / 1_000))) } : {};
  const limited = (answer: SimResponse, verdict: WindowVerdict) => withHeaders(answer, retryAfter(verdict));

  if (fault.forced !== undefined) {
    const forced = faultResponse(fault.forced);
    const windowed = fault.forced.kind === 'rate-limit' && fault.forced.policy !== 'DAILY';
    return { early: windowed ? limited(forced, account) : forced, injected: true, headers };
  }
  // HubSpot documents no Retry-After for the daily limit: it lasts until the account's midnight.
  if (day !== undefined && !day.allowed) return { early: json(429, rateLimitBody('DAILY')), injected: false, headers };
  if (!account.allowed) return { early: limited(json(429, rateLimitBody('TEN_SECONDLY_ROLLING')), account), injected: false, headers };
  if (search !== undefined && !search.allowed) {
    return { early: limited(json(429, rateLimitBody('SECONDLY')), search), injected: false, headers };
  }
  if (fault.random !== undefined) return { early: faultResponse(fault.random), injected: true, headers };
  return { injected: false, headers };
}

function answerRoute(state: SimulatorState, match: RouteMatch, method: string, url: URL, text: string): SimResponse {
  if (match.kind === 'no-route') return json(404, routeNotFoundBody(method, url.pathname));
  if (match.kind === 'wrong-method') return json(405, methodNotAllowedBody(method, url.pathname));
  const body = match.route.method === 'GET' ? { ok: true as const, value: undefined } : parseJson(text);
  if (!body.ok) return json(400, invalidInputBody(body.message));
  try {
    return match.route.handle({ params: match.params, query: url.searchParams, body: body.value }, state.routeContext(match.route.version));
  } catch (error) {
    // A bug of the simulator, not a HubSpot answer: say so loudly.
    console.error('hubspot simulator: route failed', error);
    return json(500, errorBody('SIMULATOR_ERROR', `The simulator failed on ${match.route.name}: ${String(error)}`));
  }
}

/** Any bearer token will do, unless the simulator was given one. */
function isAuthorized(header: string | undefined, token: string | null): boolean {
  const presented = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '')?.[1];
  return presented !== undefined && (token === null || presented === token);
}

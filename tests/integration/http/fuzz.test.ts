import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EVENT_NAMES } from '../../../src/progress/types.js';
import { NOW } from '../../fixtures/app-fixture.js';
import { apiGatewayEvent } from '../../fixtures/api-gateway-event.js';
import { catalogKnowing, createHostileApp, type HostileApp } from '../../fixtures/hostile-app.js';

/*
 * Thousands of random bodies thrown at the real handler over the recording local store. Whatever the body, the answer
 * is a 200, 400, 413 or 429 with the documented JSON shape; no value HubSpot would refuse reaches the store; and no
 * built-in prototype changes. The per-learner cap is on (10 a minute, the clock stands still), so busy learners end in 429s.
 */

const RUNS = 2_000;
const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'prototype', 'hasOwnProperty', 'toString', 'valueOf'];
const ERROR_CODES: Record<number, readonly string[]> = {
  400: ['INVALID_JSON', 'SCHEMA_VALIDATION_FAILED', 'INVALID_EVENT_DATA', 'UNKNOWN_CONTENT'],
  413: ['PAYLOAD_TOO_LARGE'],
  429: ['RATE_LIMITED'],
};

// --- Arbitraries -------------------------------------------------------------------------------------------------

const trickyChar = fc.constantFrom('\u0000', '\u0001', '\u001f', '\u007f', '\u200b', '\u200d', '\u202e', '\ufeff', '\u00a0', '\r', '\n', '\t', ' ', '\ud800', '\udfff', '"', '\\', '@', '.', 'a', 'Z', '0', '-', '_', 'é', '\u0435', '\uff41', '😀');
const nastyString = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: trickyChar, maxLength: 40 }),
  fc.constantFrom('', ' ', 'null', 'undefined', 'true', '0', '-1', '1e999', 'NaN', '{}', '[]', '__proto__', 'courses'),
);
/** Slugs the fuzz app's catalog knows in every role (content is checked, so only these can reach the store). */
const KNOWN_SLUGS = ['crm-essentials', 'crm-overview', 'contacts-and-companies', 'deals-pipeline', 'hubspot-foundations', 'p1', 'c1', 'm1', '__proto__', 'constructor', 'prototype', 'hasownproperty', 'tostring', '__definegetter__'];
const slug = fc.oneof(
  { arbitrary: fc.constantFrom('crm-essentials', 'crm-overview', 'contacts-and-companies', 'deals-pipeline', 'hubspot-foundations', 'p1', 'c1', 'm1', 'courses'), weight: 3 },
  { arbitrary: fc.constantFrom('__proto__', 'constructor', 'prototype', 'hasownproperty', 'tostring', '__definegetter__', 'hasOwnProperty'), weight: 2 },
  fc.stringMatching(/^[a-z0-9_-]{1,12}$/),
  fc.constantFrom('', 'CRM', 'a b', 'm1\u0000', 'a'.repeat(200), 'a'.repeat(201), 'c\u200b1'),
);
const scalar = fc.oneof(nastyString, fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.constant(2 ** 60));
/** Objects are built with Object.fromEntries, so `__proto__` becomes an own key and reaches the JSON text as one. */
const keyName = fc.oneof(fc.constantFrom(...PROTOTYPE_KEYS, 'email', 'contactId', 'module_slug', 'polluted'), fc.string({ maxLength: 8 }));
const { tree } = fc.letrec<{ tree: unknown }>((tie) => ({
  tree: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalar,
    slug,
    fc.array(tie('tree'), { maxLength: 4 }),
    fc.array(fc.tuple(keyName, tie('tree')), { maxLength: 4 }).map((entries) => Object.fromEntries(entries)),
  ),
}));
const anything = fc.oneof({ weight: 3, arbitrary: slug }, { weight: 3, arbitrary: scalar }, { weight: 1, arbitrary: tree });

const POOL = Array.from({ length: 40 }, (_, i) => `learner${i}@example.com`);
const email = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...POOL) },
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom(...POOL), fc.constantFrom(' ', '\t', '\n', '\u00a0', ''), fc.boolean()).map(([e, pad, upper]) => `${pad}${upper ? e.toUpperCase() : e}${pad}`) },
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom(...POOL), trickyChar, fc.nat(20)).map(([e, c, at]) => e.slice(0, at) + c + e.slice(at)) },
  { weight: 1, arbitrary: fc.emailAddress() },
  { weight: 1, arbitrary: anything },
);
const contactId = fc.oneof(fc.integer(), fc.nat().map(String), fc.constantFrom('1', '2', '3', '01', '1e3', '99999999999999999999'), anything);
const optional = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined, freq: 3 });

const payload = fc.record(
  {
    module_slug: slug,
    course_slug: slug,
    pathway_slug: slug,
    enrollment_source: fc.oneof(nastyString, anything),
    ts: fc.oneof(fc.constant(NOW.toISOString()), fc.date().map((d) => (Number.isNaN(d.getTime()) ? 'x' : d.toISOString())), anything),
    content_type: fc.oneof(fc.constantFrom('pathway', 'course', 'module'), anything),
    slug,
  },
  { requiredKeys: [] },
);
const structuredBody = fc
  .tuple(
    fc.record(
      {
        eventName: fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...EVENT_NAMES) }, { weight: 1, arbitrary: anything }),
        contactIdentifier: fc.oneof(
          { weight: 5, arbitrary: fc.record({ email, contactId: optional(contactId) }, { requiredKeys: [] }) },
          { weight: 1, arbitrary: anything },
        ),
        payload: fc.oneof({ weight: 5, arbitrary: payload }, { weight: 1, arbitrary: anything }),
        pathway_slug: slug,
        course_slug: slug,
        module_slug: slug,
        enrollment_source: nastyString,
      },
      { requiredKeys: [] },
    ),
    fc.array(fc.tuple(keyName, tree), { maxLength: 3 }),
  )
  .map(([known, extra]) => JSON.stringify(Object.fromEntries([...extra, ...Object.entries(known)])));
const rawText = fc.oneof(fc.string({ maxLength: 200 }), fc.string({ unit: 'binary', maxLength: 200 }), fc.json(), fc.jsonValue().map((v) => JSON.stringify(v)));

/** A valid event for one of the pool's learners, its slugs drawn from real and prototype-named ones. */
const goodSlug = fc.constantFrom('crm-essentials', 'crm-overview', 'deals-pipeline', 'hubspot-foundations', 'p1', 'c1', 'm1', 'courses', '__proto__', 'constructor', 'prototype', 'hasownproperty');
const validEvent = fc
  .record({
    eventName: fc.constantFrom(...EVENT_NAMES),
    email: fc.constantFrom(...POOL),
    module_slug: goodSlug,
    course_slug: optional(goodSlug),
    pathway_slug: optional(goodSlug),
    content_type: fc.constantFrom('pathway', 'course', 'module'),
    enrollment_source: optional(nastyString.filter((s) => s.trim().length > 0 && s.length <= 200)),
  })
  .map(({ eventName, email: who, content_type, ...fields }) => ({
    eventName,
    contactIdentifier: { email: who },
    payload: { ...Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)), content_type, slug: fields.module_slug, ts: NOW.toISOString() },
  }));
/** A valid event with up to three fields replaced by anything, removed, or joined by prototype-named members. */
const mutatedEvent = fc
  .tuple(
    validEvent,
    fc.array(
      fc.tuple(fc.constantFrom('eventName', 'contactIdentifier', 'payload', 'email', 'contactId', 'module_slug', 'course_slug', 'pathway_slug', 'enrollment_source', 'ts', 'content_type', 'slug', ...PROTOTYPE_KEYS), fc.option(anything, { nil: undefined })),
      { maxLength: 3 },
    ),
  )
  .map(([event, mutations]) => {
    const top: Record<string, unknown> = { ...event };
    const who: Record<string, unknown> = { ...event.contactIdentifier };
    const inPayload: Record<string, unknown> = { ...event.payload };
    for (const [key, value] of mutations) {
      const target = key === 'email' || key === 'contactId' ? who : key in top || PROTOTYPE_KEYS.includes(key) ? top : inPayload;
      if (value === undefined) delete target[key];
      else Object.defineProperty(target, key, { value, enumerable: true, configurable: true, writable: true });
    }
    if (!mutations.some(([key]) => key === 'contactIdentifier')) top.contactIdentifier = who;
    if (!mutations.some(([key]) => key === 'payload')) top.payload = inPayload;
    return JSON.stringify(top);
  });

/** A valid event padded to around the 10,000-byte limit, either side of it. */
const nearTheLimit = fc
  .tuple(validEvent, fc.integer({ min: 9_700, max: 10_300 }), fc.constantFrom('x', '€', '\u0000'))
  .map(([event, size, pad]) => {
    const text = JSON.stringify({ ...event, pad: '' });
    return text.replace('"pad":""', `"pad":"${pad.repeat(Math.max(0, Math.floor((size - Buffer.byteLength(text)) / Buffer.byteLength(pad))))}"`);
  });

/** A body and how it travels: as text, base64-encoded, or flagged base64 while it is not. */
const request = fc.record({
  text: fc.oneof(
    { weight: 6, arbitrary: mutatedEvent },
    { weight: 2, arbitrary: structuredBody },
    { weight: 1, arbitrary: rawText },
    { weight: 1, arbitrary: nearTheLimit },
  ),
  encoding: fc.constantFrom('text', 'text', 'text', 'base64', 'bogus-base64'),
});

// --- The checks every answer must pass ----------------------------------------------------------------------------

/** A query value: strings as they are, anything else as its JSON (String() throws on `{ toString: 1 }`). */
const asText = (value: unknown) => (typeof value === 'string' ? value : (JSON.stringify(value) ?? ''));

async function sendTrack(app: HostileApp, { text, encoding }: { text: string; encoding: string }) {
  const event = apiGatewayEvent({ method: 'POST', path: '/events/track', body: text, base64: encoding === 'base64' });
  return app.handler(encoding === 'bogus-base64' ? { ...event, isBase64Encoded: true } : event);
}

function expectDocumentedAnswer(res: { statusCode: number; headers: Record<string, string>; body?: string }): void {
  expect([200, 400, 413, 429]).toContain(res.statusCode);
  expect(res.headers['Content-Type']).toBe('application/json');
  const body = JSON.parse(res.body ?? '');
  if (res.statusCode === 200) {
    expect([
      { status: 'persisted', mode: 'authenticated', backend: 'properties', contactId: expect.stringMatching(/^[1-9]\d*$/) },
      { status: 'logged', mode: 'anonymous' },
    ]).toContainEqual(body);
    return;
  }
  expect(body).toEqual({ error: expect.any(String), details: { code: expect.any(String), details: expect.any(Array) } });
  expect(ERROR_CODES[res.statusCode]).toContain(body.details.code);
  expect(body.details.details.every((d: unknown) => typeof d === 'string')).toBe(true);
  if (res.statusCode === 429) expect(res.headers['Retry-After']).toMatch(/^\d+$/);
}

describe('random bodies on POST /events/track', () => {
  it(`answers ${RUNS} random bodies with a documented 2xx/4xx and never sends the store a value it refuses`, async () => {
    // Prepare
    const app = createHostileApp({ LEARNER_WRITES_PER_MINUTE: '10' }, catalogKnowing(KNOWN_SLUGS));
    const statuses = new Map<number, number>();
    // Act + Assess (per body)
    await fc.assert(
      fc.asyncProperty(request, async (req) => {
        const res = await sendTrack(app, req);
        statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
        expectDocumentedAnswer(res);
        app.expectSafe();
      }),
      { numRuns: RUNS },
    );
    // Assess (the run reached the store, so the property says something about writes)
    expect(app.store.writes.length).toBeGreaterThan(RUNS / 20);
    expect(statuses.get(400) ?? 0).toBeGreaterThan(RUNS / 10);
    expect(statuses.get(413) ?? 0).toBeGreaterThan(0);
    expect(statuses.get(429) ?? 0).toBeGreaterThan(0);
  }, 120_000);

  it('answers random queries on GET /progress/read with 200 or 400', async () => {
    const app = createHostileApp();
    await fc.assert(
      fc.asyncProperty(fc.record({ email: email.map(asText), contactId: contactId.map(asText) }, { requiredKeys: [] }), async (query) => {
        const res = await app.handler(apiGatewayEvent({ method: 'GET', path: '/progress/read', query }));
        expect([200, 400]).toContain(res.statusCode);
        const body = JSON.parse(res.body ?? '');
        if (res.statusCode === 400) expect(body.details.code).toBe('SCHEMA_VALIDATION_FAILED');
        else expect(['anonymous', 'authenticated']).toContain(body.mode);
        app.expectSafe();
      }),
      { numRuns: 500 },
    );
  }, 60_000);
});

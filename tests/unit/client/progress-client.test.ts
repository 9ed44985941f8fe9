import { describe, expect, it } from 'vitest';
import { STORAGE_KEY } from '../../../client/src/outbox.js';
import { createProgressClient } from '../../../client/src/progress-client.js';
import { fakeEnv, fakePage, fakeStorage } from '../../fixtures/client-factories.js';

const API = 'https://api.example.com';
const LEARNER = { apiBase: `${API}/`, email: 'Ada@Example.com' };
const COMPLETE_M1 = ['learning_module_completed', { module_slug: 'm1', course_slug: 'c1' }] as const;
const persisted = { status: 200, body: { status: 'persisted', mode: 'authenticated' } };
const pendingIn = (storage: { data: Record<string, string> }) => JSON.parse(storage.data[STORAGE_KEY] ?? '[]');
const readAnswer = (progress: object) => ({ status: 200, body: { mode: 'authenticated', progress, summary: 's' } });
const m1Done = { courses: { c1: { enrolled: true, enrolled_at: '2026-11-21T09:00:00.000Z', enrollment_source: 'module_event', started: true, started_at: '2026-11-21T09:00:00.000Z', completed: false, modules: { m1: { started: true, started_at: '2026-11-21T09:00:00.000Z', completed: true, completed_at: '2026-11-21T09:00:00.000Z' } } } } };

describe('browser client: track', () => {
  it('sends a beacon with a text body, the learner and the event time, and keeps the event until a read confirms it', async () => {
    // Prepare
    const storage = fakeStorage();
    const net = fakeEnv({ storage });
    const client = createProgressClient(net.env);
    await client.init(LEARNER);
    // Act
    const result = await client.track(...COMPLETE_M1);
    // Assess
    expect(result).toBe('sent');
    expect(net.sent).toEqual([{
      via: 'beacon', url: `${API}/events/track`, method: 'POST', headers: {},
      body: { eventName: 'learning_module_completed', contactIdentifier: { email: 'Ada@Example.com' }, payload: { ts: '2026-11-21T10:00:00.000Z', module_slug: 'm1', course_slug: 'c1' } },
    }]);
    expect(pendingIn(storage)).toMatchObject([{ w: 'ada@example.com', n: 1 }]);
  });

  it('forgets a beaconed page view at once: no read can confirm it', async () => {
    const storage = fakeStorage();
    const client = createProgressClient(fakeEnv({ storage }).env);
    await client.init(LEARNER);
    await client.track('learning_page_viewed', { content_type: 'module', slug: 'm1' });
    expect(pendingIn(storage)).toEqual([]);
  });

  it('sends with fetch, keepalive and the bearer token when there is a token, and forgets the event once persisted', async () => {
    const storage = fakeStorage();
    const net = fakeEnv({ storage, answers: { '/events/track': persisted } });
    const client = createProgressClient(net.env);
    await client.init({ ...LEARNER, token: 'tok.en.value' });
    expect(await client.track(...COMPLETE_M1)).toBe('sent');
    expect(net.sent).toMatchObject([{ via: 'fetch', method: 'POST', keepalive: true, headers: { Authorization: 'Bearer tok.en.value' } }]);
    expect(pendingIn(storage)).toEqual([]);
  });

  it.each([
    ['the beacon is refused', false],
    ['there is no sendBeacon', 'absent' as const],
  ])('falls back to fetch with keepalive when %s', async (_label, beacon) => {
    const net = fakeEnv({ beacon, answers: { '/events/track': persisted } });
    const client = createProgressClient(net.env);
    await client.init(LEARNER);
    expect(await client.track(...COMPLETE_M1)).toBe('sent');
    expect(net.sent).toMatchObject([{ via: 'fetch', keepalive: true, body: { eventName: 'learning_module_completed' } }]);
  });

  it.each([
    ['the network fails', 'network-error' as const, 'queued', 1],
    ['the service answers 503', { status: 503 }, 'queued', 1],
    ['the service is rate limiting', { status: 429 }, 'queued', 1],
    ['the CRM failed (fallback)', { status: 200, body: { status: 'logged', mode: 'fallback' } }, 'queued', 1],
    ['the event is invalid (400)', { status: 400, body: { error: 'Invalid event' } }, 'rejected', 0],
  ])('when %s it answers %s and keeps %i event(s)', async (_label, answer, result, kept) => {
    const storage = fakeStorage();
    const client = createProgressClient(fakeEnv({ storage, beacon: false, answers: { '/events/track': answer } }).env);
    await client.init(LEARNER);
    expect(await client.track(...COMPLETE_M1)).toBe(result);
    expect(pendingIn(storage)).toHaveLength(kept);
  });

  it('keeps events while offline and sends them, oldest first, when the browser is back online', async () => {
    // Prepare
    const storage = fakeStorage();
    const net = fakeEnv({ storage });
    const client = createProgressClient(net.env);
    await client.init(LEARNER);
    net.goOffline();
    // Act
    const result = await client.track('learning_module_started', { module_slug: 'm1', course_slug: 'c1' });
    net.now.value = new Date('2026-11-21T10:05:00.000Z');
    await client.track(...COMPLETE_M1);
    const whileOffline = net.sent.length;
    net.goOnline();
    // Assess
    expect(result).toBe('queued');
    expect(whileOffline).toBe(0);
    expect(net.sent.map((r) => [r.body.eventName, r.body.payload.ts])).toEqual([
      ['learning_module_started', '2026-11-21T10:00:00.000Z'],
      ['learning_module_completed', '2026-11-21T10:05:00.000Z'],
    ]);
  });

  it('sends the events that failed again with the next track, but not those already handed to a beacon', async () => {
    const storage = fakeStorage();
    const net = fakeEnv({ storage, answers: { '/events/track': ['network-error', persisted] }, beacon: false });
    const client = createProgressClient(net.env);
    await client.init(LEARNER);
    await client.track('learning_module_started', { module_slug: 'm1', course_slug: 'c1' });
    net.now.value = new Date('2026-11-21T10:01:00.000Z');
    await client.track(...COMPLETE_M1);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(net.sent.map((r) => r.body.eventName)).toEqual(['learning_module_started', 'learning_module_completed', 'learning_module_started']);
    expect(pendingIn(storage)).toEqual([]);
  });

  it('keeps nothing for a visitor it cannot name: the service could not store it anyway', async () => {
    const storage = fakeStorage();
    const net = fakeEnv({ storage });
    const client = createProgressClient(net.env);
    await client.init({ apiBase: API });
    await client.track(...COMPLETE_M1);
    expect(net.sent[0]?.body.contactIdentifier).toBeUndefined();
    expect(pendingIn(storage)).toEqual([]);
  });

  it('takes an empty contact id, as a template renders a missing one, for no contact id', async () => {
    const storage = fakeStorage();
    const net = fakeEnv({ storage });
    const client = createProgressClient(net.env);
    await client.init({ ...LEARNER, contactId: '' });
    await client.track(...COMPLETE_M1);
    expect(net.sent[0]?.body.contactIdentifier).toEqual({ email: 'Ada@Example.com' });
    expect(pendingIn(storage)).toMatchObject([{ w: 'ada@example.com' }]);
  });

  it('refuses to track before init', async () => {
    const client = createProgressClient(fakeEnv().env);
    await expect(client.track(...COMPLETE_M1)).rejects.toThrow('init');
  });
});

describe('browser client: hydrate and init', () => {
  it('reads the learner\'s progress and merges the events the service has not shown yet', async () => {
    // Prepare
    const net = fakeEnv({ answers: { '/progress/read': readAnswer(m1Done) } });
    const client = createProgressClient(net.env);
    await client.init({ ...LEARNER, contactId: 42 });
    await client.track('learning_module_started', { module_slug: 'm2', course_slug: 'c1' });
    // Act
    const view = await client.hydrate();
    // Assess
    expect(net.sent.at(-1)).toMatchObject({ via: 'fetch', method: 'GET', url: `${API}/progress/read?contactId=42&email=Ada%40Example.com` });
    expect(view).toMatchObject({ mode: 'authenticated', summary: 's', pending: 1 });
    expect(view.progress.courses.c1.modules).toMatchObject({ m1: { completed: true }, m2: { started: true, started_at: '2026-11-21T10:00:00.000Z' } });
  });

  it('forgets the events the read shows, and keeps the rest', async () => {
    const storage = fakeStorage();
    const net = fakeEnv({ storage, answers: { '/progress/read': readAnswer(m1Done) } });
    const client = createProgressClient(net.env);
    await client.init(LEARNER);
    await client.track(...COMPLETE_M1);
    await client.track('learning_module_started', { module_slug: 'm2', course_slug: 'c1' });
    const view = await client.hydrate();
    expect(view.pending).toBe(1);
    expect(pendingIn(storage).map((e: { b: { payload: { module_slug: string } } }) => e.b.payload.module_slug)).toEqual(['m2']);
  });

  it('shows pending events when the service cannot be read, and forgets nothing', async () => {
    const storage = fakeStorage();
    const client = createProgressClient(fakeEnv({ storage, answers: { '/progress/read': 'network-error' } }).env);
    await client.init(LEARNER);
    await client.track(...COMPLETE_M1);
    const view = await client.hydrate();
    expect(view).toMatchObject({ mode: 'unavailable', pending: 1, progress: { courses: { c1: { modules: { m1: { completed: true } } } } } });
    expect(pendingIn(storage)).toHaveLength(1);
  });

  it('shares one read between init and the page\'s own hydrate', async () => {
    const storage = fakeStorage();
    const first = createProgressClient(fakeEnv({ storage }).env);
    await first.init(LEARNER);
    await first.track(...COMPLETE_M1);
    const net = fakeEnv({ storage, answers: { '/progress/read': readAnswer({}) } });
    const client = createProgressClient(net.env);
    const started = client.init(LEARNER);
    await client.hydrate();
    await started;
    expect(net.sent.filter((r) => r.url.includes('/progress/read'))).toHaveLength(1);
  });

  it('on init, reads first and sends again only what the service does not have', async () => {
    // Prepare: a previous page beaconed two events; the service got one of them.
    const storage = fakeStorage();
    const previous = createProgressClient(fakeEnv({ storage }).env);
    await previous.init(LEARNER);
    await previous.track(...COMPLETE_M1);
    await previous.track('learning_module_started', { module_slug: 'm2', course_slug: 'c1' });
    const net = fakeEnv({ storage, answers: { '/progress/read': readAnswer(m1Done) } });
    // Act
    await createProgressClient(net.env).init(LEARNER);
    // Assess
    expect(net.sent.map((r) => `${r.via} ${r.body?.payload.module_slug ?? r.url}`)).toEqual([`fetch ${API}/progress/read?email=Ada%40Example.com`, 'beacon m2']);
  });

  it('sends nothing on init while the service cannot be read, and keeps everything', async () => {
    const storage = fakeStorage();
    const previous = createProgressClient(fakeEnv({ storage }).env);
    await previous.init(LEARNER);
    await previous.track(...COMPLETE_M1);
    const net = fakeEnv({ storage, answers: { '/progress/read': 'network-error' } });
    await createProgressClient(net.env).init(LEARNER);
    expect(net.sent.map((r) => r.via)).toEqual(['fetch']);
    expect(pendingIn(storage)).toMatchObject([{ n: 1 }]);
  });

  it('stops sending an event the service never shows (CRM progress off) after five beacons', async () => {
    const storage = fakeStorage();
    const first = createProgressClient(fakeEnv({ storage }).env);
    await first.init(LEARNER);
    await first.track(...COMPLETE_M1);
    let beacons = 1;
    for (let page = 0; page < 6; page += 1) {
      const net = fakeEnv({ storage, answers: { '/progress/read': { status: 200, body: { mode: 'anonymous' } } } });
      await createProgressClient(net.env).init(LEARNER);
      beacons += net.sent.filter((r) => r.via === 'beacon').length;
    }
    expect(beacons).toBe(5);
    expect(pendingIn(storage)).toEqual([]);
  });

  it('never sends or shows another learner\'s pending events', async () => {
    const storage = fakeStorage();
    const other = createProgressClient(fakeEnv({ storage }).env);
    await other.init({ apiBase: API, email: 'other@example.com' });
    await other.track(...COMPLETE_M1);
    const net = fakeEnv({ storage, answers: { '/progress/read': { status: 200, body: { mode: 'anonymous' } } } });
    const client = createProgressClient(net.env);
    await client.init(LEARNER);
    net.goOnline();
    const view = await client.hydrate();
    expect(view).toMatchObject({ mode: 'anonymous', pending: 0, progress: {} });
    expect(net.sent.filter((r) => r.via === 'beacon')).toEqual([]);
  });
});

describe('browser client: page helpers', () => {
  it('marks modules, courses and pathways, and shows the synced indicator for a known learner', async () => {
    // Prepare
    const page = fakePage([
      { 'data-hhl-module': 'm1', 'data-hhl-course': 'c1' },
      { 'data-hhl-module': 'm2' },
      { 'data-hhl-module': 'm3' },
      { 'data-hhl-course': 'c1' },
      { 'data-hhl-pathway': 'p1' },
      { 'data-hhl-sync': '' },
    ]);
    const net = fakeEnv({ root: page, answers: { '/progress/read': readAnswer(m1Done) } });
    const client = createProgressClient(net.env);
    await client.init(LEARNER);
    const view = await client.hydrate();
    // Act
    client.mark(view);
    client.showSynced(view);
    // Assess
    expect(page.elements.map((e) => e.attributes['data-hhl-state'])).toEqual(['completed', '', '', 'started', '', undefined]);
    expect(page.elements[5]).toMatchObject({ hidden: false, textContent: 'Progress synced' });
  });

  it.each([
    ['an anonymous visitor', { mode: 'anonymous', progress: {}, pending: 0 }, true, 'Progress synced'],
    ['a learner with events still on their way', { mode: 'authenticated', progress: {}, pending: 2 }, false, 'Saving progress…'],
  ])('shows the indicator accordingly for %s', (_label, view, hidden, text) => {
    const page = fakePage([{ 'data-hhl-sync': '' }]);
    createProgressClient(fakeEnv().env).showSynced(view, page);
    expect(page.elements[0]).toMatchObject({ hidden, textContent: text });
  });
});

/**
 * hh-learn's pages against this service, script by script: what each sends, and that each field it reads is there
 * and means what it expects. The catalog is hh-learn's content folder (tests/fixtures/hh-learn-content).
 */
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../../src/catalog/load-catalog.js';
import { createAppFixture, NOW } from '../../fixtures/app-fixture.js';
import {
  type Browser,
  beaconPageView,
  certificatePage,
  courseDetail,
  enrollmentButton,
  loadMyLearning,
  moduleRecord,
  pathwayDetail,
  productionMyLearning,
  progressBar,
  runAction,
} from '../../fixtures/hh-learn-pages.js';
import { SESSION_AUTH_ENV, sessionCookie } from '../../fixtures/learner-token.js';

const catalog = loadCatalog('tests/fixtures/hh-learn-content');
const CERTIFICATE_SECRET = 'another-secret-for-certificates-of-32+-chars';
const EMAIL = 'ada@example.com';

/** The legacy scripts' world: identity in the body and query (AUTH_MODE=none), as hh-learn's CRM routes took it. */
function legacySite() {
  return createAppFixture({ catalog, env: { LEARNER_WRITES_PER_MINUTE: '0', CERTIFICATE_SECRET } });
}

/** The production scripts' world: signed in through the API (AUTH_MODE=oidc), the session cookie names the learner. */
async function signedInSite() {
  const app = createAppFixture({ catalog, env: { ...SESSION_AUTH_ENV, LEARNER_WRITES_PER_MINUTE: '0', CERTIFICATE_SECRET } });
  const browser: Browser = { email: EMAIL, cookie: await sessionCookie(EMAIL, NOW) };
  return { app, browser };
}

describe('action-runner.js', () => {
  it('saves progress of a module page opened outside a course (course_slug and pathway_slug null)', async () => {
    // Prepare
    const app = legacySite();
    const browser = { email: EMAIL };
    // Act
    const run = await runAction(app, browser, { action: 'record_progress', module_slug: 'cabling-module', status: 'completed' });
    const page = await loadMyLearning(app, browser);
    // Assess: placed in the one course that holds it
    expect(run.result).toBe('success');
    expect(page.completed).toEqual(new Set(['cabling-module']));
    expect(page.courses).toEqual([{ slug: 'fabric-basics', enrolled_at: expect.any(String) }]);
  });

  it('places it in every course the learner is in when several hold the module', async () => {
    const app = legacySite();
    const browser = { email: EMAIL };
    await runAction(app, browser, { action: 'enroll_course', slug: 'fabric-operations' });
    await runAction(app, browser, { action: 'enroll_pathway', slug: 'fabric-pathway' });
    const run = await runAction(app, browser, { action: 'record_progress', module_slug: 'interfaces-module', status: 'started' });
    const read = await app.send({ method: 'GET', path: '/progress/read', query: { email: EMAIL } });
    expect(run.result).toBe('success');
    expect(read.body.progress.courses['fabric-operations'].modules['interfaces-module'].started).toBe(true);
    expect(read.body.progress['fabric-pathway'].courses['fabric-basics'].modules['interfaces-module'].started).toBe(true);
    expect(read.body.progress['fabric-pathway'].courses['fabric-operations'].modules['interfaces-module'].started).toBe(true);
  });

  it('keeps a module no course holds as a standalone module, never dropped', async () => {
    const app = legacySite();
    const run = await runAction(app, { email: EMAIL }, { action: 'record_progress', module_slug: 'solo-deep-dive', status: 'completed' });
    const record = await app.send({ method: 'GET', path: '/module/progress', query: { module_slug: 'solo-deep-dive', email: EMAIL } });
    expect(run.result).toBe('success');
    expect(record.body).toMatchObject({ module_status: 'complete', breadcrumbs: { parent_course_slug: null, parent_pathway_slug: null } });
  });

  it.each([
    ['enroll_pathway', { action: 'enroll_pathway', slug: 'fabric-pathway', source: 'pathway_page' }],
    ['enroll_course', { action: 'enroll_course', slug: 'fabric-basics', source: 'course_page', pathway_slug: 'fabric-pathway' }],
    ['record_progress in a course', { action: 'record_progress', module_slug: 'intro-module', status: 'completed', course_slug: 'fabric-basics' }],
    ['record_progress in a flat pathway', { action: 'record_progress', module_slug: 'tour-stop', status: 'started', pathway_slug: 'quick-tour' }],
  ] as const)('succeeds for %s (persisted and authenticated)', async (_label, action) => {
    const run = await runAction(legacySite(), { email: EMAIL, contactId: '' }, action);
    expect(run.result).toBe('success');
  });

  it('shows the page\'s error for content the catalog does not know, and writes nothing', async () => {
    const app = legacySite();
    const run = await runAction(app, { email: EMAIL }, { action: 'enroll_course', slug: 'made-up-course' });
    expect(run).toMatchObject({ result: 'error', code: 'http_400' });
    expect(run.answers[0]?.body.details.code).toBe('UNKNOWN_CONTENT');
    expect(await app.store.read({ kind: 'email', email: EMAIL }, [])).toBeNull();
  });
});

describe('pageview.js, my-learning.js, enrollment.js, courses.js and pathways.js (identity in the request)', () => {
  it('answer what the legacy pages read: last viewed, module sets, enrolments, progress bars', async () => {
    // Prepare
    const app = legacySite();
    // In AUTH_MODE=none a contact id alone names nobody: a page that knows only the email (no sign-in) sends it.
    const browser = { email: EMAIL };
    await runAction(app, browser, { action: 'enroll_course', slug: 'fabric-basics' });
    await runAction(app, browser, { action: 'record_progress', module_slug: 'intro-module', status: 'completed', course_slug: 'fabric-basics' });
    await runAction(app, browser, { action: 'record_progress', module_slug: 'cabling-module', status: 'started', course_slug: 'fabric-basics' });
    // Act
    const beacon = await beaconPageView(app, browser, { content_type: 'module', slug: 'cabling-module', course_slug: 'fabric-basics' });
    const page = await loadMyLearning(app, browser);
    const button = await enrollmentButton(app, browser, 'course', 'fabric-basics');
    const bar = await progressBar(app, browser, 'course', 'fabric-basics');
    const pathwayBar = await progressBar(app, browser, 'pathway', 'fabric-pathway');
    // Assess
    expect(beacon.status).toBe(200);
    expect(page.mode).toBe('authenticated');
    expect(page.lastViewed).toMatchObject({ type: 'module', slug: 'cabling-module' });
    expect(page.completed).toEqual(new Set(['intro-module']));
    expect(page.inProgress).toEqual(new Set(['cabling-module']));
    expect(button).toMatchObject({ enrolled: true, fromServer: true });
    expect(bar).toEqual({ started: 2, completed: 1, enrolled: true });
    expect(pathwayBar).toEqual({ started: 0, completed: 0, enrolled: false });
  });
});

describe('the production pages (signed in: the session cookie names the learner)', () => {
  it('fill "My Learning", the course, pathway and module pages and the certificates from stored progress', async () => {
    // Prepare: the action runner, sending the session cookie (the one change a signed-in site makes to it)
    const { app, browser } = await signedInSite();
    await runAction(app, browser, { action: 'enroll_pathway', slug: 'fabric-pathway' }, 'include');
    for (const module of ['intro-module', 'cabling-module', 'interfaces-module']) {
      const run = await runAction(app, browser, { action: 'record_progress', module_slug: module, status: 'completed' }, 'include');
      expect(run.result).toBe('success');
    }
    await runAction(app, browser, { action: 'enroll_course', slug: 'authoring-101' }, 'include');
    // Act
    const dashboard = await productionMyLearning(app, browser);
    const course = await courseDetail(app, browser, 'fabric-basics');
    const pathway = await pathwayDetail(app, browser, 'fabric-pathway');
    const record = await moduleRecord(app, browser, 'interfaces-module');
    // Assess
    expect(dashboard.view).toBe('dashboard');
    if (dashboard.view !== 'dashboard') return;
    expect(dashboard.pathways.map((p) => p.view === 'pathway' && [p.pathway_slug, p.pathway_status, p.courses_completed, p.courses_total])).toEqual([['fabric-pathway', 'in_progress', 1, 2]]);
    expect(dashboard.courses.map((c) => c.view === 'course' && [c.course_slug, c.course_status, c.modules_completed, c.modules_total])).toEqual([['authoring-101', 'not_started', 0, 1]]);
    expect(course).toMatchObject({ view: 'course', course_title: 'Course 1: Fabric Basics', course_status: 'complete', modules_completed: 3, modules_total: 3 });
    expect(course.view === 'course' && course.modules.map((m) => [m.module_slug, m.module_status, m.has_required_tasks])).toEqual([
      ['intro-module', 'complete', true],
      ['cabling-module', 'complete', true],
      ['interfaces-module', 'complete', true],
    ]);
    expect(pathway).toMatchObject({ view: 'pathway', pathway_title: 'Run a Fabric', pathway_status: 'in_progress', pathway_cert_id: null });
    expect(pathway.view === 'pathway' && pathway.courses.map((c) => [c.course_slug, c.course_status, c.modules_completed, c.modules_total])).toEqual([
      ['fabric-basics', 'complete', 3, 3],
      ['fabric-operations', 'in_progress', 1, 2],
    ]);
    expect(record).toMatchObject({ view: 'module', module_status: 'complete', module_cert_id: null, tasks: 0, attempts: 0, breadcrumbs: { parent_course_slug: 'fabric-basics', parent_course_title: 'Course 1: Fabric Basics', parent_pathway_slug: 'fabric-pathway', parent_pathway_title: 'Run a Fabric' } });
    expect(dashboard.certificates).toEqual([{ certId: expect.any(String), entityTitle: 'Course 1: Fabric Basics', entitySlug: 'fabric-basics', issuedAt: expect.any(String), entityType: 'course' }]);
    expect(course.view === 'course' && course.course_cert_id).toBe(dashboard.certificates[0]?.certId);
  });

  it('verifies a certificate on the public certificate page and refuses an altered one', async () => {
    // Prepare
    const { app, browser } = await signedInSite();
    for (const module of ['intro-module', 'cabling-module', 'interfaces-module']) {
      await runAction(app, browser, { action: 'record_progress', module_slug: module, status: 'completed', course_slug: 'fabric-basics' }, 'include');
    }
    const dashboard = await productionMyLearning(app, browser);
    const certId = dashboard.view === 'dashboard' ? (dashboard.certificates[0]?.certId ?? '') : '';
    // Act
    const page = await certificatePage(app, certId);
    const forged = await certificatePage(app, certId.replace('fabric-basics', 'fabric-operations'));
    // Assess
    expect(page).toEqual({ view: 'certificate', certId, entityTitle: 'Course 1: Fabric Basics', entityType: 'course', issuedAt: dashboard.view === 'dashboard' ? dashboard.certificates[0]?.issuedAt : '', cors: 'https://learn.example.com' });
    expect(forged).toEqual({ view: 'not-found' });
  });

  it.each([
    ['the course page', (app: any, b: Browser) => courseDetail(app, b, 'fabric-basics'), 'unauthenticated'],
    ['the pathway page', (app: any, b: Browser) => pathwayDetail(app, b, 'fabric-pathway'), 'unauthenticated'],
    ['the module record', (app: any, b: Browser) => moduleRecord(app, b, 'intro-module'), 'redirect-to-login'],
  ])('sends a visitor without a session where %s sends one on 401', async (_label, load, view) => {
    const { app } = await signedInSite();
    expect((await load(app, {})).view).toBe(view);
  });

  it.each([
    ['a course', (app: any, b: Browser) => courseDetail(app, b, 'no-such-course')],
    ['a pathway', (app: any, b: Browser) => pathwayDetail(app, b, 'no-such-pathway')],
  ])('says "not found" for %s the catalog does not know', async (_label, load) => {
    const { app, browser } = await signedInSite();
    expect((await load(app, browser)).view).toBe('not-found');
  });
});

describe('what is not offered', () => {
  it.each([
    ['GET', '/tasks/status'],
    ['GET', '/tasks/status/batch'],
    ['POST', '/tasks/quiz/submit'],
    ['POST', '/tasks/lab/attest'],
    ['POST', '/quiz/grade'],
    ['POST', '/admin/test/reset'],
  ])('answers %s %s 404, as the migration guide lists it', async (method, path) => {
    const res = await legacySite().send({ method, path, body: method === 'POST' ? { module_slug: 'intro-module' } : undefined });
    expect(res.status).toBe(404);
    expect(res.body.details.code).toBe('NOT_FOUND');
  });
});

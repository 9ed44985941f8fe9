import { describe, expect, it } from 'vitest';
import { trackBody } from '../../fixtures/app-fixture.js';
import { createHostileApp } from '../../fixtures/hostile-app.js';

const enrol = (email: unknown) => ({ ...trackBody('learning_pathway_enrolled', { pathway_slug: 'quick-start' }), contactIdentifier: { email } });

describe('emails that normalise to one learner', () => {
  it.each([
    ['leading and trailing spaces', '  ada@example.com  '],
    ['a tab and a newline around it', '\tada@example.com\n'],
    ['CR LF before it', '\r\nada@example.com'],
    ['no-break spaces and a BOM around it', '\u00a0ada@example.com\ufeff'],
    ['upper case', 'ADA@EXAMPLE.COM'],
    ['mixed case with spaces', ' Ada@Example.Com '],
  ])('writes an email with %s to the lower-cased, trimmed address', async (_label, email) => {
    // Prepare
    const app = createHostileApp();
    // Act
    const res = await app.track(enrol(email));
    // Assess
    expect(res.body.status).toBe('persisted');
    expect(app.store.writes.map((w) => w.target)).toEqual(['ada@example.com']);
    const logged = JSON.stringify(app.logs);
    expect(logged).toContain('a***@example.com');
    expect(logged).not.toContain('ada@');
    app.expectSafe();
  });

  it('counts every spelling of one address as the same learner', async () => {
    // Prepare
    const app = createHostileApp();
    // Act
    const answers = [];
    for (const email of ['ada@example.com', ' ADA@example.com', 'Ada@Example.com\n']) answers.push((await app.track(enrol(email))).body);
    // Assess
    expect(new Set(answers.map((a) => a.contactId))).toEqual(new Set(['1']));
    expect(app.store.writes.map((w) => w.kind)).toEqual(['create']);
  });
});

describe('emails that are refused', () => {
  const REFUSED: readonly [string, unknown][] = [
    ['a zero-width space inside', 'a\u200bda@example.com'],
    ['a zero-width space at the end (not whitespace, so not trimmed)', 'ada@example.com\u200b'],
    ['a zero-width joiner in the domain', 'ada@exa\u200dmple.com'],
    ['a Cyrillic look-alike "е" in the domain', 'ada@\u0435xample.com'],
    ['a Cyrillic look-alike "а" in the local part', '\u0430da@example.com'],
    ['a full-width "ａ"', '\uff41da@example.com'],
    ['a combining accent', 'a\u0301da@example.com'],
    ['a right-to-left override', 'ada@\u202eelpmaxe.com'],
    ['a NUL byte inside', 'ada\u0000@example.com'],
    ['a NUL byte at the end', 'ada@example.com\u0000'],
    ['a newline inside', 'ada@exam\nple.com'],
    ['a header injection with CR LF', 'ada@example.com\r\nBcc: eve@example.com'],
    ['a space inside', 'ada lovelace@example.com'],
    ['two addresses', 'ada@example.com,eve@example.com'],
    ['a display name', 'Ada <ada@example.com>'],
    ['no domain', 'ada@'],
    ['a 255-character address', `${'a'.repeat(243)}@example.com`],
    ['a number', 12345],
    ['an array', ['ada@example.com']],
    ['an object', { email: 'ada@example.com' }],
    ['a boolean', true],
  ];

  it.each(REFUSED)('refuses an email with %s with 400 and no store call', async (_label, email) => {
    // Prepare
    const app = createHostileApp();
    // Act
    const res = await app.track(enrol(email));
    // Assess
    expect(res.status).toBe(400);
    expect(res.body.details.code).toBe('SCHEMA_VALIDATION_FAILED');
    expect(res.body.details.details).toEqual([expect.stringMatching(/^contactIdentifier\.email: /)]);
    expect(app.store.calls).toBe(0);
    app.expectSafe();
  });

  it.each(REFUSED.filter(([, email]) => typeof email === 'string'))('refuses ?email= with %s on the read route with 400', async (_label, email) => {
    const app = createHostileApp();
    const res = await app.send({ method: 'GET', path: '/progress/read', query: { email: String(email) } });
    expect(res.status).toBe(400);
    expect(app.store.calls).toBe(0);
  });

  it('never echoes a refused email into the response or the logs', async () => {
    const app = createHostileApp();
    const res = await app.track(enrol('ada.secret@exam\u0000ple.com'));
    expect(JSON.stringify(res.body)).not.toContain('ada.secret');
    expect(JSON.stringify(app.logs)).not.toContain('ada.secret');
  });
});

describe('contact ids that are refused', () => {
  it.each([
    ['a NUL byte', '123\u0000'],
    ['a negative number', -5],
    ['a fraction', 1.5],
    ['a number past 2^53', 2 ** 60],
    ['hex', '0x7b'],
    ['a leading zero', '0123'],
    ['21 digits', '1'.repeat(21)],
    ['an exponent', '1e3'],
  ])('refuses a contactId with %s with 400 and no store call', async (_label, contactId) => {
    const app = createHostileApp();
    const res = await app.track({ ...trackBody('learning_pathway_enrolled', { pathway_slug: 'quick-start' }), contactIdentifier: { contactId } });
    expect(res.status).toBe(400);
    expect(app.store.calls).toBe(0);
  });
});

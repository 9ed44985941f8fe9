import { describe, expect, it } from 'vitest';
import { certificateId, verifyCertificateId } from '../../../src/tracking/certificate-id.js';

const KEY = 'k'.repeat(32);
const AT = '2026-11-21T10:00:00.000Z';

describe('certificate ids', () => {
  it('verify with the key they were made with, and say what they certify', () => {
    // Act
    const id = certificateId(KEY, '59090639178', 'course', 'fabric-basics', AT);
    // Assess
    expect(id).toMatch(/^v1\.c\.fabric-basics\.[0-9a-z]+\.[A-Za-z0-9_-]{11}\.[A-Za-z0-9_-]{22}$/);
    expect(id).not.toContain('59090639178');
    expect(verifyCertificateId(KEY, id)).toEqual({ entityType: 'course', entitySlug: 'fabric-basics', issuedAt: AT });
  });

  it('differ per learner, content, kind and completion time, and are the same on every read', () => {
    const ids = new Set([
      certificateId(KEY, '1', 'course', 'c', AT),
      certificateId(KEY, '2', 'course', 'c', AT),
      certificateId(KEY, '1', 'course', 'd', AT),
      certificateId(KEY, '1', 'pathway', 'c', AT),
      certificateId(KEY, '1', 'course', 'c', '2026-11-21T10:00:00.001Z'),
    ]);
    expect(ids.size).toBe(5);
    expect(certificateId(KEY, '1', 'course', 'c', AT)).toBe(certificateId(KEY, '1', 'course', 'c', AT));
  });

  const id = certificateId(KEY, '1', 'course', 'fabric-basics', AT);
  const parts = id.split('.');
  const replace = (index: number, value: string) => parts.map((p, i) => (i === index ? value : p)).join('.');
  it.each([
    ['another key', () => verifyCertificateId('z'.repeat(32), id)],
    ['another content slug', () => verifyCertificateId(KEY, replace(2, 'fabric-operations'))],
    ['a pathway instead of a course', () => verifyCertificateId(KEY, replace(1, 'p'))],
    ['an earlier completion time', () => verifyCertificateId(KEY, replace(3, (Date.parse(AT) - 1).toString(36)))],
    ['another learner tag', () => verifyCertificateId(KEY, replace(4, 'AAAAAAAAAAA'))],
    ['a flipped mac character', () => verifyCertificateId(KEY, replace(5, `${parts[5]?.[0] === 'A' ? 'B' : 'A'}${parts[5]?.slice(1)}`))],
    ['a UUID', () => verifyCertificateId(KEY, '1b4e28ba-2fa1-41d2-883f-0016d3cca427')],
    ['nothing', () => verifyCertificateId(KEY, '')],
  ])('refuse %s (forged or altered ids never verify)', (_label, verify) => {
    expect(verify()).toBeUndefined();
  });
});

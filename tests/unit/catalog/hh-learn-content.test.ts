import { describe, expect, it } from 'vitest';
import { readCatalog } from '../../../src/catalog/load-catalog.js';

const CONTENT = 'tests/fixtures/hh-learn-content';

describe('reading hh-learn\'s content folder as the catalog', () => {
  it('reads courses and pathways as they are, ignoring the keys the catalog does not use', () => {
    // Act
    const { catalog } = readCatalog(CONTENT);
    // Assess
    expect(catalog.courses.get('fabric-basics')).toEqual({ modules: ['intro-module', 'cabling-module', 'interfaces-module'], title: 'Course 1: Fabric Basics' });
    expect(catalog.pathways.get('quick-tour')).toEqual({ courses: [], modules: ['intro-module', 'tour-stop'], title: 'Quick Tour' });
  });

  it('lists content in catalog order: display_order, then file name', () => {
    const { catalog } = readCatalog(CONTENT);
    expect([...catalog.courses.keys()]).toEqual(['fabric-basics', 'fabric-operations', 'authoring-101']);
    expect([...catalog.pathways.keys()]).toEqual(['fabric-pathway', 'quick-tour']);
  });

  it('skips archive/ and leaves a pathway\'s unknown course out, with a warning, so the pathway can still complete', () => {
    const { catalog, warnings } = readCatalog(CONTENT);
    expect(catalog.courses.has('retired-course')).toBe(false);
    expect(catalog.modules.has('old-module')).toBe(false);
    expect(catalog.pathways.get('fabric-pathway')?.courses).toEqual(['fabric-basics', 'fabric-operations']);
    expect(warnings).toEqual(['pathway "fabric-pathway" names unknown course(s) retired-course; they are left out']);
  });

  it('knows every module its courses and flat pathways list, and a module folder no course lists', () => {
    const { catalog } = readCatalog(CONTENT);
    expect([...catalog.modules.keys()]).toEqual([
      'intro-module', 'cabling-module', 'interfaces-module', 'upgrades-module', 'authoring-basics', 'tour-stop', 'solo-deep-dive',
    ]);
  });
});

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../../src/catalog/load-catalog.js';
import { CatalogError } from '../../../src/errors.js';

function catalogFile(content: unknown): string {
  const file = join(mkdtempSync(join(tmpdir(), 'catalog-')), 'catalog.json');
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

describe('loadCatalog', () => {
  it('loads the bundled catalog when no path is given', () => {
    const catalog = loadCatalog();
    expect(catalog.courses.get('crm-essentials')?.modules).toEqual(['crm-overview', 'contacts-and-companies', 'deals-pipeline']);
    expect(catalog.pathways.get('quick-start')).toEqual({ courses: [], modules: ['welcome', 'navigate-the-portal', 'crm-overview'] });
  });

  it('loads one JSON file', () => {
    const catalog = loadCatalog(catalogFile({ courses: [{ slug: 'c1', modules: ['m1'] }], pathways: [{ slug: 'p1', courses: ['c1'] }] }));
    expect(catalog.pathways.get('p1')).toEqual({ courses: ['c1'], modules: [] });
  });

  it('loads a folder of courses/*.json and pathways/*.json', () => {
    const catalog = loadCatalog('tests/fixtures/catalog-folder');
    expect([...catalog.courses.keys()].sort()).toEqual(['advanced', 'intro']);
    expect(catalog.pathways.get('track')?.courses).toEqual(['intro', 'advanced']);
  });

  it.each([
    ['a missing file', () => '/nonexistent/catalog.json', 'Catalog not found'],
    ['invalid JSON', () => catalogFile('{ nope'), 'not valid JSON'],
    ['a bad slug', () => catalogFile({ courses: [{ slug: 'Bad Slug', modules: ['m1'] }] }), 'courses.0.slug'],
    ['a course without modules', () => catalogFile({ courses: [{ slug: 'c1', modules: [] }] }), 'at least one module'],
    ['a course defined twice', () => catalogFile({ courses: [{ slug: 'c1', modules: ['m'] }, { slug: 'c1', modules: ['n'] }] }), 'defined twice'],
    ['"courses" as a pathway slug', () => catalogFile({ courses: [{ slug: 'c1', modules: ['m'] }], pathways: [{ slug: 'courses', courses: ['c1'] }] }), 'reserved'],
    ['"modules" as a pathway slug', () => catalogFile({ courses: [{ slug: 'c1', modules: ['m'] }], pathways: [{ slug: 'modules', courses: ['c1'] }] }), 'reserved'],
  ])('fails at start for %s, naming the file and the problem', (_label, path, problem) => {
    const file = path();
    expect(() => loadCatalog(file)).toThrow(CatalogError);
    expect(() => loadCatalog(file)).toThrow(problem);
    if (!file.startsWith('/nonexistent')) expect(() => loadCatalog(file)).toThrow(file);
  });
});

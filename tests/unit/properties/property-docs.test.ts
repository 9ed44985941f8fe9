import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderPropertyTable } from '../../../src/properties/property-table.js';

describe('docs/properties.md', () => {
  it('holds the property table generated from src/properties/property-definitions.ts (run `npm run docs:properties`)', () => {
    const doc = readFileSync('docs/properties.md', 'utf8');
    expect(doc).toContain(`<!-- properties:start -->\n${renderPropertyTable()}\n<!-- properties:end -->`);
  });
});

/**
 * Writes the property table of docs/properties.md from src/properties/property-definitions.ts, so the docs, provisioning and the
 * writer share one definition. `npm run docs:properties`; a test fails when the doc is out of date.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { renderPropertyTable } from '../src/properties/property-table.js';

const FILE = 'docs/properties.md';
const START = '<!-- properties:start -->';
const END = '<!-- properties:end -->';

const doc = readFileSync(FILE, 'utf8');
const [before, rest] = doc.split(START);
const after = rest?.split(END)[1];
if (before === undefined || after === undefined) throw new Error(`${FILE} needs ${START} and ${END} markers`);
writeFileSync(FILE, `${before}${START}\n${renderPropertyTable()}\n${END}${after}`);
console.log(`Updated ${FILE}`);

import { PROPERTY_DEFINITIONS, PROPERTY_GROUPS } from './property-definitions.js';

/** The Markdown table of every property, for docs/properties.md (kept in step by a test). */
export function renderPropertyTable(): string {
  const groupLabel = new Map<string, string>(Object.values(PROPERTY_GROUPS).map((g) => [g.name, g.label]));
  const rows = PROPERTY_DEFINITIONS.map((d) => {
    const type = d.options ? `${d.type} (${d.options.map((o) => o.value).join(', ')})` : d.type;
    const optional = d.optional === true ? 'optional' : 'required';
    return `| \`${d.name}\` | ${d.label} | ${type} / ${d.fieldType} | ${groupLabel.get(d.groupName) ?? d.groupName} | ${optional} | ${d.description} |`;
  });
  return ['| name | label | type / fieldType | group | portal | description |', '|---|---|---|---|---|---|', ...rows].join('\n');
}

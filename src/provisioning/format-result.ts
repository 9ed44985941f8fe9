import type { ItemResult, ProvisionMode } from './types.js';

/** The lines a person reads: one per group and property, a summary, a verdict. */

const KIND_WIDTH = 10;
const NAME_WIDTH = 30;

/**
 * One line per group or property, in columns.
 * @example formatResult({ kind: 'group', name: 'learning_milestones', outcome: 'created', detail: '', … })
 * // 'group     learning_milestones            created'
 */
export function formatResult(result: ItemResult): string {
  const head = `${result.kind.padEnd(KIND_WIDTH)}${result.name.padEnd(NAME_WIDTH)} ${result.outcome}`;
  return result.detail === '' ? head : `${head}: ${result.detail}`;
}

/**
 * Counts by outcome, over groups and properties together.
 * @example '2 groups, 10 properties: 3 created, 1 updated, 8 unchanged, 0 differ'
 */
export function formatSummary(results: readonly ItemResult[], mode: ProvisionMode): string {
  const count = (predicate: (r: ItemResult) => boolean) => results.filter(predicate).length;
  const groups = count((r) => r.kind === 'group');
  const properties = count((r) => r.kind === 'property');
  const created = count((r) => r.outcome === 'created' || r.outcome === 'would create');
  const updated = count((r) => r.outcome === 'updated' || r.outcome === 'would update');
  const unchanged = count((r) => r.outcome === 'unchanged');
  const differ = count((r) => r.outcome === 'differs');
  const changes = mode === 'apply' ? [`${created} created`, `${updated} updated`] : [`${created} to create`, `${updated} to update`];
  return (
    `${plural(groups, 'group', 'groups')}, ${plural(properties, 'property', 'properties')}: ` +
    `${changes.join(', ')}, ${unchanged} unchanged, ${plural(differ, 'differs', 'differ')}`
  );
}

/** The last line: what the run amounts to. */
export function formatVerdict(results: readonly ItemResult[], mode: ProvisionMode): string {
  const differ = results.filter((r) => r.outcome === 'differs');
  const blocking = differ.filter((r) => r.blocking).length;
  if (mode === 'dry-run') return 'Dry run: nothing was changed.';
  if (mode === 'check') {
    const off = results.filter((r) => r.outcome !== 'unchanged').length;
    return off === 0
      ? 'Check passed: HubSpot matches src/properties/property-definitions.ts.'
      : `Check failed: ${off} of ${results.length} groups and properties ${off === 1 ? 'is' : 'are'} missing or different (nothing was changed).`;
  }
  if (blocking > 0) {
    return `${plural(blocking, 'property differs', 'properties differ')} in a way the service cannot rely on: fix as described above.`;
  }
  if (results.some((r) => r.wrote)) return 'Done.';
  return differ.length === 0
    ? 'Nothing changed: HubSpot already matches src/properties/property-definitions.ts.'
    : `Nothing changed: HubSpot matches src/properties/property-definitions.ts apart from the ${plural(differ.length, 'type', 'types')} marked differs.`;
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

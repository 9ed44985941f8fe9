/**
 * How the two HubSpot doubles (the embedded local store and `tools/hubspot-simulator`) keep a property's versions, in
 * one rule both follow, so that the race repair — which merges the versions `propertiesWithHistory` returns — reads
 * the same history on either.
 *
 * HubSpot documents neither how many versions it keeps nor whether writing a property's current value adds one. The
 * doubles take the assumption that is harder on the repair: every write adds a version, the same value included (a
 * cleared value is the version `""`), and only the newest {@link MAX_VERSIONS} are kept, so repeated writes can push
 * an overwritten version out of reach sooner.
 */

/** Versions kept per property, newest first, the current value included. */
export const MAX_VERSIONS = 20;

/**
 * The versions after one write: the new version first, then the earlier ones, at most `max`.
 * @example withVersion([{ value: 'a', timestamp: t1 }], { value: 'a', timestamp: t2 }) // [{ value: 'a', timestamp: t2 }, { value: 'a', timestamp: t1 }]
 */
export function withVersion<V extends { readonly value: string }>(versions: readonly V[], written: V, max: number = MAX_VERSIONS): V[] {
  return [written, ...versions].slice(0, max);
}

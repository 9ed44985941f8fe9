const GUARDED = [Object.prototype, Array.prototype, Function.prototype, String.prototype] as const;

/**
 * Snapshots the built-in prototypes and answers what has changed since: keys added or removed, a value, getter or
 * setter replaced. Empty when nothing was polluted.
 */
export function guardPrototypes(): () => string[] {
  const before = GUARDED.map((proto) => Object.getOwnPropertyDescriptors(proto));
  return function changes(): string[] {
    const found: string[] = [];
    GUARDED.forEach((proto, i) => {
      const was = before[i] ?? {};
      const now = Object.getOwnPropertyDescriptors(proto);
      for (const key of new Set([...Reflect.ownKeys(was), ...Reflect.ownKeys(now)])) {
        const a = Reflect.get(was, key) as PropertyDescriptor | undefined;
        const b = Reflect.get(now, key) as PropertyDescriptor | undefined;
        if (a?.value !== b?.value || a?.get !== b?.get || a?.set !== b?.set || (a === undefined) !== (b === undefined)) {
          found.push(`${proto.constructor.name}.prototype.${String(key)}`);
        }
      }
    });
    // A plain object must inherit nothing enumerable, and nothing named like the payloads the tests send.
    const plain: Record<string, unknown> = {};
    for (const key in plain) found.push(`inherited enumerable key ${key}`);
    if (plain.polluted !== undefined) found.push('({}).polluted is defined');
    return found;
  };
}

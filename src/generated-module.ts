/**
 * The official HubSpot client's generated code is CommonJS. Imported from ESM it arrives as the module itself under a
 * bundler, or wrapped in `default` under Node's loader; the store's APIs (`crm/hubspot`) and the HubDB catalog
 * (`catalog/hubdb`) both build from it, so both read it through here.
 */

/** The module's exports, whether the loader gave them directly (bundlers) or as `default` (Node's ESM loader). */
export function commonJs<T extends object>(mod: T): T {
  const exports: unknown = Reflect.get(mod, 'default');
  return typeof exports === 'object' && exports !== null && !Array.isArray(exports) ? (exports as T) : mod;
}

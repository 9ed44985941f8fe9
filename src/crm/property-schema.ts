import type { Logger } from '../observability/logger.js';
import { PROPERTY_DEFINITIONS, type PropertyType } from '../properties/property-definitions.js';
import type { PortalPropertyTypes } from './portal-property-types.js';

/**
 * Reading what the portal has of this service's properties, once per process: the bulk jobs judge "does this write
 * change anything?" for thousands of contacts before they write, so they must know the portal first. One call
 * (`POST /crm/v3/properties/contacts/batch/read`) tells every property's type and which optional ones are missing;
 * learning the same from refusals costs a refused write and a read per page of a walk (see `adaptive-writes.ts`).
 */

/** A store that can read the portal's property definitions (one call). */
export interface PropertySchemaReader {
  /** The types of the named properties the portal has; a name it lacks is absent from the answer. */
  readPropertyTypes(names: readonly string[]): Promise<Map<string, PropertyType>>;
}

/** Whether a store can read definitions. */
export function readsSchema(store: object): store is PropertySchemaReader {
  return typeof Reflect.get(store, 'readPropertyTypes') === 'function';
}

/**
 * Learns the portal's definitions of every property this service writes, with one call, the first time it is asked
 * in this process; later calls cost nothing. When the definitions cannot be read (a token without
 * `crm.schemas.contacts.read`, HubSpot failing), says so once and leaves the writes to learn from HubSpot's answers.
 */
export async function settlePortal(deps: { readonly propertyTypes: PortalPropertyTypes; readonly logger: Logger; readonly store: object }): Promise<void> {
  if (!readsSchema(deps.store) || !deps.propertyTypes.claimSettling()) return;
  const names = PROPERTY_DEFINITIONS.map((d) => d.name);
  try {
    const found = await deps.store.readPropertyTypes(names);
    const learned = deps.propertyTypes.learnSchema(names, found);
    if (learned.absent.length > 0) deps.logger.warn('Optional properties missing in the portal; writing without them', { properties: learned.absent });
    if (learned.dates.length > 0) deps.logger.warn('[CRM] Portal property is date-typed; writing midnight UTC', { properties: learned.dates });
  } catch (error) {
    deps.logger.warn('Could not read the portal’s property definitions; learning them from HubSpot’s answers', { error });
  }
}

import { PROPERTY_DEFINITIONS, type PropertyType } from './properties.js';

/**
 * The types the portal actually has for our properties. Older portals created `hhl_progress_updated_at` (and
 * sometimes `hhl_last_viewed_at`) as `date`, which refuses a value that is not midnight UTC. Rather than spend a
 * HubSpot call per cold start reading definitions, the writer starts from the provisioned types and learns from
 * HubSpot's `INVALID_DATE` answer: the property is remembered as `date` for the life of the process.
 */
export class PortalPropertyTypes {
  private readonly learned = new Map<string, PropertyType>();

  constructor(overrides: Record<string, PropertyType> = {}) {
    for (const [name, type] of Object.entries(overrides)) this.learned.set(name, type);
  }

  typeOf(name: string): PropertyType | undefined {
    return this.learned.get(name) ?? PROPERTY_DEFINITIONS.find((d) => d.name === name)?.type;
  }

  /** Records that these properties are `date`-typed in the portal. Returns true when anything changed. */
  learnDateTyped(names: readonly string[]): boolean {
    let changed = false;
    for (const name of names) {
      if (this.typeOf(name) === 'datetime') {
        this.learned.set(name, 'date');
        changed = true;
      }
    }
    return changed;
  }

  /** Names of the properties still written as `datetime`. */
  datetimeProperties(): string[] {
    return PROPERTY_DEFINITIONS.map((d) => d.name).filter((name) => this.typeOf(name) === 'datetime');
  }
}

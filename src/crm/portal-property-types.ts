import type { PropertyValues } from '../properties/types.js';
import { PROPERTY_DEFINITIONS, type PropertyType } from '../properties/property-definitions.js';

/**
 * What the portal actually has of our properties, learned from HubSpot's answers rather than read at each cold start
 * (that would cost a call per Lambda container):
 * - **types**: older portals created `hhl_progress_updated_at` (and sometimes `hhl_last_viewed_at`) as `date`, which
 *   refuses a value that is not midnight UTC; HubSpot's `INVALID_DATE` answer teaches it;
 * - **absent optional properties**: a portal provisioned before a property was defined lacks it; HubSpot's
 *   `PROPERTY_DOESNT_EXIST` answer teaches it, and a read that answers a property (even empty) shows it exists.
 * Reads teach too when they can (a bare date in a `datetime` property); what is still unknown is `unsettled`.
 * Both are remembered for the life of the process. See `learning-writes.ts` for the writes that learn.
 */
export class PortalPropertyTypes {
  private readonly learned = new Map<string, PropertyType>();
  private readonly absent = new Set<string>();
  private readonly present = new Set<string>();
  /** Properties a read or an accepted write has shown to have the type the writer uses. */
  private readonly confirmed = new Set<string>();
  private settling = false;

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

  /**
   * Records that these properties do not exist in the portal. Only optional properties are learned (a required one
   * missing is a provisioning problem to report, not to work around); answers the names newly learned.
   */
  learnAbsent(names: readonly string[]): string[] {
    const learned = names.filter((name) => isOptional(name) && !this.absent.has(name));
    for (const name of learned) {
      this.absent.add(name);
      this.present.delete(name);
    }
    return learned;
  }

  isAbsent(name: string): boolean {
    return this.absent.has(name);
  }

  /**
   * Takes note of what a read shows: a property HubSpot answered (even empty) exists; a `datetime` property holding a
   * bare date is a `date` in this portal, one holding a time is a `datetime`. Answers the properties learned to be
   * `date`-typed. A missing value shows nothing.
   */
  observeRead(properties: Readonly<Record<string, string | null | undefined>>): string[] {
    const dates: string[] = [];
    for (const [name, value] of Object.entries(properties)) {
      if (isOptional(name) && !this.absent.has(name)) this.present.add(name);
      if (this.typeOf(name) !== 'datetime' || typeof value !== 'string') continue;
      if (/^\d{4}-\d{2}-\d{2}$/.test(value.trim())) dates.push(name);
      else if (value.includes('T')) this.confirmed.add(name);
    }
    return this.learnDateTyped(dates) ? dates : [];
  }

  /** Takes note that HubSpot accepted a write of these properties: they exist, with the types they were sent as. */
  observeWritten(names: Iterable<string>): void {
    for (const name of names) {
      if (isOptional(name) && !this.absent.has(name)) this.present.add(name);
      this.confirmed.add(name);
    }
  }

  /**
   * The properties among `names` a write could still be refused for, for all the writer knows: optional ones not
   * known to exist or to be absent, and `datetime` ones no read or write has shown to be `datetime`.
   */
  unsettled(names: Iterable<string>): string[] {
    return [...names].filter(
      (name) => (isOptional(name) && !this.absent.has(name) && !this.present.has(name)) || (this.typeOf(name) === 'datetime' && !this.confirmed.has(name)),
    );
  }

  /**
   * Whether this is the first time the portal's definitions are to be read in this process (then the caller reads
   * them); false afterwards, whatever came of it.
   */
  claimSettling(): boolean {
    if (this.settling) return false;
    this.settling = true;
    return true;
  }

  /**
   * Takes note of the portal's definitions of `asked`: those in `found` exist with those types (a `date` where the
   * service writes a `datetime` is learned), the optional ones not found are absent. Answers what that taught.
   */
  learnSchema(asked: readonly string[], found: ReadonlyMap<string, PropertyType>): { absent: string[]; dates: string[] } {
    const dates: string[] = [];
    for (const [name, type] of found) {
      if (type === 'date' && this.typeOf(name) === 'datetime') dates.push(name);
      if (isOptional(name)) this.present.add(name);
      this.absent.delete(name);
    }
    this.learnDateTyped(dates);
    for (const name of asked) if (found.has(name)) this.confirmed.add(name);
    const absent = this.learnAbsent(asked.filter((name) => !found.has(name)));
    return { absent, dates };
  }

  /** `values` as this portal takes them: absent optional properties left out, `date` properties as their day. */
  adapt(values: PropertyValues): PropertyValues {
    const out: PropertyValues = {};
    for (const [name, value] of Object.entries(values)) {
      if (this.absent.has(name)) continue;
      out[name] = this.typeOf(name) === 'date' && /T/.test(value) ? value.slice(0, 10) : value;
    }
    return out;
  }
}

function isOptional(name: string): boolean {
  return PROPERTY_DEFINITIONS.some((d) => d.name === name && d.optional === true);
}

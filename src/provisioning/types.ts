import type { FieldType, PropertyType } from '../properties/property-definitions.js';

/**
 * What provisioning reads from HubSpot and what it sends, as plain objects: the planner and the runner never see
 * the official client's classes, so they can be tested with literals.
 */

/** A property group as HubSpot returned it. */
export interface RemoteGroup {
  readonly name: string;
  readonly label: string;
}

/** One option of an enumeration property as HubSpot returned it. */
export interface RemoteOption {
  readonly label: string;
  readonly value: string;
  readonly displayOrder?: number;
  readonly hidden?: boolean;
}

/** A property definition as HubSpot returned it. `type` and `fieldType` are whatever the portal holds. */
export interface RemoteProperty {
  readonly name: string;
  readonly label: string;
  readonly description: string;
  readonly groupName: string;
  readonly type: string;
  readonly fieldType: string;
  readonly options: readonly RemoteOption[];
}

/** An enumeration option as provisioning sends it. */
export interface OptionBody {
  readonly label: string;
  readonly value: string;
  readonly displayOrder: number;
  readonly hidden: boolean;
}

/** `POST /crm/v3/properties/contacts/groups` */
export interface GroupCreateBody {
  readonly name: string;
  readonly label: string;
}

/** `PATCH /crm/v3/properties/contacts/groups/{name}` */
export interface GroupUpdateBody {
  readonly label: string;
}

/** `POST /crm/v3/properties/contacts` */
export interface PropertyCreateBody {
  readonly name: string;
  readonly label: string;
  readonly description: string;
  readonly groupName: string;
  readonly type: PropertyType;
  readonly fieldType: FieldType;
  readonly options?: readonly OptionBody[];
}

/** `PATCH /crm/v3/properties/contacts/{name}`: only the fields that differ. Never `type`: a type is not converted. */
export interface PropertyUpdateBody {
  readonly label?: string;
  readonly description?: string;
  readonly groupName?: string;
  readonly fieldType?: FieldType;
  readonly options?: readonly OptionBody[];
}

/** `apply` writes; `dry-run` and `check` only read (check also fails when anything is missing or different). */
export type ProvisionMode = 'apply' | 'dry-run' | 'check';

export type Outcome = 'created' | 'updated' | 'unchanged' | 'differs' | 'would create' | 'would update';

/** What happened to one group or property, as printed on its line. */
export interface ItemResult {
  readonly kind: 'group' | 'property';
  readonly name: string;
  readonly outcome: Outcome;
  /** What differs, what was done about it, what the service does about it; empty when there is nothing to say. */
  readonly detail: string;
  /** `differs` only: the service cannot rely on the property as HubSpot holds it. */
  readonly blocking: boolean;
  /** True when this run sent HubSpot a create or an update for it. */
  readonly wrote: boolean;
}

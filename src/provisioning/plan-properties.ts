import type { PropertyDefinition, PropertyGroupDefinition, PropertyType } from '../properties/property-definitions.js';
import { groupCreateBody, optionBodies, propertyCreateBody } from './request-bodies.js';
import type {
  GroupCreateBody,
  GroupUpdateBody,
  OptionBody,
  PropertyCreateBody,
  PropertyUpdateBody,
  RemoteGroup,
  RemoteOption,
  RemoteProperty,
} from './types.js';

/**
 * Decides, per group and property, what provisioning does: create what is missing, update what differs in a way
 * HubSpot can change in place (label, description, group, options, fieldType), and report a `type` that differs
 * without converting it. Pure: definitions and what HubSpot returned in, a plan out.
 *
 * `fieldType` is not compared on `date` and `datetime` properties: HubSpot gives both the fieldType `date`, and the
 * value the service writes depends on the `type` alone.
 */

export type PlanAction = 'create' | 'update' | 'unchanged' | 'differs';

/** A `type` in HubSpot other than the defined one, and what that means for the service. */
export interface TypeMismatch {
  readonly actual: string;
  readonly expected: PropertyType;
  /** True when the service keeps working with the portal's type (a `date` where a `datetime` is defined). */
  readonly tolerated: boolean;
  /** What the service does about it, or how to fix it. */
  readonly consequence: string;
}

export type GroupPlan =
  | { readonly kind: 'group'; readonly name: string; readonly action: 'create'; readonly body: GroupCreateBody }
  | {
      readonly kind: 'group';
      readonly name: string;
      readonly action: 'update';
      readonly differences: readonly string[];
      readonly body: GroupUpdateBody;
    }
  | { readonly kind: 'group'; readonly name: string; readonly action: 'unchanged' };

export type PropertyPlan =
  | { readonly kind: 'property'; readonly name: string; readonly action: 'create'; readonly body: PropertyCreateBody }
  | {
      readonly kind: 'property';
      readonly name: string;
      readonly action: 'update';
      readonly differences: readonly string[];
      readonly body: PropertyUpdateBody;
    }
  | { readonly kind: 'property'; readonly name: string; readonly action: 'unchanged' }
  | {
      readonly kind: 'property';
      readonly name: string;
      readonly action: 'differs';
      readonly typeMismatch: TypeMismatch;
      /** Other differences, still fixed in place; empty when there are none. */
      readonly differences: readonly string[];
      /** The PATCH for those other differences; never carries `type` or `fieldType`. */
      readonly body?: PropertyUpdateBody;
    };

export type PlanItem = GroupPlan | PropertyPlan;

/** What HubSpot returned for each name; a name that is absent was answered with 404. */
export interface PortalSnapshot {
  readonly groups: ReadonlyMap<string, RemoteGroup>;
  readonly properties: ReadonlyMap<string, RemoteProperty>;
}

export interface Definitions {
  readonly groups: readonly PropertyGroupDefinition[];
  readonly properties: readonly PropertyDefinition[];
}

/** Plans every group, then every property, in the order of the definitions (groups must exist before properties). */
export function planProvisioning(definitions: Definitions, portal: PortalSnapshot): PlanItem[] {
  return [
    ...definitions.groups.map((group) => planGroup(group, portal.groups.get(group.name))),
    ...definitions.properties.map((property) => planProperty(property, portal.properties.get(property.name))),
  ];
}

/** Plans one group: create when missing, update its label when that differs. */
export function planGroup(definition: PropertyGroupDefinition, remote: RemoteGroup | undefined): GroupPlan {
  const { name } = definition;
  if (remote === undefined) return { kind: 'group', name, action: 'create', body: groupCreateBody(definition) };
  if (remote.label === definition.label) return { kind: 'group', name, action: 'unchanged' };
  return {
    kind: 'group',
    name,
    action: 'update',
    differences: [`label ${quote(remote.label)} → ${quote(definition.label)}`],
    body: { label: definition.label },
  };
}

/**
 * Plans one property.
 * @example planProperty(definitionOf('hhl_progress_updated_at'), { ...remote, type: 'date' }).action // 'differs'
 */
export function planProperty(definition: PropertyDefinition, remote: RemoteProperty | undefined): PropertyPlan {
  const { name } = definition;
  if (remote === undefined) return { kind: 'property', name, action: 'create', body: propertyCreateBody(definition) };

  const typeMismatch = typeMismatchOf(definition, remote.type);
  const { differences, body } = compareInPlace(definition, remote, typeMismatch === undefined);
  if (typeMismatch !== undefined) {
    return {
      kind: 'property',
      name,
      action: 'differs',
      typeMismatch,
      differences,
      ...(differences.length > 0 ? { body } : {}),
    };
  }
  if (differences.length === 0) return { kind: 'property', name, action: 'unchanged' };
  return { kind: 'property', name, action: 'update', differences, body };
}

const TOLERATED_CONSEQUENCE = 'the service writes midnight UTC dates to it; keeps working';

/** The `type` difference, if any. Only a `date` where a `datetime` is defined is tolerated: the writer adapts to it. */
export function typeMismatchOf(definition: PropertyDefinition, actual: string): TypeMismatch | undefined {
  const expected = definition.type;
  if (actual === expected) return undefined;
  if (expected === 'datetime' && actual === 'date') {
    return { actual, expected, tolerated: true, consequence: TOLERATED_CONSEQUENCE };
  }
  return {
    actual,
    expected,
    tolerated: false,
    consequence:
      `the service's writes to it may be refused; to fix, delete it in HubSpot (its values are lost) and run this ` +
      `again to recreate it as ${expected}, or give the property a new name in src/properties/property-definitions.ts`,
  };
}

/**
 * The differences a PATCH can fix, and that PATCH. `fieldType` and options are compared only when the types match:
 * they mean nothing across types, and a PATCH of them would ask HubSpot to convert.
 */
function compareInPlace(
  definition: PropertyDefinition,
  remote: RemoteProperty,
  sameType: boolean,
): { differences: string[]; body: PropertyUpdateBody } {
  const differences: string[] = [];
  const body: { -readonly [K in keyof PropertyUpdateBody]: PropertyUpdateBody[K] } = {};
  if (remote.label !== definition.label) {
    differences.push(`label ${quote(remote.label)} → ${quote(definition.label)}`);
    body.label = definition.label;
  }
  if (remote.description !== definition.description) {
    differences.push('description');
    body.description = definition.description;
  }
  if (remote.groupName !== definition.groupName) {
    differences.push(`group ${remote.groupName} → ${definition.groupName}`);
    body.groupName = definition.groupName;
  }
  if (sameType && !isDateLike(definition.type) && remote.fieldType !== definition.fieldType) {
    differences.push(`fieldType ${remote.fieldType} → ${definition.fieldType}`);
    body.fieldType = definition.fieldType;
  }
  if (sameType && definition.type === 'enumeration') {
    const expected = optionBodies(definition);
    const optionDifferences = compareOptions(expected, remote.options);
    if (optionDifferences.length > 0) {
      differences.push(`options (${optionDifferences.join(', ')})`);
      body.options = expected;
    }
  }
  return { differences, body };
}

/** Phrases for how the portal's options differ from the defined ones; empty when they match. */
export function compareOptions(expected: readonly OptionBody[], actual: readonly RemoteOption[]): string[] {
  const phrases: string[] = [];
  const actualByValue = new Map(actual.map((option) => [option.value, option]));
  const expectedValues = new Set(expected.map((option) => option.value));
  for (const option of expected) {
    const found = actualByValue.get(option.value);
    if (found === undefined) {
      phrases.push(`missing ${option.value}`);
      continue;
    }
    if (found.label !== option.label) phrases.push(`${option.value} label ${quote(found.label)} → ${quote(option.label)}`);
    if (found.displayOrder !== option.displayOrder) {
      phrases.push(`${option.value} order ${found.displayOrder ?? 'unset'} → ${option.displayOrder}`);
    }
    if ((found.hidden ?? false) !== option.hidden) phrases.push(`${option.value} hidden`);
  }
  for (const option of actual) {
    if (!expectedValues.has(option.value)) phrases.push(`extra ${option.value}`);
  }
  return phrases;
}

function isDateLike(type: PropertyType): boolean {
  return type === 'date' || type === 'datetime';
}

function quote(text: string): string {
  return JSON.stringify(text);
}

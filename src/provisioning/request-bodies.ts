import type { PropertyDefinition, PropertyGroupDefinition } from '../properties/property-definitions.js';
import type { GroupCreateBody, OptionBody, PropertyCreateBody } from './types.js';

/** The `POST /crm/v3/properties/contacts/groups` body for a group definition. */
export function groupCreateBody(definition: PropertyGroupDefinition): GroupCreateBody {
  return { name: definition.name, label: definition.label };
}

/**
 * The `POST /crm/v3/properties/contacts` body for a property definition; `options` only for an enumeration.
 * @example propertyCreateBody(definitionOf('hhl_total_progress')) // { name, label, description, groupName, type: 'number', fieldType: 'number' }
 */
export function propertyCreateBody(definition: PropertyDefinition): PropertyCreateBody {
  const { name, label, description, groupName, type, fieldType } = definition;
  const options = optionBodies(definition);
  return { name, label, description, groupName, type, fieldType, ...(options.length > 0 ? { options } : {}) };
}

/** The enumeration options a definition declares, in order: `displayOrder` is the position, none hidden. */
export function optionBodies(definition: PropertyDefinition): OptionBody[] {
  return (definition.options ?? []).map((option, index) => ({
    label: option.label,
    value: option.value,
    displayOrder: index,
    hidden: false,
  }));
}

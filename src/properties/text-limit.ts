/**
 * HubSpot's limit on a text property's value. A module of its own, with no imports, so that the engine can respect it
 * without depending on the property definitions (which depend on the engine).
 */
export const MAX_TEXT_LENGTH = 65_536;

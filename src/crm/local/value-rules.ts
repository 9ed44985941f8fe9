import { CrmError } from '../../errors.js';
import { MAX_TEXT_LENGTH, PROPERTY_DEFINITIONS, type PropertyType } from '../../properties/property-definitions.js';

/**
 * HubSpot's value rules, as the embedded local store applies them: the same types, the same limits, the same
 * all-or-nothing failure and the same error shape (`Property values were not valid: [...]`, category
 * `VALIDATION_ERROR`), so code that handles HubSpot's 400s can be exercised without a portal.
 */

/** The type of every property a store accepts writes to, by name. */
export type PropertyTypes = Readonly<Record<string, PropertyType>>;

/** One rejected value, shaped like an entry of HubSpot's validation results. */
export interface ValidationIssue {
  readonly isValid: false;
  readonly message: string;
  /** HubSpot's code: `INVALID_DATE`, `INVALID_OPTION`, `PROPERTY_DOESNT_EXIST`, `READ_ONLY_VALUE`, … */
  readonly error: string;
  readonly name: string;
}

/** Default contact properties the service may write besides its own. */
const WRITABLE_BUILT_INS: PropertyTypes = { email: 'string', firstname: 'string', lastname: 'string', lifecyclestage: 'string' };

/**
 * Set by HubSpot itself: readable, never writable. Merges fill `hs_merged_object_ids` (`;`-separated ids) and
 * `hs_calculated_merged_vids`; secondary addresses are `hs_additional_emails` (`;`-separated).
 */
export const READ_ONLY_PROPERTIES: readonly string[] = [
  'createdate',
  'lastmodifieddate',
  'hs_object_id',
  'hs_merged_object_ids',
  'hs_calculated_merged_vids',
  'hs_additional_emails',
];

const MS_PER_DAY = 86_400_000;
const EPOCH_MS = /^-?\d+$/;
const CALENDAR_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
// A time without a zone would be read in the machine's zone; HubSpot has no such notion, so require one.
const ISO_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
const NUMERIC = /^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;
// Loose on purpose: a store that rejects what HubSpot accepts would hide bugs instead of showing them.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * The property types a local store validates against: the service's definitions plus the built-ins it writes,
 * with `overrides` winning (e.g. a portal where `hhl_progress_updated_at` was provisioned as a `date`).
 */
export function resolvePropertyTypes(overrides: PropertyTypes = {}): PropertyTypes {
  const fromDefinitions = Object.fromEntries(PROPERTY_DEFINITIONS.map((d) => [d.name, d.type]));
  return Object.freeze({ ...WRITABLE_BUILT_INS, ...fromDefinitions, ...overrides });
}

/**
 * Checks every value and answers them as HubSpot stores them (`date` as `YYYY-MM-DD`, `datetime` as ISO-8601
 * with milliseconds, `""` as a cleared value), or every issue found when any value is invalid.
 */
export function validatePropertyValues(
  values: Readonly<Record<string, string>>,
  types: PropertyTypes,
): { ok: true; values: Record<string, string | null> } | { ok: false; issues: ValidationIssue[] } {
  const normalised: Record<string, string | null> = {};
  const issues: ValidationIssue[] = [];
  for (const [name, value] of Object.entries(values)) {
    const result = checkValue(name, value, types);
    if (typeof result === 'object' && result !== null) issues.push(result);
    else normalised[name] = result;
  }
  return issues.length > 0 ? { ok: false, issues } : { ok: true, values: normalised };
}

/** Builds the 400 HubSpot answers for a write with invalid values. */
export function validationError(issues: readonly ValidationIssue[]): CrmError {
  const invalidDateProperties = issues.filter((i) => i.error === 'INVALID_DATE').map((i) => i.name);
  const results = issues.map((i) => ({ ...i, localizedErrorMessage: i.message }));
  return new CrmError(`Property values were not valid: ${JSON.stringify(results)}`, {
    status: 400,
    retryable: false,
    category: 'VALIDATION_ERROR',
    ...(invalidDateProperties.length > 0 ? { invalidDateProperties } : {}),
  });
}

/** HubSpot's 404 for a write to an id it does not know. */
export function notFoundError(id: string): CrmError {
  return new CrmError(`Contact ${id} does not exist`, { status: 404, retryable: false, category: 'OBJECT_NOT_FOUND' });
}

/** HubSpot's 409 for an email another contact has. */
export function conflictError(existingId: string): CrmError {
  return new CrmError(`Contact already exists. Existing ID: ${existingId}`, { status: 409, retryable: false, category: 'CONFLICT' });
}

function checkValue(name: string, raw: string, types: PropertyTypes): string | null | ValidationIssue {
  const issue = (error: string, message: string): ValidationIssue => ({ isValid: false, message, error, name });
  if (READ_ONLY_PROPERTIES.includes(name)) return issue('READ_ONLY_VALUE', `${name} is a read only property; its value cannot be set.`);
  const type = types[name];
  if (type === undefined) return issue('PROPERTY_DOESNT_EXIST', `Property "${name}" does not exist`);
  if (typeof raw !== 'string') return issue('INVALID_STRING', `${String(raw)} is not a string`);
  // HubSpot clears a property when it is sent an empty string, whatever its type.
  if (raw === '') return null;
  switch (type) {
    case 'string':
      if (raw.length > MAX_TEXT_LENGTH) {
        return issue('INVALID_STRING_LENGTH', `value for ${name} is ${raw.length} characters, over the limit of ${MAX_TEXT_LENGTH}`);
      }
      if (name === 'email') {
        return EMAIL.test(raw.trim()) ? raw.trim().toLowerCase() : issue('INVALID_EMAIL', `Email address ${raw} is invalid`);
      }
      return raw;
    case 'number':
      return NUMERIC.test(raw.trim()) ? raw.trim() : issue('INVALID_NUMBER', `${raw} was not a valid number.`);
    case 'date':
      return checkDate(raw, issue);
    case 'datetime': {
      const ms = parseInstant(raw);
      return ms === undefined ? issue('INVALID_DATETIME', `${raw} was not a valid long or ISO-8601 date-time.`) : new Date(ms).toISOString();
    }
    case 'enumeration':
      return checkOption(name, raw, issue);
  }
}

function checkDate(raw: string, issue: (error: string, message: string) => ValidationIssue): string | ValidationIssue {
  const ms = parseInstant(raw);
  if (ms === undefined) return issue('INVALID_DATE', `${raw} was not a valid date.`);
  const at = new Date(ms);
  if (ms % MS_PER_DAY !== 0) {
    // HubSpot's own wording, seconds and all: "1737221400000 is at 17:30:0.0 UTC, not midnight!"
    const hh = String(at.getUTCHours()).padStart(2, '0');
    const mm = String(at.getUTCMinutes()).padStart(2, '0');
    const seconds = at.getUTCSeconds() + at.getUTCMilliseconds() / 1000;
    const ss = Number.isInteger(seconds) ? seconds.toFixed(1) : String(seconds);
    return issue('INVALID_DATE', `${raw} is at ${hh}:${mm}:${ss} UTC, not midnight!`);
  }
  return at.toISOString().slice(0, 10);
}

function checkOption(name: string, raw: string, issue: (error: string, message: string) => ValidationIssue): string | ValidationIssue {
  const options = PROPERTY_DEFINITIONS.find((d) => d.name === name)?.options?.map((o) => o.value) ?? [];
  return options.includes(raw) ? raw : issue('INVALID_OPTION', `${raw} was not one of the allowed options: [${options.join(', ')}]`);
}

/** Epoch milliseconds of an epoch-ms string, a calendar date or an ISO-8601 date-time; undefined otherwise. */
function parseInstant(raw: string): number | undefined {
  const value = raw.trim();
  if (EPOCH_MS.test(value)) {
    const ms = Number(value);
    return Number.isSafeInteger(ms) && !Number.isNaN(new Date(ms).getTime()) ? ms : undefined;
  }
  const date = CALENDAR_DATE.exec(value);
  if (date) {
    // Date.parse rolls 2026-02-30 over to March; HubSpot rejects it, so check the fields survive the round trip.
    const ms = Date.UTC(Number(date[1]), Number(date[2]) - 1, Number(date[3]));
    return new Date(ms).toISOString().startsWith(value) ? ms : undefined;
  }
  if (!ISO_DATETIME.test(value)) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

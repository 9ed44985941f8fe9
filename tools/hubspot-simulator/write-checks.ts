import {
  validatePropertyValues,
  type PropertyTypes,
  type ValidationIssue,
} from '../../src/crm/local/value-rules.js';
import type { CheckedValues, ContactHistoryStore } from './contact-history-store.js';
import { normaliseEmail } from './contact-history-store.js';
import { conflictBody, invalidValuesBody, missingRequiredBody } from './error-bodies.js';
import { enforcesRequiredFields, type RouteContext } from './route-context.js';
import { json, type SimResponse } from './sim-response.js';

/**
 * The checks every write makes before it touches the store, with the embedded store's own rules
 * (`validatePropertyValues`): a write with one bad value writes nothing.
 */

export type Checked<T> = { ok: true; value: T } | { ok: false; response: SimResponse };

/**
 * Checks the values of several writes at once; one 400 lists the issues of all of them. `invalidEmails` are refused
 * as HubSpot's own validation would (`INVALID_EMAIL`).
 */
export function checkValues(
  writes: readonly Readonly<Record<string, string>>[],
  types: PropertyTypes,
  invalidEmails: readonly string[] = [],
): Checked<CheckedValues[]> {
  const checked: CheckedValues[] = [];
  const issues: ValidationIssue[] = [];
  for (const values of writes) {
    const result = checkOne(values, types, invalidEmails);
    if (result.ok) checked.push(result.values);
    else issues.push(...result.issues);
  }
  return issues.length > 0 ? { ok: false, response: json(400, invalidValuesBody(issues)) } : { ok: true, value: checked };
}

/** One write's values checked, or its issues. */
export function checkOne(
  values: Readonly<Record<string, string>>,
  types: PropertyTypes,
  invalidEmails: readonly string[],
): { ok: true; values: Record<string, string | null> } | { ok: false; issues: ValidationIssue[] } {
  const result = validatePropertyValues(values, types);
  const email = values['email'];
  const refused = email !== undefined && invalidEmails.some((bad) => normaliseEmail(bad) === normaliseEmail(email));
  if (!refused) return result;
  const issue: ValidationIssue = { isValid: false, message: `Email address ${email} is invalid`, error: 'INVALID_EMAIL', name: 'email' };
  return { ok: false, issues: [...(result.ok ? [] : result.issues), issue] };
}

/** The properties a create lacks that the portal requires, when this API version enforces them (2026-09 on). */
export function missingRequired(values: Readonly<Record<string, string>>, context: RouteContext): string[] {
  if (!enforcesRequiredFields(context.version)) return [];
  return context.options.requiredProperties.filter((name) => (values[name] ?? '').trim() === '');
}

/** HubSpot's 400 for a create the portal's required-field rules refuse; undefined when none is missing. */
export function requiredFieldsRefusal(values: Readonly<Record<string, string>>, context: RouteContext): SimResponse | undefined {
  const missing = missingRequired(values, context);
  return missing.length === 0 ? undefined : json(400, missingRequiredBody(missing));
}

/**
 * HubSpot's 409 when a write would give a contact an email another contact has. `selfId` is the contact written to,
 * absent for a create.
 */
export function emailConflict(store: ContactHistoryStore, email: string | undefined, selfId?: string): SimResponse | undefined {
  const owner = emailOwner(store, email, selfId);
  return owner === undefined ? undefined : json(409, conflictBody(owner));
}

/** The contact other than `selfId` that has this email as its primary or an additional email. */
export function emailOwner(store: ContactHistoryStore, email: string | undefined, selfId?: string): string | undefined {
  if (email === undefined || email.trim() === '') return undefined;
  const owner = store.idOfEmail(email);
  return owner !== undefined && owner !== selfId ? owner : undefined;
}

/** The emails that occur more than once among these (normalised), in order of first repeat. */
export function repeatedEmails(emails: readonly (string | undefined)[]): string[] {
  const seen = new Set<string>();
  const repeated = new Set<string>();
  for (const email of emails) {
    if (email === undefined || email.trim() === '') continue;
    const key = normaliseEmail(email);
    if (seen.has(key)) repeated.add(key);
    seen.add(key);
  }
  return [...repeated];
}

import {
  validatePropertyValues,
  type PropertyTypes,
  type ValidationIssue,
} from '../../src/crm/local/value-rules.js';
import type { CheckedValues, ContactHistoryStore } from './contact-history-store.js';
import { normaliseEmail } from './contact-history-store.js';
import { conflictBody, invalidValuesBody } from './error-bodies.js';
import { json, type SimResponse } from './sim-response.js';

/**
 * The checks every write makes before it touches the store, with the embedded store's own rules
 * (`validatePropertyValues`): a write with one bad value writes nothing.
 */

export type Checked<T> = { ok: true; value: T } | { ok: false; response: SimResponse };

/** Checks the values of several writes at once; one 400 lists the issues of all of them. */
export function checkValues(writes: readonly Readonly<Record<string, string>>[], types: PropertyTypes): Checked<CheckedValues[]> {
  const checked: CheckedValues[] = [];
  const issues: ValidationIssue[] = [];
  for (const values of writes) {
    const result = validatePropertyValues(values, types);
    if (result.ok) checked.push(result.values);
    else issues.push(...result.issues);
  }
  return issues.length > 0 ? { ok: false, response: json(400, invalidValuesBody(issues)) } : { ok: true, value: checked };
}

/**
 * HubSpot's 409 when a write would give a contact an email another contact has. `selfId` is the contact written to,
 * absent for a create.
 */
export function emailConflict(store: ContactHistoryStore, email: string | undefined, selfId?: string): SimResponse | undefined {
  if (email === undefined || email.trim() === '') return undefined;
  const owner = store.idOfEmail(email);
  return owner !== undefined && owner !== selfId ? json(409, conflictBody(owner)) : undefined;
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

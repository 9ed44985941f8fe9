import type { PropertyType } from './types.js';

/** `2026-11-21T17:30:00.000Z` → `2026-11-21` (midnight UTC, the form a HubSpot `date` property accepts). */
export function toDateOnly(instant: string | Date): string {
  const d = typeof instant === 'string' ? new Date(instant) : instant;
  return d.toISOString().slice(0, 10);
}

/** Formats an instant for a property of the given type: a `date` gets its day, a `datetime` the full ISO instant. */
export function formatInstant(instant: string | Date, type: PropertyType | undefined): string {
  const iso = typeof instant === 'string' ? new Date(instant).toISOString() : instant.toISOString();
  return type === 'date' ? toDateOnly(iso) : iso;
}

/**
 * Reads a date or datetime value as HubSpot returns it (ISO instant, `YYYY-MM-DD`, or epoch milliseconds).
 * Undefined when empty or unreadable.
 */
export function parseStoredInstant(value: string | null | undefined): Date | undefined {
  if (value === null || value === undefined || value.trim() === '') return undefined;
  const trimmed = value.trim();
  const ms = /^\d+$/.test(trimmed) ? Number(trimmed) : Date.parse(trimmed);
  return Number.isFinite(ms) ? new Date(ms) : undefined;
}

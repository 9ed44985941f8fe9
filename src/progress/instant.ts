/**
 * Parsing and ordering of instants. Parsing is done by hand rather than with `Date.parse`, whose handling of strings
 * without a zone (local time) and of impossible dates (`2026-02-30`) varies and would make stored data ambiguous.
 */
import type { Instant } from './types.js';

const ISO_DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?([Zz]|[+-]\d{2}:\d{2})?$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MINUTE_MS = 60_000;

export interface ParseInstantOptions {
  /** When true a zone designator (`Z` or `±hh:mm`) is required; when false a missing zone means UTC. */
  readonly requireZone: boolean;
  /** When true a bare date (`2026-11-21`) is accepted as midnight UTC. */
  readonly allowDateOnly?: boolean;
}

/** Epoch milliseconds of an ISO-8601 instant in extended format, or undefined when it is not one. */
export function parseIsoInstant(text: string, options: ParseInstantOptions): number | undefined {
  const dateOnly = options.allowDateOnly === true ? ISO_DATE.exec(text) : null;
  if (dateOnly) return utcMillis(dateOnly[1], dateOnly[2], dateOnly[3], '00', '00', '00', '', 0);
  const match = ISO_DATE_TIME.exec(text);
  if (!match) return undefined;
  const [, year, month, day, hour, minute, second = '00', fraction = '', zone] = match;
  if (zone === undefined && options.requireZone) return undefined;
  const offset = zone === undefined ? 0 : zoneOffsetMinutes(zone);
  if (offset === undefined) return undefined;
  return utcMillis(year, month, day, hour, minute, second, fraction, offset);
}

/** The canonical `toISOString()` form of epoch milliseconds, or undefined outside years 0000–9999. */
export function toInstant(epochMs: number): Instant | undefined {
  if (!Number.isFinite(epochMs)) return undefined;
  const date = new Date(epochMs);
  if (Number.isNaN(date.getTime())) return undefined;
  const text = date.toISOString();
  // Six-digit years (`+010000-…`) would not parse back, so they are treated as unparseable.
  return /^\d{4}-/.test(text) ? text : undefined;
}

/**
 * A total order on instants: by time, then by text. Unparseable text sorts after every valid instant so that merges
 * stay commutative even when handed odd input.
 */
export function compareInstants(a: Instant, b: Instant): number {
  const ta = Date.parse(a);
  const tb = Date.parse(b);
  const aValid = !Number.isNaN(ta);
  const bValid = !Number.isNaN(tb);
  if (aValid !== bValid) return aValid ? -1 : 1;
  if (aValid && ta !== tb) return ta < tb ? -1 : 1;
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

/** The earlier of two optional instants; undefined is the identity. */
export function earliestInstant(a: Instant | undefined, b: Instant | undefined): Instant | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return compareInstants(a, b) <= 0 ? a : b;
}

/** The later of two optional instants; undefined is the identity. */
export function latestInstant(a: Instant | undefined, b: Instant | undefined): Instant | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return compareInstants(a, b) >= 0 ? a : b;
}

function zoneOffsetMinutes(zone: string): number | undefined {
  if (zone === 'Z' || zone === 'z') return 0;
  const hours = Number(zone.slice(1, 3));
  const minutes = Number(zone.slice(4, 6));
  if (hours > 23 || minutes > 59) return undefined;
  const sign = zone.startsWith('-') ? -1 : 1;
  return sign * (hours * 60 + minutes);
}

function utcMillis(
  yearText: string | undefined,
  monthText: string | undefined,
  dayText: string | undefined,
  hourText: string | undefined,
  minuteText: string | undefined,
  secondText: string,
  fraction: string,
  offsetMinutes: number,
): number | undefined {
  const year = Number(yearText);
  const month = Number(monthText);
  const day = Number(dayText);
  const hour = Number(hourText);
  const minute = Number(minuteText);
  const second = Number(secondText);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  const millis = Number(fraction.padEnd(3, '0').slice(0, 3));
  // `Date.UTC` maps years 0–99 to 1900–1999, so the year is set separately.
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, millis);
  return date.getTime() - offsetMinutes * MINUTE_MS;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function isLeapYear(year: number): boolean {
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
}

/** Numbers and durations as the bulk jobs print them, whatever the machine's locale. */

/**
 * Thousands grouped with commas.
 * @example formatCount(12345) // '12,345'
 */
export function formatCount(value: number): string {
  return String(value).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/**
 * Seconds as `37s`, `4m05s` or `2h03m`.
 * @example formatDuration(245) // '4m05s'
 */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

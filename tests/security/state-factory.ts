import { StateTooLargeError } from '../../src/errors.js';
import { emptyRecord, emptyState, makeCourse, makeModule, serializeState } from '../../src/progress/index.js';
import type { ProgressState } from '../../src/progress/types.js';
import { NOW } from '../helpers/app-fixture.js';
import { MAX_TEXT_LENGTH } from '../../src/properties/text-limit.js';

const AT = NOW.toISOString();
const SLUG_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** A state with one standalone course (not in the catalog) holding `slugs.length` completed modules. */
export function stateWithModules(course: string, slugs: readonly string[]): ProgressState {
  const modules = emptyRecord<ReturnType<typeof makeModule>>();
  for (const slug of slugs) modules[slug] = makeModule({ started: true, started_at: AT, completed: true, completed_at: AT });
  const state = emptyState();
  state.courses[course] = makeCourse({ enrolled: true, enrolled_at: AT, enrollment_source: 'legacy_import', started: true, started_at: AT, completed: false, modules });
  return state;
}

/** `count` readable module slugs: `module-0001`, `module-0002`, … (they compress well, as real slugs do). */
export function sequentialSlugs(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `module-${String(i + 1).padStart(4, '0')}`);
}

/** A seeded generator of random slugs, so a state that does not compress is the same on every run. */
export function randomSlugs(seed: number): (length: number) => string {
  let s = seed >>> 0;
  const next = () => {
    // mulberry32
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  return (length) => Array.from({ length }, () => SLUG_ALPHABET[Math.floor(next() * SLUG_ALPHABET.length)]).join('');
}

/**
 * The most random-slug modules a standalone course can hold while its state still fits a HubSpot text property:
 * its serialized form is near 65,536 characters, so almost any further module makes it too large to store.
 */
export function stateAtTheLimit(course: string, seed: number): { state: ProgressState; serialized: string } {
  const slug = randomSlugs(seed);
  const slugs = Array.from({ length: 4_000 }, () => slug(40));
  const fits = (n: number) => {
    try {
      return serializeState(stateWithModules(course, slugs.slice(0, n)), MAX_TEXT_LENGTH);
    } catch (error) {
      if (error instanceof StateTooLargeError) return undefined;
      throw error;
    }
  };
  let low = 1;
  let high = slugs.length;
  if (fits(high) !== undefined) throw new Error('4,000 random modules fit: raise the count');
  while (high - low > 1) {
    const mid = Math.floor((low + high) / 2);
    if (fits(mid) === undefined) high = mid;
    else low = mid;
  }
  const serialized = fits(low);
  if (serialized === undefined) throw new Error('no state fits');
  return { state: stateWithModules(course, slugs.slice(0, low)), serialized };
}

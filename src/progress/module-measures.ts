/** The bounds of a module's measures: what an import accepts and what a stored state may hold. */

/** Scores are percentages. */
export const MAX_SCORE = 100;

/** Ten years of seconds: far above any real module, low enough to keep sums exact. */
export const MAX_TIME_SPENT_SECONDS = 10 * 365 * 24 * 60 * 60;

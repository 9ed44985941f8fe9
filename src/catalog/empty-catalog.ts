import type { Catalog } from '../progress/types.js';

/** A catalog that knows nothing: what reads derive with when no catalog could be loaded (stored flags count as facts). */
export const EMPTY_CATALOG: Catalog = Object.freeze({ courses: new Map(), pathways: new Map(), modules: new Map() });

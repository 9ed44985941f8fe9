/**
 * HHL progress browser client: `init`, `track`, `hydrate`, the page helpers `mark` and `showSynced`, and sign-in
 * through the service: `login`, `logout`, `me`.
 * Published as an ES module (`hhl-progress.js`) and as a classic script that defines `window.HHLProgress`
 * (`hhl-progress.iife.js`). See docs/templates.md.
 */
import { browserEnv } from './browser-env.js';
import { createProgressClient } from './progress-client.js';

const client = createProgressClient(browserEnv());

export const { init, track, hydrate, mark, showSynced, login, logout, me } = client;

import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import { type Browser, chromium } from 'playwright-core';

/**
 * Debian's Chromium driven by playwright-core (no browser download). CI installs it with `apt-get install -y chromium`;
 * suites skip, saying why, only where it is absent.
 */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/** Flags that keep a headless run quiet and offline: no GPU, no QUIC, no first-run or background traffic. */
export const CHROMIUM_ARGS = [
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-sandbox',
];

/** True when Chromium is installed where {@link launchChromium} looks for it. */
export function chromiumAvailable(): boolean {
  return existsSync(CHROMIUM_PATH);
}

/** The reason a browser suite is skipped, for its title. */
export const CHROMIUM_MISSING = `skipped: ${CHROMIUM_PATH} is absent (apt-get install -y chromium)`;

/**
 * Launches headless Chromium; close it in `afterAll`.
 * @example const browser = await launchChromium(); const page = await browser.newPage();
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
}

export interface PageServer {
  /** `http://127.0.0.1:<port>`: also the origin of the page's requests. */
  readonly url: string;
  close(): Promise<void>;
}

/**
 * Serves one HTML page at `/` on a free loopback port (anything else is a 404), so a test has a page of its own origin
 * to run `fetch` and `navigator.sendBeacon` from.
 */
export function startPageServer(html = '<!doctype html><meta charset="utf-8"><title>page</title>'): Promise<PageServer> {
  const server = createServer((req, res) => {
    const found = (req.url ?? '/').split('?')[0] === '/';
    res.writeHead(found ? 200 : 404, { 'content-type': found ? 'text/html; charset=utf-8' : 'text/plain' });
    res.end(found ? html : 'not found');
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      resolve({
        url: `http://127.0.0.1:${port}`,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}

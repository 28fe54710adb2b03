import { execFile } from 'node:child_process';
import { mkdir, readdir, rmdir, stat } from 'node:fs/promises';
import { createServer } from 'node:net';
import { createRequire } from 'node:module';
import path from 'node:path';
import { promisify } from 'node:util';
import { type Browser, type BrowserContext, type BrowserContextOptions, chromium, type Locator, type Page } from 'playwright-core';
import type AxeCore from 'axe-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { CHROMIUM } from '../../portlet/test/chromium.js';
import { portletDist } from '../../server/http/portlet.js';
import { useTestApp } from '../fixture.js';
import type { TestApp } from '../harness.js';

const require = createRequire(import.meta.url);
const AXE = require.resolve('axe-core/axe.min.js');
/** Where the end-to-end tests leave their screenshots (gitignored with the rest of .data/). */
export const SCREENSHOTS = path.resolve('.data/e2e-screenshots');

async function newest(dir: string): Promise<number> {
  let latest = 0;
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && !entry.name.endsWith('.test.ts'))
      latest = Math.max(latest, (await stat(path.join(entry.parentPath, entry.name))).mtimeMs);
  }
  return latest;
}

/** Builds the bundle the server serves when it is missing or older than the portlet's sources (one builder at a time). */
export async function ensurePortletBuilt(): Promise<void> {
  const bundle = path.join(portletDist(), 'helpdesk-portlet.js');
  const lock = path.resolve('.data/portlet-build.lock');
  await mkdir(path.dirname(lock), { recursive: true });
  for (let tries = 0; ; tries++) {
    try {
      await mkdir(lock);
      break;
    } catch {
      if (tries > 240) throw new Error(`${lock} stayed locked for 2 minutes`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
  try {
    const built = await stat(bundle).then(
      (s) => s.mtimeMs,
      () => 0,
    );
    if (built < (await newest(path.resolve('portlet/src')))) {
      await promisify(execFile)(process.execPath, [
        path.join(path.dirname(require.resolve('vite/package.json')), 'bin/vite.js'),
        'build',
        '-c',
        'portlet/vite.config.ts',
        '--logLevel',
        'warn',
      ]);
    }
  } finally {
    await rmdir(lock);
  }
}

/**
 * Settings for a test server the browser reaches at its own public URL: the port is chosen first, so
 * PUBLIC_URL (what the server writes in its own links, such as files in messages) is the very address
 * the browser uses. The WebSocket's Origin is the page's own either way (docs/api.md, "Defaults that
 * clients rely on").
 */
export async function browserServerEnv(): Promise<Record<string, string>> {
  const port = await new Promise<number>((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port: free } = server.address() as { port: number };
      server.close(() => resolve(free));
    });
    server.on('error', reject);
  });
  return { PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}`, SEED_DEMO: 'true', RATE_LIMIT_PER_MINUTE: '0' };
}

/** Chromium for the end-to-end tests; each person gets their own context (own storage, own demo user). */
export async function launch(): Promise<Browser> {
  return chromium.launch(CHROMIUM);
}

/** A person's browser tab: its own context, to close when done. */
export interface Tab {
  context: BrowserContext;
  page: Page;
}

/**
 * A person's browser tab on the demo page; the page's CSP is bypassed only so that axe-core can be
 * injected. `options` change the context (a phone's viewport, say).
 */
export async function openAs(browser: Browser, url: string, uid: string, options: BrowserContextOptions = {}): Promise<Tab> {
  const context = await browser.newContext({ bypassCSP: true, locale: 'fr-FR', viewport: { width: 1280, height: 900 }, ...options });
  const page = await context.newPage();
  await page.goto(url);
  await page.getByLabel('Utilisateur de démonstration').selectOption(uid);
  await page.locator('helpdesk-portlet').waitFor();
  return { context, page };
}

/** What usePortletBrowser hands a describe: its server, its Chromium, and a way to open a person's tab. */
export interface PortletBrowser {
  /** The describe's server, reached by the browser at its own PUBLIC_URL (browserServerEnv). */
  readonly app: TestApp;
  /** The describe's Chromium (between its beforeAll and afterAll). */
  readonly browser: Browser;
  /** A tab on the demo page, signed in as the demo user `uid` (openAs). */
  open(uid: string, options?: BrowserContextOptions): Promise<Tab>;
}

/**
 * The end-to-end preamble in one line: the portlet's bundle current, a test server the browser reaches,
 * one Chromium for the describe, closed before the server stops (afterAll hooks run in reverse).
 */
export function usePortletBrowser(): PortletBrowser {
  beforeAll(() => ensurePortletBuilt(), 120_000);
  const app = useTestApp(browserServerEnv);
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await launch();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    browser = undefined;
  });
  const running = (): Browser => {
    if (!browser) throw new Error('The browser exists only between its beforeAll and afterAll: use it inside a hook or a test');
    return browser;
  };
  return {
    app,
    get browser() {
      return running();
    },
    open: (uid, options) => openAs(running(), `${app.url}/`, uid, options),
  };
}

/** axe-core over the whole page (shadow roots included): no serious or critical WCAG 2.1 A/AA violation. */
export async function expectAccessible(page: Page, where: string): Promise<void> {
  await page.addScriptTag({ path: AXE });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: typeof AxeCore }).axe;
    const results = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return results.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')}`);
  });
  expect(violations, where).toEqual([]);
}

/** Saves a screenshot of the page under .data/e2e-screenshots/. */
export async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** Waits until the locator shows (Playwright's own retrying wait; playwright-core has no `expect`). */
export async function seen(locator: Locator): Promise<void> {
  await locator.waitFor({ state: 'visible', timeout: 10_000 });
}

/** Waits until the locator is hidden or gone. */
export async function gone(locator: Locator): Promise<void> {
  await locator.waitFor({ state: 'hidden', timeout: 10_000 });
}

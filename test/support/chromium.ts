/**
 * A real Chromium for the portal's tests: Debian's `chromium` package (scripts/setup.mjs installs it
 * where missing; Playwright's own browser download cannot work here), driven by playwright-core, and
 * axe-core run inside each page for the WCAG 2.2 AA rules.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** Where Debian puts its Chromium; CHROMIUM_PATH for another. */
export const chromiumPath = (): string => {
  const path = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(path)) throw new Error(`No Chromium at ${path}: run "npm run setup" (it installs Debian's chromium package), or set CHROMIUM_PATH.`);
  return path;
};

export const launchChromium = (): Promise<Browser> => chromium.launch({ executablePath: chromiumPath(), args: ['--no-sandbox', '--disable-dev-shm-usage'] });

/** A browser context as a person would have one: JavaScript on or off, a desktop or a 320 px wide phone. */
export async function personIn(browser: Browser, options: { readonly javaScript?: boolean; readonly phone?: boolean } & BrowserContextOptions = {}): Promise<BrowserContext> {
  const { javaScript = true, phone = false, ...rest } = options;
  const context = await browser.newContext({
    javaScriptEnabled: javaScript,
    ...(phone ? { viewport: { width: 320, height: 640 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 } : { viewport: { width: 1280, height: 900 } }),
    ...rest,
  });
  // A page that does not come within this is a failure to report, not a wait until the hang guard.
  context.setDefaultTimeout(20_000);
  return context;
}

export interface AxeViolation {
  readonly id: string;
  readonly impact?: string;
  readonly help: string;
  readonly nodes: readonly { readonly target: readonly string[]; readonly html: string }[];
}

/** The tags the portal must pass: WCAG 2.0, 2.1 and 2.2, levels A and AA. */
export const wcagTags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] as const;

/** How long axe may take on one page before the audit fails (it takes a fraction of a second here). */
const AXE_TIMEOUT_MS = 30_000;

/**
 * What axe-core finds on `page` as it stands now, against `wcagTags`. axe runs as a script in the page,
 * and a page with JavaScript off runs none (its timers never fire, so axe would never finish): so the
 * page's HTML as it stands is drawn again, at the same address (its stylesheet and images load as
 * before), in a twin page with scripts on and the same viewport, and axe runs there. A page reached by
 * a form post (a refusal, a confirmation) is audited as the person saw it, not as a fresh GET would draw it.
 */
export async function axeViolations(browser: Browser, page: Page): Promise<AxeViolation[]> {
  const [html, url] = [await page.content(), page.url()];
  const viewport = page.viewportSize();
  const context = await browser.newContext({ javaScriptEnabled: true, ...(viewport ? { viewport } : {}) });
  try {
    const twin = await context.newPage();
    await twin.route(url, (route) => (route.request().isNavigationRequest() ? route.fulfill({ body: html, contentType: 'text/html; charset=utf-8' }) : route.continue()));
    await twin.goto(url);
    await twin.evaluate(axeSource);
    const run = twin.evaluate(async (tags) => {
      const axe = (globalThis as unknown as { axe: { run(ctx: unknown, options: unknown): Promise<{ violations: AxeViolation[] }> } }).axe;
      const result = await axe.run((globalThis as unknown as { document: unknown }).document, { runOnly: { type: 'tag', values: tags } });
      return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target, html: n.html })) }));
    }, [...wcagTags]);
    return await Promise.race([run, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`axe did not finish on ${url} within ${AXE_TIMEOUT_MS / 1000} s`)), AXE_TIMEOUT_MS).unref())]);
  } finally {
    await context.close();
  }
}

/** Whether the page scrolls sideways: it must not, at 320 px (WCAG 1.4.10, reflow). */
export const scrollsSideways = (page: Page): Promise<boolean> =>
  page.evaluate(() => {
    const root = (globalThis as unknown as { document: { documentElement: { scrollWidth: number; clientWidth: number } } }).document.documentElement;
    return root.scrollWidth > root.clientWidth;
  });

/** What a person might type into any free-text field: every page must show it as text, never run it. */
export const typedMarkup = '<script>alert(1)</script><b>bold</b>';

/** One page as the tests reached it, and what axe found there. */
export interface PageAudit {
  readonly url: string;
  /** empty, filled, refused or confirmed. */
  readonly state: string;
  readonly violations: readonly AxeViolation[];
}

/** The audits of one test file: `audit` records a page as it stands, `audited` lists them for the file's final check. */
export function pageAudits(browser: () => Browser): { readonly audited: PageAudit[]; audit(page: Page, state: string): Promise<void> } {
  const audited: PageAudit[] = [];
  return {
    audited,
    async audit(page, state) {
      audited.push({ url: page.url(), state, violations: await axeViolations(browser(), page) });
    },
  };
}

/** Presses Tab until the focused element is the one `selector` names; fails after 80 presses. */
export async function tabTo(page: Page, selector: string): Promise<void> {
  const target = page.locator(selector).first();
  await target.waitFor({ state: 'attached' });
  for (let i = 0; i < 80; i++) {
    if (await target.evaluate((el) => el === (el.ownerDocument as { activeElement: unknown }).activeElement)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${selector} on ${page.url()}`);
}

/** Presses `key` on a form and waits for the page it sends to (a refusal may come back to the same address). */
export async function sendByKey(page: Page, key = 'Enter'): Promise<void> {
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.keyboard.press(key)]);
}

/** The text of the first element `selector` names, its white space collapsed as a reader hears it. */
export const textOf = async (page: Page, selector: string): Promise<string> => (await page.locator(selector).first().textContent())?.replace(/\s+/g, ' ').trim() ?? '';

/** How many elements in the page's main part came from markup someone typed (a `<b>` or a `<script>`): 0 when everything typed shows as text. */
export const markupRun = (page: Page): Promise<number> =>
  page.evaluate(() => (globalThis as unknown as { document: { querySelectorAll(s: string): { length: number } } }).document.querySelectorAll('main b, main script').length);

/**
 * Products and harm reports in the portal, in a real Chromium with JavaScript off, on the whole
 * engine over the time-skipping server (a product reaches live through five written procedures of
 * two days each): anyone reads a product's stage history, reports a harm it did without signing in,
 * and follows the report to the secretariat's triage. axe-core finds nothing against WCAG 2.2 AA on
 * any page reached, in its empty, refused, confirmed and filled states.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadBoard } from '../../../client/boardConfig';
import { launchChromium, personIn, pageAudits, typedMarkup } from '../../support/chromium';
import { goLiveInPortal, startPortalEngine, type PortalEngine } from '../../support/portal';

const PRODUCT = 'benefits-map';
const markup = typedMarkup;
const board = loadBoard();
const secretariat = board.roster.secretariat[0]!;
const gates = ['prioritisation', 'discovery', 'alpha', 'beta', 'live'] as const;

let engine: PortalEngine;
let browser: Browser;
const { audited, audit } = pageAudits(() => browser);

beforeAll(async () => {
  [engine, browser] = await Promise.all([startPortalEngine({ timeSkipping: true }), launchChromium()]);
  await engine.governance.registerProduct({ by: secretariat, product: { id: PRODUCT, name: 'Benefits map' } });
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await engine?.stop();
});

it('reads a product to live, reports a harm it did anonymously, and follows the report to its triage', async () => {
  const context = await personIn(browser, { javaScript: false });
  const page = await context.newPage();
  const url = engine.server.url;

  await page.goto(`${url}/report-harm`);
  expect(await page.locator('main').textContent()).toContain('No product is live just now');
  expect(await page.locator('form[action="/report-harm"]').count()).toBe(0);
  await audit(page, 'empty');

  await goLiveInPortal(engine, PRODUCT);
  await page.goto(`${url}/products`);
  await audit(page, 'filled');
  await page.getByRole('link', { name: 'Benefits map' }).click();
  expect((await page.locator('h1').textContent())?.trim()).toBe('Benefits map');
  // The stage history, newest first, each linking to its entry in the register.
  const history = (await page.locator('main ol li a').allTextContents()).map((t) => t.trim());
  expect(history).toEqual([...gates].reverse().map((gate) => `The ${gate} gate: approved`));
  await audit(page, 'filled');
  await page.getByRole('link', { name: 'Report a harm this product did' }).click();
  expect(await page.locator('#product').inputValue(), 'the product it came from is chosen').toBe(PRODUCT);
  await audit(page, 'empty');

  await page.getByRole('button', { name: 'Send the report' }).click();
  expect(await page.locator('.govuk-error-summary a[href="#summary"]').count()).toBe(1);
  await audit(page, 'refused');
  await page.fill('#summary', `My address was shown to my landlord ${markup}`);
  await page.fill('#details', `On the map page. ${markup}`);
  await page.getByRole('button', { name: 'Send the report' }).click();
  expect((await page.locator('h1').textContent())?.trim()).toBe('Your report is sent');
  await audit(page, 'confirmed');
  const reference = (await page.locator('.govuk-panel__body strong').textContent())!.trim();
  const report = await engine.governance.harmReport(PRODUCT, reference);
  expect(report).toMatchObject({ summary: `My address was shown to my landlord ${markup}`, status: 'awaitingTriage' });
  expect(report.reportedBy, 'sent without signing in: anonymous').toBeUndefined();

  await engine.governance.harmCommand(PRODUCT, 'triageHarm', { by: secretariat, reportId: reference, severity: 'low', note: `Taken up at the next review ${markup}` });
  await page.getByRole('link', { name: 'Follow your report' }).click();
  expect(await page.locator('main').textContent()).toContain(`Severity: low. Taken up at the next review ${markup}`);
  expect(await page.locator('main').textContent()).toContain(`My address was shown to my landlord ${markup}`);
  expect(await page.locator('main b').count(), 'markup typed in was shown as text').toBe(0);
  await audit(page, 'filled');
  await page.goto(`${url}/follow-harm?product=${PRODUCT}&reference=not%20a%20reference`);
  expect(await page.locator('.govuk-error-summary a[href="#reference"]').count()).toBe(1);
  await audit(page, 'refused');
  await context.close();
}, 280_000);

it('has no WCAG 2.2 AA violation on any page the test reached', () => {
  expect(audited.length).toBeGreaterThanOrEqual(8);
  expect(audited.filter((a) => a.violations.length)).toEqual([]);
});

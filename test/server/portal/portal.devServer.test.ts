/**
 * The portal in a real Chromium, on the whole engine (Temporal dev server and worker, PostgreSQL,
 * SMTP, the HTTP server): what anyone, a member and the secretariat do in it, by keyboard alone with
 * JavaScript off and again on a 320 px phone, with axe-core finding nothing against WCAG 2.2 AA on
 * any page in any state it reaches (empty, filled, refused, confirmed).
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBoard } from '../../../client/boardConfig';
import { loadInitiativeBoard } from '../../../client/initiativeConfig';
import { launchChromium, markupRun, personIn, scrollsSideways, pageAudits, sendByKey, tabTo, typedMarkup } from '../../support/chromium';
import { startPortalEngine, type PortalEngine } from '../../support/portal';
import { pendingReview } from '../../support/productBoardRun';
import { codeSentTo } from '../../support/signInServer';
import { appendToRegister } from '../../../store/register';
import { foodBanksCard } from '../../support/initiativeFixtures';
import { recognitionDecided } from '../../support/initiativeMachineFixtures';

let engine: PortalEngine;
let browser: Browser;
let reviewId: string;
const PRODUCT = 'benefits-map';
const markup = typedMarkup;
const product = loadBoard();
const initiative = loadInitiativeBoard();
const secretariat = product.roster.secretariat[0]!;

/** Every page the tests reached, with what axe found on it. */
const { audited, audit } = pageAudits(() => browser);

beforeAll(async () => {
  [engine, browser] = await Promise.all([startPortalEngine(), launchChromium()]);
  const { governance } = engine;
  await governance.registerProduct({ by: secretariat, product: { id: PRODUCT, name: 'Benefits map' } });
  // A written procedure the chair calls opens its review at once (one at a meeting waits for the papers deadline).
  await governance.requestGate(PRODUCT, {
    by: product.roster.chair,
    gate: 'prioritisation',
    procedure: 'written',
    deadline: new Date(Date.now() + 7 * 86_400_000).toISOString(),
    papers: ['https://example.org/benefits-map/prioritisation'],
    selfAssessment: [...product.principles.guiding, ...product.principles.board].map((p) => ({ principle: p.id, assessment: `How the team meets ${p.title}: ${markup}` })),
  });
  reviewId = await pendingReview(governance, PRODUCT);
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await engine?.stop();
});

/** Signs `personId` in by keyboard, with the code that reached their address at the SMTP server. */
async function signInByKeyboard(page: Page, personId: string): Promise<void> {
  await page.goto(`${engine.server.url}/sign-in?then=/me`);
  await audit(page, 'empty');
  await tabTo(page, '#email');
  await page.keyboard.type(engine.addressOf(personId));
  await sendByKey(page);
  expect(new URL(page.url()).pathname).toBe('/sign-in');
  expect((await page.locator('main').textContent())?.replace(/\s+/g, ' ').trim()).toContain('Type the code we sent');
  await audit(page, 'confirmed');
  await tabTo(page, '#code');
  await page.keyboard.type('000000');
  await sendByKey(page);
  await audit(page, 'refused');
  await tabTo(page, '#code');
  await page.keyboard.type(codeSentTo(engine.smtp, engine.addressOf(personId)));
  await sendByKey(page);
  expect(new URL(page.url()).pathname).toBe('/me');
}

describe('a member', () => {
  for (const phone of [false, true]) {
    it(`signs in with the emailed code, finds the vote awaiting them, reads the papers, votes with a reason and changes it, by keyboard with JavaScript off${phone ? ', on a 320 px phone' : ''}`, async () => {
      const member = product.roster.members[phone ? 2 : 1]!.id;
      const context = await personIn(browser, { javaScript: false, phone });
      const page = await context.newPage();
      await signInByKeyboard(page, member);
      expect((await page.locator('h1').textContent())?.trim()).toBe('What awaits you');
      await audit(page, 'filled');
      if (phone) expect(await scrollsSideways(page)).toBe(false);

      await tabTo(page, `a[href="/reviews/${reviewId}"]`);
      await sendByKey(page);
      expect(new URL(page.url()).pathname).toBe(`/reviews/${reviewId}`);
      expect(await page.locator('a[href="https://example.org/benefits-map/prioritisation"]').isVisible()).toBe(true);
      // What the team wrote is shown as text, markup and all.
      expect(await page.locator('dd', { hasText: markup }).first().isVisible()).toBe(true);
      await audit(page, 'empty');
      if (phone) expect(await scrollsSideways(page)).toBe(false);

      // Sent with no choice: refused, the field named, the reason kept.
      await tabTo(page, '#reason');
      await page.keyboard.type(`It meets the need ${markup}`);
      await tabTo(page, 'form[action$="/vote"] button');
      await sendByKey(page);
      expect(await page.locator('.govuk-error-summary a[href="#choice"]').textContent()).toContain('Choose how you vote');
      expect(await page.locator('#reason').inputValue()).toBe(`It meets the need ${markup}`);
      await audit(page, 'refused');

      await tabTo(page, '#choice');
      await page.keyboard.press('Space');
      await tabTo(page, 'form[action$="/vote"] button');
      await sendByKey(page);
      expect(new URL(page.url()).pathname).toBe(`/reviews/${reviewId}/vote`);
      expect((await page.locator('h1').textContent())?.trim()).toBe('Your vote is recorded');
      await audit(page, 'confirmed');
      expect((await engine.governance.status(reviewId)).voted).toContain(member);

      await page.goto(`${engine.server.url}/reviews/${reviewId}`);
      expect((await page.locator('#vote').textContent())?.trim()).toBe('Change your vote');
      // Tab reaches a group of radios once; the arrows move the choice within it, as in any browser.
      await tabTo(page, '#choice');
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('ArrowDown');
      expect(await page.locator('#choice-3').isChecked()).toBe(true);
      await tabTo(page, 'form[action$="/vote"] button');
      await sendByKey(page);
      expect(new URL(page.url()).pathname).toBe(`/reviews/${reviewId}/vote`);
      expect((await page.locator('h1').textContent())?.trim()).toBe('Your vote is changed');
      if (phone) expect(await scrollsSideways(page)).toBe(false);
      await context.close();
    }, 120_000);
  }
});

describe('anyone', () => {
  it('submits an item anonymously and follows it to its published answer', async () => {
    const context = await personIn(browser, { javaScript: false });
    const page = await context.newPage();
    await page.goto(`${engine.server.url}/`);
    await audit(page, 'filled');
    await page.goto(`${engine.server.url}/submit`);
    await audit(page, 'empty');
    await page.getByRole('button', { name: 'Send it' }).click();
    expect(await page.locator('.govuk-error-summary').isVisible()).toBe(true);
    await audit(page, 'refused');
    await page.fill('#title', `Map food banks ${markup}`);
    await page.fill('#text', `Nobody maps them. ${markup}`);
    await page.getByRole('button', { name: 'Send it' }).click();
    expect((await page.locator('h1').textContent())?.trim()).toBe('Your submission is sent');
    await audit(page, 'confirmed');
    const reference = (await page.locator('.govuk-panel__body strong').textContent())!.trim();

    await engine.governance.initiative(initiative.roster.boardId).command('triageSubmission', { by: secretariat, submissionId: reference, outcome: 'declined', reason: `Already mapped elsewhere ${markup}` });
    await page.goto(`${engine.server.url}/follow`);
    await audit(page, 'empty');
    await page.fill('#reference', reference);
    await page.getByRole('button', { name: 'Find it' }).click();
    expect(await page.locator('main').textContent()).toContain(`Already mapped elsewhere ${markup}`);
    await audit(page, 'filled');
    await page.getByRole('link', { name: 'The answer in the register' }).click();
    expect(await page.locator('h1').textContent()).toContain(`Map food banks ${markup}`);
    await audit(page, 'filled');
    await page.goto(`${engine.server.url}/register`);
    await audit(page, 'filled');
    // The feed carries the answer too, its title escaped as XML.
    const feed = await fetch(`${engine.server.url}/register/feed.atom`);
    expect(feed.headers.get('content-type')).toBe('application/atom+xml; charset=utf-8');
    const atom = await feed.text();
    expect(atom).toContain(`<link href="${engine.server.url}/register/triage-${reference}"/>`);
    expect(atom).toContain('Map food banks &lt;script&gt;alert(1)&lt;/script&gt;&lt;b&gt;bold&lt;/b&gt;');
    expect(atom).not.toContain('<script>');
    await page.goto(`${engine.server.url}/register?from=yesterday`);
    expect(await page.locator('.govuk-error-summary').isVisible()).toBe(true);
    await audit(page, 'refused');
    // Nothing any test typed ran as markup anywhere it was shown.
    expect(await markupRun(page)).toBe(0);
    await context.close();
  }, 120_000);

  it('reads a recognition in the register with the good-data card the board decided on', async () => {
    // The record the initiative board's machine publishes, appended as its publishing activity appends it.
    const card = { ...foodBanksCard, methods: `A shared form ${markup}` };
    const record = recognitionDecided(card);
    await appendToRegister(engine.store, record);
    const context = await personIn(browser, { javaScript: false });
    const page = await context.newPage();
    await page.goto(`${engine.server.url}/register/${record.decisionId}`);
    expect(await page.locator('h2', { hasText: 'The good-data card it was decided on' }).isVisible()).toBe(true);
    const rows = await page.locator('#good-data-card .govuk-summary-list__row').evaluateAll((els) => els.map((el) => [el.querySelector('dt')?.textContent?.trim(), el.querySelector('dd')?.textContent?.trim()]));
    expect(rows).toEqual([
      ['What it describes', card.describes],
      ['Where it comes from', card.source],
      ['Who to contact', card.contact],
      ['How it was made', card.methods],
      ['Licence', card.licence],
    ]);
    expect(await markupRun(page)).toBe(0);
    await audit(page, 'filled');
    await context.close();
  }, 60_000);
});

it('has no WCAG 2.2 AA violation on any page the tests reached', () => {
  expect(audited.length).toBeGreaterThan(10);
  expect(audited.filter((a) => a.violations.length)).toEqual([]);
});

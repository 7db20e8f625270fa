/**
 * Moderation of public input in the portal, in a real Chromium with JavaScript off, on the whole engine
 * over the time-skipping server (a harm watch exists only for a live product, which reaches live through
 * five written procedures of two days each): people sign in with their own codes and flag a submission
 * and a harm report from the follow pages; the secretariat reads each in full on its moderation queue and
 * keeps or removes it. What the public pages show and withhold is checked, and what the engine holds, and
 * axe-core finds nothing against WCAG 2.2 AA on any page reached.
 *
 * The flaggers of the submission sit on the product board, not the initiative board, and the flagger of
 * the report on the initiative board only: each reads the other board's public input as the public does.
 */
import type { Browser, Page, Response } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBoard } from '../../../client/boardConfig';
import { loadInitiativeBoard } from '../../../client/initiativeConfig';
import { flagReasonWords, flagRefusal, moderationDecisionId, moderationHeading, publicSight, type FlagReason } from '../../../machines/kernel/moderation';
import { capitalised } from '../../../server/portal/forms';
import { launchChromium, markupRun, personIn, pageAudits, textOf, typedMarkup } from '../../support/chromium';
import { goLiveInPortal, signInAs, signInWithAddress, startPortalEngine, until, type PortalEngine } from '../../support/portal';

const PRODUCT = 'benefits-map';
const markup = typedMarkup;
const board = loadBoard();
const initiative = loadInitiativeBoard();
const secretariat = board.roster.secretariat[0]!;
/** On the product board, not the initiative board: the public, to a submission. */
const [first, second, third] = board.roster.members.filter((m) => m.id !== board.roster.chair && !initiative.roster.members.some((i) => i.id === m.id)).map((m) => m.id);
/** On the initiative board, not the product board: the public, to a harm report. */
const reportFlagger = initiative.roster.members.find((m) => m.id !== initiative.roster.chair && !board.roster.members.some((p) => p.id === m.id))!.id;

const submission = { title: `Selling my car, call Sam ${markup}`, text: `Ring 07700 900123 after six. ${markup}` };
const harm = { summary: `The map showed my neighbour's address ${markup}`, details: `Number 12, the blue door. ${markup}` };
let submissionId: string;
let reportId: string;

let engine: PortalEngine;
let browser: Browser;
const { audited, audit } = pageAudits(() => browser);

beforeAll(async () => {
  [engine, browser] = await Promise.all([startPortalEngine({ timeSkipping: true }), launchChromium()]);
  const { governance } = engine;
  await governance.registerProduct({ by: secretariat, product: { id: PRODUCT, name: 'Benefits map' } });
  await goLiveInPortal(engine, PRODUCT);
  const ini = governance.initiative(initiative.roster.boardId);
  submissionId = (await ini.submit(submission)).submissionId;
  await ini.submit({ title: 'Map the food banks', text: 'Nobody has.' });
  reportId = (await governance.reportHarm(PRODUCT, harm)).reportId;
}, 400_000);

afterAll(async () => {
  await browser?.close();
  await engine?.stop();
});

const followPath = () => `/follow?reference=${submissionId}`;
const followHarmPath = () => `/follow-harm?product=${PRODUCT}&reference=${reportId}`;
const reasonLabel = (reason: FlagReason) => capitalised(flagReasonWords[reason]);

/** Clicks `name` and answers the response of the page it sends to. */
async function press(page: Page, name: string): Promise<Response> {
  const [response] = await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.getByRole('button', { name }).click()]);
  return response!;
}

/** Signs `personId` in on a page of their own, landed on `path`. */
async function pageOf(personId: string, path: string): Promise<Page> {
  const page = await (await personIn(browser, { javaScript: false })).newPage();
  await signInAs(engine, page, personId, path);
  return page;
}

let secretariatPage: Page | undefined;
/** The secretariat's page, signed in once (an address has 3 codes in 15 minutes), landed on `path`. */
async function asSecretariat(path: string): Promise<Page> {
  if (!secretariatPage) return (secretariatPage = await pageOf(secretariat, path));
  await secretariatPage.goto(`${engine.server.url}${path}`);
  return secretariatPage;
}

/** Flags on the form the page is on, with `reason`; answers the status of the page that comes back. */
async function flagWith(page: Page, reason: FlagReason): Promise<number> {
  await page.getByLabel(reasonLabel(reason)).check();
  return (await press(page, 'Report it')).status();
}

describe('a submission', () => {
  it('is hidden from the public once three people flag it, shown in full to the secretariat, who keeps it, and is public again', async () => {
    const ini = engine.governance.initiative(initiative.roster.boardId);
    const url = engine.server.url;

    // Signed out, the link to report it leads to signing in, and back to the form.
    const firstPage = await (await personIn(browser, { javaScript: false })).newPage();
    await firstPage.goto(`${url}${followPath()}`);
    await firstPage.getByRole('link', { name: 'Report this as spam, abuse, personal details or a repeat' }).click();
    expect(new URL(firstPage.url()).pathname).toBe('/sign-in');
    await signInWithAddress(engine, firstPage, engine.addressOf(first!));
    expect(new URL(firstPage.url()).pathname + new URL(firstPage.url()).search).toBe(`/follow/flag?reference=${submissionId}`);
    expect(await textOf(firstPage, 'h1')).toBe(submission.title);
    expect(await firstPage.locator('fieldset legend').textContent()).toContain('Why should the secretariat look at it?');
    expect(await firstPage.locator('input[name="reason"]').count()).toBe(4);
    await audit(firstPage, 'empty');

    expect((await press(firstPage, 'Report it')).status(), 'no reason chosen').toBe(400);
    expect(await firstPage.locator('.govuk-error-summary a[href="#reason"]').textContent()).toContain('Choose why');
    expect((await ini.follow(submissionId)).moderation, 'nothing recorded').toBeUndefined();
    await audit(firstPage, 'refused');
    expect(await flagWith(firstPage, 'spam')).toBe(200);
    expect(await textOf(firstPage, 'h1')).toBe('Thank you for telling us');
    await audit(firstPage, 'confirmed');

    // A second flag by the same person: no link offered, and the form, reached again, refuses it in the engine's words.
    await firstPage.goto(`${url}${followPath()}`);
    expect(await firstPage.getByRole('link', { name: /^Report this/ }).count()).toBe(0);
    expect(await textOf(firstPage, 'main')).toContain('Flagged by 1 person (spam or advertising).');
    await firstPage.goto(`${url}/follow/flag?reference=${submissionId}`);
    expect(await flagWith(firstPage, 'abuse')).toBe(409);
    const once = flagRefusal({ flags: [{ by: first!, reason: 'spam', at: '' }], counting: 1, decisions: [] }, first!, `submission ${submissionId}`)!;
    expect(await firstPage.locator('.govuk-error-summary a[href="#reason"]').textContent()).toBe(once);
    expect(await firstPage.getByLabel(reasonLabel('abuse')).isChecked(), 'the choice is kept').toBe(true);
    expect((await ini.follow(submissionId, secretariat)).moderation?.flaggedBy?.map((f) => [f.by, f.reason]), 'nothing changed').toEqual([[first, 'spam']]);
    await audit(firstPage, 'refused');

    for (const [personId, reason] of [[second!, 'personalData'], [third!, 'duplicate']] as const) {
      const page = await pageOf(personId, `/follow/flag?reference=${submissionId}`);
      expect(await flagWith(page, reason)).toBe(200);
      if (personId !== third) continue;
      expect(await textOf(page, 'main'), 'the third flag hid it').toContain('it is now hidden from the public');

      // The public follow page: the view's sentence and the count, never what it said.
      await page.goto(`${url}${followPath()}`);
      const shown = await textOf(page, 'main');
      expect(shown).not.toContain(submission.title);
      expect(shown).not.toContain('07700');
      expect(shown).toContain((publicSight({ hiddenSince: 'now', decisions: [] }) as { words: string }).words);
      expect(shown).toContain(`Flagged by 3 people (${(['spam', 'personalData', 'duplicate'] as const).map((r) => flagReasonWords[r]).join('; ')}).`);
      expect(await page.getByRole('link', { name: /^Report this/ }).count(), 'they flagged it already').toBe(0);
      await audit(page, 'filled');
      await page.context().close();
    }
    expect((await ini.follow(submissionId)).withheld).toBe('hidden');

    // The secretariat reads it in full, with who flagged it and why, and keeps it.
    const page = await asSecretariat('/secretariat');
    await page.getByRole('link', { name: 'Flagged submissions and harm reports' }).click();
    const queue = await textOf(page, 'main');
    expect(queue).toContain(submission.title);
    expect(queue).toContain(submission.text);
    for (const [by, reason] of [[first, 'spam'], [second, 'personalData'], [third, 'duplicate']] as const) expect(queue).toContain(`${by}: ${flagReasonWords[reason]}`);
    expect(await page.locator('main > ul > li').first().textContent(), 'hidden ones first').toContain('Hidden from the public');
    expect(await markupRun(page)).toBe(0);
    await audit(page, 'filled');

    await page.getByRole('link', { name: submission.title }).click();
    expect(await textOf(page, 'h1')).toBe(submission.title);
    expect(await page.locator('input[name="into"]').count(), 'the other submission it may repeat').toBe(1);
    await audit(page, 'empty');
    expect((await press(page, 'Record the decision')).status()).toBe(400);
    expect(await page.locator('.govuk-error-summary a[href="#outcome"]').count()).toBe(1);
    expect(await page.locator('.govuk-error-summary a[href="#reason"]').count()).toBe(1);
    await audit(page, 'refused');
    await page.getByLabel('Keep it: show it to the public again').check();
    await page.fill('#reason', `A car for sale is not personal data of anyone else. ${markup}`);
    expect((await press(page, 'Record the decision')).status()).toBe(200);
    expect(await textOf(page, 'h1')).toBe(moderationHeading({ subject: 'submission', subjectId: submissionId, outcome: 'kept' }));
    await audit(page, 'confirmed');

    // Public again, with the published decision.
    const publicPage = await (await personIn(browser, { javaScript: false })).newPage();
    await publicPage.goto(`${url}${followPath()}`);
    const again = await textOf(publicPage, 'main');
    expect(again).toContain(submission.title);
    expect(again).toContain('Kept by the secretariat');
    expect(again).toContain('A car for sale is not personal data');
    expect(await markupRun(publicPage)).toBe(0);
    await audit(publicPage, 'filled');
    await publicPage.context().close();
    expect((await ini.follow(submissionId)).withheld).toBeUndefined();
    await firstPage.context().close();
  }, 240_000);
});

describe('a harm report', () => {
  it('is withheld from the public once the secretariat removes it, and still shown in full on the secretariat\'s harm pages', async () => {
    const url = engine.server.url;
    const flagger = await pageOf(reportFlagger, followHarmPath());
    expect(await textOf(flagger, 'main')).toContain(harm.summary);
    await flagger.getByRole('link', { name: 'Report this as spam, abuse, personal details or a repeat' }).click();
    expect(await flagWith(flagger, 'personalData')).toBe(200);
    await audit(flagger, 'confirmed');
    await flagger.goto(`${url}/secretariat/moderation`);
    expect(await textOf(flagger, 'h1'), 'not the secretariat').toBe('This page is not for you');

    const page = await asSecretariat('/secretariat/moderation');
    expect(await textOf(page, 'main')).toContain(`${reportFlagger}: ${flagReasonWords.personalData}`);
    expect(await textOf(page, 'main'), 'the kept submission no longer waits').not.toContain(submission.title);
    await page.getByRole('link', { name: harm.summary }).click();
    expect(await textOf(page, '.govuk-inset-text')).toBe(harm.details);
    await page.getByLabel('Remove it from public view', { exact: false }).check();
    await page.fill('#reason', 'It names where someone lives.');
    expect((await press(page, 'Record the decision')).status()).toBe(200);
    const heading = moderationHeading({ subject: 'harmReport', subjectId: reportId, outcome: 'removed' });
    expect(await textOf(page, 'h1')).toBe(heading);

    // The register's record: the decision, its reason and the flag it answered, none of what the report said.
    const entry = `${url}/register/${moderationDecisionId(reportId, 1)}`;
    await until(async () => (await page.goto(entry))?.status(), (status) => status === 200, 'the moderation record to be published');
    expect(await textOf(page, 'h1')).toBe(heading);
    const record = await textOf(page, 'main');
    expect(record).toContain('It names where someone lives.');
    expect(record).toContain(`Flagged by 1 person (${flagReasonWords.personalData}).`);
    expect(record).not.toContain('neighbour');
    expect(record).not.toContain('blue door');
    await audit(page, 'filled');

    // The public reads the watch's sentence, and no way to flag it again.
    const publicPage = await (await personIn(browser, { javaScript: false })).newPage();
    for (const reader of [flagger, publicPage]) {
      await reader.goto(`${url}${followHarmPath()}`);
      const shown = await textOf(reader, 'main');
      expect(shown).not.toContain('neighbour');
      expect(shown).not.toContain('blue door');
      expect(shown).toContain('Removed by the secretariat on');
      expect(shown).toContain('It names where someone lives.');
      expect(await reader.getByRole('link', { name: /^Report this/ }).count()).toBe(0);
    }
    await audit(publicPage, 'filled');
    expect((await engine.governance.harmReport(PRODUCT, reportId)).withheld).toBe('removed');

    // The board still reads it in full, and its triage is still due.
    await page.goto(`${url}/secretariat/harms`);
    expect(await textOf(page, 'main')).toContain(harm.summary);
    await page.goto(`${url}/secretariat/harms/${PRODUCT}/${reportId}`);
    expect(await textOf(page, 'h1')).toBe(harm.summary);
    expect(await textOf(page, '.govuk-inset-text')).toBe(harm.details);
    expect(await page.locator(`form[action="/secretariat/harms/${PRODUCT}/${reportId}"]`).count(), 'triage goes on').toBe(1);
    await flagger.context().close();
    await publicPage.context().close();
  }, 180_000);
});

it('has no WCAG 2.2 AA violation on any page the tests reached', () => {
  expect(audited.length).toBeGreaterThanOrEqual(12);
  expect(audited.filter((a) => a.violations.length)).toEqual([]);
});

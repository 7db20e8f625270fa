/**
 * A member's part of the portal in a real Chromium with JavaScript off, on the whole engine (Temporal dev
 * server and worker, PostgreSQL, SMTP, the HTTP server): a member finds the initiative board's item among
 * the votes awaiting them (with the product board's gate reviews, closing soonest first), reads it, votes
 * with a reason and changes the vote by keyboard alone; members declare interests on a gate review and on
 * an item, commission an assessment and research, and are refused in the engine's own words with nothing
 * typed lost; the initiative board's chair gives a casting vote. What the engine holds afterwards is
 * checked through the governance client, not only what the pages say; axe-core finds nothing against
 * WCAG 2.2 AA on any page in any state reached (empty, filled, refused, confirmed).
 *
 * The member who votes sits on both boards, so that her home lists both kinds of vote: the product
 * board's secretariat makes room for her first. The initiative board is opened with a policy that gives
 * its chair the casting vote (its file's default gives none).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBoard } from '../../../client/boardConfig';
import { loadInitiativeBoard } from '../../../client/initiativeConfig';
import type { InitiativeItemView } from '../../../machines/initiativeBoard/view';
import { defaultInitiativePolicy } from '../../../machines/initiativeBoard/policy';
import { itemLink } from '../../../machines/initiativeBoard/voteNotices';
import { launchChromium, markupRun, pageAudits, personIn, scrollsSideways, sendByKey, tabTo, textOf, typedMarkup } from '../../support/chromium';
import { signInAs, startPortalEngine, until, type PortalEngine } from '../../support/portal';
import { pendingReview } from '../../support/productBoardRun';

const markup = typedMarkup;
const product = loadBoard();
const secretariat = product.roster.secretariat[0]!;
const productChair = product.roster.chair;
const initiativeFile = loadInitiativeBoard();
const boardId = initiativeFile.roster.boardId;
const initiativeChair = initiativeFile.roster.chair;
/** On both boards: Lena Novak, given the product board's last seat. */
const lena = initiativeFile.roster.members.find((m) => m.name === 'Lena Novak')!;
const [kofi, mo] = initiativeFile.roster.members.filter((m) => m.id !== initiativeChair && m.id !== lena.id);
/** A product board member who does not sit on the initiative board. */
const ben = product.roster.members.find((m) => m.id !== productChair)!;
const leaving = product.roster.members.at(-1)!;

let engine: PortalEngine;
let browser: Browser;
let soon: string;
let later: string;
let item: InitiativeItemView;
const folder = mkdtempSync(join(tmpdir(), 'member-portal-'));

/** Every page the tests reached, with what axe found on it. */
const { audited, audit } = pageAudits(() => browser);

const itemView = async () => (await engine.governance.initiative(boardId).status()).agenda.find((i) => i.itemId === item.itemId)!;
const noticesOf = (personId: string) => engine.governance.notifications(personId);
const day = (daysAhead: number) => new Date(Date.now() + daysAhead * 86_400_000).toISOString().slice(0, 10);

beforeAll(async () => {
  const file = join(folder, 'initiative-board.json');
  writeFileSync(file, JSON.stringify({ ...initiativeFile, policy: { ...defaultInitiativePolicy, chairHasCastingVote: true } }));
  process.env.GOVERN_INITIATIVE_FILE = file;
  [engine, browser] = await Promise.all([startPortalEngine(), launchChromium()]);
  const { governance } = engine;
  await governance.boardCommand('removeMember', { by: secretariat, memberId: leaving.id, reason: 'Test: a seat for a member of both boards' }, { boardId: product.roster.boardId });
  await governance.boardCommand('appointMember', { by: secretariat, member: { id: lena.id, name: lena.name, technical: false, expertise: ['ethics'] } }, { boardId: product.roster.boardId });
  // Written procedures the chair calls open their reviews at once: one closing before the initiative board's meeting, one after.
  const reviews: string[] = [];
  for (const [id, name, days] of [['benefits-map', 'Benefits map', 7], ['food-banks', 'Food banks', 120]] as const) {
    await governance.registerProduct({ by: secretariat, product: { id, name } });
    await governance.requestGate(id, {
      by: productChair,
      gate: 'prioritisation',
      procedure: 'written',
      deadline: new Date(Date.now() + days * 86_400_000).toISOString(),
      papers: [`https://example.org/${id}/prioritisation`],
      selfAssessment: [...product.principles.guiding, ...product.principles.board].map((p) => ({ principle: p.id, assessment: `How the team meets ${p.title}` })),
    });
    reviews.push(await pendingReview(governance, id));
  }
  [soon, later] = reviews as [string, string];
  item = await governance.initiative(boardId).propose({ by: kofi!.id, title: `Fund a map of food banks ${markup}`, text: `Nobody maps them.\nPeople walk miles. ${markup}`, proposal: { decision: 'funding', gap: 'A map of food banks', priority: 'high' } });
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await engine?.stop();
  delete process.env.GOVERN_INITIATIVE_FILE;
  rmSync(folder, { recursive: true, force: true });
});

/** The links of the list under the heading `heading` on the member's home. */
const listUnder = (page: Page, heading: string) => page.locator(`h2:text-is("${heading}") + ul a`);

describe('a member of the initiative board', () => {
  it('finds the item among the votes awaiting them, reads it, votes with a reason and changes it, by keyboard with JavaScript off', async () => {
    const context = await personIn(browser, { javaScript: false });
    const page = await context.newPage();
    await signInAs(engine, page, lena.id, '/me');
    // Both boards' votes, closing soonest first: a review in 7 days, the item at the quarter's meeting, a review in 120 days.
    const waiting = listUnder(page, 'Votes waiting for you');
    expect(await waiting.evaluateAll((links) => links.map((a) => a.getAttribute('href')))).toEqual([`/reviews/${soon}`, itemLink(item.itemId), `/reviews/${later}`]);
    // The next meetings: the initiative board's with the item on its agenda.
    expect(await page.locator(`main ul a[href="${itemLink(item.itemId)}"]`).count()).toBe(2);
    expect(await markupRun(page)).toBe(0);
    await audit(page, 'filled');

    await tabTo(page, `a[href="${itemLink(item.itemId)}"]`);
    await sendByKey(page);
    expect(new URL(page.url()).pathname).toBe(itemLink(item.itemId));
    expect(await textOf(page, 'h1')).toBe(`Fund a map of food banks ${markup}`);
    expect(await textOf(page, '.govuk-inset-text')).toBe(`Nobody maps them. People walk miles. ${markup}`);
    expect(await markupRun(page)).toBe(0);
    await audit(page, 'empty');

    // Sent with no choice: refused, the field named, the reason kept, nothing recorded.
    await tabTo(page, '#reason');
    await page.keyboard.type(`Food is the first need ${markup}`);
    await tabTo(page, 'form[action$="/vote"] button');
    await sendByKey(page);
    expect(await page.locator('.govuk-error-summary a[href="#choice"]').textContent()).toContain('Choose how you vote');
    expect(await page.locator('#reason').inputValue()).toBe(`Food is the first need ${markup}`);
    expect((await itemView()).voted).not.toContain(lena.id);
    await audit(page, 'refused');

    await tabTo(page, '#choice');
    await page.keyboard.press('Space');
    await tabTo(page, 'form[action$="/vote"] button');
    await sendByKey(page);
    expect(await textOf(page, 'h1')).toBe('Your vote is recorded');
    await audit(page, 'confirmed');
    expect((await itemView()).voted).toEqual([lena.id]);
    // Only the voter is told what she chose, by the engine's confirmation.
    const first = await until(() => noticesOf(lena.id), (n) => n.some((x) => x.subject.startsWith('Your vote on')), 'the vote confirmation');
    expect(first.find((x) => x.subject.startsWith('Your vote on'))!.body).toContain(`Your vote was recorded: approve.\nYour reason: "Food is the first need ${markup}".`);

    // Anyone reading the item sees who has voted, never how.
    const reader = await (await personIn(browser, { javaScript: false })).newPage();
    await reader.goto(`${engine.server.url}${itemLink(item.itemId)}`);
    expect(await textOf(reader, 'main')).toContain(`${lena.name} (how each voted stays secret`);
    expect((await textOf(reader, 'main')).toLowerCase()).not.toMatch(/approve|reject|abstain/);
    expect(await reader.locator('form[action$="/vote"]').count()).toBe(0);
    await audit(reader, 'filled');
    await reader.context().close();

    await page.goto(`${engine.server.url}${itemLink(item.itemId)}`);
    expect(await textOf(page, '#vote')).toBe('Change your vote');
    await tabTo(page, '#choice');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    expect(await page.locator('#choice-3').isChecked()).toBe(true);
    await tabTo(page, '#reason');
    await page.keyboard.type(`Others map them already ${markup}`);
    await tabTo(page, 'form[action$="/vote"] button');
    await sendByKey(page);
    expect(await textOf(page, 'h1')).toBe('Your vote is changed');
    await audit(page, 'confirmed');
    const changed = await until(() => noticesOf(lena.id), (n) => n.filter((x) => x.subject.startsWith('Your vote on')).length === 2, 'the second confirmation');
    expect(changed.filter((x) => x.subject.startsWith('Your vote on')).map((x) => x.body.split('\n')[0])).toContain('Your vote was recorded: reject.');
    expect((await itemView()).votes).toBe(1);

    await page.goto(`${engine.server.url}/me`);
    expect(await listUnder(page, 'Votes you may still change').evaluateAll((links) => links.map((a) => a.getAttribute('href')))).toEqual([itemLink(item.itemId)]);
    await context.close();
  }, 180_000);

  it('declares an interest in a gate review and is recused, after a refusal that loses nothing', async () => {
    const context = await personIn(browser, { javaScript: false, phone: true });
    const page = await context.newPage();
    await signInAs(engine, page, lena.id, `/reviews/${soon}`);
    expect(await scrollsSideways(page)).toBe(false);
    await page.getByRole('button', { name: 'Declare my interest' }).click();
    expect(await page.locator('.govuk-error-summary a[href="#interest"]').isVisible()).toBe(true);
    await audit(page, 'refused');
    expect((await engine.governance.status(soon)).recusals).toEqual([]);

    await page.fill('#interest', `I advise the team ${markup}`);
    await page.getByRole('button', { name: 'Declare my interest' }).click();
    expect(await textOf(page, 'h1')).toBe('Your interest is declared');
    expect(await textOf(page, '.govuk-inset-text')).toBe(`I advise the team ${markup}`);
    expect(await markupRun(page)).toBe(0);
    expect(await scrollsSideways(page)).toBe(false);
    await audit(page, 'confirmed');
    expect((await engine.governance.status(soon)).recusals).toMatchObject([{ by: lena.id, interest: `I advise the team ${markup}` }]);

    // The review shows the recusal as the engine holds it, and offers her no vote on it any more.
    await page.goto(`${engine.server.url}/reviews/${soon}`);
    expect(await textOf(page, 'main')).toContain(`${lena.name}: I advise the team ${markup}`);
    expect(await page.locator('form[action$="/vote"]').count()).toBe(0);
    expect(await page.locator('form[action$="/interest"]').count()).toBe(0);
    expect(await markupRun(page)).toBe(0);
    await audit(page, 'filled');
    await page.goto(`${engine.server.url}/me`);
    expect(await listUnder(page, 'Votes waiting for you').evaluateAll((links) => links.map((a) => a.getAttribute('href')))).toEqual([`/reviews/${later}`]);
    await context.close();
  }, 120_000);

  it('declares an interest in an item: the vote form goes, and the item shows the recusal', async () => {
    const context = await personIn(browser, { javaScript: false });
    const page = await context.newPage();
    await signInAs(engine, page, mo!.id, itemLink(item.itemId));
    await page.fill('#interest', `My sister runs a food bank ${markup}`);
    await page.getByRole('button', { name: 'Declare my interest' }).click();
    expect(await textOf(page, 'h1')).toBe('Your interest is declared');
    await audit(page, 'confirmed');
    expect((await itemView()).recusals).toMatchObject([{ by: mo!.id, interest: `My sister runs a food bank ${markup}` }]);
    await page.goto(`${engine.server.url}${itemLink(item.itemId)}`);
    expect(await textOf(page, 'main')).toContain(`${mo!.name}: My sister runs a food bank ${markup}`);
    expect(await page.locator('form[action$="/vote"]').count()).toBe(0);
    expect(await markupRun(page)).toBe(0);
    await audit(page, 'filled');
    await context.close();
  }, 120_000);
});

describe('commissioning', () => {
  it('research on an item: a member is refused in the engine\'s words with nothing lost, and the home lists it until the report is in', async () => {
    const [first, second] = await Promise.all([personIn(browser, { javaScript: false }), personIn(browser, { javaScript: false })]);
    const [kofiPage, moPage] = await Promise.all([first.newPage(), second.newPage()]);
    await signInAs(engine, kofiPage, kofi!.id, itemLink(item.itemId));
    await signInAs(engine, moPage, mo!.id, itemLink(item.itemId));

    // Nothing named: the schema's refusal at the field; a day that is no day: named too.
    await kofiPage.fill('#dueAt', 'soon');
    await kofiPage.getByRole('button', { name: 'Commission the research' }).click();
    expect(await kofiPage.locator('.govuk-error-summary a[href="#dueAt"]').textContent()).toContain('year-month-day');
    expect(await kofiPage.locator('#dueAt').inputValue()).toBe('soon');
    await audit(kofiPage, 'refused');
    await kofiPage.fill('#question', `Where are the gaps? ${markup}`);
    await kofiPage.fill('#dueAt', day(20));
    await kofiPage.getByRole('button', { name: 'Commission the research' }).click();
    expect(await kofiPage.locator('.govuk-error-summary a[href="#who"]').isVisible()).toBe(true);
    expect(await kofiPage.locator('#question').inputValue()).toBe(`Where are the gaps? ${markup}`);
    await audit(kofiPage, 'refused');
    // A day gone by: the board refuses in its own words, at the day's field.
    await kofiPage.fill('#who', `Poverty Lab ${markup}`);
    await kofiPage.fill('#dueAt', '2020-01-20');
    await kofiPage.getByRole('button', { name: 'Commission the research' }).click();
    expect(await kofiPage.locator('.govuk-error-summary a[href="#dueAt"]').textContent()).toContain("The research's due date");
    expect(await kofiPage.locator('#who').inputValue()).toBe(`Poverty Lab ${markup}`);
    expect(await kofiPage.locator('#question').inputValue()).toBe(`Where are the gaps? ${markup}`);
    expect((await itemView()).research).toBeUndefined();
    await audit(kofiPage, 'refused');

    // Mo fills the same form meanwhile; Kofi's goes first.
    await moPage.fill('#who', 'Another lab');
    await moPage.fill('#question', 'Who goes without?');
    await moPage.fill('#dueAt', day(30));
    await audit(moPage, 'filled');
    await kofiPage.fill('#dueAt', day(20));
    await kofiPage.getByRole('button', { name: 'Commission the research' }).click();
    expect(await textOf(kofiPage, 'h1')).toBe('The research is commissioned');
    expect(await markupRun(kofiPage)).toBe(0);
    await audit(kofiPage, 'confirmed');
    const research = (await itemView()).research!;
    expect(research).toMatchObject({ commissionedBy: kofi!.id, researcher: `Poverty Lab ${markup}`, question: `Where are the gaps? ${markup}` });
    expect(research.dueAt.slice(0, 10)).toBe(day(20));

    await moPage.getByRole('button', { name: 'Commission the research' }).click();
    expect(await textOf(moPage, '.govuk-error-summary')).toContain(`Research by Poverty Lab ${markup} was already commissioned`);
    expect(await moPage.locator('#who').inputValue()).toBe('Another lab');
    expect(await markupRun(moPage)).toBe(0);
    await audit(moPage, 'refused');
    expect((await itemView()).research?.researcher).toBe(`Poverty Lab ${markup}`);

    await kofiPage.goto(`${engine.server.url}/me`);
    expect(await textOf(kofiPage, 'main')).toContain(`Research by Poverty Lab ${markup} for Fund a map of food banks ${markup}`);
    expect(await markupRun(kofiPage)).toBe(0);
    await audit(kofiPage, 'filled');
    await Promise.all([first.close(), second.close()]);
  }, 180_000);

  it('an assessment on a gate review, offered to its board\'s members only', async () => {
    const context = await personIn(browser, { javaScript: false });
    const page = await context.newPage();
    // Not on the product board: no form to commission an assessment, nor to vote.
    await signInAs(engine, page, kofi!.id, `/reviews/${later}`);
    expect(await page.locator('form[action$="/assessment"]').count()).toBe(0);
    expect(await page.locator('form[action$="/vote"]').count()).toBe(0);
    await context.close();

    const member = await personIn(browser, { javaScript: false });
    const benPage = await member.newPage();
    await signInAs(engine, benPage, ben.id, `/reviews/${later}`);
    await audit(benPage, 'empty');
    await benPage.fill('#who', `Open Data Institute ${markup}`);
    await benPage.fill('#question', `Is the model fair? ${markup}`);
    await benPage.fill('#dueAt', '2020-01-20');
    await benPage.getByRole('button', { name: 'Commission the assessment' }).click();
    expect(await benPage.locator('.govuk-error-summary a[href="#dueAt"]').textContent()).toContain("The assessment's due date");
    expect(await benPage.locator('#who').inputValue()).toBe(`Open Data Institute ${markup}`);
    expect((await engine.governance.status(later)).assessment).toBeUndefined();
    await audit(benPage, 'refused');
    await benPage.fill('#dueAt', day(14));
    await benPage.getByRole('button', { name: 'Commission the assessment' }).click();
    expect(await textOf(benPage, 'h1')).toBe('The assessment is commissioned');
    await audit(benPage, 'confirmed');
    expect((await engine.governance.status(later)).assessment).toMatchObject({ commissionedBy: ben.id, assessor: `Open Data Institute ${markup}`, question: `Is the model fair? ${markup}` });

    await benPage.goto(`${engine.server.url}/reviews/${later}`);
    expect(await textOf(benPage, 'main')).toContain(`Open Data Institute ${markup}`);
    expect(await benPage.locator('form[action$="/assessment"]').count()).toBe(0);
    expect(await markupRun(benPage)).toBe(0);
    await audit(benPage, 'filled');
    await benPage.goto(`${engine.server.url}/me`);
    expect(await textOf(benPage, 'main')).toContain(`A technical assessment by Open Data Institute ${markup} for Food banks: the prioritisation gate`);
    await audit(benPage, 'filled');
    await member.close();
  }, 120_000);
});

describe('the initiative board\'s chair', () => {
  it('gives a casting vote on an item, which stays secret; no one else may', async () => {
    const other = await personIn(browser, { javaScript: false });
    const otherPage = await other.newPage();
    await signInAs(engine, otherPage, kofi!.id, '/me');
    expect(await otherPage.locator('a[href="/secretariat/casting-vote"]').count()).toBe(0);
    await otherPage.goto(`${engine.server.url}/secretariat/casting-vote/${item.itemId}`);
    expect(await textOf(otherPage, 'h1')).toBe('This page is not for you');
    await other.close();

    const context = await personIn(browser, { javaScript: false });
    const page = await context.newPage();
    await signInAs(engine, page, initiativeChair, '/me');
    await page.getByRole('link', { name: 'your casting vote' }).click();
    await audit(page, 'filled');
    await page.locator(`a[href="/secretariat/casting-vote/${item.itemId}"]`).click();
    await audit(page, 'empty');
    await page.fill('#reason', `Food first ${markup}`);
    await page.getByRole('button', { name: 'Give my casting vote' }).click();
    expect(await page.locator('.govuk-error-summary a[href="#choice"]').textContent()).toContain('Choose approve or reject');
    expect(await page.locator('#reason').inputValue()).toBe(`Food first ${markup}`);
    expect((await itemView()).castingVoteGiven).toBe(false);
    await audit(page, 'refused');
    await page.locator('#choice').check();
    await page.getByRole('button', { name: 'Give my casting vote' }).click();
    expect(await textOf(page, 'h1')).toBe('Your casting vote is recorded');
    expect(await markupRun(page)).toBe(0);
    await audit(page, 'confirmed');
    expect((await itemView()).castingVoteGiven).toBe(true);
    // The item says a casting vote was given, never which way.
    await page.goto(`${engine.server.url}${itemLink(item.itemId)}`);
    expect(await textOf(page, 'main')).toContain('The chair has given a casting vote');
    await context.close();
  }, 120_000);
});

it('has no WCAG 2.2 AA violation on any page the tests reached', () => {
  expect(new Set(audited.map((a) => a.state))).toEqual(new Set(['empty', 'filled', 'refused', 'confirmed']));
  expect(audited.filter((a) => a.violations.length)).toEqual([]);
});

/**
 * The review page under the product board's `hiddenUntilVoted` policy, in a real Chromium with JavaScript
 * off, on the whole engine: a member who has not voted, another member and a visitor see no count; the
 * member who votes then sees the count so far, and the others still do not. The oracle is the vote sent,
 * counted by hand against the board file's roster, and what the review holds afterwards.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBoard } from '../../../client/boardConfig';
import { policySections } from '../../../machines/productBoard/policy';
import { launchChromium, pageAudits, personIn } from '../../support/chromium';
import { signInAs, startPortalEngine, type PortalEngine } from '../../support/portal';
import { writtenPrioritisation } from '../../support/productBoardRun';

let engine: PortalEngine;
let browser: Browser;
let reviewId: string;
const PRODUCT = 'benefits-map';
const product = loadBoard();
const secretariat = product.roster.secretariat[0]!;
const [voter, other] = [product.roster.members[1]!.id, product.roster.members[2]!.id];
const { audited, audit } = pageAudits(() => browser);

beforeAll(async () => {
  [engine, browser] = await Promise.all([startPortalEngine(), launchChromium()]);
  const { governance } = engine;
  await governance.boardCommand('changePolicy', {
    by: secretariat,
    policy: { resultsVisibility: 'hiddenUntilVoted' },
    keep: policySections.filter((s) => s !== 'resultsVisibility'),
    reference: 'Board decision to show each member the count once they have voted',
  });
  reviewId = await writtenPrioritisation(governance, product, PRODUCT);
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await engine?.stop();
});

/** The "The count" row of the review page. */
const countRow = async (page: Page) => (await page.locator('.govuk-summary-list__row', { hasText: 'The count' }).locator('dd').textContent())?.replace(/\s+/g, ' ').trim();

describe('the count on the review page under hiddenUntilVoted', () => {
  it('shows a member the count once they have voted, and nobody else', async () => {
    const members = product.roster.members.length;
    const counted = `The count so far: 1 approval, 0 rejections, 0 abstentions; 1 of ${members} eligible voted, quorum ${Math.floor(members / 2) + 1}.`;

    const visitor = await (await personIn(browser, { javaScript: false })).newPage();
    await visitor.goto(`${engine.server.url}/reviews/${reviewId}`);
    expect(await countRow(visitor)).toBe('The count is shown to each member once they have voted, and to everyone when voting closes.');
    await audit(visitor, 'empty');

    const page = await (await personIn(browser, { javaScript: false })).newPage();
    await signInAs(engine, page, voter, `/reviews/${reviewId}`);
    expect(await countRow(page)).toBe('The count is shown to you once you have voted, and to everyone when voting closes.');
    await audit(page, 'empty');
    await page.check('#choice');
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Send my vote' }).click()]);
    expect((await page.locator('h1').textContent())?.trim()).toBe('Your vote is recorded');
    await page.goto(`${engine.server.url}/reviews/${reviewId}`);
    expect(await countRow(page)).toBe(counted);
    await audit(page, 'filled');

    const theOther = await (await personIn(browser, { javaScript: false })).newPage();
    await signInAs(engine, theOther, other, `/reviews/${reviewId}`);
    expect(await countRow(theOther)).toBe('The count is shown to you once you have voted, and to everyone when voting closes.');
    await visitor.reload();
    expect(await countRow(visitor)).not.toMatch(/\d/);

    // What the review holds: the one vote, as sent, and the policy it was opened under.
    const held = await engine.governance.status(reviewId, voter);
    expect(held.voted).toEqual([voter]);
    expect(held.results).toMatchObject({ visibility: 'hiddenUntilVoted', tally: { approve: 1, cast: 1, eligible: members } });
  }, 180_000);
});

it('has no WCAG 2.2 AA violation on any page the test reached', () => {
  expect(audited.length).toBe(3);
  expect(audited.filter((a) => a.violations.length)).toEqual([]);
});

/**
 * What the boards send a person (server/portal/pages/notices.ts) in a real Chromium, on the whole engine
 * (Temporal dev server and worker, PostgreSQL, SMTP, the HTTP server): someone with no account subscribes
 * from /subscribe with an address, its code, an engagement level and a frequency, then stops; a member
 * chooses a time zone and every page writes dates in it, and reads a typed day in it. What the boards and
 * the store hold afterwards is read through the governance client and PostgreSQL, not from the pages;
 * a refused form changes nothing. axe-core finds nothing against WCAG 2.2 AA in any state reached.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBoard } from '../../../client/boardConfig';
import { loadInitiativeBoard } from '../../../client/initiativeConfig';
import { personOf, preferencesOf } from '../../../store/people';
import { launchChromium, markupRun, pageAudits, personIn, scrollsSideways, textOf, typedMarkup } from '../../support/chromium';
import { signInAs, signInWithAddress, startPortalEngine, type PortalEngine } from '../../support/portal';
import { pendingReview } from '../../support/productBoardRun';

const product = loadBoard();
const productBoard = product.roster.boardId;
const initiativeBoard = loadInitiativeBoard().roster.boardId;
const ben = product.roster.members.find((m) => m.id !== product.roster.chair)!;

let engine: PortalEngine;
let browser: Browser;
let reviewId: string;
const { audited, audit } = pageAudits(() => browser);

beforeAll(async () => {
  [engine, browser] = await Promise.all([startPortalEngine(), launchChromium()]);
  const { governance } = engine;
  await governance.registerProduct({ by: product.roster.secretariat[0]!, product: { id: 'benefits-map', name: 'Benefits map' } });
  await governance.requestGate('benefits-map', {
    by: product.roster.chair,
    gate: 'prioritisation',
    procedure: 'written',
    deadline: new Date(Date.now() + 30 * 86_400_000).toISOString(),
    papers: ['https://example.org/benefits-map/prioritisation'],
    selfAssessment: [...product.principles.guiding, ...product.principles.board].map((p) => ({ principle: p.id, assessment: `How the team meets ${p.title}` })),
  });
  reviewId = await pendingReview(governance, 'benefits-map');
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await engine?.stop();
});

const personWithAddress = async (email: string): Promise<string> =>
  (await engine.store.db.selectFrom('people').select('person_id').where('email', '=', email).executeTakeFirstOrThrow()).person_id;
const initiativeSubscribers = async () => (await engine.governance.initiative(initiativeBoard).status()).subscribers;
const productSubscribers = async () => (await engine.governance.boardStatus(productBoard)).subscribers;
const save = (page: Page, boardId: string) => page.locator(`form[action="/me/notices/${boardId}"] button`).click();

/** An instant in words in Asia/Tokyo (UTC+9, no summer time), worked out here by hand rather than by the portal's formatter. */
function inTokyo(iso: string): string {
  const t = new Date(Date.parse(iso) + 9 * 3_600_000);
  const days = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
  const months = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
  const hour = t.getUTCHours();
  return `${days[t.getUTCDay()]} ${t.getUTCDate()} ${months[t.getUTCMonth()]} ${t.getUTCFullYear()} at ${hour % 12 || 12}:${String(t.getUTCMinutes()).padStart(2, '0')}${hour < 12 ? 'am' : 'pm'}`;
}

describe('someone with no account', () => {
  const address = 'newcomer@example.org';

  it('subscribes with an address, its code, an engagement level and a frequency, on a 320 px phone with JavaScript off, and stops', async () => {
    const context = await personIn(browser, { javaScript: false, phone: true });
    const page = await context.newPage();
    await page.goto(`${engine.server.url}/register`);
    await page.getByRole('link', { name: 'Be told of decisions by email' }).click();
    expect(await textOf(page, 'h1')).toBe('Be told of the boards’ decisions');
    await audit(page, 'empty');

    await signInWithAddress(engine, page, address);
    expect(new URL(page.url()).pathname).toBe('/me/notices');
    const me = await personWithAddress(address);
    // Nothing chosen yet: subscribed to neither, each by email as it happens.
    expect(await page.locator(`#${productBoard}-subscription-2`).isChecked()).toBe(true);
    expect(await page.locator(`input[name="subscription"][value="none"]`).last().isChecked()).toBe(true);
    expect(await page.locator(`#${initiativeBoard}-frequency`).isChecked()).toBe(true);
    expect(await scrollsSideways(page)).toBe(false);
    await audit(page, 'filled');

    await page.locator(`form[action="/me/notices/${initiativeBoard}"] input[value="contributor"]`).check();
    await page.locator(`form[action="/me/notices/${initiativeBoard}"] input[value="weekly"]`).check();
    await save(page, initiativeBoard);
    expect(await textOf(page, 'h1')).toBe('Your choices are saved');
    expect(await textOf(page, 'main')).toContain('How we write to you about the initiative board: one email a week, with everything of that week.');
    expect(await scrollsSideways(page)).toBe(false);
    await audit(page, 'confirmed');
    expect(await initiativeSubscribers()).toContainEqual({ id: me, level: 'contributor' });
    expect(await preferencesOf(engine.store.db, me)).toEqual({ [initiativeBoard]: 'weekly' });

    // The product board too; then stopping both.
    await page.getByRole('link', { name: 'Back to what we send you' }).click();
    expect(await page.locator(`form[action="/me/notices/${initiativeBoard}"] input[value="contributor"]`).isChecked()).toBe(true);
    await page.locator(`#${productBoard}-subscription`).check();
    await save(page, productBoard);
    expect(await textOf(page, 'main')).toContain('You are subscribed to the product board’s decisions.');
    expect(await productSubscribers()).toContain(me);

    await page.goto(`${engine.server.url}/me/notices`);
    await page.locator(`#${productBoard}-subscription-2`).check();
    await save(page, productBoard);
    await page.goto(`${engine.server.url}/me/notices`);
    await page.locator(`form[action="/me/notices/${initiativeBoard}"] input[value="none"]`).first().check();
    await save(page, initiativeBoard);
    expect(await textOf(page, 'main')).toContain('You are not subscribed to the initiative board’s decisions and minutes.');
    expect(await productSubscribers()).not.toContain(me);
    expect((await initiativeSubscribers()).map((s) => s.id)).not.toContain(me);

    // Signed in, /subscribe goes straight to the choices.
    await page.goto(`${engine.server.url}/subscribe`);
    expect(new URL(page.url()).pathname).toBe('/me/notices');
    await context.close();
  }, 120_000);

  it('is refused a frequency or a board the service does not have, and nothing changes', async () => {
    // JavaScript on only to send what the page never offers, as a hand-made request would.
    const context = await personIn(browser, { javaScript: true });
    const page = await context.newPage();
    await page.goto(`${engine.server.url}/subscribe`);
    await signInWithAddress(engine, page, address);
    const me = await personWithAddress(address);
    const before = await preferencesOf(engine.store.db, me);

    await page.locator(`#${productBoard}-subscription`).check();
    const daily = page.locator(`form[action="/me/notices/${productBoard}"] input[value="daily"]`);
    await daily.check();
    await daily.evaluate((radio) => radio.setAttribute('value', 'hourly'));
    await save(page, productBoard);
    expect(await page.locator(`.govuk-error-summary a[href="#${productBoard}-frequency"]`).textContent()).toContain('Choose how often we write to you about the product board');
    // What was chosen is shown again.
    expect(await page.locator(`#${productBoard}-subscription`).isChecked()).toBe(true);
    await audit(page, 'refused');
    expect(await productSubscribers()).not.toContain(me);
    expect(await preferencesOf(engine.store.db, me)).toEqual(before);

    await page.locator(`form[action="/me/notices/${productBoard}"]`).evaluate((form) => form.setAttribute('action', '/me/notices/no-such-board'));
    const refused = page.waitForResponse((r) => r.url().endsWith('/me/notices/no-such-board'));
    await page.locator('form[action="/me/notices/no-such-board"] button').click();
    expect((await refused).status()).toBe(404);
    expect(await textOf(page, 'main')).toContain('This service has no board called no-such-board.');
    expect(await preferencesOf(engine.store.db, me)).toEqual(before);
    await context.close();
  }, 120_000);
});

describe('a member', () => {
  it('chooses a time zone by its city; every page writes dates in it and reads a typed day in it', async () => {
    const context = await personIn(browser, { javaScript: false });
    const page = await context.newPage();
    await signInAs(engine, page, ben.id, `/reviews/${reviewId}`);
    await page.locator('#choice').check();
    await page.getByRole('button', { name: 'Send my vote' }).click();
    await page.goto(`${engine.server.url}/me`);
    await page.getByRole('link', { name: 'Choose what we send you, how often, and your time zone' }).click();
    // A member of the product board (and of it alone) is told so by its form.
    expect(await page.locator('main p', { hasText: 'You sit on this board' }).count()).toBe(1);

    await page.fill('#zone', `Atlantis ${typedMarkup}`);
    await page.getByRole('button', { name: 'Save your time zone' }).click();
    expect(await page.locator('.govuk-error-summary a[href="#zone"]').textContent()).toContain('We do not know the time zone “Atlantis');
    expect(await page.locator('#zone').inputValue()).toBe(`Atlantis ${typedMarkup}`);
    expect(await markupRun(page)).toBe(0);
    await audit(page, 'refused');
    expect((await personOf(engine.store.db, ben.id)).timeZone).toBe('Europe/London');

    await page.fill('#zone', 'tokyo');
    await page.getByRole('button', { name: 'Save your time zone' }).click();
    expect(await textOf(page, 'h1')).toBe('Your time zone is saved');
    expect(await textOf(page, 'main')).toContain('Tokyo time (Asia/Tokyo)');
    await audit(page, 'confirmed');
    expect((await personOf(engine.store.db, ben.id)).timeZone).toBe('Asia/Tokyo');

    // The review's page, its own lines and its forms' (a macro of another template), in Tokyo's words.
    const view = await engine.governance.status(reviewId);
    await page.goto(`${engine.server.url}/reviews/${reviewId}`);
    const main = await textOf(page, 'main');
    expect(main).toContain(`Voting closes ${inTokyo(view.votingClosesAt)}`);
    expect(main).toContain(`Voting is open until ${inTokyo(view.votingClosesAt)}.`);
    expect(main).not.toMatch(/\d{4}-\d{2}-\d{2}T/);
    // The self-assessment under each principle's title, not its id.
    const principle = product.principles.guiding[0]!;
    expect(await textOf(page, 'dl.govuk-summary-list dt:text-is("' + principle.title + '") + dd')).toBe(`How the team meets ${principle.title}`);
    expect(main).toContain(`until voting closes, ${inTokyo(view.votingClosesAt)}.`);
    expect(await textOf(page, 'footer')).toContain('Times are shown in Tokyo time (Asia/Tokyo)');

    // A day typed for an assessment's report is read in Tokyo: its end of day, 17:00 there, is 08:00 UTC.
    const due = new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10);
    await page.fill('#who', 'Dr Ada Byron');
    await page.fill('#question', 'Is the benefits map safe?');
    await page.fill('#dueAt', due);
    await page.getByRole('button', { name: 'Commission the assessment' }).click();
    expect(await textOf(page, 'h1')).toBe('The assessment is commissioned');
    expect((await engine.governance.status(reviewId)).assessment?.dueAt).toBe(`${due}T08:00:00.000Z`);

    // Someone not signed in still reads the service's zone.
    const stranger = await (await personIn(browser, { javaScript: false })).newPage();
    await stranger.goto(`${engine.server.url}/reviews/${reviewId}`);
    expect(await textOf(stranger, 'footer')).toContain('Times are shown in London time (Europe/London)');
    await context.close();
  }, 120_000);
});

it('has no WCAG 2.2 AA violation on any page the tests reached', () => {
  expect(new Set(audited.map((a) => a.state))).toEqual(new Set(['empty', 'filled', 'refused', 'confirmed']));
  expect(audited.filter((a) => a.violations.length)).toEqual([]);
});

/**
 * The secretariat's product duties in a real Chromium with JavaScript off, on the whole engine over the
 * time-skipping server (a product goes live through five written procedures, and its first benefit and
 * harm review falls 30 days on): the secretariat registers a product, closes the condition the board set
 * on its live gate with evidence, triages a harm report as medium with an action plan and records the
 * plan done, and records the review. Each is checked in what the engine holds afterwards; each form's
 * refusal is shown at its field with nothing typed lost; a member is refused every one of these pages;
 * axe-core finds nothing against WCAG 2.2 AA on any page in any state reached.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBoard } from '../../../client/boardConfig';
import { launchChromium, markupRun, personIn, pageAudits, scrollsSideways, textOf, typedMarkup } from '../../support/chromium';
import { goLiveInPortal, signInAs, startPortalEngine, until, type PortalEngine } from '../../support/portal';
import { skipTo } from '../../support/productBoardRun';

const PRODUCT = 'benefits-map';
const markup = typedMarkup;
const board = loadBoard();
const secretariat = board.roster.secretariat[0]!;
const member = board.roster.members.find((m) => m.id !== board.roster.chair)!.id;
const condition = `Publish the data protection assessment ${markup}`;
/** The harm reports, in the order they were made: the first is triaged here, the second left waiting. */
const reports: string[] = [];

let engine: PortalEngine;
let browser: Browser;
const { audited, audit } = pageAudits(() => browser);

beforeAll(async () => {
  [engine, browser] = await Promise.all([startPortalEngine({ timeSkipping: true }), launchChromium()]);
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await engine?.stop();
});

/** The secretariat's page, signed in once (an address has 3 codes in 15 minutes), landed on `path`. */
let signedIn: Page | undefined;
async function asSecretariat(path: string): Promise<Page> {
  if (signedIn) {
    await signedIn.goto(`${engine.server.url}${path}`);
    return signedIn;
  }
  const page = await (await personIn(browser, { javaScript: false })).newPage();
  await signInAs(engine, page, secretariat, path);
  return (signedIn = page);
}

/** Every page this file's duties are on, with the condition and reports made by then. */
async function dutyPaths(): Promise<string[]> {
  const { conditions } = await engine.governance.product(PRODUCT);
  return [
    '/secretariat/products/register',
    '/secretariat/conditions',
    `/secretariat/products/${PRODUCT}/conditions/${conditions[0]!.conditionId}`,
    '/secretariat/harms',
    `/secretariat/harms/${PRODUCT}/${reports[1]}`,
    `/secretariat/harms/${PRODUCT}/${reports[0]}/action`,
    `/secretariat/reviews/${PRODUCT}`,
  ];
}

/** The day `days` after the engine's time now, as a date field takes it. */
const dayAfter = async (days: number) => new Date((await engine.env.currentTimeMs()) + days * 86_400_000).toISOString().slice(0, 10);

describe('the secretariat', () => {
  it('registers a product, and loses nothing typed on a refusal', async () => {
    const page = await asSecretariat('/secretariat');
    await page.getByRole('link', { name: 'Register a product' }).click();
    expect(await textOf(page, 'h1')).toBe('Register a product');
    await audit(page, 'empty');

    // An id with spaces: the schema's words at the id, the rest kept.
    await page.fill('#name', 'Benefits map');
    await page.fill('#id', 'benefits map');
    await page.fill('#description', `Shows where to claim ${markup}`);
    await page.getByRole('button', { name: 'Register the product' }).click();
    expect(await page.locator('.govuk-error-summary a[href="#id"]').textContent()).toContain('letters, digits');
    expect(await page.locator('.govuk-error-summary a').count()).toBe(1);
    expect(await page.locator('#name').inputValue()).toBe('Benefits map');
    expect(await page.locator('#description').inputValue()).toBe(`Shows where to claim ${markup}`);
    expect((await engine.governance.boardStatus(board.roster.boardId)).products).toEqual([]);
    await audit(page, 'refused');

    await page.fill('#id', PRODUCT);
    await page.getByRole('button', { name: 'Register the product' }).click();
    expect(await textOf(page, 'h1')).toBe('The product is registered');
    expect(await markupRun(page)).toBe(0);
    await audit(page, 'confirmed');
    const product = await engine.governance.product(PRODUCT);
    expect(product).toMatchObject({ stage: 'proposed', product: { id: PRODUCT, name: 'Benefits map', description: `Shows where to claim ${markup}`, registeredBy: secretariat } });

    // The same id again: the board's own refusal, at the id.
    await page.goto(`${engine.server.url}/secretariat/products/register`);
    await page.fill('#name', 'Benefits map again');
    await page.fill('#id', PRODUCT);
    await page.getByRole('button', { name: 'Register the product' }).click();
    expect(await page.locator('.govuk-error-summary a[href="#id"]').textContent()).toContain('already registered');
    expect(await page.locator('#name').inputValue()).toBe('Benefits map again');
    expect((await engine.governance.boardStatus(board.roster.boardId)).products).toEqual([PRODUCT]);
    await audit(page, 'refused');
  }, 120_000);

  it('closes the condition of an approval with evidence, which the gate page said held back the next gate', async () => {
    await goLiveInPortal(engine, PRODUCT, { conditions: { live: [condition] } });
    const [open] = (await engine.governance.product(PRODUCT)).openConditions;
    expect(open).toMatchObject({ text: condition, gate: 'live' });

    const page = await asSecretariat(`/secretariat/products/${PRODUCT}/gate`);
    expect(await textOf(page, '.govuk-warning-text')).toContain('cannot be asked for the iteration gate yet: 1 condition of earlier approvals is still open');
    expect(await markupRun(page)).toBe(0);
    await audit(page, 'filled');

    await page.goto(`${engine.server.url}/secretariat/conditions`);
    const links = page.locator('main a[href*="/conditions/"]');
    expect(await links.count()).toBe(1);
    expect(await links.first().textContent()).toBe(condition);
    expect(await markupRun(page)).toBe(0);
    await audit(page, 'filled');

    await links.first().click();
    expect(await textOf(page, '.govuk-inset-text')).toBe(condition);
    await audit(page, 'empty');
    await page.getByRole('button', { name: 'Close the condition' }).click();
    expect(await page.locator('.govuk-error-summary a[href="#evidence"]').textContent()).toContain('needs evidence');
    expect((await engine.governance.product(PRODUCT)).openConditions).toHaveLength(1);
    await audit(page, 'refused');

    await page.fill('#evidence', `https://example.org/dpia and a note ${markup}`);
    await page.getByRole('button', { name: 'Close the condition' }).click();
    expect(await textOf(page, 'h1')).toBe('The condition is closed');
    expect(await markupRun(page)).toBe(0);
    await audit(page, 'confirmed');
    const after = await engine.governance.product(PRODUCT);
    expect(after.openConditions).toEqual([]);
    expect(after.conditions.find((c) => c.conditionId === open!.conditionId)?.closed).toMatchObject({ by: secretariat, evidence: `https://example.org/dpia and a note ${markup}` });

    await page.getByRole('link', { name: 'Request its next gate' }).click();
    expect(await page.locator('.govuk-warning-text').count()).toBe(0);
  }, 300_000);

  it('triages the harm report with the soonest deadline as medium, and records its action plan done', async () => {
    for (const summary of [`My address was shown to my landlord ${markup}`, 'The map sent me to a closed office']) reports.push((await engine.governance.reportHarm(PRODUCT, { summary })).reportId);
    const page = await asSecretariat('/secretariat/harms');
    const links = page.locator('main a[href^="/secretariat/harms/"]');
    expect(await links.count()).toBe(2);
    // Soonest triage deadline first, as the watch sets them.
    const byDeadline = [...(await engine.governance.harmWatch(PRODUCT)).openReports].sort((a, b) => a.triageBy.localeCompare(b.triageBy)).map((r) => `/secretariat/harms/${PRODUCT}/${r.reportId}`);
    expect(await links.evaluateAll((as) => as.map((a) => a.getAttribute('href')))).toEqual(byDeadline);
    expect(byDeadline[0]).toBe(`/secretariat/harms/${PRODUCT}/${reports[0]}`);
    expect(await markupRun(page)).toBe(0);
    await audit(page, 'filled');

    await links.first().click();
    await audit(page, 'empty');
    // Medium with no plan: the watch's schema asks for one, at the plan.
    await page.locator('input[name="severity"][value="medium"]').check();
    await page.fill('#note', `The map showed home addresses ${markup}`);
    await page.getByRole('button', { name: 'Triage the report' }).click();
    expect(await page.locator('.govuk-error-summary a[href="#actionDescription"]').textContent()).toContain('needs an action plan');
    expect(await page.locator('#note').inputValue()).toBe(`The map showed home addresses ${markup}`);
    expect(await page.locator('input[name="severity"][value="medium"]').isChecked()).toBe(true);
    await audit(page, 'refused');

    await page.fill('#actionDescription', `Hide addresses at street level ${markup}`);
    await page.fill('#actionDue', 'next week');
    await page.getByRole('button', { name: 'Triage the report' }).click();
    expect(await page.locator('.govuk-error-summary a[href="#actionDue"]').textContent()).toContain('year-month-day');
    expect(await page.locator('#actionDescription').inputValue()).toBe(`Hide addresses at street level ${markup}`);

    // A day gone by: the watch's own refusal, at the due date, and nothing recorded.
    await page.fill('#actionDue', '2020-01-20');
    await page.getByRole('button', { name: 'Triage the report' }).click();
    expect(await page.locator('.govuk-error-summary a[href="#actionDue"]').textContent()).toContain('is not in the future');
    expect((await engine.governance.harmReport(PRODUCT, reports[0]!)).status).toBe('awaitingTriage');
    await audit(page, 'refused');

    const due = await dayAfter(20);
    await page.fill('#actionDue', due);
    await page.fill('#actionOwner', 'The map team');
    await page.getByRole('button', { name: 'Triage the report' }).click();
    expect(await textOf(page, 'h1')).toBe('The harm report is triaged');
    expect(await markupRun(page)).toBe(0);
    await audit(page, 'confirmed');
    const triaged = await engine.governance.harmReport(PRODUCT, reports[0]!);
    expect(triaged).toMatchObject({ status: 'actionPlan', triage: { by: secretariat, severity: 'medium', note: `The map showed home addresses ${markup}` }, actionPlan: { description: `Hide addresses at street level ${markup}`, owner: 'The map team' } });
    expect(triaged.actionPlan!.dueAt.slice(0, 10)).toBe(due);

    // Sent again (a second tab still showing the form): the watch refuses in its own words, shown on the form.
    await page.goto(`${engine.server.url}/secretariat/harms/${PRODUCT}/${reports[1]}`);
    const token = await page.locator('input[name="_csrf"]').first().inputValue();
    const again = await page.request.post(`${engine.server.url}/secretariat/harms/${PRODUCT}/${reports[0]}`, { form: { _csrf: token, severity: 'low', note: 'Twice' } });
    expect(again.status()).toBe(409);
    const refused = await again.text();
    expect(refused).toContain('govuk-error-summary');
    expect(refused).toContain(`was triaged by ${secretariat}`);

    await page.goto(`${engine.server.url}/secretariat/harms`);
    await page.locator(`a[href="/secretariat/harms/${PRODUCT}/${reports[0]}/action"]`).click();
    expect(await textOf(page, '.govuk-inset-text')).toBe(`Hide addresses at street level ${markup}`);
    await audit(page, 'empty');
    await page.getByRole('button', { name: 'Record it done' }).click();
    expect(await page.locator('.govuk-error-summary a[href="#evidence"]').count()).toBe(1);
    expect((await engine.governance.harmReport(PRODUCT, reports[0]!)).actionPlan?.completed).toBeUndefined();
    await audit(page, 'refused');
    await page.fill('#evidence', `Released in version 2.1 ${markup}`);
    await page.getByRole('button', { name: 'Record it done' }).click();
    expect(await textOf(page, 'h1')).toBe('The action plan is done');
    expect(await markupRun(page)).toBe(0);
    await audit(page, 'confirmed');
    expect(await engine.governance.harmReport(PRODUCT, reports[0]!)).toMatchObject({ status: 'closed', actionPlan: { completed: { by: secretariat, evidence: `Released in version 2.1 ${markup}` } } });
  }, 120_000);

  it('records the benefit and harm review once it falls due and its evidence is gathered', async () => {
    const { nextReviewAt } = await engine.governance.harmWatch(PRODUCT);
    await skipTo(engine.env, new Date(Date.parse(nextReviewAt!) + 60_000).toISOString());
    const { current } = await until(() => engine.governance.harmWatch(PRODUCT), (w) => w.current?.evidence !== undefined, 'the review to gather its evidence');

    const page = await asSecretariat('/secretariat/harms');
    await page.getByRole('link', { name: 'Record the review of Benefits map' }).click();
    expect(await textOf(page, 'main')).toContain(current!.reviewId);
    await audit(page, 'empty');
    await page.fill('#benefits', `People found their benefits ${markup}\nFewer missed claims`);
    await page.getByRole('button', { name: 'Record the review' }).click();
    expect(await page.locator('.govuk-error-summary a[href="#worstHarm"]').textContent()).toContain('Choose the worst harm');
    expect(await page.locator('#benefits').inputValue()).toBe(`People found their benefits ${markup}\nFewer missed claims`);
    expect((await engine.governance.harmWatch(PRODUCT)).reviews).toEqual([]);
    await audit(page, 'refused');

    await page.locator('input[name="worstHarm"][value="low"]').check();
    await page.fill('#harms', 'A closed office was shown');
    await page.getByRole('button', { name: 'Record the review' }).click();
    expect(await textOf(page, 'h1')).toBe('The review is recorded');
    await audit(page, 'confirmed');
    const [review] = (await engine.governance.harmWatch(PRODUCT)).reviews;
    expect(review).toMatchObject({ decisionId: current!.reviewId, recordedBy: secretariat, worstHarm: 'low', benefits: [`People found their benefits ${markup}`, 'Fewer missed claims'], harms: ['A closed office was shown'] });
  }, 120_000);

  it('shows every page of these duties on a 320 px phone with no sideways scroll', async () => {
    const page = await (await personIn(browser, { javaScript: false, phone: true })).newPage();
    await signInAs(engine, page, secretariat, '/secretariat/harms');
    for (const path of [...(await dutyPaths()), `/secretariat/products/${PRODUCT}/gate`, '/secretariat/products']) {
      const answer = await page.goto(`${engine.server.url}${path}`);
      expect([path, answer?.status(), await scrollsSideways(page)]).toEqual([path, 200, false]);
    }
    await page.context().close();
  }, 120_000);
});

describe('a member', () => {
  it('is refused every product duty page, and a triage sent anyway changes nothing', async () => {
    const context = await personIn(browser, { javaScript: false });
    const page = await context.newPage();
    await signInAs(engine, page, member, '/products');
    for (const path of await dutyPaths()) {
      const answer = await page.goto(`${engine.server.url}${path}`);
      expect([path, answer?.status()]).toEqual([path, 403]);
      expect(await textOf(page, 'h1')).toBe('This page is not for you');
      expect(await page.locator('main form').count()).toBe(0);
      await audit(page, 'refused');
    }
    await page.goto(`${engine.server.url}/report-harm`);
    const token = await page.locator('input[name="_csrf"]').first().inputValue();
    const sent = await page.request.post(`${engine.server.url}/secretariat/harms/${PRODUCT}/${reports[1]}`, { form: { _csrf: token, severity: 'low', note: 'Not theirs to say' } });
    expect(sent.status()).toBe(403);
    expect((await engine.governance.harmReport(PRODUCT, reports[1]!)).status).toBe('awaitingTriage');
    await context.close();
  }, 120_000);
});

it('has no WCAG 2.2 AA violation on any page the tests reached', () => {
  expect(audited.length).toBeGreaterThanOrEqual(25);
  expect(new Set(audited.map((a) => a.state))).toEqual(new Set(['empty', 'filled', 'refused', 'confirmed']));
  expect(audited.filter((a) => a.violations.length)).toEqual([]);
});

/**
 * The strategy's KPIs in the portal, in a real Chromium with JavaScript off, on the whole engine over the
 * time-skipping server (a strategy is in force only once a quarter's meeting has decided it, months away):
 * the board approves a strategy with a tracked KPI and carries an action past its due date; the secretariat
 * finds the KPIs' page on the board-business page, records this quarter's figure (a figure that is not a
 * number and missing evidence refused at their fields) and reads the KPI's trend on the confirmation and the
 * quarter page, where the action is marked overdue; anyone reads the strategy and the trend on the home page.
 * axe-core finds nothing against WCAG 2.2 AA on any page reached.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadInitiativeBoard } from '../../../client/initiativeConfig';
import { kpiTrend, type TrackedKpi } from '../../../machines/initiativeBoard/kpis';
import { launchChromium, markupRun, personIn, pageAudits, textOf, typedMarkup } from '../../support/chromium';
import { eventually, skipTo } from '../../support/productBoardRun';
import { signInAs, startPortalEngine, type PortalEngine } from '../../support/portal';

const markup = typedMarkup;
const initiative = loadInitiativeBoard();
const boardId = initiative.roster.boardId;
const secretariat = initiative.roster.secretariat[0]!;
/** Seven of twelve approve, among them members with lived experience of poverty: a majority the board's rules take. */
const voters = initiative.roster.members.slice(0, 7).map((m) => m.id);
const MINUTE = 60_000;
const DAY = 86_400_000;
const households: TrackedKpi = { name: 'Households reached', baseline: 1200, target: 5000, unit: 'households', by: `${new Date().getUTCFullYear() + 3}-12-31T00:00:00.000Z` };
const focus = `Housing benefit take-up ${markup}`;

let engine: PortalEngine;
let browser: Browser;
let actionId: string;
const { audited, audit } = pageAudits(() => browser);

beforeAll(async () => {
  [engine, browser] = await Promise.all([startPortalEngine({ timeSkipping: true }), launchChromium()]);
  const ini = engine.governance.initiative(boardId);
  const { itemId } = await ini.propose({ by: secretariat, title: 'Focus on housing', text: 'Most calls are about housing.', proposal: { decision: 'strategy', focus, kpis: [households] } });
  for (const by of voters) await ini.command('castVote', { by, itemId, choice: 'approve' });
  const dueAt = new Date((await engine.env.currentTimeMs()) + 3 * DAY).toISOString();
  const recorded = await ini.command('recordAction', { by: secretariat, text: 'Ask the advice network for its count', owner: 'i-kofi', dueAt });
  actionId = recorded!.actions.find((a) => a.text === 'Ask the advice network for its count')!.actionId;
  const { quarter } = await ini.status();
  await skipTo(engine.env, new Date(Date.parse(quarter.endsAt) + MINUTE).toISOString());
  await eventually(() => ini.status(), (v) => v.lastMeeting?.meetingId === quarter.meetingId && v.stage === 'agendaOpen' && v.strategy !== undefined, `the strategy decided at ${quarter.meetingId}`, 600);
}, 400_000);

afterAll(async () => {
  await browser?.close();
  await engine?.stop();
});

it('records a KPI’s figure on the strategy the board decided, shows its trend to the secretariat and to anyone, and marks an action past its due date overdue', async () => {
  const url = engine.server.url;
  const ini = engine.governance.initiative(boardId);
  const page = await (await personIn(browser, { javaScript: false })).newPage();
  await signInAs(engine, page, secretariat, '/secretariat');
  await page.getByRole('link', { name: 'The strategy’s KPIs' }).click();
  expect(new URL(page.url()).pathname).toBe('/secretariat/quarter/kpis');
  expect(await textOf(page, 'main')).toContain(kpiTrend(households, []));
  expect(await markupRun(page)).toBe(0);
  await audit(page, 'empty');

  await page.getByLabel(households.name).check();
  await page.fill('#value', 'about two thousand');
  await page.getByRole('button', { name: 'Record the figure' }).click();
  expect(await page.locator('.govuk-error-summary a[href="#value"]').textContent()).toContain('as a number');
  await page.fill('#value', '2,400');
  await page.getByRole('button', { name: 'Record the figure' }).click();
  expect(await page.locator('.govuk-error-summary a[href="#evidence"]').textContent()).toContain('Say where the figure comes from');
  expect(await page.locator('#value').inputValue()).toBe('2,400');
  expect(await page.getByLabel(households.name).isChecked()).toBe(true);
  expect((await ini.status()).strategy?.progress, 'nothing recorded').toBeUndefined();
  await audit(page, 'refused');

  await page.fill('#evidence', `The network’s count, https://example.org/count ${markup}`);
  await page.getByRole('button', { name: 'Record the figure' }).click();
  expect(await textOf(page, 'h1')).toBe('The figure is recorded');
  const view = await ini.status();
  expect(view.strategy?.progress).toMatchObject([{ kpi: households.name, value: 2400, meetingId: view.quarter.meetingId, by: secretariat, evidence: `The network’s count, https://example.org/count ${markup}` }]);
  const trend = kpiTrend(households, view.strategy!.progress!);
  expect(trend).toContain('2,400 — 2,600 households to go');
  expect(await textOf(page, 'main')).toContain(`How it is going now: ${trend}`);
  expect(await markupRun(page)).toBe(0);
  await audit(page, 'confirmed');

  // The quarter page: the strategy and the trend, and the action past its due date tagged overdue in words.
  await page.goto(`${url}/secretariat/quarter`);
  expect(await textOf(page, 'main')).toContain(trend);
  const action = page.locator('main li', { hasText: actionId });
  expect(await action.locator('.govuk-tag').textContent()).toContain('Overdue');
  expect(await textOf(page, 'main')).toContain('1 action is past its due date');
  await audit(page, 'filled');

  // Anyone, signed in or not, follows the strategy and its KPIs on the home page.
  const anyone = await (await personIn(browser, { javaScript: false })).newPage();
  await anyone.goto(url);
  const home = await textOf(anyone, 'main');
  expect(home).toContain(focus);
  expect(home).toContain(trend);
  expect(await markupRun(anyone)).toBe(0);
  await audit(anyone, 'filled');
}, 280_000);

it('has no WCAG 2.2 AA violation on any page the test reached', () => {
  expect(audited.length).toBeGreaterThanOrEqual(5);
  expect(audited.filter((a) => a.violations.length)).toEqual([]);
});

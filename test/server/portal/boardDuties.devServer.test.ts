/**
 * The secretariat's board-side pages in a real Chromium with JavaScript off, on the whole engine
 * (Temporal dev server and worker, PostgreSQL, SMTP, the HTTP server): the secretariat changes the
 * product board's policy, removes a member with a reason, appoints a member (with the address they
 * then sign in with) and the chair, calls a meeting, pauses and resumes meetings; a member is refused
 * every one of these pages. On the initiative board the secretariat proposes an item, proposes a change
 * to each board's governance, a strategy with a tracked KPI (a line the board cannot read refused at its field),
 * records an action with its owner's id and due date, and completes it; the KPIs' page says no strategy is in force. Each change is checked in what the board's process holds afterwards, each
 * refusal at its field with what was typed kept, and axe-core finds nothing against WCAG 2.2 AA on any
 * page in any state reached (empty, filled, refused, confirmed).
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBoard } from '../../../client/boardConfig';
import { loadInitiativeBoard } from '../../../client/initiativeConfig';
import { personOf } from '../../../store/people';
import { launchChromium, markupRun, personIn, pageAudits, scrollsSideways, textOf, typedMarkup } from '../../support/chromium';
import { signInAs, startPortalEngine, type PortalEngine } from '../../support/portal';
import { kpiFromLine, kpiLineHint } from '../../../machines/initiativeBoard/kpis';
import { dayInWords, deadlineHour, hourOnDay } from '../../../server/portal/dates';
import { defaultTimeZone } from '../../../server/settings';

let engine: PortalEngine;
let browser: Browser;
const markup = typedMarkup;
const product = loadBoard();
const initiative = loadInitiativeBoard();
const boardId = product.roster.boardId;
const secretariat = product.roster.secretariat[0]!;
const member = product.roster.members.find((m) => m.id !== product.roster.chair)!.id;
const leaving = product.roster.members.find((m) => m.id !== product.roster.chair && m.id !== member)!;
const hal = { id: 'm-hal', name: `Hal Ng ${markup}` };

const { audited, audit } = pageAudits(() => browser);
const board = () => engine.governance.boardStatus(boardId);

/** A day `days` from now, as the form takes it (year-month-day). */
const dayAhead = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
/** A year to come, for a KPI's date. */
const yearAhead = new Date().getUTCFullYear() + 3;

beforeAll(async () => {
  [engine, browser] = await Promise.all([startPortalEngine(), launchChromium()]);
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await engine?.stop();
});

/** The secretariat's browsers, desktop and phone, each signed in once: an address gets only a few codes in a quarter of an hour. */
const signedIn = new Map<boolean, Promise<BrowserContext>>();

/** A new page in the secretariat's browser (a 320 px phone if `phone`), open at `then`. */
async function asSecretariat(then: string, phone = false): Promise<Page> {
  if (!signedIn.has(phone))
    signedIn.set(
      phone,
      (async () => {
        const context = await personIn(browser, { javaScript: false, phone });
        await signInAs(engine, await context.newPage(), secretariat, '/secretariat');
        return context;
      })(),
    );
  const page = await (await signedIn.get(phone)!).newPage();
  await page.goto(`${engine.server.url}${then}`);
  return page;
}

describe('the secretariat', () => {
  it("reads both boards' policy in words, and changes the product board's, losing nothing typed on a refusal", async () => {
    const page = await asSecretariat('/secretariat');
    await page.getByRole('link', { name: 'Board policy' }).click();
    expect(await textOf(page, 'h1')).toBe('Board policy');
    const main = await textOf(page, 'main');
    expect(main).toContain(`at least ${product.policy.meetings.papersDeadlineDays} days before it`);
    expect(main).toContain("The initiative board's policy changes only by its own decision");
    // Only the product board's policy has a form: the initiative board's changes by its own vote.
    expect(await page.locator('a[href="/secretariat/policy/change"]').count()).toBe(1);
    await audit(page, 'filled');

    await page.locator('a[href="/secretariat/policy/change"]').click();
    expect(await page.locator('#meetings-papersDeadlineDays').inputValue()).toBe(String(product.policy.meetings.papersDeadlineDays));
    expect(await page.locator('#quorum-share').inputValue()).toBe('1/2');
    await audit(page, 'filled');

    // A share the form cannot read: named at its field, all else kept, nothing sent.
    await page.fill('#quorum-share', 'half');
    await page.fill('#meetings-papersDeadlineDays', '2');
    await page.fill('#reference', `Minutes of 3 March, item 4 ${markup}`);
    await page.getByRole('button', { name: 'Record the change' }).click();
    expect(await page.locator('.govuk-error-summary a[href="#quorum-share"]').textContent()).toContain('fraction');
    expect(await page.locator('#quorum-share').inputValue()).toBe('half');
    expect(await page.locator('#meetings-papersDeadlineDays').inputValue()).toBe('2');
    expect(await page.locator('#reference').inputValue()).toBe(`Minutes of 3 March, item 4 ${markup}`);
    await audit(page, 'refused');

    // A day the policy's own bounds refuse: the schema's words, at that field.
    await page.fill('#quorum-share', '1/2');
    await page.fill('#meetings-dayOfMonth', '40');
    await page.getByRole('button', { name: 'Record the change' }).click();
    expect(await page.locator('.govuk-error-summary a[href="#meetings-dayOfMonth"]').textContent()).toContain('from 1 to 28');
    expect(await page.locator('#meetings-dayOfMonth').inputValue()).toBe('40');
    expect((await board()).policy.meetings.papersDeadlineDays).toBe(product.policy.meetings.papersDeadlineDays);
    await audit(page, 'refused');

    await page.fill('#meetings-dayOfMonth', '12');
    await page.locator('#chairHasCastingVote').check();
    await page.getByRole('button', { name: 'Record the change' }).click();
    expect(await textOf(page, 'h1')).toBe('The policy is changed');
    expect(await textOf(page, 'main')).toContain('at least 2 days before it');
    expect(await markupRun(page)).toBe(0);
    await audit(page, 'confirmed');

    const after = await board();
    expect(after.policy.meetings).toMatchObject({ papersDeadlineDays: 2, dayOfMonth: 12 });
    expect(after.policy.chairHasCastingVote).toBe(true);
    // Nothing the form did not touch moved.
    expect({ ...after.policy, meetings: { ...after.policy.meetings, papersDeadlineDays: 7, dayOfMonth: 10 }, chairHasCastingVote: false }).toEqual(product.policy);
    expect(after.changes.at(-1)).toMatchObject({ by: secretariat, reference: `Minutes of 3 March, item 4 ${markup}` });
    await page.close();
  }, 120_000);

  it('removes a member with a reason, appoints one with the address they sign in with, and appoints the chair', async () => {
    const page = await asSecretariat('/secretariat/members');
    expect(await page.locator(`a[href^="/secretariat/members/${boardId}/remove/"]`).count()).toBe(product.roster.members.length - 1);
    expect(await textOf(page, 'main')).toContain('lived experience of poverty');
    await audit(page, 'filled');

    // The board is full: the board refuses in its own words, at the id, and keeps all typed.
    await page.locator(`a[href="/secretariat/members/${boardId}/appoint"]`).click();
    await audit(page, 'empty');
    await page.fill('#id', hal.id);
    await page.fill('#name', hal.name);
    await page.fill('#email', 'not an address');
    await page.locator('#technical').check();
    await page.fill('#expertise', `product\nsecurity ${markup}`);
    await page.getByLabel('Has lived experience of poverty').check();
    await page.getByRole('button', { name: 'Appoint the member' }).click();
    expect(await page.locator('.govuk-error-summary a[href="#email"]').textContent()).toContain('name@example.org');
    expect(await page.locator('#name').inputValue()).toBe(hal.name);
    expect(await page.getByLabel('Has lived experience of poverty').isChecked()).toBe(true);
    await audit(page, 'refused');
    await page.fill('#email', engine.addressOf(hal.id));
    await page.getByRole('button', { name: 'Appoint the member' }).click();
    expect(await page.locator('.govuk-error-summary a[href="#id"]').textContent()).toContain(`all ${product.roster.seats} seats filled`);
    expect(await page.locator('#expertise').inputValue()).toBe(`product\nsecurity ${markup}`);
    expect(await page.locator('#email').inputValue()).toBe(engine.addressOf(hal.id));
    expect((await personOf(engine.store.db, hal.id)).email).toBeUndefined();
    await audit(page, 'refused');

    await page.goto(`${engine.server.url}/secretariat/members`);
    await page.locator(`a[href="/secretariat/members/${boardId}/remove/${leaving.id}"]`).click();
    await audit(page, 'empty');
    await page.getByRole('button', { name: 'Remove the member' }).click();
    expect(await page.locator('.govuk-error-summary a[href="#reason"]').textContent()).toContain('Give the reason');
    expect((await board()).roster.members.some((m) => m.id === leaving.id)).toBe(true);
    await audit(page, 'refused');
    await page.fill('#reason', `Resigned at the end of the term ${markup}`);
    await page.getByRole('button', { name: 'Remove the member' }).click();
    expect(await textOf(page, 'h1')).toBe(`${leaving.name} is removed`);
    expect(await markupRun(page)).toBe(0);
    await audit(page, 'confirmed');
    expect((await board()).roster.members.some((m) => m.id === leaving.id)).toBe(false);

    await page.goto(`${engine.server.url}/secretariat/members/${boardId}/appoint`);
    await page.fill('#id', hal.id);
    await page.fill('#name', hal.name);
    await page.fill('#email', engine.addressOf(hal.id));
    await page.locator('#technical').check();
    await page.fill('#expertise', 'product\nsecurity');
    await page.getByLabel('Has lived experience of poverty').check();
    await page.fill('#reference', `Board minute 12 ${markup}`);
    await page.getByRole('button', { name: 'Appoint the member' }).click();
    expect(await textOf(page, 'h1')).toBe(`${hal.name} is appointed`);
    expect(await textOf(page, 'main')).toContain(`They can sign in with ${engine.addressOf(hal.id)}`);
    expect(await markupRun(page)).toBe(0);
    await audit(page, 'confirmed');
    const appointed = (await board()).roster.members.find((m) => m.id === hal.id);
    expect(appointed).toEqual({ id: hal.id, name: hal.name, technical: false, expertise: ['product', 'security'], livedExperience: true });
    // The address went to the address book only, never to the board.
    expect((await personOf(engine.store.db, hal.id)).email).toBe(engine.addressOf(hal.id));
    expect(JSON.stringify(await board())).not.toContain(engine.addressOf(hal.id));

    await page.goto(`${engine.server.url}/secretariat/members/${boardId}/chair`);
    await audit(page, 'empty');
    await page.fill('#reference', `Board minute 13 ${markup}`);
    await page.getByRole('button', { name: 'Appoint the chair' }).click();
    expect(await page.locator('.govuk-error-summary a[href="#memberId"]').textContent()).toContain('Choose the member');
    expect(await page.locator('#reference').inputValue()).toBe(`Board minute 13 ${markup}`);
    await audit(page, 'refused');
    await page.getByLabel(hal.name).check();
    await page.getByRole('button', { name: 'Appoint the chair' }).click();
    expect(await textOf(page, 'h1')).toBe(`${hal.name} chairs the board`);
    expect(await markupRun(page)).toBe(0);
    await audit(page, 'confirmed');
    expect((await board()).roster.chair).toBe(hal.id);
    await page.close();

    // The new member signs in with the address recorded for them.
    const theirs = await (await personIn(browser, { javaScript: false })).newPage();
    await signInAs(engine, theirs, hal.id, '/me');
    // And, as chair now, may open the chair's pages (the menu's offer can lag behind; the page asks the roster).
    expect((await theirs.goto(`${engine.server.url}/secretariat/meetings`))?.status()).toBe(200);
    await theirs.context().close();
  }, 180_000);

  it('calls a meeting, pauses meetings with a reason and resumes them', async () => {
    const page = await asSecretariat('/secretariat/meetings');
    expect(await textOf(page, 'h1')).toBe('Meetings and agendas');
    await audit(page, 'filled');

    await page.locator('a[href="/secretariat/meetings/call"]').click();
    await audit(page, 'empty');
    await page.fill('#day', 'next Tuesday');
    await page.fill('#time', '15:00');
    await page.getByRole('button', { name: 'Call the meeting' }).click();
    expect(await page.locator('.govuk-error-summary a[href="#day"]').textContent()).toContain('year-month-day');
    expect(await page.locator('#day').inputValue()).toBe('next Tuesday');
    await audit(page, 'refused');
    // Sooner than the papers deadline the new policy asks (2 days): the board's words.
    await page.fill('#day', dayAhead(1));
    await page.getByRole('button', { name: 'Call the meeting' }).click();
    expect(await page.locator('.govuk-error-summary a[href="#day"]').textContent()).toContain('at least 2 days ahead');
    expect(await page.locator('#time').inputValue()).toBe('15:00');
    await audit(page, 'refused');
    const day = dayAhead(20);
    await page.fill('#day', day);
    await page.getByRole('button', { name: 'Call the meeting' }).click();
    expect(await textOf(page, 'h1')).toBe('The meeting is called');
    await audit(page, 'confirmed');
    expect((await board()).upcomingMeetings.map((m) => m.meetingId)).toContain(`${boardId}-${day}`);

    await page.goto(`${engine.server.url}/secretariat/meetings`);
    expect(await page.locator('main h3').allTextContents()).toContainEqual(expect.stringContaining('3:00pm'));
    await page.locator('a[href="/secretariat/meetings/pause"]').click();
    await audit(page, 'empty');
    await page.getByRole('button', { name: 'Pause meetings' }).click();
    expect(await page.locator('.govuk-error-summary a[href="#reason"]').textContent()).toContain('Give the reason');
    expect((await board()).paused).toBeUndefined();
    await audit(page, 'refused');
    await page.fill('#reason', `The board is being re-formed ${markup}`);
    await page.getByRole('button', { name: 'Pause meetings' }).click();
    expect(await textOf(page, 'h1')).toBe('Meetings are paused');
    expect(await markupRun(page)).toBe(0);
    await audit(page, 'confirmed');
    const paused = await board();
    expect(paused.state).toBe('paused');
    expect(paused.paused).toMatchObject({ by: secretariat, reason: `The board is being re-formed ${markup}` });

    await page.goto(`${engine.server.url}/secretariat/meetings`);
    expect(await textOf(page, '.govuk-inset-text')).toContain(`The board is being re-formed ${markup}`);
    expect(await markupRun(page)).toBe(0);
    await audit(page, 'filled');
    await page.locator('a[href="/secretariat/meetings/resume"]').click();
    await audit(page, 'filled');
    await page.getByRole('button', { name: 'Resume meetings' }).click();
    expect(await textOf(page, 'h1')).toBe('Meetings are resumed');
    await audit(page, 'confirmed');
    const resumed = await board();
    expect(resumed.state).toBe('sitting');
    expect(resumed.paused).toBeUndefined();
    expect(resumed.upcomingMeetings.map((m) => m.meetingId)).toContain(`${boardId}-${day}`);
    await page.close();
  }, 120_000);

  it("proposes items to the initiative board, a strategy with a tracked KPI among them, and records an action with its owner's id and due date and completes it", async () => {
    const ini = engine.governance.initiative(initiative.roster.boardId);
    const page = await asSecretariat('/secretariat/quarter');
    expect(await textOf(page, '.govuk-inset-text')).toContain('The agenda is open');
    await audit(page, 'filled');

    await page.getByRole('link', { name: 'Propose an item', exact: true }).click();
    await audit(page, 'empty');
    await page.fill('#title', `Map debt advice ${markup}`);
    await page.fill('#text', `Nobody maps it. ${markup}`);
    await page.fill('#gap', `Debt advice near people ${markup}`);
    await page.getByRole('button', { name: 'Propose the item' }).click();
    expect(await page.locator('.govuk-error-summary a[href="#decision"]').textContent()).toContain('Choose what the board is asked to decide');
    expect(await page.locator('#gap').inputValue()).toBe(`Debt advice near people ${markup}`);
    await audit(page, 'refused');

    // A principle already in force: the board's own words, at the principle's id.
    await page.getByLabel('Adopt or revise a guiding principle').check();
    await page.getByLabel('Adopt a new principle').check();
    await page.fill('#principleId', initiative.principles![0]!.id);
    await page.fill('#principleTitle', 'Good data again');
    await page.getByRole('button', { name: 'Propose the item' }).click();
    expect(await page.locator('.govuk-error-summary a[href="#principleId"]').textContent()).toContain('already in force');
    expect(await page.locator('#title').inputValue()).toBe(`Map debt advice ${markup}`);
    await audit(page, 'refused');

    await page.getByLabel('Set a funding priority for a gap').check();
    await page.getByLabel('High').check();
    await page.getByRole('button', { name: 'Propose the item' }).click();
    expect(await textOf(page, 'h1')).toBe('The item is proposed');
    expect(await markupRun(page)).toBe(0);
    await audit(page, 'confirmed');
    const items = [...(await ini.status()).agenda, ...(await ini.status()).nextAgenda];
    expect(items.find((i) => i.title === `Map debt advice ${markup}`)).toMatchObject({ source: { kind: 'secretariat', by: secretariat }, proposal: { decision: 'funding', gap: `Debt advice near people ${markup}`, priority: 'high' } });

    // A recognition needs the resource's good-data card: each part left empty is named at its field, an email address as the contact too.
    await page.goto(`${engine.server.url}/secretariat/quarter/propose`);
    await page.fill('#title', 'Recognise the advice services list');
    await page.fill('#text', 'Kept by the advice network.');
    await page.getByLabel('Recognise a resource as part of the infrastructure').check();
    await page.fill('#resourceId', 'advice-services');
    await page.getByLabel('Dataset').check();
    await page.fill('#resourceName', `Advice services ${markup}`);
    await page.fill('#cardDescribes', `Where free debt advice is given ${markup}`);
    await page.fill('#cardContact', 'jo@example.org');
    await page.getByRole('button', { name: 'Propose the item' }).click();
    expect(await page.locator('.govuk-error-summary a[href="#cardSource"]').textContent()).toMatch(/say where the resource comes from/i);
    expect(await page.locator('.govuk-error-summary a[href="#cardLicence"]').textContent()).toMatch(/name the licence it is published under/i);
    expect(await page.locator('.govuk-error-summary a[href="#cardContact"]').textContent()).toMatch(/not an email address/);
    expect(await page.locator('#cardDescribes').inputValue()).toBe(`Where free debt advice is given ${markup}`);
    await audit(page, 'refused');
    const card = { source: 'The advice network’s members', contact: 'The network’s data team, https://example.org/contact', methods: 'Each service updates its own entry', licence: 'CC BY 4.0' };
    await page.fill('#cardSource', card.source);
    await page.fill('#cardContact', card.contact);
    await page.fill('#cardMethods', card.methods);
    await page.fill('#cardLicence', card.licence);
    await page.getByRole('button', { name: 'Propose the item' }).click();
    expect(await textOf(page, 'h1')).toBe('The item is proposed');
    const proposed = [...(await ini.status()).agenda, ...(await ini.status()).nextAgenda].find((i) => i.title === 'Recognise the advice services list');
    expect(proposed?.proposal).toEqual({
      decision: 'recognition',
      resource: { id: 'advice-services', kind: 'dataset', name: `Advice services ${markup}`, card: { describes: `Where free debt advice is given ${markup}`, ...card } },
    });

    // A strategy, its KPIs one a line: a line the board's parser cannot read comes back at the KPIs in its words, nothing sent.
    await page.goto(`${engine.server.url}/secretariat/quarter/propose`);
    expect(await page.locator('#kpis-hint').textContent()).toContain(kpiLineHint);
    await page.fill('#title', `Focus on housing ${markup}`);
    await page.fill('#text', 'Most calls are about housing.');
    await page.getByLabel('Set the strategy and its KPIs').check();
    await page.fill('#focus', `Housing benefit take-up ${markup}`);
    const kpiLine = `Households reached: 1,200 -> 5,000 households by ${yearAhead}-12-31`;
    await page.fill('#kpis', `${kpiLine}\nClaims started: more`);
    await page.getByRole('button', { name: 'Propose the item' }).click();
    expect(await page.locator('.govuk-error-summary a[href="#kpis"]').textContent()).toBe((kpiFromLine('Claims started: more') as { problem: string }).problem);
    expect(await page.locator('#kpis').inputValue()).toBe(`${kpiLine}\nClaims started: more`);
    await audit(page, 'refused');
    await page.fill('#kpis', kpiLine);
    await page.getByRole('button', { name: 'Propose the item' }).click();
    expect(await textOf(page, 'h1')).toBe('The item is proposed');
    const strategy = [...(await ini.status()).agenda, ...(await ini.status()).nextAgenda].find((i) => i.title === `Focus on housing ${markup}`);
    expect(strategy?.proposal).toEqual({ decision: 'strategy', focus: `Housing benefit take-up ${markup}`, kpis: [{ name: 'Households reached', baseline: 1200, target: 5000, unit: 'households', by: `${yearAhead}-12-31T00:00:00.000Z` }] });

    // No strategy is in force until the board decides one: the KPIs' page says how to get one.
    await page.goto(`${engine.server.url}/secretariat/quarter/kpis`);
    expect(await textOf(page, 'main')).toContain('The initiative board has no strategy in force');
    expect(await page.locator('main a[href="/secretariat/quarter/propose"]').count()).toBe(1);
    expect(await page.locator('main form').count()).toBe(0);
    await audit(page, 'empty');

    // An action needs its owner by id and a due date to come, each refusal in the board's words at its field.
    await page.goto(`${engine.server.url}/secretariat/quarter/actions`);
    await audit(page, 'empty');
    await page.fill('#text', `Ask three advice services ${markup}`);
    await page.getByRole('button', { name: 'Record the action' }).click();
    expect(await page.locator('.govuk-error-summary a[href="#owner"]').textContent()).toContain('Name who will do it, by their id');
    expect(await page.locator('#text').inputValue()).toBe(`Ask three advice services ${markup}`);
    await page.fill('#owner', `Jo ${markup}`);
    await page.getByRole('button', { name: 'Record the action' }).click();
    expect(await page.locator('.govuk-error-summary a[href="#dueAt-day"]').textContent()).toContain('Give the action a due date');
    await audit(page, 'refused');
    const [yesterday, ahead] = [dayAhead(-1), dayAhead(14)];
    const fillDue = async (day: string) => {
      const [y, m, d] = day.split('-');
      await page.fill('#dueAt-day', String(Number(d)));
      await page.fill('#dueAt-month', m!);
      await page.fill('#dueAt-year', y!);
    };
    await fillDue(yesterday);
    await page.getByRole('button', { name: 'Record the action' }).click();
    expect(await page.locator('.govuk-error-summary a[href="#dueAt-day"]').textContent()).toContain('is not in the future');
    await fillDue(ahead);
    await page.getByRole('button', { name: 'Record the action' }).click();
    expect(await page.locator('.govuk-error-summary a[href="#owner"]').textContent()).toContain('Name the action\'s owner by their id');
    expect(await page.locator('#dueAt-year').inputValue()).toBe(ahead.slice(0, 4));
    await audit(page, 'refused');
    await page.fill('#owner', 'i-kofi');
    await page.getByRole('button', { name: 'Record the action' }).click();
    expect(await textOf(page, 'h1')).toBe('The action is recorded');
    expect(await markupRun(page)).toBe(0);
    await audit(page, 'confirmed');
    const action = (await ini.status()).actions.find((a) => a.text === `Ask three advice services ${markup}`)!;
    expect(action).toMatchObject({ owner: 'i-kofi', recordedBy: secretariat, dueAt: hourOnDay(ahead, deadlineHour, defaultTimeZone) });
    expect(action.completed).toBeUndefined();

    await page.goto(`${engine.server.url}/secretariat/quarter`);
    expect(await markupRun(page)).toBe(0);
    expect(await textOf(page, 'main')).toContain(`${action.actionId}, for i-kofi, due ${dayInWords(action.dueAt, defaultTimeZone)}: Ask three advice services`);
    await page.locator(`a[href="/secretariat/quarter/actions/${action.actionId}/complete"]`).click();
    await audit(page, 'empty');
    await page.getByRole('button', { name: 'Complete the action' }).click();
    expect(await page.locator('.govuk-error-summary a[href="#evidence"]').textContent()).toContain('Say what shows');
    await audit(page, 'refused');
    await page.fill('#evidence', `https://example.org/notes ${markup}`);
    await page.getByRole('button', { name: 'Complete the action' }).click();
    expect(await textOf(page, 'h1')).toBe('The action is completed');
    await audit(page, 'confirmed');
    expect((await ini.status()).actions.find((a) => a.actionId === action.actionId)?.completed).toMatchObject({ by: secretariat, evidence: `https://example.org/notes ${markup}` });
    await page.close();
  }, 120_000);

  it("proposes a change to each board's governance as an initiative item naming only what changed, refused when nothing did", async () => {
    const ini = engine.governance.initiative(initiative.roster.boardId);
    const before = await ini.status();
    const page = await asSecretariat('/secretariat/policy');
    await page.getByRole('link', { name: 'Propose a change to how a board is governed' }).click();
    expect(await textOf(page, 'h1')).toBe('Propose a change to the initiative board’s governance');
    // The form says what the policy says now.
    expect(await page.locator('#meetings-everyMonths').inputValue()).toBe(String(before.policy.meetings.everyMonths));
    expect(await page.locator('#seats').inputValue()).toBe(String(before.roster.seats));
    await audit(page, 'filled');

    await page.fill('#title', `Meet every two months ${markup}`);
    await page.fill('#text', `A quarter is too long to wait. ${markup}`);
    await page.getByRole('button', { name: 'Propose the change' }).click();
    expect(await page.locator('.govuk-error-summary a[href="#quorum-share"]').textContent()).toContain('Change at least one setting');
    expect(await page.locator('#title').inputValue()).toBe(`Meet every two months ${markup}`);
    await audit(page, 'refused');

    // A day the policy's bounds refuse, at its field, in the engine's words.
    await page.fill('#meetings-everyMonths', '2');
    await page.fill('#meetings-dayOfMonth', '40');
    await page.getByRole('button', { name: 'Propose the change' }).click();
    expect(await page.locator('.govuk-error-summary a[href="#meetings-dayOfMonth"]').textContent()).toContain('day of the month');
    expect(await page.locator('#meetings-everyMonths').inputValue()).toBe('2');
    await audit(page, 'refused');

    // Fewer seats than members sitting: the board's own refusal, at the seats.
    await page.fill('#meetings-dayOfMonth', '20');
    await page.fill('#seats', String(before.roster.members.length - 1));
    await page.getByRole('button', { name: 'Propose the change' }).click();
    expect(await page.locator('.govuk-error-summary a[href="#seats"]').textContent()).toContain(`fewer than the ${before.roster.members.length} members sitting`);
    expect(await page.locator('#meetings-dayOfMonth').inputValue()).toBe('20');
    await audit(page, 'refused');

    await page.fill('#seats', String(before.roster.seats + 2));
    await page.getByRole('button', { name: 'Propose the change' }).click();
    expect(await textOf(page, 'h1')).toBe('The governance item is proposed');
    expect(await textOf(page, 'main')).toContain(`It changes meetings, seats (${before.roster.seats + 2}).`);
    expect(await markupRun(page)).toBe(0);
    await audit(page, 'confirmed');
    const proposed = async (title: string) => {
      const now = await ini.status();
      return [...now.agenda, ...now.nextAgenda].find((i) => i.title === title);
    };
    expect((await proposed(`Meet every two months ${markup}`))?.proposal).toEqual({
      decision: 'governance',
      changes: { meetings: { ...before.policy.meetings, everyMonths: 2, dayOfMonth: 20 } },
      seats: before.roster.seats + 2,
    });

    // The product board's, which the initiative board may change too.
    const productPolicy = (await board()).policy;
    await page.goto(`${engine.server.url}/secretariat/quarter/governance`);
    await page.getByRole('link', { name: 'propose a change to the product board’s governance' }).click();
    expect(await textOf(page, 'h1')).toBe('Propose a change to the product board’s governance');
    await audit(page, 'empty');
    await page.fill('#title', 'Three weeks to vote');
    await page.fill('#text', 'Members need longer.');
    await page.fill('#votingPeriodDays', String(productPolicy.votingPeriodDays + 7));
    await page.getByRole('button', { name: 'Propose the change' }).click();
    expect(await textOf(page, 'h1')).toBe('The governance item is proposed');
    expect((await proposed('Three weeks to vote'))?.proposal).toEqual({ decision: 'governance', productBoard: { votingPeriodDays: productPolicy.votingPeriodDays + 7 } });
    // Proposed, not decided: neither board's policy changed.
    expect((await ini.status()).policy).toEqual(before.policy);
    expect((await board()).policy).toEqual(productPolicy);
    await page.close();
  }, 120_000);

  it('shows every one of these pages on a 320 px phone with no sideways scrolling', async () => {
    const page = await asSecretariat('/secretariat/members', true);
    for (const path of ['/secretariat/members', `/secretariat/members/${boardId}/appoint`, `/secretariat/members/${boardId}/chair`, '/secretariat/policy', '/secretariat/policy/change', '/secretariat/meetings', '/secretariat/meetings/call', '/secretariat/meetings/pause', '/secretariat/quarter', '/secretariat/quarter/propose', '/secretariat/quarter/actions', '/secretariat/quarter/kpis', '/secretariat/quarter/governance', '/secretariat/quarter/governance/product-board']) {
      await page.goto(`${engine.server.url}${path}`);
      expect([path, await scrollsSideways(page)]).toEqual([path, false]);
    }
    await page.close();
  }, 120_000);
});

describe('a member', () => {
  it('is refused every one of these pages and forms, and nothing changes', async () => {
    const context = await personIn(browser, { javaScript: false });
    const page = await context.newPage();
    await signInAs(engine, page, member, '/me');
    const paths = [
      '/secretariat/members',
      `/secretariat/members/${boardId}/appoint`,
      `/secretariat/members/${boardId}/remove/${hal.id}`,
      `/secretariat/members/${boardId}/chair`,
      `/secretariat/members/${initiative.roster.boardId}/appoint`,
      '/secretariat/policy',
      '/secretariat/policy/change',
      '/secretariat/meetings',
      '/secretariat/meetings/call',
      '/secretariat/meetings/pause',
      '/secretariat/meetings/resume',
      '/secretariat/quarter',
      '/secretariat/quarter/propose',
      '/secretariat/quarter/actions',
      '/secretariat/quarter/kpis',
      '/secretariat/quarter/governance',
      '/secretariat/quarter/governance/product-board',
    ];
    for (const path of paths) {
      const answer = await page.goto(`${engine.server.url}${path}`);
      expect([path, answer?.status()]).toEqual([path, 403]);
      expect(await textOf(page, 'h1')).toBe('This page is not for you');
      expect(await page.locator('main form').count()).toBe(0);
      await audit(page, 'refused');
    }
    const before = await board();
    const agendaOf = async () => {
      const view = await engine.governance.initiative(initiative.roster.boardId).status();
      return [...view.agenda, ...view.nextAgenda].map((i) => i.itemId);
    };
    const agendaBefore = await agendaOf();
    await page.goto(`${engine.server.url}/submit`);
    const token = await page.locator('input[name="_csrf"]').first().inputValue();
    for (const [path, form] of [
      [`/secretariat/members/${boardId}/remove/${hal.id}`, { reason: 'Not theirs to say' }],
      ['/secretariat/meetings/pause', { reason: 'Not theirs to say' }],
      ['/secretariat/quarter/governance', { title: 'Not theirs to say', text: 'Not theirs', 'meetings-everyMonths': '1' }],
      ['/secretariat/quarter/actions', { text: 'Not theirs to say', owner: member, 'dueAt-day': '1', 'dueAt-month': '1', 'dueAt-year': String(yearAhead) }],
      ['/secretariat/quarter/kpis', { kpi: 'Households reached', value: '1', evidence: 'Not theirs to say' }],
      [`/secretariat/members/${boardId}/chair`, { memberId: member }],
    ] as const) {
      const sent = await page.request.post(`${engine.server.url}${path}`, { form: { _csrf: token, ...form } });
      expect([path, sent.status()]).toEqual([path, 403]);
    }
    const after = await board();
    expect([after.roster, after.paused, after.changes.length]).toEqual([before.roster, before.paused, before.changes.length]);
    expect(await agendaOf()).toEqual(agendaBefore);
    expect((await engine.governance.initiative(initiative.roster.boardId).status()).actions.some((a) => a.text === 'Not theirs to say')).toBe(false);
    await context.close();
  }, 120_000);
});

it('has no WCAG 2.2 AA violation on any page the tests reached', () => {
  expect(audited.length).toBeGreaterThanOrEqual(38);
  expect(new Set(audited.map((a) => a.state))).toEqual(new Set(['empty', 'filled', 'refused', 'confirmed']));
  expect(audited.filter((a) => a.violations.length)).toEqual([]);
});

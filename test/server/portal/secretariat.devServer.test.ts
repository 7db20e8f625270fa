/**
 * The secretariat's and the chair's pages in a real Chromium with JavaScript off, on the whole engine
 * (Temporal dev server and worker, PostgreSQL, SMTP, the HTTP server): the secretariat requests a gate
 * with a self-assessment of every principle in force, triages submissions (a citizen's strategy with a KPI in
 * words comes back to complete, a line to track it) and records attendance at a
 * meeting sitting now; the chair calls a written procedure; a member is refused every one of these pages.
 * What the engine holds afterwards is checked, not only what the pages say, and axe-core finds nothing
 * against WCAG 2.2 AA on any page in any state reached (empty, filled, refused, confirmed).
 *
 * A meeting sits in real time only once it starts, and the board's files ask for papers 7 days ahead:
 * so the secretariat first records a policy with papers due at the start, and calls a meeting 20 s out.
 * The same policy gives the chair the casting vote; a tie is made by four members' votes, two each way,
 * and the secretariat closing the voting.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBoard } from '../../../client/boardConfig';
import { loadInitiativeBoard } from '../../../client/initiativeConfig';
import { launchChromium, markupRun, personIn, pageAudits, textOf, typedMarkup } from '../../support/chromium';
import { signInAs, startPortalEngine, until, type PortalEngine } from '../../support/portal';

let engine: PortalEngine;
let browser: Browser;
let meetingId: string;
const submissions: string[] = [];
const PRODUCT = 'benefits-map';
const URGENT = 'food-banks';
const markup = typedMarkup;
const product = loadBoard();
const initiative = loadInitiativeBoard();
const secretariat = product.roster.secretariat[0]!;
const chair = product.roster.chair;
const member = product.roster.members.find((m) => m.id !== chair)!.id;
const principles = [...product.principles.guiding, ...product.principles.board];

/** Every page the tests reached, with what axe found on it. */
const { audited, audit } = pageAudits(() => browser);

beforeAll(async () => {
  [engine, browser] = await Promise.all([startPortalEngine(), launchChromium()]);
  const { governance } = engine;
  for (const [id, name] of [[PRODUCT, 'Benefits map'], [URGENT, 'Food banks']] as const) await governance.registerProduct({ by: secretariat, product: { id, name } });
  const board = await governance.boardStatus(product.roster.boardId);
  await governance.boardCommand(
    'changePolicy',
    { by: secretariat, policy: { ...board.policy, chairHasCastingVote: true, meetings: { ...board.policy.meetings, papersDeadlineDays: 0 } }, reference: 'Test: papers due at the start, so a meeting can sit now; the chair settles ties' },
    { boardId: product.roster.boardId },
  );
  const startsAt = new Date(Math.ceil((Date.now() + 20_000) / 1000) * 1000).toISOString();
  await governance.boardCommand('callMeeting', { by: secretariat, startsAt }, { boardId: product.roster.boardId });
  meetingId = (await governance.boardStatus(product.roster.boardId)).upcomingMeetings.find((m) => m.startsAt === startsAt)!.meetingId;
  const ini = governance.initiative(initiative.roster.boardId);
  for (const title of [`Map food banks ${markup}`, 'Publish the bus data']) submissions.push((await ini.submit({ title, text: `Nobody does it. ${markup}` })).submissionId);
  // A citizen asks for a recognition, but cannot know the resource's good-data card.
  const recognition = { decision: 'recognition', resource: { id: 'bus-stops', kind: 'dataset', name: 'Bus stops' } } as const;
  submissions.push((await ini.submit({ title: 'Recognise the bus stops list', text: 'The council keeps it.', proposal: recognition })).submissionId);
  // And a strategy, its KPI in words: where it stands now and by when, the board needs and the citizen did not say.
  const strategy = { decision: 'strategy' as const, focus: `Housing first ${markup}`, kpis: [{ name: 'Families housed', target: 'many more' }] };
  submissions.push((await ini.submit({ title: 'Put housing first', text: 'Most calls are about housing.', proposal: strategy })).submissionId);
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await engine?.stop();
});

describe('the secretariat', () => {
  it('requests a gate with a self-assessment of every principle in force, and loses nothing typed on a refusal', async () => {
    const context = await personIn(browser, { javaScript: false });
    const page = await context.newPage();
    await signInAs(engine, page, secretariat, '/secretariat');
    expect(await page.locator('nav a[href="/secretariat"]').textContent()).toContain('Secretariat');
    await audit(page, 'filled');
    await page.getByRole('link', { name: 'Products and gate requests' }).click();
    expect(await textOf(page, 'h1')).toBe('Products');
    expect(await textOf(page, 'tbody')).toContain('Benefits map');
    await audit(page, 'filled');

    await page.locator(`a[href="/secretariat/products/${PRODUCT}/gate"]`).click();
    expect(await page.locator('textarea[id^="assessment-"]').count()).toBe(principles.length);
    // The secretariat is not the chair: a meeting only, no written procedure, no deadline.
    expect(await page.locator('input[name="procedure"]').count()).toBe(1);
    expect(await page.locator('#deadline').count()).toBe(0);
    await audit(page, 'empty');

    // No decision chosen and a paper that is not a link: both named, all typed kept.
    await page.fill('#papers', `not a link ${markup}`);
    for (const p of principles.slice(0, -1)) await page.fill(`#assessment-${p.id}`, `How we meet ${p.title}: ${markup}`);
    await page.getByRole('button', { name: 'Request the gate' }).click();
    expect(await page.locator('.govuk-error-summary a[href="#gate"]').textContent()).toContain('Choose the decision');
    expect(await page.locator('.govuk-error-summary a[href="#papers"]').count()).toBe(1);
    expect(await page.locator('#papers').inputValue()).toBe(`not a link ${markup}`);
    expect(await page.locator(`#assessment-${principles[0]!.id}`).inputValue()).toBe(`How we meet ${principles[0]!.title}: ${markup}`);
    await audit(page, 'refused');

    // One principle left unassessed: the board refuses in its own words, at that field.
    await page.locator('#gate').check();
    await page.fill('#papers', `https://example.org/${PRODUCT}/prioritisation`);
    await page.getByRole('button', { name: 'Request the gate' }).click();
    const last = principles.at(-1)!;
    expect(await page.locator(`.govuk-error-summary a[href="#assessment-${last.id}"]`).textContent()).toContain('must cover every principle in force');
    expect(await page.locator('#gate').isChecked()).toBe(true);
    expect((await engine.governance.product(PRODUCT)).pending).toBeUndefined();
    await audit(page, 'refused');

    await page.fill(`#assessment-${last.id}`, `How we meet ${last.title}: ${markup}`);
    await page.getByRole('button', { name: 'Request the gate' }).click();
    expect(await textOf(page, 'h1')).toBe('The gate is requested');
    expect(await textOf(page, 'main')).toContain('at its meeting');
    await audit(page, 'confirmed');
    expect(await markupRun(page)).toBe(0);

    const pending = (await engine.governance.product(PRODUCT)).pending!;
    expect(pending).toMatchObject({ gate: 'prioritisation' });
    const review = await until(() => engine.governance.status(pending.reviewId), () => true, 'the review to start');
    expect(review.papers).toEqual([`https://example.org/${PRODUCT}/prioritisation`]);
    expect(review.selfAssessment.map((a) => a.principle).sort()).toEqual(principles.map((p) => p.id).sort());
    expect(review.selfAssessment[0]!.assessment).toContain(markup);

    await page.goto(`${engine.server.url}/secretariat/products`);
    expect(await textOf(page, 'tbody')).toContain('The prioritisation gate');
    await audit(page, 'filled');
    await context.close();
  }, 120_000);

  it('triages the submission with the soonest deadline, with a published reason', async () => {
    const context = await personIn(browser, { javaScript: false });
    const page = await context.newPage();
    await signInAs(engine, page, secretariat, '/secretariat/triage');
    const links = page.locator('main a[href^="/secretariat/triage/"]');
    expect(await links.count()).toBe(4);
    // Soonest deadline first: the first sent.
    expect(await links.first().getAttribute('href')).toBe(`/secretariat/triage/${submissions[0]}`);
    expect(await links.first().textContent()).toContain(markup);
    expect(await markupRun(page)).toBe(0);
    await audit(page, 'filled');

    await links.first().click();
    expect(await textOf(page, '.govuk-inset-text')).toContain(markup);
    await audit(page, 'empty');
    await page.fill('#reason', `Already mapped elsewhere ${markup}`);
    await page.getByRole('button', { name: 'Send the answer' }).click();
    expect(await page.locator('.govuk-error-summary a[href="#outcome"]').textContent()).toContain('Choose what happens');
    expect(await page.locator('#reason').inputValue()).toBe(`Already mapped elsewhere ${markup}`);
    await audit(page, 'refused');

    // Accepting needs a proposal this submission does not have: the board says so, nothing changes.
    await page.locator('#outcome').check();
    await page.getByRole('button', { name: 'Send the answer' }).click();
    expect(await textOf(page, '.govuk-error-summary')).toContain('has no proposal');
    expect(await page.locator('#reason').inputValue()).toBe(`Already mapped elsewhere ${markup}`);
    expect((await engine.governance.initiative(initiative.roster.boardId).follow(submissions[0]!)).status).toBe('awaitingTriage');
    await audit(page, 'refused');

    await page.locator('input[name="outcome"][value="declined"]').check();
    await page.getByRole('button', { name: 'Send the answer' }).click();
    expect(await textOf(page, 'h1')).toBe('The submission is declined');
    expect(await markupRun(page)).toBe(0);
    await audit(page, 'confirmed');
    const answered = await engine.governance.initiative(initiative.roster.boardId).follow(submissions[0]!);
    expect(answered).toMatchObject({ status: 'declined', triage: { by: secretariat, reason: `Already mapped elsewhere ${markup}` } });

    await page.goto(`${engine.server.url}/secretariat/triage`);
    expect(await page.locator('main a[href^="/secretariat/triage/"]').count()).toBe(3);

    // The citizen's recognition has no good-data card: accepted as it is, the board says what a card needs, at the decision.
    await page.goto(`${engine.server.url}/secretariat/triage/${submissions[2]}`);
    await page.locator('#outcome').check();
    await page.fill('#reason', 'In scope: the bus stops belong in the infrastructure.');
    await page.getByRole('button', { name: 'Send the answer' }).click();
    expect(await page.locator('.govuk-error-summary a[href="#decision"]').textContent()).toContain('needs its good-data card');
    expect((await engine.governance.initiative(initiative.roster.boardId).follow(submissions[2]!)).status).toBe('awaitingTriage');
    await audit(page, 'refused');
    // The secretariat puts it to the board with the card, which the council gave them.
    await page.getByLabel('Recognise a resource as part of the infrastructure').check();
    await page.fill('#resourceId', 'bus-stops');
    await page.getByLabel('Dataset').check();
    await page.fill('#resourceName', 'Bus stops');
    const card = {
      describes: `Every bus stop, its name and its accessibility ${markup}`,
      source: 'The council’s transport team',
      contact: 'The transport team, https://example.org/transport',
      methods: 'Surveyed each year',
      licence: 'OGL v3',
    };
    await page.fill('#cardDescribes', card.describes);
    await page.fill('#cardSource', card.source);
    await page.fill('#cardContact', card.contact);
    await page.fill('#cardMethods', card.methods);
    await page.getByRole('button', { name: 'Send the answer' }).click();
    expect(await page.locator('.govuk-error-summary a[href="#cardLicence"]').textContent()).toMatch(/name the licence/i);
    expect(await page.locator('#cardDescribes').inputValue()).toBe(card.describes);
    await page.fill('#cardLicence', card.licence);
    await page.getByRole('button', { name: 'Send the answer' }).click();
    expect(await textOf(page, 'h1')).toBe('The submission is accepted');
    expect(await markupRun(page)).toBe(0);
    const board = await engine.governance.initiative(initiative.roster.boardId).status();
    const item = [...board.agenda, ...board.nextAgenda].find((i) => i.title === 'Recognise the bus stops list');
    expect(item?.proposal).toEqual({ decision: 'recognition', resource: { id: 'bus-stops', kind: 'dataset', name: 'Bus stops', card } });

    // The citizen's strategy has a KPI in words: accepted as it is, the board refuses it, and the form comes back
    // filled with that strategy, its KPI a line to complete with where it stands and by when.
    await page.goto(`${engine.server.url}/secretariat/triage/${submissions[3]}`);
    await page.locator('#outcome').check();
    await page.fill('#reason', 'In scope: housing is what people ask about.');
    await page.getByRole('button', { name: 'Send the answer' }).click();
    expect(await page.locator('.govuk-error-summary a[href="#kpis"]').textContent()).toContain('Families housed has only words');
    expect(await page.getByLabel('Set the strategy and its KPIs').isChecked()).toBe(true);
    expect(await page.locator('#focus').inputValue()).toBe(`Housing first ${markup}`);
    expect(await page.locator('#kpis').inputValue()).toBe('Families housed: many more');
    expect(await page.locator('#reason').inputValue()).toBe('In scope: housing is what people ask about.');
    await audit(page, 'refused');
    const due = `${new Date().getUTCFullYear() + 2}-06-30`;
    await page.fill('#kpis', `Families housed: 40 -> 400 by ${due}`);
    await page.getByRole('button', { name: 'Send the answer' }).click();
    expect(await textOf(page, 'h1')).toBe('The submission is accepted');
    const decided = await engine.governance.initiative(initiative.roster.boardId).status();
    expect([...decided.agenda, ...decided.nextAgenda].find((i) => i.title === 'Put housing first')?.proposal).toEqual({
      decision: 'strategy',
      focus: `Housing first ${markup}`,
      kpis: [{ name: 'Families housed', baseline: 40, target: 400, by: `${due}T00:00:00.000Z` }],
    });
    await context.close();
  }, 120_000);

  it('records attendance at the meeting sitting now', async () => {
    await until(() => engine.governance.meeting(meetingId), (m) => m.state === 'inSession', `meeting ${meetingId} to sit`);
    const context = await personIn(browser, { javaScript: false });
    const page = await context.newPage();
    await signInAs(engine, page, secretariat, '/secretariat/attendance');
    await audit(page, 'filled');
    await page.locator(`a[href="/secretariat/attendance/${meetingId}"]`).click();
    expect(await page.locator('input[name="present"]').count()).toBe(product.roster.members.length);
    await audit(page, 'empty');
    await page.getByRole('button', { name: 'Record attendance' }).click();
    expect(await page.locator('.govuk-error-summary a[href="#present"]').textContent()).toContain('Tick each member');
    await audit(page, 'refused');

    const present = product.roster.members.slice(0, 4);
    for (const m of present) await page.getByLabel(m.name).check();
    await page.getByRole('button', { name: 'Record attendance' }).click();
    expect(await textOf(page, 'h1')).toBe('Attendance is recorded');
    expect(await textOf(page, 'main')).toContain(present[0]!.name);
    await audit(page, 'confirmed');
    expect((await engine.governance.meeting(meetingId)).attendance?.present).toEqual(present.map((m) => m.id));

    // Shown again ticked, to correct it.
    await page.goto(`${engine.server.url}/secretariat/attendance/${meetingId}`);
    expect(await page.getByLabel(present[0]!.name).isChecked()).toBe(true);
    expect(await page.getByLabel(product.roster.members[5]!.name).isChecked()).toBe(false);
    await context.close();
  }, 120_000);
});

describe('the chair', () => {
  it('calls a written procedure with a deadline, and settles its tie with a casting vote', async () => {
    const context = await personIn(browser, { javaScript: false });
    const page = await context.newPage();
    await signInAs(engine, page, chair, `/secretariat/products/${URGENT}/gate`);
    expect(await page.locator('nav a[href="/secretariat"]').textContent()).toContain('Chair');
    // The chair of the product board is not its secretariat: written procedure only.
    expect(await page.locator('input[name="procedure"]').count()).toBe(1);
    expect(await page.locator('#procedure').getAttribute('value')).toBe('written');
    await page.locator('#gate').check();
    for (const p of principles) await page.fill(`#assessment-${p.id}`, `How we meet ${p.title}`);
    await page.fill('#deadline', 'next week');
    await page.getByRole('button', { name: 'Request the gate' }).click();
    expect(await page.locator('.govuk-error-summary a[href="#deadline"]').textContent()).toContain('year-month-day');
    expect(await page.locator('#deadline').inputValue()).toBe('next week');
    await audit(page, 'refused');

    const day = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10);
    await page.fill('#deadline', day);
    await page.getByRole('button', { name: 'Request the gate' }).click();
    expect(await textOf(page, 'h1')).toBe('The gate is requested');
    expect(await textOf(page, 'main')).toContain('by written procedure');
    await audit(page, 'confirmed');
    const pending = (await engine.governance.product(URGENT)).pending!;
    expect(pending.votingClosesAt.slice(0, 10)).toBe(day);
    expect(pending.meetingId).toBeUndefined();

    // Tied two to two, voting closed: the chair settles it.
    const reviewId = pending.reviewId;
    await until(() => engine.governance.status(reviewId), () => true, 'the review to start');
    const [a, b, c, d] = product.roster.members.filter((m) => m.id !== chair).map((m) => m.id);
    for (const [by, choice] of [[a, 'approve'], [b, 'approve'], [c, 'reject'], [d, 'reject']] as const) await engine.governance.send(reviewId, 'castVote', { by: by!, choice });
    await engine.governance.send(reviewId, 'closeVoting', { by: secretariat });
    await until(() => engine.governance.status(reviewId), (v) => v.state === 'awaitingCastingVote', 'the tie');

    await page.goto(`${engine.server.url}/secretariat`);
    await page.getByRole('link', { name: 'Ties to settle' }).click();
    await audit(page, 'filled');
    await page.locator(`a[href="/secretariat/ties/${reviewId}"]`).click();
    await audit(page, 'empty');
    await page.fill('#reason', `The community case decides it ${markup}`);
    await page.getByRole('button', { name: 'Give my casting vote' }).click();
    expect(await page.locator('.govuk-error-summary a[href="#choice"]').textContent()).toContain('Choose approve or reject');
    expect(await page.locator('#reason').inputValue()).toBe(`The community case decides it ${markup}`);
    await audit(page, 'refused');
    await page.locator('#choice').check();
    await page.getByRole('button', { name: 'Give my casting vote' }).click();
    expect(await textOf(page, 'h1')).toBe('Your casting vote is recorded');
    await audit(page, 'confirmed');
    const decided = await until(() => engine.governance.status(reviewId), (v) => v.decision !== undefined, 'the decision');
    expect(decided.decision).toMatchObject({ castingVote: { by: chair, choice: 'approve' } });
    await context.close();
  }, 120_000);
});

describe('a member', () => {
  it('is refused every page of the secretariat, and the menu does not offer them', async () => {
    const context = await personIn(browser, { javaScript: false });
    const page = await context.newPage();
    await signInAs(engine, page, member, '/me');
    expect(await page.locator('nav a[href="/secretariat"]').count()).toBe(0);
    for (const path of ['/secretariat', '/secretariat/products', '/secretariat/ties', `/secretariat/products/${PRODUCT}/gate`, '/secretariat/triage', `/secretariat/triage/${submissions[1]}`, '/secretariat/attendance', `/secretariat/attendance/${meetingId}`]) {
      const answer = await page.goto(`${engine.server.url}${path}`);
      expect([path, answer?.status()]).toEqual([path, 403]);
      expect(await textOf(page, 'h1')).toBe('This page is not for you');
      expect(await page.locator('main form').count()).toBe(0);
      await audit(page, 'refused');
    }
    // A form sent anyway (the token from a page they may open) is refused too, and nothing changes.
    await page.goto(`${engine.server.url}/submit`);
    const token = await page.locator('input[name="_csrf"]').first().inputValue();
    const sent = await page.request.post(`${engine.server.url}/secretariat/triage/${submissions[1]}`, { form: { _csrf: token, outcome: 'declined', reason: 'Not theirs to say' } });
    expect(sent.status()).toBe(403);
    expect(await sent.text()).toContain('This page is not for you');
    expect((await engine.governance.initiative(initiative.roster.boardId).follow(submissions[1]!)).status).toBe('awaitingTriage');
    await context.close();
  }, 120_000);
});

describe("the initiative board's chair", () => {
  it("is offered the casting vote under Chair, and refused the product board chair's pages", async () => {
    const context = await personIn(browser, { javaScript: false });
    const page = await context.newPage();
    await signInAs(engine, page, initiative.roster.chair, '/me');
    await page.locator('nav a[href="/secretariat"]').click();
    expect(await textOf(page, 'nav a[href="/secretariat"]')).toBe('Chair');
    // Board business offers the initiative chair's one task, and no other.
    expect(await page.locator('main a[href^="/secretariat/"]').evaluateAll((links) => links.map((a) => a.getAttribute('href')))).toEqual(['/secretariat/casting-vote']);
    await audit(page, 'filled');
    const answer = await page.goto(`${engine.server.url}/secretariat/ties`);
    expect(answer?.status()).toBe(403);
    expect(await textOf(page, 'main')).toContain('It is for the chair of the product board');
    await audit(page, 'refused');
    await context.close();
  }, 120_000);
});

it('has no WCAG 2.2 AA violation on any page the tests reached', () => {
  expect(audited.length).toBeGreaterThanOrEqual(30);
  expect(new Set(audited.map((a) => a.state))).toEqual(new Set(['empty', 'filled', 'refused', 'confirmed']));
  expect(audited.filter((a) => a.violations.length)).toEqual([]);
});

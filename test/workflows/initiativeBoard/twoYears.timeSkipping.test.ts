/**
 * Two simulated years of the initiative board on the time-skipping server:
 * eight quarterly cycles, each its own run of the process. A public
 * submission accepted and decided, another declined with its reason, a
 * resource recognised then withdrawn, a guiding principle revised and then
 * applied to a later product gate, a quorum policy changed by decision and
 * applied only to items opened after it, a meeting whose items are deferred
 * for want of a member with lived experience of poverty, research an item
 * waits for, actions carried across quarters, and stakeholders told of each
 * published decision.
 */
import { temporal } from '@temporalio/proto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RegisterEntry } from '../../../activities/decisionRegister';
import { CommandRefused } from '../../../client/errors';
import type { GovernanceClient } from '../../../client/governanceClient';
import type { InitiativeClient } from '../../../client/initiativeClient';
import type { InitiativeView } from '../../../machines/initiativeBoard/view';
import { initiativeProcessId } from '../../../machines/kernel/ids';
import { foodBanksCard, INITIATIVE, initiativeConfig, livedExperience, revisedGoodData, withoutLivedExperience } from '../../support/initiativeFixtures';
import { decisionsReach, eventually, foundingBoard, fullSelfAssessment, pendingReview, skipTo } from '../../support/productBoardRun';
import { governedTimeSkipping } from '../../support/temporal';

const MINUTE = 60_000;
const DAY = 86_400_000;
const PRODUCT = 'food-finder';
const foodBanks = { id: 'food-banks', kind: 'dataset', name: 'Food banks', url: 'https://example.org/food-banks' } as const;

let env: TestWorkflowEnvironment;
let governance: GovernanceClient;
let ini: InitiativeClient;
let stop: () => Promise<void>;
/** What each quarter's meeting decided, by meeting id, as the register has it. */
const quarters: InitiativeView[] = [];

beforeAll(async () => {
  ({ env, governance, stop } = await governedTimeSkipping());
  await governance.openBoard({ by: 'sec', config: { ...foundingBoard, initiativeBoardId: INITIATIVE } });
  await governance.registerProduct({ by: 'sec', product: { id: PRODUCT, name: 'Food finder' } });
  ini = governance.initiative(INITIATIVE);
  await ini.open({ by: 'sec', config: initiativeConfig() });
}, 60_000);

afterAll(() => stop?.());

const later = (iso: string, ms: number) => new Date(Date.parse(iso) + ms).toISOString();
const status = () => ini.status();
const register = () => ini.register();
const decisionOf = async (itemId: string, meetingId?: string) =>
  (await register()).filter((e): e is Extract<RegisterEntry, { kind: 'initiativeDecision' }> => e.kind === 'initiativeDecision' && e.itemId === itemId && (!meetingId || e.meetingId === meetingId)).at(-1);

async function vote(itemId: string, members: readonly string[], choice: 'approve' | 'reject' | 'abstain' = 'approve') {
  for (const by of members) await ini.command('castVote', { by, itemId, choice });
}

/** Into this quarter's meeting, with attendance recorded. */
async function sit(present: readonly string[]) {
  const { quarter } = await status();
  await skipTo(env, later(quarter.startsAt, MINUTE));
  await eventually(status, (v) => v.stage === 'inSession', `the meeting ${quarter.meetingId} to sit`);
  await ini.command('recordAttendance', { by: 'sec', present: [...present] });
}

/** Lets this quarter's meeting end, and waits until its records are published and the next quarter is open. */
async function closeQuarter(): Promise<InitiativeView> {
  const { quarter } = await status();
  await skipTo(env, later(quarter.endsAt, MINUTE));
  const next = await eventually(status, (v) => v.lastMeeting?.meetingId === quarter.meetingId && v.stage === 'agendaOpen', `the meeting ${quarter.meetingId} to be published`, 400);
  quarters.push(next);
  return next;
}

const item = (v: InitiativeView, title: string) => [...v.agenda, ...v.nextAgenda].find((i) => i.title === title)!;

describe('the first quarter: a public submission, a declined one, a revised principle', () => {
  let recognitionItem: string;
  let namedSubmission: string;
  let anonymousSubmission: string;

  it('takes a named and an anonymous submission from anyone, each with a triage deadline', async () => {
    await ini.command('subscribe', { by: 'citizen-2', level: 'member' });
    const named = await ini.submit({
      by: 'citizen-1',
      title: 'Recognise the food bank dataset',
      text: 'Volunteers keep an open list of food banks; it should be part of the infrastructure.',
      proposal: { decision: 'recognition', resource: foodBanks },
    });
    const anonymous = await ini.submit({ title: 'Sell the data to advertisers', text: 'It would raise money.' });
    namedSubmission = named.submissionId;
    anonymousSubmission = anonymous.submissionId;
    expect(named).toMatchObject({ status: 'awaitingTriage', submittedBy: 'citizen-1' });
    expect(anonymous.submittedBy).toBeUndefined();
    expect(Date.parse(named.triageBy) - Date.parse(named.submittedAt)).toBe(14 * DAY);
  });

  it('lets the secretariat accept one onto the agenda, once it has the good-data card, and decline the other with a published reason', async () => {
    const accept = { by: 'sec', submissionId: namedSubmission, outcome: 'accepted', reason: 'In scope: a resource for the infrastructure.' } as const;
    // The citizen proposed the recognition without a card: the board will not take it so.
    await expect(ini.command('triageSubmission', accept)).rejects.toThrow(
      'Recognising the dataset Food banks (food-banks) needs its good-data card: what it describes, where it comes from, who to contact, how it was made, and its licence. Add the card and propose it again.',
    );
    expect((await ini.follow(namedSubmission)).status).toBe('awaitingTriage');
    await ini.command('triageSubmission', { ...accept, proposal: { decision: 'recognition', resource: { ...foodBanks, card: foodBanksCard } } });
    await ini.command('triageSubmission', { by: 'sec', submissionId: anonymousSubmission, outcome: 'declined', reason: 'Selling data breaks the guiding principles.' });
    const followed = await ini.follow(namedSubmission);
    expect(followed.status).toBe('accepted');
    recognitionItem = followed.triage!.itemId!;
    expect((await ini.follow(anonymousSubmission)).triage!.reason).toBe('Selling data breaks the guiding principles.');
    const answers = await eventually(register, (r) => r.filter((e) => e.kind === 'submissionTriage').length === 2, 'both answers in the register');
    expect(answers.find((e) => e.kind === 'submissionTriage' && e.submissionId === anonymousSubmission)).toMatchObject({ outcome: 'declined', reason: 'Selling data breaks the guiding principles.' });
    const told = await eventually(() => governance.notifications('citizen-1'), (n) => n.length > 0, 'the named submitter to be told');
    expect(told[0]!.subject).toContain(`${namedSubmission} was accepted`);
  });

  it('decides the accepted submission and a member’s principle revision at the quarterly meeting, and publishes them', async () => {
    await ini.propose({ by: 'i5', title: 'Revise good data', text: 'Add who to contact and how the data was made.', proposal: { decision: 'principle', action: 'revise', principle: revisedGoodData } });
    // Due well after the next papers, so that no owner is told of it here (the four-quarter KPI test is where one is).
    await ini.command('recordAction', { by: 'sec', text: 'Write to the food bank volunteers', owner: 'sec', dueAt: new Date(Date.parse((await status()).quarter.endsAt) + 400 * 86_400_000).toISOString() });
    const before = await status();
    expect(before.agenda.map((i) => i.title)).toEqual(['Recognise the food bank dataset', 'Revise good data']);
    const revision = item(before, 'Revise good data').itemId;
    // Papers go out 7 days before the meeting; members vote at or before it.
    await skipTo(env, later(before.quarter.papersDeadline, MINUTE));
    const papers = await eventually(() => governance.notifications('i7'), (n) => n.some((x) => x.subject.startsWith('Papers')), 'the papers to reach members');
    expect(papers.find((x) => x.subject.startsWith('Papers'))!.subject).toContain(before.quarter.startsAt);
    await sit(['i1', 'i2', 'i3', 'i5', 'i6', 'i7', 'i8', 'i9']);
    await vote(recognitionItem, ['i1', 'i2', 'i3', 'i5', 'i6', 'i7', 'i8']);
    await vote(revision, ['i1', 'i2', 'i3', 'i5', 'i6', 'i7', 'i8', 'i9']);
    const after = await closeQuarter();

    expect(after.recognised).toEqual([expect.objectContaining({ id: 'food-banks', card: foodBanksCard })]);
    expect(after.principles.find((p) => p.id === 'good-data')).toMatchObject(revisedGoodData);
    expect(after.actions.filter((a) => !a.completed).map((a) => a.text)).toEqual(['Write to the food bank volunteers']);
    const recognition = await decisionOf(recognitionItem);
    expect(recognition).toMatchObject({ outcome: 'approved', source: { kind: 'public', by: 'citizen-1', submissionId: namedSubmission }, livedExperienceVoting: 2 });
    expect(recognition!.effect).toContain('Recognised the dataset Food banks');
    // The card is published with the decision.
    expect(recognition!.proposal).toEqual({ decision: 'recognition', resource: { ...foodBanks, card: foodBanksCard } });
    const minutes = (await register()).find((e) => e.kind === 'initiativeMinutes' && e.meeting.meetingId === before.quarter.meetingId);
    expect(minutes).toMatchObject({ livedExperiencePresent: 2, apologies: ['i4', 'i10', 'i11', 'i12'], actionsCarried: [{ text: 'Write to the food bank volunteers' }] });
    expect(minutes!.kind === 'initiativeMinutes' && minutes!.submissions.map((s) => s.status).sort()).toEqual(['accepted', 'declined']);
    // Stakeholders who subscribed, and the members, are told of each published decision.
    const pushed = await eventually(() => governance.notifications('citizen-2'), (n) => n.length >= 3, 'the subscriber to be told');
    expect(pushed.map((n) => n.subject).filter((s) => s.includes('decision'))).toHaveLength(2);
  });
});

describe('the second quarter: the revised principle reaches product gates; the quorum policy changes', () => {
  it('has the product board assess a later gate against the revised principles', async () => {
    const board = await eventually(() => governance.boardStatus(), (b) => b.principles.some((p) => p.title === revisedGoodData.title), 'the product board to hold the revised principles');
    expect(board.changes.at(-1)!.by).toBe(initiativeProcessId(INITIATIVE));
    // A written procedure gives members at least 48 hours from when the board takes it.
    const deadline = later(new Date(await env.currentTimeMs()).toISOString(), 2 * DAY + 3_600_000);
    const request = { by: 'm1', gate: 'prioritisation' as const, procedure: 'written' as const, deadline };
    // The initiative's set includes "co-created", which the self-assessment does not yet answer.
    await expect(governance.requestGate(PRODUCT, { ...request, selfAssessment: fullSelfAssessment })).rejects.toThrow(/co-created/);
    await governance.requestGate(PRODUCT, { ...request, selfAssessment: [...fullSelfAssessment, { principle: 'co-created', assessment: 'Designed with a residents’ panel.' }] });
    const reviewId = await pendingReview(governance, PRODUCT);
    for (const by of ['m1', 'm2', 'm3', 'm4', 'm5']) await governance.send(reviewId, 'castVote', { by, choice: 'approve' });
    await skipTo(env, later(deadline, MINUTE));
    await decisionsReach(governance, PRODUCT, 1);
    expect((await governance.decision(reviewId)).principles).toContainEqual(revisedGoodData);
  });

  it('changes its quorum policy by a governance decision carried by two thirds', async () => {
    const { quarter } = await status();
    await ini.command('completeAction', { by: 'sec', actionId: `${INITIATIVE}-A1`, evidence: 'Letter sent.' });
    const change = await ini.propose({
      by: 'sec',
      title: 'Two voters with lived experience',
      text: 'Lived experience must weigh more in every decision.',
      proposal: { decision: 'governance', changes: { quorum: { share: { numerator: 1, denominator: 2 }, minLivedExperienceVoting: 2 } } },
    });
    // Opened under the old policy: it will still need only one voter with lived experience.
    const funding = await ini.propose({ by: 'i6', title: 'Fund a debt advice map', text: 'No one maps debt advice.', proposal: { decision: 'funding', gap: 'debt advice map', priority: 'high' } });
    await ini.command('commissionResearch', { by: 'i6', itemId: funding.itemId, researcher: 'University of Leeds', question: 'Where is debt advice missing?', dueAt: later(quarter.endsAt, 60 * DAY) });
    await vote(change.itemId, ['i1', 'i2', 'i3', 'i4', 'i5', 'i6', 'i7', 'i8', 'i9']);
    await vote(funding.itemId, ['i1', 'i2', 'i5', 'i6', 'i7', 'i8', 'i9']);
    const after = await closeQuarter();

    expect(after.policy.quorum.minLivedExperienceVoting).toBe(2);
    expect(await decisionOf(change.itemId)).toMatchObject({ outcome: 'approved', passingRule: 'at least 2/3 of approvals and rejections approving' });
    expect(await decisionOf(funding.itemId)).toMatchObject({ outcome: 'deferred', deferredBecause: 'awaitingResearch' });
    expect(after.agenda.map((i) => i.itemId)).toEqual([funding.itemId]);
    expect(after.actions.every((a) => a.completed)).toBe(true);
  });
});

describe('the third quarter: the new quorum applies only to items opened after it', () => {
  it('decides the older funding item under the old rule and defers a newer one under the new rule', async () => {
    const before = await status();
    const funding = before.agenda[0]!;
    await ini.command('reportResearch', { by: 'sec', itemId: funding.itemId, report: 'https://example.org/debt-advice-research' });
    const strategy = await ini.propose({ by: 'i1', title: 'Campaign on housing', text: 'Focus the next year on housing.', proposal: { decision: 'strategy', focus: 'housing', kpis: [{ name: 'families reached', baseline: 0, target: 5000, by: '2030-12-31T00:00:00.000Z' }] } });
    const withdrawal = await ini.propose({ by: 'i7', title: 'Withdraw the food bank dataset', text: 'It is no longer maintained.', proposal: { decision: 'withdrawal', resourceId: 'food-banks' } });
    // One voter with lived experience: enough for the older item, not for the newer ones.
    await vote(funding.itemId, ['i1', 'i2', 'i5', 'i6', 'i7', 'i8', 'i9']);
    await vote(strategy.itemId, ['i1', 'i2', 'i5', 'i6', 'i7', 'i8', 'i9']);
    await vote(withdrawal.itemId, ['i1', 'i2', 'i5', 'i6', 'i7', 'i8', 'i9']);
    const after = await closeQuarter();

    expect(await decisionOf(funding.itemId)).toMatchObject({ outcome: 'approved', livedExperienceVoting: 1, research: { report: { report: 'https://example.org/debt-advice-research' } } });
    expect(after.funding.map((f) => f.gap)).toEqual(['debt advice map']);
    expect(await decisionOf(strategy.itemId)).toMatchObject({ outcome: 'deferred', deferredBecause: 'noLivedExperience' });
    expect(await decisionOf(withdrawal.itemId)).toMatchObject({ outcome: 'deferred', deferredBecause: 'noLivedExperience' });
    expect(after.agenda.map((i) => i.itemId).sort()).toEqual([strategy.itemId, withdrawal.itemId].sort());
  });
});

describe('the fourth quarter: a meeting with no member with lived experience of poverty', () => {
  it('defers every item, and its minutes say so', async () => {
    const before = await status();
    await sit(withoutLivedExperience);
    for (const i of before.agenda) await vote(i.itemId, withoutLivedExperience);
    await closeQuarter();
    const minutes = (await register()).find((e) => e.kind === 'initiativeMinutes' && e.meeting.meetingId === before.quarter.meetingId);
    expect(minutes).toMatchObject({ livedExperiencePresent: 0 });
    expect(minutes!.kind === 'initiativeMinutes' && minutes!.items.map((i) => i.deferredBecause)).toEqual(['noLivedExperience', 'noLivedExperience']);
  });
});

describe('the fifth quarter and after: the deferred items carried and decided', () => {
  it('withdraws the recognition by two thirds and adopts the strategy', async () => {
    const before = await status();
    for (const i of before.agenda) await vote(i.itemId, [...livedExperience, 'i1', 'i5', 'i6', 'i7']);
    const after = await closeQuarter();
    expect(after.recognised).toEqual([]);
    expect(after.withdrawn.map((r) => r.id)).toEqual(['food-banks']);
    expect(after.strategy).toMatchObject({ focus: 'housing' });
    const withdrawal = (await register()).filter((e) => e.kind === 'initiativeDecision' && e.proposal.decision === 'withdrawal');
    expect(withdrawal.map((e) => e.kind === 'initiativeDecision' && e.outcome)).toEqual(['deferred', 'deferred', 'approved']);
  });

  it('flags a submission nobody triaged by its deadline and tells the secretariat', async () => {
    const { submissionId, triageBy } = await ini.submit({ title: 'Open the meeting to the public', text: 'Let anyone watch.' });
    await skipTo(env, later(triageBy, MINUTE));
    expect((await eventually(() => ini.follow(submissionId), (s) => s.overdue === true, 'the submission to be overdue')).status).toBe('awaitingTriage');
    const told = await eventually(() => governance.notifications('sec'), (n) => n.some((x) => x.subject.includes(submissionId)), 'the secretariat to be told');
    expect(told.find((x) => x.subject.includes(submissionId))!.subject).toMatch(/^Overdue/);
  });

  it('changes the product board’s policy by its own governance decision, for items opened afterwards', async () => {
    const change = await ini.propose({
      by: 'sec',
      title: 'Longer written procedures',
      text: 'Give product board members three weeks to vote between meetings.',
      proposal: { decision: 'governance', productBoard: { votingPeriodDays: 21 } },
    });
    await vote(change.itemId, [...livedExperience, 'i1', 'i5', 'i6', 'i7', 'i8']);
    await closeQuarter();
    expect((await decisionOf(change.itemId))!.effect).toBe("Changed the product board's votingPeriodDays; the change applies to items opened from now on.");
    const board = await eventually(() => governance.boardStatus(), (b) => b.policy.votingPeriodDays === 21, 'the product board to take the new policy');
    expect(board.changes.at(-1)).toMatchObject({ by: initiativeProcessId(INITIATIVE), reference: `Initiative board decision ${(await decisionOf(change.itemId))!.decisionId}` });
  });

  it('keeps holding quarters to the end of the second year', async () => {
    for (let q = quarters.length; q < 8; q++) await closeQuarter();
    const meetings = (await register()).filter((e) => e.kind === 'initiativeMinutes');
    expect(meetings).toHaveLength(8);
    const dates = meetings.map((m) => (m.kind === 'initiativeMinutes' ? m.meeting.startsAt.slice(0, 10) : ''));
    expect(new Set(dates.map((d) => d.slice(5, 7)))).toEqual(new Set(['01', '04', '07', '10']));
    expect((await status()).quartersHeld).toBe(8);
  });
});

describe('the history', () => {
  it('stays bounded: one run per quarter, each run short', async () => {
    const handle = env.client.workflow.getHandle(initiativeProcessId(INITIATIVE));
    let runId: string | undefined = (await handle.describe()).raw.workflowExecutionInfo?.firstRunId ?? undefined;
    const lengths: number[] = [];
    const sizes: number[] = [];
    while (runId) {
      const history = await env.client.workflow.getHandle(initiativeProcessId(INITIATIVE), runId).fetchHistory();
      const events = history.events ?? [];
      lengths.push(events.length);
      sizes.push(temporal.api.history.v1.History.encode(history).finish().length);
      runId = events.at(-1)?.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId ?? undefined;
    }
    expect(lengths).toHaveLength(9); // eight quarters held, and the ninth under way
    console.log(`Initiative board history per run (one quarter each): ${lengths.join(', ')} events; longest ${Math.max(...lengths)}; largest ${Math.round(Math.max(...sizes) / 1024)} KiB`);
    // The README states these two bounds: keep them equal. Measured on 2026-12-01: longest 195 events, largest 44 KiB;
    // since each vote is confirmed to its voter by a notice of its own (about six events each) and the agenda's items
    // are reminded before the meeting ends, on 2026-12-02: longest 336 events, largest 67 KiB.
    expect(Math.max(...lengths)).toBeLessThan(450);
    // Commands answer with a small receipt, so a quarter's history does not carry the board's view once per command.
    expect(Math.max(...sizes)).toBeLessThan(128 * 1024);
  });
});

describe('refusals on the running board', () => {
  it('refuses a vote from a non-member and changes nothing', async () => {
    const v = await ini.propose({ by: 'sec', title: 'A late item', text: 'For the next quarter.', proposal: { decision: 'funding', gap: 'translation', priority: 'low' } });
    const before = await status();
    await expect(ini.command('castVote', { by: 'citizen-1', itemId: v.itemId, choice: 'approve' })).rejects.toThrow(CommandRefused);
    await expect(ini.command('castVote', { by: 'citizen-1', itemId: v.itemId, choice: 'approve' })).rejects.toThrow(/citizen-1 is not a member of the initiative board iiigb/);
    expect(await status()).toEqual(before);
  });
});

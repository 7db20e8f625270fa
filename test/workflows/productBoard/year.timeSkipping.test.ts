/**
 * A year of the product board on the time-skipping server: one product from
 * proposed to live and through an iteration, decided at monthly meetings that
 * the board convenes on its own timers. Every kind of turn the domain knows
 * happens once: a deferral without quorum, a tie, a recusal, a rejection and
 * a re-request, conditions that block the next gate, an assessment that
 * arrives after the meeting, and a decision by written procedure.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isDecision, type DecisionEntry } from '../../../activities/decisionRegister';
import type { GovernanceClient } from '../../../client/governanceClient';
import type { VoteChoice } from '../../../machines/kernel/voting';
import { decisionsReach, eventually, foundingBoard, fullSelfAssessment, pendingReview, skipTo } from '../../support/productBoardRun';
import { governanceOn, startTimeSkippingServer } from '../../support/temporal';
import { defaultMeetingCadence } from '../../../machines/productBoard/policy';

const DAY = 86_400_000;
const PRODUCT = 'benefits-map';

let env: TestWorkflowEnvironment;
let governance: GovernanceClient;
let worker: Worker;
let working: Promise<void>;
let startedAt: number;

beforeAll(async () => {
  env = await startTimeSkippingServer();
  startedAt = await env.currentTimeMs();
  const setup = await governanceOn(env);
  governance = setup.governance;
  worker = await setup.startWorker();
  working = worker.run();
  await governance.openBoard({ by: 'sec', config: foundingBoard });
  await governance.boardCommand('subscribe', { by: 'citizen-1' });
  await governance.registerProduct({ by: 'sec', product: { id: PRODUCT, name: 'Benefits map' } });
});

afterAll(async () => {
  worker?.shutdown();
  await working;
  await env?.teardown();
});

/**
 * The oracle for the board's own calendar, counted by hand from the default cadence (a meeting on one
 * day of each month, its agenda closing some days before): between `from` and `to`, how many meetings
 * the board convened (their papers deadline passed: papers go out then) and how many it held (they
 * ended). A year holds twelve; it convenes thirteen when it starts just before one papers deadline and
 * ends just after the same deadline a year on, as a run started on the 2nd of a month does.
 */
function monthlyMeetings(from: number, to: number): { convened: number; held: number } {
  const { dayOfMonth, startHourUtc, durationHours, papersDeadlineDays } = defaultMeetingCadence;
  let convened = 0;
  let held = 0;
  const first = new Date(from);
  for (let month = 0; month < 15; month++) {
    const startsAt = Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + month, dayOfMonth, startHourUtc);
    const papersDeadline = startsAt - papersDeadlineDays * DAY;
    if (papersDeadline < from || papersDeadline > to) continue;
    convened++;
    if (startsAt + durationHours * 3_600_000 <= to) held++;
  }
  return { convened, held };
}

/** Each member's vote on a review, by Update; `undefined` abstains from voting at all. */
async function votes(reviewId: string, choices: Record<string, VoteChoice | ['approveWithConditions', string]>): Promise<void> {
  for (const [by, choice] of Object.entries(choices)) {
    if (Array.isArray(choice)) await governance.send(reviewId, 'castVote', { by, choice: choice[0], conditions: [choice[1]] });
    else await governance.send(reviewId, 'castVote', { by, choice });
  }
}

async function request(gate: Parameters<GovernanceClient['requestGate']>[1]['gate']): Promise<string> {
  await governance.requestGate(PRODUCT, { by: 'sec', gate, selfAssessment: fullSelfAssessment, papers: [`https://example.org/${PRODUCT}/${gate}`] });
  return pendingReview(governance, PRODUCT);
}

/** Lets the meeting (or written procedure) that decides `reviewId` pass, and returns the product once it has the decision. */
async function decided(reviewId: string, decisionsBefore: number) {
  const { votingClosesAt } = await governance.status(reviewId);
  await skipTo(env, new Date(Date.parse(votingClosesAt) + 60_000).toISOString());
  return decisionsReach(governance, PRODUCT, decisionsBefore + 1);
}

describe('a year of the product board', () => {
  const reviews: string[] = [];

  it('defers the prioritisation for lack of quorum and carries it to the next meeting', async () => {
    const board = await governance.boardStatus();
    const first = board.upcomingMeetings[0]!;
    const reviewId = await request('prioritisation');
    reviews.push(reviewId);
    const view = await governance.product(PRODUCT);
    expect(view.pending).toMatchObject({ reviewId, meetingId: first.meetingId, votingClosesAt: first.endsAt });
    await votes(reviewId, { m1: 'approve', m2: 'approve', m3: 'approve' });

    const after = await decided(reviewId, 0);
    expect(after.decisions[0]).toMatchObject({ decisionId: reviewId, outcome: 'deferred' });
    const carried = await pendingReview(governance, PRODUCT);
    expect(carried).not.toBe(reviewId);
    const next = await governance.product(PRODUCT);
    expect(next.pending!.meetingId).not.toBe(first.meetingId);
    reviews.push(carried);
  });

  it('prioritises the product at the next meeting, whose minutes record attendance', async () => {
    const reviewId = reviews.at(-1)!;
    await votes(reviewId, { m1: 'approve', m2: 'approve', m3: 'approve', m4: 'approve', m5: 'reject' });
    const { meetingId, votingClosesAt } = (await governance.product(PRODUCT)).pending!;
    await skipTo(env, new Date(Date.parse(votingClosesAt) - 60 * 60_000).toISOString());
    await governance.recordAttendance(meetingId!, { by: 'sec', present: ['m1', 'm2', 'm3', 'm4', 'm5'] });
    const after = await decided(reviewId, 1);
    expect(after).toMatchObject({ stage: 'proposed', prioritised: true, state: 'ready', mayRequest: ['discovery', 'retirement'] });
  });

  it('defers a tie after a recusal, then opens discovery at the following meeting', async () => {
    const reviewId = await request('discovery');
    await governance.send(reviewId, 'declareInterest', { by: 'm2', interest: 'Advises the product team' });
    await expect(governance.send(reviewId, 'castVote', { by: 'm2', choice: 'approve' })).rejects.toThrow(/declared an interest .* is recused/);
    await votes(reviewId, { m1: 'approve', m3: 'approve', m4: 'approve', m5: 'reject', m6: 'reject', m7: 'reject' });
    const tied = await decided(reviewId, 2);
    expect(tied.decisions.at(-1)).toMatchObject({ outcome: 'deferred' });

    const carried = await pendingReview(governance, PRODUCT);
    await votes(carried, { m1: 'approve', m3: 'approve', m4: 'approve', m5: 'approve', m6: 'reject' });
    const after = await decided(carried, 3);
    expect(after.stage).toBe('discovery');
  });

  it('rejects alpha, then approves it with a condition on a second request', async () => {
    const rejected = await request('alpha');
    await votes(rejected, { m1: 'approve', m2: 'reject', m3: 'reject', m4: 'reject', m5: 'approve' });
    expect((await decided(rejected, 4)).stage).toBe('discovery');

    const again = await request('alpha');
    await votes(again, { m1: 'approve', m2: ['approveWithConditions', 'Publish a data protection impact assessment'], m3: 'approve', m4: 'reject' });
    const after = await decided(again, 5);
    expect(after.stage).toBe('alpha');
    expect(after.openConditions.map((c) => c.text)).toEqual(['Publish a data protection impact assessment']);
  });

  it('refuses beta while the condition is open, and takes it once closed with evidence', async () => {
    await expect(governance.requestGate(PRODUCT, { by: 'sec', gate: 'beta', selfAssessment: fullSelfAssessment })).rejects.toThrow(/1 open condition .* close each with evidence/);
    const { conditionId } = (await governance.product(PRODUCT)).openConditions[0]!;
    await expect(governance.closeCondition(PRODUCT, { by: 'm1', conditionId, evidence: 'https://example.org/dpia' })).rejects.toThrow(/only the secretariat/);
    const closed = await governance.closeCondition(PRODUCT, { by: 'sec', conditionId, evidence: 'https://example.org/dpia' });
    expect(closed!.openConditions).toEqual([]);
  });

  it('waits past the meeting for a commissioned assessment that arrives late, then decides beta', async () => {
    const reviewId = await request('beta');
    const { votingClosesAt } = await governance.status(reviewId);
    const dueAt = new Date(Date.parse(votingClosesAt) + 10 * DAY).toISOString();
    await governance.send(reviewId, 'commissionAssessment', { by: 'm1', assessor: 'Independent data lab', question: 'Is the eligibility model fair across areas?', dueAt });
    await votes(reviewId, { m1: 'approve', m2: 'approve', m3: 'approve', m4: 'approve', m5: 'abstain' });

    await skipTo(env, new Date(Date.parse(votingClosesAt) + DAY).toISOString());
    expect((await governance.status(reviewId)).state).toBe('awaitingAssessment');
    expect((await governance.product(PRODUCT)).stage).toBe('alpha');
    await skipTo(env, new Date(Date.parse(dueAt) - 2 * DAY).toISOString());
    const reminded = await eventually(() => governance.notifications('m1'), (list) => list.some((n) => n.subject.startsWith('Reminder: the assessment')), 'the reminder');
    expect(reminded.find((n) => n.subject.startsWith('Reminder'))!.subject).toBe(`Reminder: the assessment for ${reviewId} is due ${dueAt}`);

    await governance.send(reviewId, 'reportAssessment', { by: 'sec', report: 'https://example.org/fairness-report', summary: 'No unfair effect found.' });
    const after = await decisionsReach(governance, PRODUCT, 7);
    expect(after.stage).toBe('beta');
    const decision = await governance.decision(reviewId);
    expect(decision.assessment).toMatchObject({ assessor: 'Independent data lab', report: { report: 'https://example.org/fairness-report' } });
    expect(Date.parse(decision.assessment!.report!.at)).toBeGreaterThan(Date.parse(votingClosesAt));
  });

  it('goes live on two thirds of the votes cast', async () => {
    const reviewId = await request('live');
    await votes(reviewId, { m1: 'approve', m2: 'approve', m3: 'approve', m4: 'approve', m5: 'reject', m6: 'abstain' });
    expect((await decided(reviewId, 7)).stage).toBe('live');
  });

  it('decides an urgent iteration by written procedure, called by the chair, between meetings', async () => {
    const now = await env.currentTimeMs();
    const deadline = new Date(now + 5 * DAY).toISOString();
    await expect(governance.requestGate(PRODUCT, { by: 'sec', gate: 'iteration', procedure: 'written', deadline, selfAssessment: fullSelfAssessment })).rejects.toThrow(
      /only the chair \(Member 1\) may/,
    );
    await governance.requestGate(PRODUCT, { by: 'm1', gate: 'iteration', procedure: 'written', deadline, selfAssessment: fullSelfAssessment });
    const reviewId = await pendingReview(governance, PRODUCT);
    expect((await governance.product(PRODUCT)).pending).toMatchObject({ votingClosesAt: deadline });
    expect((await governance.product(PRODUCT)).pending!.meetingId).toBeUndefined();
    await votes(reviewId, { m1: 'approve', m2: 'approve', m3: 'approve', m4: 'approve' });
    const after = await decided(reviewId, 8);
    expect(after).toMatchObject({ stage: 'live', state: 'ready' });
    expect((await governance.decision(reviewId)).procedure).toBe('written');
  });

  it('has a register in which every decision matches the votes cast, and minutes for every meeting', async () => {
    const yearEnd = startedAt + 366 * DAY;
    await skipTo(env, new Date(yearEnd).toISOString());
    const calendar = monthlyMeetings(startedAt, yearEnd);
    expect((await governance.boardStatus()).convened).toHaveLength(calendar.convened);
    await eventually(() => governance.readRegister(), (r) => r.filter((e) => e.kind === 'minutes').length >= calendar.held, `${calendar.held} sets of minutes`);
    const register = await governance.readRegister();
    const decisions = register.filter(isDecision);
    expect(decisions.map((d) => [d.gate, d.outcome])).toEqual([
      ['prioritisation', 'deferred'],
      ['prioritisation', 'approved'],
      ['discovery', 'deferred'],
      ['discovery', 'approved'],
      ['alpha', 'rejected'],
      ['alpha', 'approvedWithConditions'],
      ['beta', 'approved'],
      ['live', 'approved'],
      ['iteration', 'approved'],
    ]);
    for (const d of decisions) expect(recount(d)).toEqual({ outcome: d.outcome, tally: d.tally });
    for (const d of decisions) expect(d.composition).toMatchObject({ met: true });
    for (const d of decisions) expect(d.principles?.map((p) => p.id)).toEqual(['good-data', 'open-by-default']);

    const minutes = register.filter((e) => e.kind === 'minutes');
    // One meeting a month for a year, each on its own month.
    expect(new Set(minutes.map((m) => m.kind === 'minutes' && m.meeting.startsAt.slice(0, 7))).size).toBe(calendar.held);
    const decidedAtMeetings = new Set(decisions.map((d) => d.meetingId).filter(Boolean));
    for (const meetingId of decidedAtMeetings) expect(minutes.map((m) => m.decisionId)).toContain(`minutes-${meetingId}`);
    expect(minutes.some((m) => m.kind === 'minutes' && m.attendance?.present.length === 5)).toBe(true);

    const papers = (await governance.notifications('m3')).filter((n) => n.subject.startsWith('Papers for the product-board meeting'));
    expect(papers).toHaveLength(calendar.convened);
    expect(papers.map((n) => n.body).join('\n')).toContain('Self-assessment: good-data: Sources, methods and contacts are documented.');

    const citizen = await governance.notifications('citizen-1');
    expect(citizen.map((n) => n.notificationId)).toEqual(expect.arrayContaining(decisions.map((d) => `decision-${d.decisionId}`)));
  });
});

/** The outcome and tally a person with a pencil would write down from the votes in a record. */
function recount(d: DecisionEntry) {
  const choices = d.votes.map((v) => v.choice);
  const count = (c: VoteChoice) => choices.filter((x) => x === c).length;
  const eligible = 7 - d.recusals.length;
  const tally = {
    approve: count('approve'),
    approveWithConditions: count('approveWithConditions'),
    reject: count('reject'),
    abstain: count('abstain'),
    eligible,
    cast: choices.length,
    quorumNeeded: Math.floor(eligible / 2) + 1,
  };
  const approvals = tally.approve + tally.approveWithConditions;
  const live = d.gate === 'live';
  const outcome =
    tally.cast < tally.quorumNeeded
      ? 'deferred'
      : live
        ? approvals * 3 >= (approvals + tally.reject) * 2
          ? 'approved'
          : 'rejected'
        : approvals === tally.reject
          ? 'deferred'
          : approvals > tally.reject
            ? tally.approveWithConditions > 0
              ? 'approvedWithConditions'
              : 'approved'
            : 'rejected';
  return { outcome, tally };
}

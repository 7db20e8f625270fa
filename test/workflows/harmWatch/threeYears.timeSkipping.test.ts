/**
 * Three simulated years of a live product's harm watch on the time-skipping
 * server: reviews on their dates, a low harm taken up by the next review, a
 * medium harm whose action plan is missed and escalated, a critical harm that
 * suspends the product by written procedure within the triage deadline, its
 * return, and an iteration that restarts the schedule. The watch continues as
 * new, so its history stays short. (A week-long worker outage is in
 * harmWatch.workerOutage.timeSkipping.test.ts; a roll back in harmWatch.rollback.)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GovernanceClient } from '../../../client/governanceClient';
import { addDays, defaultHarmPolicy, reviewDate } from '../../../machines/harmWatch/policy';
import type { HarmWatchView } from '../../../machines/harmWatch/view';
import { HARM_WATCH_HISTORY_LIMIT } from '../../../workflows/harmWatch/workflow';
import { harmWatchProcessId } from '../../../machines/kernel/ids';
import { decisionsReach, eventually, foundingBoard, fullSelfAssessment, goLive, pendingReview, skipTo } from '../../support/productBoardRun';
import { governedTimeSkipping } from '../../support/temporal';

const DAY = 86_400_000;
const PRODUCT = 'rent-watch';

let env: TestWorkflowEnvironment;
let governance: GovernanceClient;
let evidenceDir: string;
let stop: () => Promise<void>;
let liveSince: string;

beforeAll(async () => {
  ({ env, governance, evidenceDir, stop } = await governedTimeSkipping());
  await governance.openBoard({ by: 'sec', config: foundingBoard });
  await governance.boardCommand('subscribe', { by: 'citizen-1' });
  await governance.registerProduct({ by: 'sec', product: { id: PRODUCT, name: 'Rent watch' } });
  await goLive(env, governance, PRODUCT);
  liveSince = (await watch((w) => w.state === 'watching')).liveSinceOrIterated;
});

afterAll(() => stop?.());

const watch = (done: (w: HarmWatchView) => boolean, what = 'the harm watch') => eventually(() => governance.harmWatch(PRODUCT), done, what, 400);
const at = (days: number) => addDays(liveSince, days);

/** Lets the review that falls on `date` gather its evidence, then records it. */
async function review(date: string, findings: { benefits: string[]; harms: string[]; worstHarm: 'none' | 'low' | 'medium' | 'high' | 'critical' }, by = 'm2') {
  await skipTo(env, new Date(Date.parse(date) + 60_000).toISOString());
  const w = await watch((v) => v.state === 'awaitingReview', `the review of ${date}`);
  expect(w.current!.scheduledFor).toBe(date);
  return governance.harmCommand(PRODUCT, 'recordReview', { by, ...findings });
}

function evidence(name: string, item: { source: string; summary: string; at: string }) {
  mkdirSync(join(evidenceDir, PRODUCT), { recursive: true });
  writeFileSync(join(evidenceDir, PRODUCT, `${name}.json`), JSON.stringify(item));
}

describe('three years of watching a live product', () => {
  it('starts watching when the product goes live, with its first review 30 days on', async () => {
    const w = await governance.harmWatch(PRODUCT);
    expect(w).toMatchObject({ state: 'watching', nextReviewAt: reviewDate(liveSince, 0, defaultHarmPolicy) });
    expect(w.nextReviewAt).toBe(at(30));
  });

  it('gathers the evidence and publishes the first review on its date', async () => {
    evidence('usage-1', { source: 'usage analytics', summary: '1,200 searches in the first month', at: at(10) });
    const w = (await review(at(30), { benefits: ['People find local rent levels in one place'], harms: [], worstHarm: 'none' }))!;
    expect(w.state).toBe('publishingReview');
    const published = await watch((v) => v.reviews.length === 1 && v.state === 'watching');
    expect(published.nextReviewAt).toBe(at(90));
    const [entry] = (await governance.readRegister()).filter((e) => e.kind === 'harmReview');
    expect(entry).toMatchObject({ decisionId: `review-${PRODUCT}-1`, worstHarm: 'none', evidence: { items: [{ summary: '1,200 searches in the first month' }] } });
  });

  it('carries a low harm, reported anonymously, into the next review', async () => {
    await skipTo(env, at(40));
    const { reportId, triageBy } = await governance.reportHarm(PRODUCT, { summary: 'The map labels my street wrongly' });
    expect(await governance.harmReport(PRODUCT, reportId)).toMatchObject({ status: 'awaitingTriage', triageBy });
    expect((await governance.harmReport(PRODUCT, reportId)).reportedBy).toBeUndefined();
    await expect(governance.harmCommand(PRODUCT, 'triageHarm', { by: 'm3', reportId, severity: 'low', note: 'Minor' })).rejects.toThrow(/only the secretariat/);
    await governance.harmCommand(PRODUCT, 'triageHarm', { by: 'sec', reportId, severity: 'low', note: 'Take up at the next review' });
    expect((await governance.harmReport(PRODUCT, reportId)).status).toBe('carriedToReview');

    await review(at(90), { benefits: ['Used by two advice centres'], harms: ['Street labels wrong in one area'], worstHarm: 'low' });
    await watch((v) => v.reviews.length === 2 && v.state === 'watching');
    expect(await governance.harmReport(PRODUCT, reportId)).toMatchObject({ status: 'closed', addressedIn: `review-${PRODUCT}-2` });
  });

  it('escalates a medium harm whose action plan is missed', async () => {
    await skipTo(env, at(100));
    const { reportId } = await governance.reportHarm(PRODUCT, { by: 'citizen-7', summary: 'Rents shown for my area are a year old' });
    await expect(governance.harmCommand(PRODUCT, 'triageHarm', { by: 'sec', reportId, severity: 'medium', note: 'Data is stale' })).rejects.toThrow(/a medium harm needs an action plan/);
    await governance.harmCommand(PRODUCT, 'triageHarm', { by: 'sec', reportId, severity: 'medium', note: 'Data is stale', actionPlan: { description: 'Refresh the rent data monthly', dueAt: at(130), owner: 'data team' } });
    const told = await eventually(() => governance.notifications('citizen-7'), (n) => n.length > 0, 'the reporter to be told');
    expect(told.map((n) => n.subject)).toContain(`Your harm report ${reportId} was triaged: medium`);

    await skipTo(env, at(131));
    const missed = await eventually(() => governance.harmReport(PRODUCT, reportId), (r) => r.actionPlan?.missed === true, 'the missed plan');
    expect(missed.status).toBe('actionPlan');
    const escalated = await eventually(() => governance.notifications('initiative-board'), (n) => n.length > 0, 'the initiative board to be told');
    expect(escalated.map((n) => n.subject)).toContain(`Escalated: the action plan for harm ${reportId} on Rent watch was not done by ${at(130)}`);
  });

  it('reminds reviewers and flags a review recorded after its due date', async () => {
    const third = reviewDate(liveSince, 2, defaultHarmPolicy);
    await skipTo(env, addDays(third, 15));
    const w = await watch((v) => v.current?.overdue === true, 'the overdue review');
    const subjects = (await governance.notifications('product-board')).map((n) => n.subject);
    expect(subjects).toContain(`Reminder: review ${w.current!.reviewId} of Rent watch is due ${addDays(third, 14)}`);
    expect(subjects).toContain(`Overdue: review ${w.current!.reviewId} of Rent watch was due ${addDays(third, 14)}`);
    expect((await governance.dueReviews())[0]).toMatchObject({ productId: PRODUCT, reviewId: w.current!.reviewId, overdue: true });
    await governance.harmCommand(PRODUCT, 'recordReview', { by: 'sec', benefits: ['Steady use'], harms: [], worstHarm: 'none' });
    await watch((v) => v.reviews.length === 3 && v.state === 'watching');
    expect((await governance.readRegister()).filter((e) => e.kind === 'harmReview').at(-1)).toMatchObject({ overdue: true });
  });

  it('suspends the product on a critical harm, by written procedure, within the triage deadline', async () => {
    await skipTo(env, at(400));
    const { reportId, triageBy } = await governance.reportHarm(PRODUCT, { by: 'citizen-9', summary: 'Tenants’ addresses can be read from the map' });
    await skipTo(env, at(401));
    await governance.harmCommand(PRODUCT, 'triageHarm', { by: 'sec', reportId, severity: 'critical', note: 'Personal data exposed' });
    const reviewId = await pendingReview(governance, PRODUCT);
    expect(await governance.status(reviewId)).toMatchObject({ gate: 'suspension', procedure: 'written', requestedBy: 'm1' });
    for (const by of ['m1', 'm2', 'm3', 'm4']) await governance.send(reviewId, 'castVote', { by, choice: 'approve', reason: 'Protect tenants' });
    const { decisions } = await governance.product(PRODUCT);
    await skipTo(env, new Date(Date.parse((await governance.status(reviewId)).votingClosesAt) + 60_000).toISOString());
    const suspended = await decisionsReach(governance, PRODUCT, decisions.length + 1);
    expect(suspended).toMatchObject({ suspended: true, state: 'suspended', stage: 'live' });
    const decision = await governance.decision(reviewId);
    expect(Date.parse(decision.closedAt)).toBeLessThan(Date.parse(triageBy));
    await watch((v) => v.state === 'suspended', 'the watch to pause');
    expect((await governance.notifications('initiative-board')).map((n) => n.subject)).toContain(
      `Escalated critical harm on ${PRODUCT}: the product board decides by written procedure whether to suspend it or roll it back`,
    );
  });

  it('schedules no review while suspended', async () => {
    const before = (await governance.harmWatch(PRODUCT)).reviews.length;
    await skipTo(env, at(400 + 120));
    const w = await governance.harmWatch(PRODUCT);
    expect(w).toMatchObject({ state: 'suspended' });
    expect(w.reviews.length).toBe(before);
  });

  it('returns the product by a board decision, takes the review missed while suspended, and restarts the schedule after an iteration', async () => {
    await governance.requestGate(PRODUCT, { by: 'sec', gate: 'reinstatement' });
    const reinstatement = await pendingReview(governance, PRODUCT);
    for (const by of ['m1', 'm2', 'm3', 'm4', 'm5']) await governance.send(reinstatement, 'castVote', { by, choice: 'approve' });
    await governance.send(reinstatement, 'closeVoting', { by: 'sec' });
    const returned = await eventually(() => governance.product(PRODUCT), (p) => !p.suspended && p.state === 'ready', 'the product to return');
    const missed = await watch((v) => v.state === 'awaitingReview', 'the review that fell due while suspended');
    expect(missed.current).toMatchObject({ scheduledFor: reviewDate(liveSince, 3, defaultHarmPolicy) });
    expect(missed.current!.overdue).toBeUndefined();
    expect(Date.parse(missed.current!.dueAt)).toBeGreaterThan(Date.parse(returned.decisions.at(-1)!.closedAt));
    await governance.harmCommand(PRODUCT, 'recordReview', { by: 'm2', benefits: ['Back in use'], harms: ['Exposure fixed before return'], worstHarm: 'low' });
    await watch((v) => v.state === 'watching', 'the watch to resume');

    await governance.requestGate(PRODUCT, { by: 'sec', gate: 'iteration', selfAssessment: fullSelfAssessment });
    const iteration = await pendingReview(governance, PRODUCT);
    for (const by of ['m1', 'm2', 'm3', 'm4', 'm5']) await governance.send(iteration, 'castVote', { by, choice: 'approve' });
    await governance.send(iteration, 'closeVoting', { by: 'sec' });
    const iterated = await watch((v) => v.liveSinceOrIterated !== liveSince, 'the schedule to restart');
    expect(iterated.nextReviewAt).toBe(addDays(iterated.liveSinceOrIterated, 30));
  });

  // Each continue-as-new here can meet the test server's half-applied completion (see skipTime); repaired, it costs seconds.
  it('keeps reviewing every six months to three years, continuing as new with a short history', { timeout: 600_000 }, async () => {
    const anchor = (await governance.harmWatch(PRODUCT)).liveSinceOrIterated;
    const before = (await governance.readRegister()).filter((e) => e.kind === 'harmReview').length;
    let afterIteration = 0;
    for (let n = 0; ; n++, afterIteration++) {
      const date = reviewDate(anchor, n, defaultHarmPolicy);
      if (Date.parse(date) > Date.parse(at(3 * 365))) break;
      await review(date, { benefits: [`Review ${n + 1} after the iteration`], harms: [], worstHarm: 'none' });
      await watch((v) => v.state === 'watching' && v.current === undefined, `review ${n} to be published`);
    }
    const reviews = (await governance.readRegister()).filter((e) => e.kind === 'harmReview');
    expect(before).toBe(4);
    expect(reviews.length).toBe(before + afterIteration);
    expect(afterIteration).toBeGreaterThanOrEqual(3);
    const w = await governance.harmWatch(PRODUCT);
    expect(w.run).toBeGreaterThan(1);

    // Walk back through every run of the watch: none has a history longer than the limit and one review cycle.
    const lengths: number[] = [];
    let runId: string | undefined = (await env.client.workflow.getHandle(harmWatchProcessId(PRODUCT)).describe()).runId;
    while (runId) {
      const history = await env.client.workflow.getHandle(harmWatchProcessId(PRODUCT), runId).fetchHistory();
      lengths.push(history.events!.length);
      runId = history.events![0]!.workflowExecutionStartedEventAttributes?.continuedExecutionRunId || undefined;
    }
    console.log(`harm watch: ${reviews.length} reviews over three years in ${lengths.length} runs of ${lengths.reverse().join(', ')} history events`);
    expect(lengths.length).toBe(w.run);
    expect(Math.max(...lengths)).toBeLessThanOrEqual(HARM_WATCH_HISTORY_LIMIT + 60);
  });
});

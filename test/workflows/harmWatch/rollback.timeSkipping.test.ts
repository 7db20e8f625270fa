/**
 * A critical harm that came with a live product's latest change, on the
 * time-skipping server: the secretariat triages it asking for a roll back, the
 * product board decides by written procedure within the triage deadline, the
 * product stays live on its earlier version, and its harm watch starts its
 * review schedule over from the roll back.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GovernanceClient } from '../../../client/governanceClient';
import { addDays } from '../../../machines/harmWatch/policy';
import type { HarmWatchView } from '../../../machines/harmWatch/view';
import { decisionsReach, eventually, foundingBoard, goLive, pendingReview, skipTo } from '../../support/productBoardRun';
import { governedTimeSkipping } from '../../support/temporal';

const PRODUCT = 'eviction-helper';

let env: TestWorkflowEnvironment;
let governance: GovernanceClient;
let stop: () => Promise<void>;
let liveSince: string;

beforeAll(async () => {
  ({ env, governance, stop } = await governedTimeSkipping());
  await governance.openBoard({ by: 'sec', config: foundingBoard });
  await governance.registerProduct({ by: 'sec', product: { id: PRODUCT, name: 'Eviction helper' } });
  await goLive(env, governance, PRODUCT);
  liveSince = (await watch((w) => w.state === 'watching')).liveSinceOrIterated;
});

afterAll(() => stop?.());

const watch = (done: (w: HarmWatchView) => boolean, what = 'the harm watch') => eventually(() => governance.harmWatch(PRODUCT), done, what, 400);
const at = (days: number) => addDays(liveSince, days);

describe('rolling a live product back after a critical harm', () => {
  it('puts the roll back to the board by written procedure and keeps the product live on its earlier version', async () => {
    await skipTo(env, at(20));
    const { reportId, triageBy } = await governance.reportHarm(PRODUCT, { by: 'citizen-3', summary: 'Since the last update it tells tenants the wrong deadline to answer a notice' });
    await governance.harmCommand(PRODUCT, 'triageHarm', { by: 'sec', reportId, severity: 'critical', note: 'Came with the latest change', remedy: 'rollback' });
    expect(await governance.harmReport(PRODUCT, reportId)).toMatchObject({ status: 'escalated', triage: { severity: 'critical', remedy: 'rollback' } });

    const reviewId = await pendingReview(governance, PRODUCT);
    expect(await governance.status(reviewId)).toMatchObject({ gate: 'rollback', procedure: 'written', requestedBy: 'm1' });
    const told = await eventually(() => governance.notifications('initiative-board'), (n) => n.some((m) => m.subject.startsWith('Escalated')), 'the initiative board to be told');
    const notice = told.find((m) => m.subject.startsWith('Escalated'))!;
    expect(notice.subject).toBe(`Escalated critical harm on ${PRODUCT}: the product board decides by written procedure whether to suspend it or roll it back`);
    expect(notice.body).toContain(`Put to the board: roll it back to the version before its latest change, keeping it live. Vote by`);
    expect(notice.body).toContain('Or suspend the product until a reinstatement decision: reject this item, and the chair requests the suspension gate by written procedure.');

    for (const by of ['m1', 'm2', 'm3', 'm4']) await governance.send(reviewId, 'castVote', { by, choice: 'approve', reason: 'Undo the change that misleads tenants' });
    const { decisions } = await governance.product(PRODUCT);
    await skipTo(env, new Date(Date.parse((await governance.status(reviewId)).votingClosesAt) + 60_000).toISOString());
    const rolledBack = await decisionsReach(governance, PRODUCT, decisions.length + 1);
    expect(rolledBack).toMatchObject({ state: 'ready', stage: 'live', suspended: false });
    expect(rolledBack.decisions.at(-1)).toMatchObject({ gate: 'rollback', outcome: 'approved' });
    expect(rolledBack.mayRequest).toEqual(['iteration', 'suspension', 'rollback', 'retirement']);
    const decision = await governance.decision(reviewId);
    expect(Date.parse(decision.closedAt)).toBeLessThan(Date.parse(triageBy));
    expect((await governance.readRegister()).filter((e) => e.decisionId === reviewId)).toHaveLength(1);

    // The watch goes on, counting its reviews from the roll back: 30 days, 90 days, then every six months.
    const restarted = await watch((w) => w.liveSinceOrIterated !== liveSince, 'the schedule to start over');
    expect(restarted.state).toBe('watching');
    expect(Date.parse(restarted.liveSinceOrIterated)).toBeGreaterThanOrEqual(Date.parse(decision.closedAt));
    expect(restarted.nextReviewAt).toBe(addDays(restarted.liveSinceOrIterated, 30));
    expect(restarted.reports.find((r) => r.reportId === reportId)?.status).toBe('escalated');

    await skipTo(env, addDays(restarted.nextReviewAt!, 0.01));
    const review = await watch((w) => w.state === 'awaitingReview', 'the first review after the roll back');
    expect(review.current!.scheduledFor).toBe(restarted.nextReviewAt);
  });
});

/**
 * Model-based test of the durable host: every situation @xstate/graph finds
 * in the gate review machine is driven through the real workflow on the
 * time-skipping server (votes as Updates, deadlines as skipped time, the real
 * register activity), and the workflow must end where the pure machine does.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GovernanceClient } from '../../../client/governanceClient';
import type { GateReviewEvent } from '../../../machines/gateReview/machine';
import type { DecisionRecord } from '../../../machines/gateReview/rules';
import { defaultProductBoardPolicy } from '../../../machines/productBoard/policy';
import { assessmentDueAfter, castingWindowPassed, label, modelPolicy, publicationFailed, situationPaths, votingDeadlinePassed } from '../../support/gateReviewModel';
import { DAY, sevenMemberBoard } from '../../support/gateReviews';
import { governanceOn, skipTime, startTimeSkippingServer, testBoard } from '../../support/temporal';

const HOUR = 3_600_000;
let env: TestWorkflowEnvironment;
let governance: GovernanceClient;
let worker: Worker;
let working: Promise<void>;

beforeAll(async () => {
  env = await startTimeSkippingServer();
  const setup = await governanceOn(env, undefined, { ...testBoard, policy: { ...defaultProductBoardPolicy, ...modelPolicy } });
  governance = setup.governance;
  worker = await setup.startWorker();
  working = worker.run();
});

afterAll(async () => {
  worker?.shutdown();
  await working;
  await env?.teardown();
});

/** Lets time pass on the server and waits until the workflow has acted on it. */
async function skip(reviewId: string, ms: number): Promise<void> {
  const before = (await governance.status(reviewId)).state;
  // skipTime, not env.sleep: it releases a time lock the test server leaks (see skipTime).
  await skipTime(env, ms);
  for (let i = 0; i < 100 && (await governance.status(reviewId)).state === before; i++) await new Promise((r) => setTimeout(r, 50));
}

async function perform(reviewId: string, e: GateReviewEvent, openedAt: number): Promise<void> {
  switch (e.type) {
    case 'vote.cast':
      await governance.send(reviewId, 'castVote', { by: e.by, choice: e.choice, ...(e.conditions ? { conditions: [...e.conditions] } : {}) });
      return;
    case 'interest.declared':
      await governance.send(reviewId, 'declareInterest', { by: e.by, interest: e.interest });
      return;
    case 'voting.closed':
      await governance.send(reviewId, 'closeVoting', { by: e.by });
      return;
    case 'castingVote.cast':
      await governance.send(reviewId, 'castCastingVote', { by: e.by, choice: e.choice });
      return;
    case 'assessment.commissioned':
      await governance.send(reviewId, 'commissionAssessment', { by: e.by, assessor: e.assessor, question: e.question, dueAt: new Date(openedAt + assessmentDueAfter).toISOString() });
      return;
    case 'assessment.reported':
      await governance.send(reviewId, 'reportAssessment', { by: e.by, report: e.report });
      return;
    case 'assessment.due':
      return skip(reviewId, openedAt + assessmentDueAfter - (await env.currentTimeMs()) + 1000);
    default:
      if (e.type === votingDeadlinePassed.type) return skip(reviewId, 7 * DAY + 1000);
      if (e.type === castingWindowPassed.type) return skip(reviewId, 48 * HOUR + 1000);
      // xstate.done.actor.publishDecision: the real activity publishes on its own.
      return;
  }
}

/** What must match between the workflow's decision and the machine's: everything but the clock. */
const essence = (d: DecisionRecord) => ({
  outcome: d.outcome,
  deferredBecause: d.deferredBecause,
  tally: d.tally,
  votes: d.votes.map((v) => [v.by, v.choice]).sort(),
  recusals: d.recusals.map((r) => r.by),
  conditions: d.conditions,
  castingVote: d.castingVote?.choice,
});

// A forced publication failure needs a broken register; the pure path tests cover those situations.
const drivable = situationPaths().filter(
  (p) => !p.events.includes(publicationFailed) && (p.final.value === 'decided' || p.final.status === 'active') && p.final.value !== 'publishing',
);

describe('the gate review workflow follows its machine', () => {
  it('drives 8 situations: open, awaiting an assessment or a casting vote, and 5 decided outcomes', () => {
    expect(drivable.map((p) => p.situation).sort()).toEqual([
      'awaitingAssessment',
      'awaitingCastingVote',
      'awaitingVotes',
      'decided / approved',
      'decided / approvedWithConditions',
      'decided / deferred / noQuorum',
      'decided / deferred / tie',
      'decided / rejected',
    ]);
  });

  drivable.forEach((path, i) => {
    it(`ends in "${path.situation}" after ${path.events.map(label).join(', ') || 'opening'}`, async () => {
      const opened = await env.currentTimeMs();
      const { reviewId } = await governance.requestGateReview({
        reviewId: `gr-model-${i}`,
        productId: 'benefits-map',
        stage: 'discovery',
        gate: 'alpha',
        requestedBy: 'sec',
        votingClosesAt: new Date(opened + 7 * DAY),
      });
      for (const event of path.events) await perform(reviewId, event, opened);

      if (path.final.value === 'decided') {
        expect(essence(await governance.decision(reviewId))).toEqual(essence(path.final.context.decision!));
      } else {
        const status = await governance.status(reviewId);
        expect(status.state).toBe(path.final.value);
        expect([...status.voted].sort()).toEqual(path.final.context.votes.map((v) => v.by).sort());
      }
    });
  });
});

/**
 * Proof under stress: 200 gate reviews at once on a real dev server, every
 * member voting by Update or Signal, while the worker process is killed with
 * SIGKILL and the server itself is stopped and started again on its database
 * file. Afterwards every review must have the decision its votes imply, with
 * each vote counted once, one register entry and one notice per subscriber.
 */
import type { WorkflowClientInterceptor } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isDecision } from '../../activities/decisionRegister';
import { readRegister } from '../../store/register';
import { freshStore, type TestStore } from '../support/postgres';
import { readNotices } from '../../store/notices';
import type { CommandRefused } from '../../client/errors';
import { GovernanceClient } from '../../client/governanceClient';
import type { Gate, Stage } from '../../machines/kernel/lifecycle';
import type { DecisionRecord, Outcome } from '../../machines/gateReview/rules';
import type { VoteChoice } from '../../machines/kernel/voting';
import { gateReviewWorkflowType } from '../../workflows/gateReview/messages';
import { clientFor, inPool, removeTempDirs, RestartableServer, RetryStats, withRetry, WorkerProcess } from '../support/faults';
import { members, sevenMemberBoard } from '../support/gateReviews';
import { defaultProductBoardPolicy } from '../../machines/productBoard/policy';
import type { BoardConfig } from '../../client/boardConfig';

const REVIEWS = 200;
/** Sends in flight at once. More let the server take several messages per workflow task: on 2 cores, 48 gave ~17 votes/s, 160 ~45. */
const IN_FLIGHT = 160;
/** Reviews taking votes at once (all 200 stay open throughout). */
const ACTIVE_REVIEWS = 80;
/** Long enough that clients see the outage rather than a blip. */
const SERVER_DOWN_MS = 3_000;
const SEND_BUDGET_MS = 90_000;
const DECISION_BUDGET_MS = 150_000;

// ── The plan: what each review is sent, and what that must decide ──────────

interface PlannedVote {
  readonly by: string;
  readonly choice: VoteChoice;
  readonly via: 'update' | 'signal';
  readonly conditions?: string[];
}

interface PlannedReview {
  readonly index: number;
  readonly reviewId: string;
  readonly productId: string;
  readonly stage: Stage;
  readonly gate: Gate;
  readonly votes: readonly PlannedVote[];
  readonly closeBy: string;
  readonly closeVia: 'update' | 'signal';
  readonly subscribers: readonly string[];
}

const steps: readonly { stage: Stage; gate: Gate }[] = [
  { stage: 'discovery', gate: 'alpha' },
  { stage: 'alpha', gate: 'beta' },
  { stage: 'beta', gate: 'live' }, // two thirds to pass
];
const choices: readonly VoteChoice[] = ['approve', 'approveWithConditions', 'reject', 'abstain'];

/** A small deterministic generator, so that a failing review can be replayed by its index. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function planReview(index: number): PlannedReview {
  const next = random(index + 1);
  const reviewId = `gr-storm-${index}`;
  const votes = members.map((by): PlannedVote => {
    const choice = choices[Math.floor(next() * choices.length)]!;
    const via = next() < 0.5 ? 'update' : 'signal';
    return choice === 'approveWithConditions' ? { by, choice, via, conditions: [`${by} asks ${reviewId} for an accessibility audit`] } : { by, choice, via };
  });
  return {
    index,
    reviewId,
    productId: `storm-${index}`,
    ...steps[index % steps.length]!,
    votes,
    closeBy: index % 2 ? 'sec' : sevenMemberBoard.chair,
    closeVia: index % 5 === 0 ? 'signal' : 'update',
    subscribers: ['sec', `observer-${index % 4}`],
  };
}

/** The outcome recounted here, independently of the engine's rules: every member votes, so quorum is always met. */
function expectedOutcome(review: PlannedReview): { outcome: Outcome; deferredBecause?: 'tie' } {
  const n = (choice: VoteChoice) => review.votes.filter((v) => v.choice === choice).length;
  const withConditions = n('approveWithConditions');
  const approvals = n('approve') + withConditions;
  const rejections = n('reject');
  const passed =
    review.gate === 'live'
      ? approvals + rejections > 0 && 3 * approvals >= 2 * (approvals + rejections)
      : approvals === rejections
        ? undefined
        : approvals > rejections;
  if (passed === undefined) return { outcome: 'deferred', deferredBecause: 'tie' };
  if (!passed) return { outcome: 'rejected' };
  return { outcome: withConditions > 0 ? 'approvedWithConditions' : 'approved' };
}

// ── Counters the chaos waits on and the report prints ──────────────────────

const progress = { opened: 0, votes: 0, votesByUpdate: 0, votesBySignal: 0, closed: 0, decided: 0 };
const timeline: string[] = [];
const began = Date.now();
const mark = (what: string) => timeline.push(`${((Date.now() - began) / 1000).toFixed(1)}s ${what}`);

async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((r) => setTimeout(r, 50));
}

// ── The environment ────────────────────────────────────────────────────────

let server: RestartableServer;
let worker: WorkerProcess;
let connection: Awaited<ReturnType<typeof clientFor>>['connection'];
let governance: GovernanceClient;
const board: BoardConfig = { roster: sevenMemberBoard, policy: defaultProductBoardPolicy, principles: { guiding: [], board: [] } };
let store: TestStore;

/**
 * `requestGateReview` opens a review outside any product, so it names no subscribers and its
 * decision would notify nobody; a product names them. The test's client adds them to every
 * review it starts, so that the notices in the database show whether a retried publication notifies twice.
 */
const withSubscribers: WorkflowClientInterceptor = {
  startWithDetails(input, next) {
    if (input.workflowType !== gateReviewWorkflowType) return next(input);
    const [request] = input.options.args as [{ reviewId: string }];
    const index = Number(request.reviewId.replace('gr-storm-', ''));
    return next({ ...input, options: { ...input.options, args: [{ ...request, subscribers: planReview(index).subscribers }] } });
  },
};

beforeAll(async () => {
  server = await RestartableServer.start();
  mark(`dev server up on ${server.address}`);
  store = await freshStore();
  worker = new WorkerProcess(server.address, { store });
  await worker.start();
  mark('worker 1 polling');
  const temporal = await clientFor(server.address, [withSubscribers]);
  connection = temporal.connection;
  const client = temporal.client;
  governance = new GovernanceClient({ client, board, store });
});

let passed = false;

afterAll(async () => {
  await worker?.stop();
  await server?.stop();
  await connection?.close();
  if (passed) removeTempDirs();
  else
    console.log(
      [`Kept for diagnosis: server data ${server?.dataDir}, worker log ${worker?.logFile}, register and notices ${store?.url}`, 'Timeline:', ...timeline.map((t) => `  ${t}`)].join('\n'),
    );
});

describe('gate reviews under stress', () => {
  it('decides 200 concurrent reviews exactly once each while the worker is killed and the server restarted', { timeout: 240_000 }, async () => {
    const plans = Array.from({ length: REVIEWS }, (_, i) => planReview(i));
    const totalVotes = REVIEWS * members.length;
    const stats = { open: new RetryStats(), vote: new RetryStats(), close: new RetryStats(), decision: new RetryStats() };
    const decisions = new Map<string, DecisionRecord>();

    const retrying = <T>(stat: RetryStats, send: () => Promise<T>, alreadyRecorded?: (refusal: CommandRefused) => boolean) =>
      withRetry(stat, send, { budgetMs: SEND_BUDGET_MS, ...(alreadyRecorded ? { alreadyRecorded } : {}) });

    // A permit per send in flight, first come first served, so that the active reviews' votes interleave.
    let free = IN_FLIGHT;
    const waiting: (() => void)[] = [];
    const permitted = async <T>(work: () => Promise<T>): Promise<T> => {
      if (free > 0) free -= 1;
      else await new Promise<void>((r) => waiting.push(r));
      try {
        return await work();
      } finally {
        const nextInLine = waiting.shift();
        if (nextInLine) nextInLine();
        else free += 1;
      }
    };

    const open = async (review: PlannedReview) => {
      const { reviewId } = review;
      await retrying(
        stats.open,
        () =>
          governance.requestGateReview({
            reviewId,
            productId: review.productId,
            stage: review.stage,
            gate: review.gate,
            requestedBy: 'sec',
            votingClosesAt: new Date(Date.now() + 365 * 86_400_000),
          }),
        // The id is this test's own: "already exists" after a lost answer means our first start got through.
        (refusal) => refusal.message.includes(`id ${reviewId} already exists`),
      );
      progress.opened += 1;
    };

    const vote = async (reviewId: string, vote: PlannedVote) => {
      const payload = { by: vote.by, choice: vote.choice, ...(vote.conditions ? { conditions: vote.conditions } : {}) };
      /*
       * A vote whose answer was lost (the worker or server went down mid-send) is sent again as a
       * new Update. If the first got through, the review refuses the second ("has already voted
       * (<choice>)…; a second vote was not recorded") and the vote stands once: the workflow, not
       * this loop, keeps it exactly-once, and the final check of decision.votes proves it. Only a
       * refusal naming the very choice we sent counts as success; any other refusal fails the test.
       * A resent Signal cannot be refused to us: the review refuses it into its audit log instead.
       */
      const sameVoteRecorded = (refusal: CommandRefused) => refusal.message.includes(`has already voted (${vote.choice}) on gate review ${reviewId};`);
      await permitted(() =>
        retrying(
          stats.vote,
          (): Promise<unknown> => (vote.via === 'signal' ? governance.send(reviewId, 'castVote', payload, 'signal') : governance.send(reviewId, 'castVote', payload)),
          sameVoteRecorded,
        ),
      );
      progress.votes += 1;
      if (vote.via === 'signal') progress.votesBySignal += 1;
      else progress.votesByUpdate += 1;
    };

    const decided: Promise<void>[] = [];
    const awaitDecision = async (reviewId: string) => {
      const decision = await withRetry(stats.decision, () => governance.decision(reviewId), { budgetMs: DECISION_BUDGET_MS, maxMs: 3_000 });
      if (decision === 'alreadyRecorded') throw new Error(`${reviewId}: a decision is never "already recorded"`);
      decisions.set(reviewId, decision);
      progress.decided += 1;
    };

    const voteAndClose = async (review: PlannedReview) => {
      const { reviewId } = review;
      await Promise.all(review.votes.map((v) => vote(reviewId, v)));
      // Every vote is in the review's history by now (a Signal once sent, an Update once answered): close.
      await permitted(() =>
        retrying(
          stats.close,
          (): Promise<unknown> =>
            review.closeVia === 'signal'
              ? governance.send(reviewId, 'closeVoting', { by: review.closeBy }, 'signal')
              : governance.send(reviewId, 'closeVoting', { by: review.closeBy }),
          // A resent close finds voting closed, or the review finished, because the first one closed it.
          (refusal) => /Voting on gate review \S+ closed at|closed at .*\(completed\)/.test(refusal.message),
        ),
      );
      progress.closed += 1;
      decided.push(awaitDecision(reviewId));
    };

    /** The faults, each once the storm has reached a point, so that votes, closes and publications are in flight. */
    const chaos = async () => {
      const killWhen = async (reached: () => boolean) => {
        await until(reached);
        await worker.kill();
        mark(`worker SIGKILLed (${JSON.stringify(progress)})`);
        await worker.start();
        mark(`worker ${worker.starts} polling`);
      };
      const votesReach = (share: number) => () => progress.votes >= totalVotes * share;
      await killWhen(votesReach(0.1));
      await killWhen(votesReach(0.3));
      await until(votesReach(0.5));
      mark(`dev server stopping (${JSON.stringify(progress)})`);
      await server.restart(SERVER_DOWN_MS);
      mark('dev server up again on the same database file');
      // A worker that gave up while the server was away is started again, and reported below.
      await worker.ensureRunning();
      await killWhen(votesReach(0.7));
      await killWhen(votesReach(0.85));
    };

    mark('storm begins');
    const storm = async () => {
      // All 200 are open at once; then ACTIVE_REVIEWS take votes at a time, closing as they complete.
      await inPool(plans, IN_FLIGHT, open);
      mark(`${progress.opened} reviews open`);
      await inPool(plans, ACTIVE_REVIEWS, voteAndClose);
      mark('every vote and close sent');
      await Promise.all(decided);
    };
    await Promise.all([storm(), chaos()]);
    mark('every review decided');

    // ── Every review decided as its votes imply, each vote counted once ──
    let recountedVotes = 0;
    const outcomes: Record<string, number> = {};
    for (const review of plans) {
      const decision = decisions.get(review.reviewId)!;
      const expected = expectedOutcome(review);
      expect({ review: review.reviewId, outcome: decision.outcome, deferredBecause: decision.deferredBecause }).toEqual({ review: review.reviewId, ...expected });
      const counted = decision.votes.map((v) => [v.by, v.choice]).sort();
      const sent = review.votes.map((v) => [v.by, v.choice]).sort();
      expect(counted, `${review.reviewId}: the votes counted are exactly the votes sent, once each`).toEqual(sent);
      expect(decision.tally.cast).toBe(members.length);
      recountedVotes += decision.votes.length;
      const key = decision.outcome + (decision.deferredBecause ? `(${decision.deferredBecause})` : '');
      outcomes[key] = (outcomes[key] ?? 0) + 1;
    }

    // ── Each effect once: one register entry per review, one notice per subscriber ──
    const register = (await readRegister(store.db)).filter(isDecision);
    expect(register.map((e) => e.decisionId).sort()).toEqual(plans.map((p) => p.reviewId).sort());
    for (const entry of register) expect(entry.outcome).toBe(decisions.get(entry.decisionId)!.outcome);

    const recipients = [...new Set(plans.flatMap((p) => p.subscribers))];
    let notices = 0;
    for (const recipient of recipients) {
      const inbox = await readNotices(store.db, recipient);
      const subjects = inbox.map((n) => n.subject);
      expect(new Set(subjects).size, `${recipient} got no notice twice`).toBe(subjects.length);
      notices += inbox.length;
      const expected = plans.filter((p) => p.subscribers.includes(recipient)).map((p) => `decision-${p.reviewId}`).sort();
      expect(inbox.map((n) => n.notificationId).sort(), `${recipient}'s notices`).toEqual(expected);
    }
    expect(notices).toBe(plans.reduce((sum, p) => sum + p.subscribers.length, 0));

    // ── What the faults did, read from the histories: lost tasks, retried activities, resent messages ──
    const seen = { workflowTaskTimeouts: 0, workflowTaskFailures: 0, publishActivities: 0, publishRetriedAfterLoss: 0, castVoteSignals: 0, castVoteUpdatesAccepted: 0, closes: 0 };
    await inPool(plans, 16, async (review) => {
      const { events } = await governance.temporal.workflow.getHandle(review.reviewId).fetchHistory();
      let updates = 0;
      let signals = 0;
      for (const e of events ?? []) {
        if (e.workflowTaskTimedOutEventAttributes) seen.workflowTaskTimeouts += 1;
        if (e.workflowTaskFailedEventAttributes) seen.workflowTaskFailures += 1;
        // History records only an activity's last attempt: one above 1 means an earlier one was lost with its worker.
        if (e.activityTaskStartedEventAttributes) {
          seen.publishActivities += 1;
          if ((e.activityTaskStartedEventAttributes.attempt ?? 1) > 1) seen.publishRetriedAfterLoss += 1;
        }
        const signal = e.workflowExecutionSignaledEventAttributes?.signalName;
        const update = e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input?.name;
        if (signal === 'castVote') signals += 1;
        if (update === 'castVote') updates += 1;
        if (signal === 'closeVoting' || update === 'closeVoting') seen.closes += 1;
      }
      // Updates are validated before they reach history: a refused resend never appears there.
      expect(updates, `${review.reviewId}: castVote Updates accepted`).toBe(review.votes.filter((v) => v.via === 'update').length);
      // A resent Signal does reach history; the review then refuses it (the votes check above shows it counted once).
      expect(signals).toBeGreaterThanOrEqual(review.votes.filter((v) => v.via === 'signal').length);
      seen.castVoteSignals += signals;
      seen.castVoteUpdatesAccepted += updates;
    });

    // ── The report ──
    const seconds = ((Date.now() - began) / 1000).toFixed(1);
    const retries = Object.entries(stats).map(
      ([what, st]) => `  ${what}: ${st.attempts} attempts, ${st.retried} retried, ${st.alreadyRecorded} found already recorded; errors seen: ${JSON.stringify(Object.fromEntries(st.errors))}`,
    );
    console.log(
      [
        `Storm: ${REVIEWS} reviews, ${progress.votes} votes (${progress.votesByUpdate} by Update, ${progress.votesBySignal} by Signal), ${progress.closed} closes, ${decisions.size} decisions in ${seconds}s`,
        `Faults: ${worker.kills} worker SIGKILLs, ${server.restarts} dev server restarts, ${worker.starts} worker starts (startup ms: ${worker.startupMs.join(', ')}), unplanned worker exits: ${worker.unplannedExits.length}`,
        `Histories: ${JSON.stringify(seen)} (signals beyond the ${progress.votesBySignal} sent were resends the reviews refused)`,
        `Checked: ${recountedVotes} votes recounted (each voter once), outcomes ${JSON.stringify(outcomes)}, ${register.length} register entries, ${notices} notices to ${recipients.length} recipients`,
        'Retries by the test (bounded backoff 100 ms → 2 s):',
        ...retries,
        ...worker.unplannedExits,
        'Timeline:',
        ...timeline.map((t) => `  ${t}`),
      ].join('\n'),
    );
    expect(worker.kills).toBeGreaterThanOrEqual(3);
    expect(server.restarts).toBeGreaterThanOrEqual(1);
    expect(recountedVotes).toBe(totalVotes);
    passed = true;
  });
});

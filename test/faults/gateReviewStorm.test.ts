/**
 * Proof under stress: 200 gate reviews at once on a real dev server, every
 * member voting by Update or Signal, on two worker processes sharing one
 * PostgreSQL and mailing by SMTP, while the workers are killed with SIGKILL in
 * turn, the Temporal server is stopped and started again on its database file,
 * PostgreSQL is restarted and the mail server is down while decisions are
 * published. Afterwards every review must have the decision its votes imply,
 * with each vote counted once, one register entry per review (and an export
 * that `govern register verify` passes), one notice per subscriber, and every
 * notice's message at the SMTP server, counted there.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { promisify } from 'node:util';
import type { WorkflowClientInterceptor } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isDecision } from '../../activities/decisionRegister';
import { readRegister } from '../../store/register';
import { freshStore, restartTestPostgres, type TestStore } from '../support/postgres';
import { readNotices } from '../../store/notices';
import { setPerson } from '../../store/people';
import type { CommandRefused } from '../../client/errors';
import { GovernanceClient } from '../../client/governanceClient';
import type { Gate, Stage } from '../../machines/kernel/lifecycle';
import type { DecisionRecord } from '../../machines/gateReview/rules';
import type { VoteChoice } from '../../machines/kernel/voting';
import { gateReviewWorkflowType } from '../../workflows/gateReview/messages';
import { projectRoot } from '../../client/settings';
import { writeWorkflowBundle } from '../../worker/bundle';
import { clientFor, commandKeyFiles, inPool, removeTempDirs, RestartableServer, RetryStats, tempDir, withRetry, WorkerProcess } from '../support/faults';
import { apiSigner } from '../../trust/settings';
import { members, sevenMemberBoard } from '../support/gateReviews';
import { expectedOutcome as recount, type OracleOutcome } from '../support/votingOracle';
import { defaultProductBoardPolicy } from '../../machines/productBoard/policy';
import { TestSmtpServer } from '../support/smtp';
import { mailAtServer, mailSettled } from './mailReceived';

const run = promisify(execFile);
import type { BoardConfig } from '../../client/boardConfig';

const REVIEWS = 200;
/** Sends in flight at once. More let the server take several messages per workflow task: on 2 cores, 48 gave ~17 votes/s, 160 ~45. */
const IN_FLIGHT = 160;
/** Reviews taking votes at once (all 200 stay open throughout). */
const ACTIVE_REVIEWS = 80;
/** Long enough that clients see the outage rather than a blip. */
const SERVER_DOWN_MS = 3_000;
/** PostgreSQL is away for this long: activities fail and Temporal retries them. */
const POSTGRES_DOWN_MS = 3_000;
const SEND_BUDGET_MS = 90_000;
const DECISION_BUDGET_MS = 150_000;
/** The mail server is away this long, from once a share of the decisions are in: messages due meanwhile wait for it. */
const SMTP_DOWN_MS = 10_000;
/**
 * The workers' GOVERN_MAIL_RETRY_FIRST_WAIT_SECONDS: a message that failed waits 2, 4, 8 … s, not 1, 2, 4 … minutes,
 * so that mail held back by the outage goes within the test.
 */
const MAIL_FIRST_WAIT_SECONDS = 2;
/** The last message held back by the outage arrives within this of the server's return (with a minute's first wait, it could not). */
const MAIL_CATCH_UP_MS = 45_000;
/** After the last decision, the mail still under way has this long to go. */
const MAIL_SETTLE_BUDGET_MS = 60_000;

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
  /** Members who declare an interest before voting starts, and so may not vote. */
  readonly recused: readonly string[];
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
  // Some reviews have a member recused (never the chair, who may close), some members absent: one in
  // some reviews, four in others, which leaves too few votes for a quorum.
  const recused = index % 7 === 3 ? [members[2]!] : [];
  const absent = index % 13 === 0 ? 4 : index % 5 === 1 ? 1 : 0;
  const voters = members.filter((m) => !recused.includes(m)).slice(0, members.length - recused.length - absent);
  const votes = voters.map((by): PlannedVote => {
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
    recused,
    closeBy: index % 2 ? 'sec' : sevenMemberBoard.chair,
    closeVia: index % 5 === 0 ? 'signal' : 'update',
    subscribers: ['sec', `observer-${index % 4}`],
  };
}

/** The outcome the planned votes imply, recounted by the oracle from the default policy as data, not by the engine. */
function expectedOutcome(review: PlannedReview): OracleOutcome {
  const { quorum, passing } = defaultProductBoardPolicy;
  return recount(review.votes, members.length - review.recused.length, { quorum, passing: passing[review.gate] ?? passing.default });
}

// ── Counters the chaos waits on and the report prints ──────────────────────

const progress = { opened: 0, recusals: 0, votes: 0, votesByUpdate: 0, votesBySignal: 0, closed: 0, decided: 0 };
const timeline: string[] = [];
const began = Date.now();
const mark = (what: string) => timeline.push(`${((Date.now() - began) / 1000).toFixed(1)}s ${what}`);

async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((r) => setTimeout(r, 50));
}

// ── The environment ────────────────────────────────────────────────────────

let server: RestartableServer;
/** Two worker processes on the same task queue and the same database, as two machines would run them. */
let workers: [WorkerProcess, WorkerProcess];
let connection: Awaited<ReturnType<typeof clientFor>>['connection'];
let governance: GovernanceClient;
const board: BoardConfig = { roster: sevenMemberBoard, policy: defaultProductBoardPolicy, principles: { guiding: [], board: [] } };
let store: TestStore;
let smtp: TestSmtpServer;
/** Everyone the storm's reviews tell anything: the board's members and secretariat, and the subscribers. */
const people = [...new Set([...members, ...sevenMemberBoard.secretariat, ...Array.from({ length: REVIEWS }, (_, i) => planReview(i).subscribers).flat()])];
const addressOf = (personId: string) => `${personId}@storm.example.org`;

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
  smtp = await TestSmtpServer.start();
  // Each with an address, as `govern person set` gives one: every notice then goes by SMTP.
  for (const id of people) await setPerson(store.db, id, { email: addressOf(id) });
  // Bundled once for all six starts of the two workers.
  const bundleFile = join(tempDir('storm-bundle'), 'workflows.js');
  await writeWorkflowBundle(bundleFile);
  const env = { SMTP_URL: smtp.url, GOVERN_MAIL_RETRY_FIRST_WAIT_SECONDS: String(MAIL_FIRST_WAIT_SECONDS) };
  const commandKeys = commandKeyFiles();
  workers = [new WorkerProcess(server.address, { store, bundleFile, env, commandKeys }), new WorkerProcess(server.address, { store, bundleFile, env, commandKeys })];
  await Promise.all(workers.map((w) => w.start()));
  mark('workers A and B polling');
  const temporal = await clientFor(server.address, [withSubscribers]);
  connection = temporal.connection;
  const client = temporal.client;
  // Signs as the API would, with the key the workers trust.
  governance = new GovernanceClient({ client, board, store, signer: await apiSigner(commandKeys) });
});

let passed = false;

afterAll(async () => {
  await Promise.all((workers ?? []).map((w) => w.stop()));
  await server?.stop();
  await smtp?.down();
  await connection?.close();
  if (passed) removeTempDirs();
  else
    console.log(
      [`Kept for diagnosis: server data ${server?.dataDir}, worker logs ${workers?.map((w) => w.logFile).join(', ')}, register and notices ${store?.url}`, 'Timeline:', ...timeline.map((t) => `  ${t}`)].join('\n'),
    );
});

describe('gate reviews under stress', () => {
  it('decides 200 concurrent reviews exactly once each, and mails every notice, on two workers while each is killed, Temporal restarted and killed, PostgreSQL restarted and the mail server down', { timeout: 600_000 }, async () => {
    const plans = Array.from({ length: REVIEWS }, (_, i) => planReview(i));
    const totalVotes = plans.reduce((sum, p) => sum + p.votes.length, 0);
    const stats = { open: new RetryStats(), vote: new RetryStats(), close: new RetryStats(), decision: new RetryStats() };
    const decisions = new Map<string, DecisionRecord>();
    let postgresRestarts = 0;
    /** When each fault that can cut a message off between the mail server's 250 and its COMMIT began and ended. */
    const cuts: { what: string; from: number; to: number }[] = [];
    const smtpOutage = { from: 0, to: 0 };
    /** Workers gone when PostgreSQL came back: its restart must not bring one down. */
    const downedByPostgres: string[] = [];

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
       * new Update. If the first got through, the review refuses the second ("You have already voted
       * on …; a second vote was not recorded", never saying which way: votes are secret until close)
       * and the vote stands once: the workflow, not this loop, keeps it exactly-once, and the final
       * check of decision.votes proves it holds the very choice we sent. Any other refusal fails the test.
       * A resent Signal cannot be refused to us: the review refuses it into its audit log instead.
       */
      const sameVoteRecorded = (refusal: CommandRefused) => refusal.message.startsWith(`You have already voted on gate review ${reviewId};`);
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
    const undecided: string[] = [];
    const awaitDecision = async (reviewId: string) => {
      const decision = await withRetry(stats.decision, () => governance.decision(reviewId), { budgetMs: DECISION_BUDGET_MS, maxMs: 3_000 });
      if (decision === 'alreadyRecorded') throw new Error(`${reviewId}: a decision is never "already recorded"`);
      decisions.set(reviewId, decision);
      progress.decided += 1;
    };

    const declareInterest = async (reviewId: string, by: string) => {
      await permitted(() =>
        retrying(
          stats.vote,
          () => governance.send(reviewId, 'declareInterest', { by, interest: `${by} advises the supplier` }),
          (refusal) => refusal.message.includes('has already declared an interest'),
        ),
      );
      progress.recusals += 1;
    };

    const voteAndClose = async (review: PlannedReview) => {
      const { reviewId } = review;
      for (const by of review.recused) await declareInterest(reviewId, by);
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
      // Caught at once, so that a review that gives up is reported with the others, not as an unhandled rejection.
      decided.push(awaitDecision(reviewId).catch((err: unknown) => void undecided.push(`${reviewId}: ${(err as Error).message}`)));
    };

    /** The faults, each once the storm has reached a point, so that votes, closes and publications are in flight. */
    const chaos = async () => {
      // The other worker carries on while one is down, as a second machine would.
      const killWhen = async (name: 'A' | 'B', reached: () => boolean) => {
        const worker = workers[name === 'A' ? 0 : 1];
        await until(reached);
        const from = Date.now();
        await worker.kill();
        cuts.push({ what: `worker ${name} SIGKILLed`, from, to: Date.now() });
        mark(`worker ${name} SIGKILLed (${JSON.stringify(progress)})`);
        await worker.start();
        mark(`worker ${name} polling again (start ${worker.starts})`);
      };
      const votesReach = (share: number) => () => progress.votes >= totalVotes * share;
      await killWhen('A', votesReach(0.1));
      await killWhen('B', votesReach(0.25));
      await until(votesReach(0.4));
      mark(`dev server stopping (${JSON.stringify(progress)})`);
      await server.restart(SERVER_DOWN_MS);
      mark('dev server up again on the same database file');
      // A worker that gave up while the server was away is started again, and reported below.
      await Promise.all(workers.map((w) => w.ensureRunning()));
      await until(votesReach(0.55));
      mark(`PostgreSQL stopping (${JSON.stringify(progress)})`);
      const from = Date.now();
      await restartTestPostgres(POSTGRES_DOWN_MS);
      cuts.push({ what: 'PostgreSQL restarted', from, to: Date.now() });
      postgresRestarts += 1;
      mark('PostgreSQL up again on the same data');
      // A connection dropped mid-transaction once killed both workers here. One that died is started again, so that the storm goes on and reports it.
      downedByPostgres.push(...workers.filter((w) => !w.running).flatMap((w) => w.unplannedExits.slice(-1)));
      await Promise.all(workers.map((w) => w.ensureRunning()));
      await until(votesReach(0.62));
      mark(`dev server SIGKILLed (${JSON.stringify(progress)})`);
      await server.crash(SERVER_DOWN_MS);
      mark('dev server up again after the crash');
      await Promise.all(workers.map((w) => w.ensureRunning()));
      await killWhen('A', votesReach(0.7));
      await killWhen('B', votesReach(0.85));
    };

    /** The mail server goes away while decisions are being published, whatever else is down then, and comes back. */
    const mailOutage = async () => {
      await until(() => progress.decided >= REVIEWS * 0.15);
      smtpOutage.from = Date.now();
      await smtp.down();
      mark(`SMTP server down (${JSON.stringify(progress)})`);
      await delay(SMTP_DOWN_MS);
      await smtp.up();
      smtpOutage.to = Date.now();
      mark(`SMTP server up again (${JSON.stringify(progress)})`);
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
    await Promise.all([storm(), chaos(), mailOutage()]);
    if (undecided.length) throw new Error([`${undecided.length} reviews gave up waiting for their decision:`, ...undecided.slice(0, 5), 'Timeline:', ...timeline].join('\n'));
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
      expect(decision.tally.cast).toBe(review.votes.length);
      expect(decision.recusals.map((r) => r.by)).toEqual(review.recused);
      recountedVotes += decision.votes.length;
      const key = decision.outcome + (decision.deferredBecause ? `(${decision.deferredBecause})` : '');
      outcomes[key] = (outcomes[key] ?? 0) + 1;
    }

    // ── Each effect once: one register entry per review, one notice per subscriber ──
    const register = (await readRegister(store.db)).filter(isDecision);
    expect(register.map((e) => e.decisionId).sort()).toEqual(plans.map((p) => p.reviewId).sort());
    for (const entry of register) expect(entry.outcome).toBe(decisions.get(entry.decisionId)!.outcome);
    // What anyone can check: the export passes the offline verification, entry by entry.
    const exported = join(tempDir('storm-export'), 'register.jsonl');
    const govern = (...args: string[]) =>
      run(process.execPath, ['--import', 'tsx', 'client/govern.ts', ...args], { cwd: projectRoot, env: { ...process.env, DATABASE_URL: store.url, GOVERN_REGISTER_KEY_FILE: store.keyFile } });
    await govern('register', 'export', '--out', exported);
    const verified = JSON.parse((await govern('register', 'verify', exported, '--json')).stdout) as { ok: boolean; entries: number };
    expect(verified).toMatchObject({ ok: true, entries: register.length });

    // Subscribers get the decisions; members get the confirmations of their own votes.
    const recipients = [...new Set([...plans.flatMap((p) => p.subscribers), ...members])];
    let notices = 0;
    let confirmations = 0;
    for (const recipient of recipients) {
      const all = await readNotices(store.db, recipient);
      // Each vote is also confirmed to its voter (a changed vote again): those are checked below.
      const confirmed = all.filter((n) => n.notificationId.startsWith('vote-recorded-'));
      const inbox = all.filter((n) => !confirmed.includes(n));
      const subjects = inbox.map((n) => n.subject);
      expect(new Set(subjects).size, `${recipient} got no notice twice`).toBe(subjects.length);
      notices += inbox.length;
      const expected = plans.filter((p) => p.subscribers.includes(recipient)).map((p) => `decision-${p.reviewId}`).sort();
      expect(inbox.map((n) => n.notificationId).sort(), `${recipient}'s notices`).toEqual(expected);
      // A confirmation goes only to a member whose vote the decision counts, for that review.
      for (const n of confirmed) {
        const review = plans.find((p) => n.notificationId.startsWith(`vote-recorded-${p.reviewId}-${recipient}-`));
        expect(review, `${n.notificationId} is for a review ${recipient} voted in`).toBeDefined();
        expect(decisions.get(review!.reviewId)!.votes.map((v) => v.by)).toContain(recipient);
      }
      confirmations += confirmed.length;
    }
    expect(notices).toBe(plans.reduce((sum, p) => sum + p.subscribers.length, 0));
    // Every vote counted was confirmed at least once (at most once per time it was recorded).
    expect(confirmations).toBeGreaterThanOrEqual([...decisions.values()].reduce((sum, d) => sum + d.votes.length, 0));

    // ── What the faults did, read from the histories: lost tasks, retried activities, resent messages ──
    const seen = {
      workflowTaskTimeouts: 0,
      workflowTaskFailures: 0,
      publishActivities: 0,
      publishRetriedAfterLoss: 0,
      /** Updates accepted by a workflow task whose earlier attempt timed out: the worker holding it was killed. */
      updatesAfterLostTask: 0,
      castVoteSignals: 0,
      castVoteUpdatesAccepted: 0,
      closes: 0,
    };
    await inPool(plans, 16, async (review) => {
      const { events } = await governance.temporal.workflow.getHandle(review.reviewId).fetchHistory();
      let updates = 0;
      let signals = 0;
      /** castVote Updates by id, and those that took a vote (completed without a failure). */
      const castVoteUpdates = new Set<string>();
      let votesByUpdate = 0;
      let taskLost = false;
      let lastTaskFollowedLoss = false;
      for (const e of events ?? []) {
        if (e.workflowTaskTimedOutEventAttributes) {
          seen.workflowTaskTimeouts += 1;
          taskLost = true;
        }
        if (e.workflowTaskCompletedEventAttributes) {
          lastTaskFollowedLoss = taskLost;
          taskLost = false;
        }
        if (e.workflowExecutionUpdateAcceptedEventAttributes && lastTaskFollowedLoss) seen.updatesAfterLostTask += 1;
        if (e.workflowTaskFailedEventAttributes) seen.workflowTaskFailures += 1;
        // History records only an activity's last attempt: one above 1 means an earlier one was lost with its worker.
        if (e.activityTaskStartedEventAttributes) {
          seen.publishActivities += 1;
          // Lost with its worker: the attempt before timed out (a database error fails it instead).
          const attempts = e.activityTaskStartedEventAttributes.attempt ?? 1;
          if (attempts > 1 && e.activityTaskStartedEventAttributes.lastFailure?.timeoutFailureInfo) seen.publishRetriedAfterLoss += 1;
        }
        const signal = e.workflowExecutionSignaledEventAttributes?.signalName;
        const update = e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input?.name;
        if (signal === 'castVote') signals += 1;
        if (update === 'castVote') {
          updates += 1;
          castVoteUpdates.add(e.workflowExecutionUpdateAcceptedEventAttributes!.acceptedRequest?.meta?.updateId ?? '');
        }
        const completed = e.workflowExecutionUpdateCompletedEventAttributes;
        if (completed && castVoteUpdates.has(completed.meta?.updateId ?? '') && completed.outcome?.success) votesByUpdate += 1;
        if (signal === 'closeVoting' || update === 'closeVoting') seen.closes += 1;
      }
      // Updates are validated before they reach history, so a refused resend does not appear there; except while a review
      // opened just before a worker was killed has yet to hear which keys to trust: its validator then lets a resend
      // through, and the handler refuses it once the first has counted. Either way each vote by Update is taken once.
      expect(votesByUpdate, `${review.reviewId}: castVote Updates that took a vote`).toBe(review.votes.filter((v) => v.via === 'update').length);
      expect(updates, `${review.reviewId}: castVote Updates accepted`).toBeGreaterThanOrEqual(votesByUpdate);
      // A resent Signal does reach history; the review then refuses it (the votes check above shows it counted once).
      expect(signals).toBeGreaterThanOrEqual(review.votes.filter((v) => v.via === 'signal').length);
      seen.castVoteSignals += signals;
      seen.castVoteUpdatesAccepted += updates;
    });

    // ── Every notice mailed, counted at the SMTP server ──
    const settledAt = Date.now();
    await mailSettled(store.db, MAIL_SETTLE_BUDGET_MS);
    const mailWait = ((Date.now() - settledAt) / 1000).toFixed(1);
    const mail = await mailAtServer(store.db, smtp.received);
    expect(mail.notices, 'every notice checked above is for someone with an address').toBe(notices + confirmations);
    expect(mail.unsent, 'notices with no message to carry them').toEqual([]);
    expect(mail.states, 'every message sent, none failed').toEqual({ sent: mail.notices });
    expect(mail.missing, 'messages the engine says it sent that never reached the server').toEqual([]);
    expect(mail.misaddressed).toEqual([]);
    expect(mail.unknown, 'messages at the server that no delivery names').toEqual([]);
    expect(mail.distinct).toBe(mail.notices);
    // Sent inside the claim's transaction, a message can arrive twice only when a worker or PostgreSQL goes between the 250 and the COMMIT.
    const cutBy = (arrival: number) => cuts.find((cut) => arrival >= cut.from - 2_000 && arrival <= cut.to);
    const duplicates = mail.duplicates.map((d) => {
      const cut = cutBy(d.arrivals[0]!);
      return `${d.notificationId} to ${d.to} (delivery ${d.deliveryId}) arrived ${d.arrivals.length} times, at ${d.arrivals.map((a) => `${((a - began) / 1000).toFixed(1)}s`).join(', ')}: ${cut ? `the first just before ${cut.what} at ${((cut.from - began) / 1000).toFixed(1)}s` : 'no fault explains it'}`;
    });
    expect(duplicates.filter((d) => d.endsWith('no fault explains it')), 'duplicates not explained by a cut between 250 and COMMIT').toEqual([]);
    // The outage held messages back, decisions among them, and the short first wait sent them soon after the server's return.
    expect(mail.heldBack.decisions, 'decision notices held back by the mail server being down').toBeGreaterThanOrEqual(1);
    const caughtUpMs = mail.heldBack.lastArrival! - smtpOutage.to;
    expect(caughtUpMs, 'the last held-back message arrived this long after the mail server came back').toBeLessThan(MAIL_CATCH_UP_MS);

    // ── The report ──
    const seconds = ((Date.now() - began) / 1000).toFixed(1);
    const retries = Object.entries(stats).map(
      ([what, st]) => `  ${what}: ${st.attempts} attempts, ${st.retried} retried, ${st.alreadyRecorded} found already recorded; errors seen: ${JSON.stringify(Object.fromEntries(st.errors))}`,
    );
    console.log(
      [
        `Storm: ${REVIEWS} reviews, ${progress.votes} votes (${progress.votesByUpdate} by Update, ${progress.votesBySignal} by Signal), ${progress.closed} closes, ${decisions.size} decisions in ${seconds}s`,
        `Faults: ${workers.map((w, i) => `worker ${'AB'[i]} ${w.kills} SIGKILLs and ${w.starts} starts (startup ms: ${w.startupMs.join(', ')})`).join('; ')}, ${server.restarts} dev server restarts and ${server.crashes} SIGKILLs, ${postgresRestarts} PostgreSQL restarts, unplanned worker exits: ${workers.flatMap((w) => w.unplannedExits).length}`,
        `Histories: ${JSON.stringify(seen)} (signals beyond the ${progress.votesBySignal} sent were resends the reviews refused)`,
        `Checked: ${recountedVotes} votes recounted (each voter once), outcomes ${JSON.stringify(outcomes)}, ${register.length} register entries (the export verifies: ${verified.entries} entries), ${notices} notices to ${recipients.length} recipients`,
        `Mail, counted at the SMTP server: ${smtp.received.length} messages received, ${mail.distinct} distinct Message-IDs for ${mail.notices} notices (${notices} decisions, ${confirmations} vote confirmations) to ${people.length} people, ${mail.duplicates.length} duplicates; ` +
          `the server was down ${((smtpOutage.to - smtpOutage.from) / 1000).toFixed(1)}s, holding back ${mail.heldBack.deliveries} messages (${mail.heldBack.decisions} decisions; ${mail.heldBack.failedAttempts} failed attempts in all), the last of them sent ${(caughtUpMs / 1000).toFixed(1)}s after its return; ` +
          `mail settled ${mailWait}s after the checks above; ${smtp.dropped.length} connections dropped mid-conversation (${[...new Set(smtp.dropped)].join(', ') || 'none'})`,
        ...duplicates.map((d) => `  duplicate: ${d}`),
        'Retries by the test (bounded backoff 100 ms → 2 s):',
        ...retries,
        ...workers.flatMap((w) => w.unplannedExits),
        'Timeline:',
        ...timeline.map((t) => `  ${t}`),
      ].join('\n'),
    );
    expect(downedByPostgres, "workers PostgreSQL's restart brought down").toEqual([]);
    for (const w of workers) expect(w.kills).toBeGreaterThanOrEqual(2);
    expect(server.restarts).toBeGreaterThanOrEqual(1);
    expect(postgresRestarts).toBe(1);
    expect(server.crashes).toBe(1);
    // The faults hit work in progress: a publication lost with its worker and retried, an Update in a lost task.
    expect(seen.publishRetriedAfterLoss, 'publications lost with a killed worker').toBeGreaterThanOrEqual(1);
    expect(seen.updatesAfterLostTask, 'Updates taken by a task whose first attempt died with its worker').toBeGreaterThanOrEqual(1);
    expect(progress.recusals).toBe(plans.reduce((sum, p) => sum + p.recused.length, 0));
    expect(outcomes['deferred(noQuorum)'], 'reviews left without a quorum by absences').toBeGreaterThanOrEqual(1);
    expect(recountedVotes).toBe(totalVotes);
    passed = true;
  });
});

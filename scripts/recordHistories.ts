/**
 * Records workflow histories from real runs on a dev server, as replay fixtures.
 * Run after any change to workflow code that should be kept replay-compatible:
 *
 *   npx tsx scripts/recordHistories.ts
 *
 * It writes test/fixtures/histories/<scenario>.json; commit the files that are
 * new. Existing fixtures are kept (pass --overwrite to re-record): old histories
 * are the point, since running workflows started under old code must still replay.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { GovernanceClient } from '../client/governanceClient';
import { defaultHarmPolicy } from '../machines/harmWatch/policy';
import { harmWatchProcessId, initiativeProcessId, productProcessId } from '../machines/kernel/ids';
import { harmWatchWorkflowType } from '../workflows/harmWatch/messages';
import { TASK_QUEUE } from '../workflows/taskQueue';
import { projectRoot, tools } from '../client/settings';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { foodBanksCard, INITIATIVE, initiativeConfig, revisedGoodData } from '../test/support/initiativeFixtures';
import { decideInWriting, eventually, foundingBoard, goLive, skipTo } from '../test/support/productBoardRun';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { stopTestPostgres } from '../test/support/postgres';
import { governanceOn, historiesOf, startDevServer, startTimeSkippingServer, testBoard } from '../test/support/temporal';

const outDir = join(projectRoot, 'test', 'fixtures', 'histories');
const overwrite = process.argv.includes('--overwrite');

/** Runs a scenario and names the workflows whose histories to keep: file name → workflow id. */
type Scenario = (governance: GovernanceClient) => Promise<string | Record<string, string>>;

const SECOND = 1000;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  for (let i = 0; ; i++) {
    const value = await read().catch(() => undefined);
    if (value !== undefined && done(value)) return value;
    if (i > 600) throw new Error('the scenario did not reach the expected state in a minute');
    await pause(100);
  }
}

const scenarios: Record<string, Scenario> = {
  /** Updates and signals, a recusal, a changed vote, conditions, an early close. */
  'gateReview-approvedWithConditions': async (governance) => {
    const { reviewId } = await governance.requestGateReview({ productId: 'benefits-map', stage: 'discovery', gate: 'alpha', requestedBy: 'sec', reviewId: 'replay-conditions' });
    await governance.send(reviewId, 'castVote', { by: 'm1', choice: 'approve', reason: 'Clear need' });
    await governance.send(reviewId, 'declareInterest', { by: 'm7', interest: 'Advises the supplier' });
    await governance.send(reviewId, 'castVote', { by: 'm2', choice: 'approveWithConditions', conditions: ['Accessibility audit'] }, 'signal');
    await governance.send(reviewId, 'castVote', { by: 'm3', choice: 'reject' });
    await governance.send(reviewId, 'changeVote', { by: 'm3', choice: 'abstain', reason: 'Concerns answered' });
    await governance.send(reviewId, 'castVote', { by: 'mallory', choice: 'approve' }, 'signal'); // refused, kept in audit
    await governance.send(reviewId, 'closeVoting', { by: 'sec' });
    await governance.decision(reviewId);
    return reviewId;
  },
  /** The voting deadline passes as a durable timer, without quorum. */
  'gateReview-deferredAtDeadline': async (governance) => {
    const { reviewId } = await governance.requestGateReview({
      productId: 'rent-index', stage: 'proposed', gate: 'discovery', requestedBy: 'sec', reviewId: 'replay-deadline',
      votingClosesAt: new Date(Date.now() + 3_000),
    });
    await governance.send(reviewId, 'castVote', { by: 'm1', choice: 'approve' });
    await governance.decision(reviewId);
    return reviewId;
  },
  /** A tie settled by the chair: the casting-vote timer is started and cancelled. */
  'gateReview-castingVote': async (governance) => {
    const { reviewId } = await governance.requestGateReview({ productId: 'jobs-signal', stage: 'beta', gate: 'live', requestedBy: 'sec', reviewId: 'replay-casting' });
    for (const [by, choice] of [['m1', 'approve'], ['m2', 'reject'], ['m3', 'approve'], ['m4', 'reject']] as const)
      await governance.send(reviewId, 'castVote', { by, choice });
    await governance.send(reviewId, 'closeVoting', { by: 'm1' });
    await governance.send(reviewId, 'castCastingVote', { by: 'm1', choice: 'approve', reason: 'Benefits outweigh the risks' });
    await governance.decision(reviewId);
    return reviewId;
  },
  /**
   * A board whose called meeting sits for seconds: the board convenes it, the product's item is
   * decided there with a recusal and a commissioned assessment, and the minutes are published.
   */
  productBoard: async (governance) => {
    const policy = { ...testBoard.policy, meetings: { everyMonths: 1, dayOfMonth: 10, startHourUtc: 14, durationHours: 0.002, papersDeadlineDays: 0 }, assessmentReminderDays: 0 };
    const principles = { guiding: [{ id: 'good-data', title: 'Good data' }], board: [] };
    await governance.openBoard({ by: 'sec', config: { ...testBoard, roster: { ...testBoard.roster, boardId: 'replay-board' }, policy, principles } });
    await governance.boardCommand('subscribe', { by: 'citizen-1' }, { boardId: 'replay-board' });
    await governance.registerProduct({ by: 'sec', product: { id: 'replay-product', name: 'Replay product' } }, 'replay-board');
    const startsAt = new Date(Date.now() + 6 * SECOND).toISOString();
    await governance.boardCommand('callMeeting', { by: 'sec', startsAt }, { boardId: 'replay-board' });
    await governance.requestGate('replay-product', { by: 'sec', gate: 'prioritisation', selfAssessment: [{ principle: 'good-data', assessment: 'Documented sources.' }] });
    const { pending } = await until(() => governance.product('replay-product'), (p) => p.pending !== undefined);
    const reviewId = pending!.reviewId;
    await until(() => governance.status(reviewId), () => true);
    await governance.send(reviewId, 'declareInterest', { by: 'm7', interest: 'Advises the team' });
    await governance.send(reviewId, 'commissionAssessment', { by: 'm1', assessor: 'Data lab', question: 'Is it fair?', dueAt: new Date(Date.now() + 60 * SECOND).toISOString() });
    for (const by of ['m1', 'm2', 'm3', 'm4']) await governance.send(reviewId, 'castVote', { by, choice: 'approve' });
    await until(() => governance.meeting(pending!.meetingId!), (m) => m.state === 'inSession');
    await governance.recordAttendance(pending!.meetingId!, { by: 'sec', present: ['m1', 'm2', 'm3', 'm4'] });
    await until(() => governance.status(reviewId), (r) => r.state === 'awaitingAssessment');
    await governance.send(reviewId, 'reportAssessment', { by: 'sec', report: 'https://example.org/report' });
    await until(() => governance.product('replay-product'), (p) => p.prioritised);
    await until(() => governance.meeting(pending!.meetingId!), (m) => m.state === 'adjourned');
    await governance.closeCondition('replay-product', { by: 'sec', conditionId: 'none', evidence: 'x' }).catch(() => undefined); // refused: no such condition
    return {
      'productBoard-meetingCalled': 'board-replay-board',
      'product-prioritised': 'product-replay-product',
      'boardMeeting-withAttendance': `meeting-${pending!.meetingId!}`,
      'gateReview-assessmentAfterClose': reviewId,
    };
  },
  /** A board opened since it learnt to continue as new: its first task carries the patch marker. */
  'productBoard-renewable': async (governance) => {
    await governance.openBoard({ by: 'sec', config: { ...testBoard, roster: { ...testBoard.roster, boardId: 'replay-board-renewable' } } });
    await governance.boardCommand('subscribe', { by: 'citizen-1' }, { boardId: 'replay-board-renewable' });
    await governance.boardCommand('unsubscribe', { by: 'citizen-1' }, { boardId: 'replay-board-renewable', via: 'signal' });
    await governance.boardCommand('registerProduct', { by: 'm1', product: { id: 'refused', name: 'Refused' } }, { boardId: 'replay-board-renewable', via: 'signal' }); // refused: not secretariat
    return 'board-replay-board-renewable';
  },
  /** A live product's watch: a low harm reported and triaged, then a review that takes it up. */
  'harmWatch-reviewAndLowHarm': async (governance) => {
    await governance.openBoard({ by: 'sec', config: { ...testBoard, roster: { ...testBoard.roster, boardId: 'replay-watch-board' } } });
    const input = {
      product: { id: 'replay-watched', name: 'Replay watched' },
      boardId: 'replay-watch-board',
      liveSince: new Date().toISOString(),
      policy: { ...defaultHarmPolicy, firstReviewsAfterDays: [8 / 86_400] },
    };
    const workflowId = harmWatchProcessId('replay-watched');
    await governance.temporal.workflow.start(harmWatchWorkflowType, { workflowId, taskQueue: TASK_QUEUE, args: [input] });
    const { reportId } = await governance.reportHarm('replay-watched', { summary: 'A label is wrong' });
    await governance.harmCommand('replay-watched', 'triageHarm', { by: 'sec', reportId, severity: 'low', note: 'Next review' });
    await until(() => governance.harmWatch('replay-watched'), (w) => w.state === 'awaitingReview');
    await governance.harmCommand('replay-watched', 'recordReview', { by: 'm2', benefits: ['Used'], harms: ['A wrong label'], worstHarm: 'low' });
    await until(() => governance.harmWatch('replay-watched'), (w) => w.state === 'watching');
    return workflowId;
  },
  /**
   * A harm report three people flag, a second flag refused as a signal, a member's moderation refused, the
   * secretariat's keep (as a signal) published to the register, then its triage: moderation on a harm watch.
   */
  'harmWatch-moderated': async (governance) => {
    await governance.openBoard({ by: 'sec', config: { ...testBoard, roster: { ...testBoard.roster, boardId: 'replay-moderation-board' } } });
    const product = 'replay-moderated';
    const input = { product: { id: product, name: 'Replay moderated' }, boardId: 'replay-moderation-board', liveSince: new Date().toISOString(), policy: defaultHarmPolicy };
    const workflowId = harmWatchProcessId(product);
    await governance.temporal.workflow.start(harmWatchWorkflowType, { workflowId, taskQueue: TASK_QUEUE, args: [input] });
    const { reportId } = await governance.reportHarm(product, { by: 'citizen-1', summary: 'It printed my case number on the letter' });
    for (const by of ['citizen-2', 'citizen-3', 'citizen-4']) await governance.harmCommand(product, 'flagHarm', { by, reportId, reason: 'spam' });
    await governance.harmCommand(product, 'flagHarm', { by: 'citizen-2', reportId, reason: 'abuse' }, 'signal'); // refused: flagged once
    await governance.harmCommand(product, 'moderateHarm', { by: 'm2', reportId, outcome: 'removed', reason: 'Spam' }).catch(() => undefined); // refused by the board's role check
    await governance.harmCommand(product, 'moderateHarm', { by: 'sec', reportId, outcome: 'kept', reason: 'A real harm, said plainly.' }, 'signal');
    await until(() => governance.harmReport(product, reportId, 'board'), (r) => r.moderation?.decisions.length === 1);
    await governance.harmCommand(product, 'triageHarm', { by: 'sec', reportId, severity: 'low', note: 'Next review' });
    return workflowId;
  },
  /** Two submissions: the first flagged three times, kept, flagged again and merged into the second (a signal), which is removed. */
  'initiativeBoard-moderated': async (governance) => {
    const config = initiativeConfig();
    const ini = governance.initiative('replay-moderation');
    await ini.open({ by: 'sec', config: { ...config, roster: { ...config.roster, boardId: 'replay-moderation' } } });
    const first = await ini.submit({ by: 'citizen-1', title: 'Debts on our street', text: 'Number 4 owes rent.' });
    const second = await ini.submit({ title: 'Debts again', text: 'Number 4 owes rent, again.' });
    const flag = (submissionId: string, people: readonly string[]) => Promise.all(people.map((by) => ini.command('flagSubmission', { by, submissionId, reason: 'personalData' })));
    await flag(first.submissionId, ['citizen-2', 'citizen-3', 'citizen-4']);
    await ini.command('flagSubmission', { by: 'citizen-2', submissionId: first.submissionId, reason: 'spam' }, 'signal'); // refused: flagged once
    await ini.command('moderateSubmission', { by: 'sec', submissionId: first.submissionId, outcome: 'kept', reason: 'A street, not a person.' });
    await flag(first.submissionId, ['citizen-5', 'citizen-6', 'citizen-7']);
    await ini.command('moderateSubmission', { by: 'sec', submissionId: first.submissionId, outcome: 'merged', into: second.submissionId, reason: 'The same as the second.' }, 'signal');
    await until(() => ini.status(), (v) => v.submissions.some((s) => s.submissionId === first.submissionId && s.withheld === 'merged'));
    await ini.command('moderateSubmission', { by: 'sec', submissionId: second.submissionId, outcome: 'removed', reason: 'It gives a neighbour’s debts.' });
    return initiativeProcessId('replay-moderation');
  },
};

mkdirSync(outDir, { recursive: true });
const env = await startDevServer();
try {
  const { startWorker, store, trust } = await governanceOn(env);
  const worker = await startWorker();
  await worker.runUntil(async () => {
    for (const [name, scenario] of Object.entries(scenarios)) {
      if (existsSync(join(outDir, `${name}.json`)) && !overwrite) {
        console.log(`kept     ${name}`);
        continue;
      }
      const casting = { ...testBoard, policy: { ...testBoard.policy, chairHasCastingVote: true, passing: { default: { kind: 'majority' as const } } } };
      const governance = new GovernanceClient({ client: env.client, board: name.includes('casting') ? casting : testBoard, store, signer: trust.api });
      const recorded = await scenario(governance);
      for (const [fileName, workflowId] of Object.entries(typeof recorded === 'string' ? { [name]: recorded } : recorded)) {
        const file = join(outDir, `${fileName}.json`);
        if (existsSync(file) && !overwrite) {
          console.log(`kept     ${file}`);
          continue;
        }
        // The CLI writes the same JSON an operator downloads from the Temporal UI.
        const json = execFileSync(tools().temporalCli, ['workflow', 'show', '--workflow-id', workflowId, '--output', 'json', '--address', env.address], { encoding: 'utf8' });
        writeFileSync(file, json.endsWith('\n') ? json : json + '\n');
        console.log(`recorded ${file} (${(JSON.parse(json) as { events: unknown[] }).events.length} events)`);
      }
    }
  });
} finally {
  await env.teardown();
}

/** Writes the runs of `workflowId`, oldest first, one to each of `files`. */
async function writeRuns(env: TestWorkflowEnvironment, workflowId: string, files: readonly string[]): Promise<void> {
  const runs = await historiesOf(env, workflowId);
  for (const [n, file] of files.entries()) {
    const history = runs[n]!.history;
    writeFileSync(join(outDir, `${file}.json`), historyToJSON(history) + '\n');
    console.log(`recorded ${file} (${history.events?.length} events)`);
  }
}

/**
 * The initiative board lives by quarters, so it is recorded on the time-skipping server: its first
 * run (submissions, triage, a proposal, votes, papers, attendance, the meeting's decisions, and
 * continuing as new) and the second run that resumes from it.
 */
async function recordInitiativeBoard(): Promise<void> {
  const files = ['initiativeBoard-firstQuarter', 'initiativeBoard-resumedQuarter'];
  if (files.every((f) => existsSync(join(outDir, `${f}.json`))) && !overwrite) return void console.log(`kept     ${files.join(', ')}`);
  const env = await startTimeSkippingServer();
  try {
    const { governance, startWorker } = await governanceOn(env);
    const worker = await startWorker();
    await worker.runUntil(async () => {
      await governance.openBoard({ by: 'sec', config: { ...foundingBoard, initiativeBoardId: INITIATIVE } });
      const ini = governance.initiative(INITIATIVE);
      await ini.open({ by: 'sec', config: initiativeConfig() });
      const submitted = await ini.submit({ by: 'citizen-1', title: 'Recognise the food bank list', text: 'It is kept by volunteers.', proposal: { decision: 'recognition', resource: { id: 'food-banks', kind: 'dataset', name: 'Food banks', card: foodBanksCard } } });
      await ini.command('triageSubmission', { by: 'sec', submissionId: submitted.submissionId, outcome: 'accepted', reason: 'In scope.' });
      const declined = await ini.submit({ title: 'Sell the data', text: 'For money.' });
      await ini.command('triageSubmission', { by: 'sec', submissionId: declined.submissionId, outcome: 'declined', reason: 'Against the principles.' }, 'signal');
      const revision = await ini.propose({ by: 'i5', title: 'Revise good data', text: 'Say who to contact.', proposal: { decision: 'principle', action: 'revise', principle: revisedGoodData } });
      const voters = ['i1', 'i2', 'i3', 'i5', 'i6', 'i7', 'i8'];
      for (const by of voters) await ini.command('castVote', { by, itemId: revision.itemId, choice: 'approve' });
      for (const by of voters) await ini.command('castVote', { by, itemId: `${INITIATIVE}-I1`, choice: 'approve' }, 'signal');
      await ini.command('castVote', { by: 'mallory', itemId: revision.itemId, choice: 'approve' }, 'signal'); // refused, kept in audit
      const { quarter } = await ini.status();
      await skipTo(env, new Date(Date.parse(quarter.startsAt) + 60_000).toISOString());
      await eventually(() => ini.status(), (v) => v.stage === 'inSession', 'the meeting to sit');
      await ini.command('recordAttendance', { by: 'sec', present: voters });
      await skipTo(env, new Date(Date.parse(quarter.endsAt) + 60_000).toISOString());
      const next = await eventually(() => ini.status(), (v) => v.quartersHeld === 1 && v.stage === 'agendaOpen', 'the first quarter to close', 400);
      await ini.submit({ title: 'Open the meetings', text: 'Let anyone watch.' });
      await ini.command('recordAction', { by: 'sec', text: 'Write to the volunteers', owner: 'sec', dueAt: new Date(Date.parse(next.quarter.endsAt) + 400 * 86_400_000).toISOString() });
      await skipTo(env, new Date(Date.parse(next.quarter.endsAt) + 60_000).toISOString());
      await eventually(() => ini.status(), (v) => v.quartersHeld === 2 && v.stage === 'agendaOpen', 'the second quarter to close', 400);
    });
    await writeRuns(env, initiativeProcessId(INITIATIVE), files);
  } finally {
    await env.teardown();
  }
}

/**
 * A product lives for years, so its continuing as new is recorded on the time-skipping server too: taken live,
 * then iterated by written procedures until its history passes the limit and it renews (`product-renewed`, the
 * run that continued as new), and one more decision in the run that resumed from it (`product-resumed`).
 */
async function recordProductRenewal(): Promise<void> {
  const files = ['product-renewed', 'product-resumed'];
  if (files.every((f) => existsSync(join(outDir, `${f}.json`))) && !overwrite) return void console.log(`kept     ${files.join(', ')}`);
  const env = await startTimeSkippingServer();
  try {
    const { governance, startWorker } = await governanceOn(env);
    const worker = await startWorker();
    const PRODUCT = 'replay-renewed';
    await worker.runUntil(async () => {
      await governance.openBoard({ by: 'sec', config: foundingBoard });
      await governance.registerProduct({ by: 'sec', product: { id: PRODUCT, name: 'Replay renewed' } });
      await goLive(env, governance, PRODUCT);
      // Iterated by written procedures the chair calls, four of seven approving.
      const iterate = () => decideInWriting(env, governance, PRODUCT, 'iteration', { voters: ['m1', 'm2', 'm3', 'm4'] });
      while ((await governance.product(PRODUCT)).run === 1) await iterate();
      await iterate();
    });
    await writeRuns(env, productProcessId(PRODUCT), files);
  } finally {
    await env.teardown();
  }
}

try {
  await recordInitiativeBoard();
  await recordProductRenewal();
} finally {
  // The register of the runs is in a PostgreSQL of the script's own (test/support/postgres.ts).
  await stopTestPostgres();
}

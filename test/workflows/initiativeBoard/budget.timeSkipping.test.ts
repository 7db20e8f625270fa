/**
 * An initiative board holds to its budget through ten years of public submissions: 10,000 of
 * them over forty quarters, each triaged by the secretariat (one a quarter accepted as a funding
 * item the members approve, the rest declined with a reason), with an action recorded and one
 * completed and a stakeholder subscribing every quarter. Every run's input (what the board carries
 * into its next run), every status and audit answer and every Update answer stays within
 * `processBudget`, and each is printed against it: answered submissions, completed actions and past
 * decisions leave the board's state for the register, and what is still open is kept.
 *
 * The first 9,800 submissions, each answered, are worked out by the board's own machine (pure
 * `transition`, the same code the host runs) and the board's process is started from the state they
 * leave, as a run continued from one that took them: 20,000 Signals take minutes on this machine's
 * two cores and say nothing more about the budget. (The machine works them out in runs of 200, as
 * the host would continue the board as new; see boardAfterSubmissions.) The last 200 arrive by Signal over the forty
 * quarters, on the time-skipping server.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { initialTransition, transition } from 'xstate';
import type { GovernanceClient } from '../../../client/governanceClient';
import type { InitiativeClient } from '../../../client/initiativeClient';
import { initiativeActionId, initiativeProcessId, initiativeSubmissionId } from '../../../machines/kernel/ids';
import { initiativeBoardMachine, type InitiativeEvent } from '../../../machines/initiativeBoard/machine';
import { initiativeConfigSchema } from '../../../machines/initiativeBoard/schema';
import { processBudget } from '../../../workflows/host/budget';
import { auditQuery } from '../../../workflows/host/commands';
import { completeAction, initiativeWorkflowType, recordAction, submitItem, subscribe } from '../../../workflows/initiativeBoard/messages';
import { TASK_QUEUE } from '../../../workflows/taskQueue';
import { againstBudget, inParallel, largestOf, runsOf } from '../../support/budgetProbe';
import { INITIATIVE, initiativeConfig, livedExperience } from '../../support/initiativeFixtures';
import { eventually, skipTo } from '../../support/productBoardRun';
import { governedTimeSkipping } from '../../support/temporal';
import { signedArgs } from '../../support/signed';

const SUBMISSIONS = 10_000;
const QUARTERS = 40;
/** Submissions sent for real: five a quarter, the first asking for funding. */
const ROUND = 5;
const SEEDED = SUBMISSIONS - QUARTERS * ROUND;
const MINUTE = 60_000;
/** A quorum of the twelve, with lived experience of poverty among them. */
const voters = [...livedExperience, 'i1', 'i5', 'i6'];

let env: TestWorkflowEnvironment;
let governance: GovernanceClient;
let ini: InitiativeClient;
let stop: () => Promise<void>;

beforeAll(async () => {
  ({ env, governance, stop } = await governedTimeSkipping());
  ini = governance.initiative(INITIATIVE);
}, 60_000);

/** Submissions worked out per run of the seed, before it goes on as a new run from what the board holds. */
const SEED_RUN = 200;

/**
 * The board's state once it has taken and declined `count` submissions, by its own machine (each
 * triage's publication reported done), in runs of `perRun` submissions each resumed from the last's
 * context, as the host continues a board as new. Pure `transition` keeps every publication it
 * spawned among the snapshot's children (nothing runs to stop them), and each spawn then looks
 * through all of them: one run of 9,800 took 30 s here, runs of 200 take 5 s. The state is the
 * same either way: the resumed machine starts from the context as it was, and nothing is waiting
 * for triage between runs (the test checks it on a shorter seed).
 */
function boardAfterSubmissions(count: number, at: string, perRun = SEED_RUN) {
  const config = initiativeConfigSchema.parse(initiativeConfig());
  let [snapshot] = initialTransition(initiativeBoardMachine, { config, openedAt: at, openedBy: 'sec' });
  const step = (event: InitiativeEvent) => ([snapshot] = transition(initiativeBoardMachine, snapshot, event));
  for (let n = 1; n <= count; n++) {
    if (n % perRun === 0) [snapshot] = initialTransition(initiativeBoardMachine, { config, openedAt: at, openedBy: 'sec', resume: snapshot.context });
    const submissionId = initiativeSubmissionId(INITIATIVE, n);
    step({ type: 'submission.made', ...(n % 2 ? { by: `citizen-${n}` } : {}), title: `Submission ${n}`, text: text(n), at });
    step({ type: 'submission.triaged', by: 'sec', submissionId, outcome: 'declined', reason: `Declined: ${'outside what the board decides; see the published criteria. '.repeat(3)}`, at });
    step({ type: `xstate.done.actor.publish-triage-${submissionId}` });
  }
  expect(snapshot.context.counters.submissions).toBe(count);
  expect(snapshot.context.inFlight).toEqual([]);
  return snapshot.context;
}

afterAll(() => stop?.());

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const text = (n: number) => `Submission ${n}: ${'People in our area cannot find out what support there is, or where. '.repeat(15)}`.slice(0, 1_000);

it('keeps every run, every answer and every receipt within budget through 10,000 submissions over ten years', async () => {
  const started = Date.now();
  const workflowId = initiativeProcessId(INITIATIVE);
  const handle = env.client.workflow.getHandle(workflowId);
  const answers = largestOf();
  const receipts = largestOf();
  const openedAt = new Date(await env.currentTimeMs()).toISOString();
  // Seeding in runs leaves the state one run leaves: shown on 2 × SEED_RUN + 50 submissions.
  expect(boardAfterSubmissions(2 * SEED_RUN + 50, openedAt)).toEqual(boardAfterSubmissions(2 * SEED_RUN + 50, openedAt, Infinity));
  const resume = boardAfterSubmissions(SEEDED, openedAt);
  const worked = Date.now() - started;
  await env.client.workflow.start(initiativeWorkflowType, { workflowId, taskQueue: TASK_QUEUE, args: [{ config: initiativeConfig(), openedBy: 'sec', resume }] });
  answers.note(await eventually(() => ini.status(), () => true, 'the board to answer'), `status with ${SEEDED} submissions answered`);
  const seeding = Date.now() - started;
  let submitted = SEEDED;

  for (let quarter = 1; quarter <= QUARTERS; quarter++) {
    const opening = await eventually(() => ini.status(), (v) => v.stage === 'agendaOpen', `quarter ${quarter} open`);
    // The first of each quarter asks for funding, by Update: its receipt names the submission.
    const asking = await handle.executeUpdate(submitItem.update, { args: await signedArgs(governance, workflowId, submitItem, { by: `citizen-${submitted + 1}`, title: `Submission ${submitted + 1}`, text: text(submitted + 1), proposal: { decision: 'funding', gap: `Gap ${submitted + 1}`, priority: 'medium' } }),
    });
    receipts.note(asking, `submitItem in quarter ${quarter}`);
    expect(asking.created).toBe(initiativeSubmissionId(INITIATIVE, submitted + 1));
    // Anyone may submit: the rest by Signal, named or anonymous, numbered by the board as they arrive.
    const numbers = Array.from({ length: ROUND - 1 }, (_, i) => submitted + i + 2);
    await inParallel(numbers, 20, (n) => ini.command('submitItem', { ...(n % 2 ? { by: `citizen-${n}` } : {}), title: `Submission ${n}`, text: text(n) }, 'signal'));
    submitted += ROUND;
    const waiting = await eventually(() => ini.status(), (v) => v.submissions.filter((s) => s.status === 'awaitingTriage').length === ROUND, `quarter ${quarter}'s submissions waiting for triage`);
    answers.note(waiting, `status with ${ROUND} submissions waiting`);
    const ids = waiting.submissions.filter((s) => s.status === 'awaitingTriage').map((s) => s.submissionId);
    await inParallel(ids, 20, (submissionId) =>
      ini.command(
        'triageSubmission',
        { by: 'sec', submissionId, ...(submissionId === asking.created ? { outcome: 'accepted', reason: 'A gap the board should fund.' } : { outcome: 'declined', reason: `Declined: ${'outside what the board decides; see the published criteria. '.repeat(3)}` }) },
        'signal',
      ),
    );
    await eventually(() => ini.status(), (v) => v.submissions.every((s) => s.status !== 'awaitingTriage'), `quarter ${quarter}'s submissions triaged`);
    const item = (await ini.status()).agenda.at(-1)!;
    await inParallel(voters, 7, (by) => ini.command('castVote', { by, itemId: item.itemId, choice: 'approve' }, 'signal'));
    await eventually(() => ini.status(), (v) => v.agenda.find((i) => i.itemId === item.itemId)?.votes === voters.length, `the votes on ${item.itemId}`);

    receipts.note(await handle.executeUpdate(recordAction.update, { args: await signedArgs(governance, workflowId, recordAction, { by: 'sec', text: `Follow up quarter ${quarter}: ${'write to everyone who submitted. '.repeat(20)}`, owner: 'sec', dueAt: new Date(Date.parse((await ini.status()).quarter.endsAt) + 400 * 86_400_000).toISOString() }) }), `recordAction in quarter ${quarter}`);
    if (quarter > 1)
      receipts.note(await handle.executeUpdate(completeAction.update, { args: await signedArgs(governance, workflowId, completeAction, { by: 'sec', actionId: initiativeActionId(INITIATIVE, quarter - 1), evidence: `Sent: https://example.org/letters/${quarter}` }) }), `completeAction in quarter ${quarter}`);
    receipts.note(await handle.executeUpdate(subscribe.update, { args: await signedArgs(governance, workflowId, subscribe, { by: `stakeholder-${quarter}`, level: 'member' }) }), `subscribe in quarter ${quarter}`);
    answers.note(await ini.status(), `status at the end of quarter ${quarter}'s agenda`);
    answers.note(await handle.query(auditQuery), `audit in quarter ${quarter}`);

    await skipTo(env, new Date(Date.parse(opening.quarter.endsAt) + MINUTE).toISOString());
    const next = await eventually(() => ini.status(), (v) => v.lastMeeting?.meetingId === opening.quarter.meetingId && v.stage === 'agendaOpen', `quarter ${quarter}'s meeting published`, 600);
    expect(next.lastMeeting!.decisions.map((d) => [d.itemId, d.outcome])).toEqual([[item.itemId, 'approved']]);
    answers.note(next, `status after quarter ${quarter}'s meeting`);
  }

  const view = await ini.status();
  expect(view.quartersHeld).toBe(QUARTERS);
  expect(view.funding.length).toBeLessThanOrEqual(20);
  expect(view.submissions.length).toBeLessThanOrEqual(50);
  expect((await ini.follow(initiativeSubmissionId(INITIATIVE, SEEDED + 2))).status).toBe('declined'); // from the register

  const runs = await runsOf(env, workflowId);
  const updateAnswers = runs.flatMap((r) => r.updateAnswers);
  console.log(
    [
      `initiative board, ${submitted} submissions over ${QUARTERS} quarters; wall time ${seconds(Date.now() - started)} (seeding ${seconds(seeding)}, of which the machine ${seconds(worked)}):`,
      `each run's input (what it carried in), of ${runs.length}:`,
      ...againstBudget(runs.map((r, i) => ({ bytes: r.inputBytes, what: `run ${i + 1} (${r.events} events)` })), processBudget.state),
      'each query answer:',
      ...againstBudget(answers.all, processBudget.query),
      `Update answers in the histories: ${updateAnswers.length}, the largest ${updateAnswers.length ? Math.max(...updateAnswers) : 0} bytes (budget ${processBudget.receipt}); receipts read:`,
      ...againstBudget(receipts.all, processBudget.receipt),
    ].join('\n'),
  );
  expect(runs.length).toBeGreaterThanOrEqual(QUARTERS);
  for (const run of runs) expect(run.inputBytes, `run ${run.runId}`).toBeLessThanOrEqual(processBudget.state);
  expect(answers.largest.bytes).toBeLessThanOrEqual(processBudget.query);
  for (const bytes of updateAnswers) expect(bytes).toBeLessThanOrEqual(processBudget.receipt);
  expect(receipts.largest.bytes).toBeLessThanOrEqual(processBudget.receipt);
}, 600_000);

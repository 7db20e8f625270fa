/**
 * An initiative board holds to its budget through ten years of public submissions: 10,000 of
 * them over forty quarters, each triaged by the secretariat (one a quarter accepted as a funding
 * item the members approve, the rest declined with a reason), with an action recorded and one
 * completed and a stakeholder subscribing every quarter. Every run's input (what the board carries
 * into its next run), every status and audit answer and every Update answer stays within
 * `processBudget`: answered submissions, completed actions and past decisions leave the board's
 * state for the register, and what is still open is kept.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { GovernanceClient } from '../../../client/governanceClient';
import type { InitiativeClient } from '../../../client/initiativeClient';
import { initiativeActionId, initiativeProcessId, initiativeSubmissionId } from '../../../machines/kernel/ids';
import { processBudget } from '../../../workflows/host/budget';
import { auditQuery } from '../../../workflows/host/commands';
import { completeAction, recordAction, subscribe } from '../../../workflows/initiativeBoard/messages';
import { inParallel, kib, largestOf, runsOf } from '../../support/budgetProbe';
import { INITIATIVE, initiativeConfig, livedExperience } from '../../support/initiativeFixtures';
import { eventually, skipTo } from '../../support/productBoardRun';
import { governedTimeSkipping } from '../../support/temporal';

const SUBMISSIONS = 10_000;
const QUARTERS = 40;
/** Submissions arrive through the quarter and are answered within days: a quarter is five rounds of fifty. */
const ROUND = 50;
const ROUNDS = SUBMISSIONS / QUARTERS / ROUND;
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
  await ini.open({ by: 'sec', config: initiativeConfig() });
}, 60_000);

afterAll(() => stop?.());

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const text = (n: number) => `Submission ${n}: ${'People in our area cannot find out what support there is, or where. '.repeat(15)}`.slice(0, 1_000);

it('keeps every run, every answer and every receipt within budget through 10,000 submissions over ten years', async () => {
  const started = Date.now();
  const workflowId = initiativeProcessId(INITIATIVE);
  const handle = env.client.workflow.getHandle(workflowId);
  const answers = largestOf();
  const receipts = largestOf();
  let submitted = 0;

  for (let quarter = 1; quarter <= QUARTERS; quarter++) {
    const opening = await eventually(() => ini.status(), (v) => v.stage === 'agendaOpen', `quarter ${quarter} open`);
    for (let round = 0; round < ROUNDS; round++) {
      const numbers = Array.from({ length: ROUND }, (_, i) => submitted + i + 1);
      // Anyone may submit: by Signal, named or anonymous; the first of each quarter asks for funding.
      await inParallel(numbers, 20, (n) =>
        ini.command(
          'submitItem',
          { ...(n % 2 ? { by: `citizen-${n}` } : {}), title: `Submission ${n}`, text: text(n), ...(round === 0 && n === numbers[0] ? { proposal: { decision: 'funding', gap: `Gap ${n}`, priority: 'medium' } } : {}) },
          'signal',
        ),
      );
      submitted += ROUND;
      answers.note(await eventually(() => ini.status(), (v) => v.submissions.filter((s) => s.status === 'awaitingTriage').length === ROUND, `round ${round + 1} of quarter ${quarter} waiting for triage`), `status with ${ROUND} submissions waiting`);
      await inParallel(numbers, 20, (n) =>
        ini.command(
          'triageSubmission',
          { by: 'sec', submissionId: initiativeSubmissionId(INITIATIVE, n), ...(round === 0 && n === numbers[0] ? { outcome: 'accepted', reason: 'A gap the board should fund.' } : { outcome: 'declined', reason: `Declined: ${'outside what the board decides; see the published criteria. '.repeat(3)}` }) },
          'signal',
        ),
      );
      await eventually(() => ini.status(), (v) => v.submissions.every((s) => s.status !== 'awaitingTriage'), `round ${round + 1} of quarter ${quarter} triaged`);
    }
    const item = (await ini.status()).agenda.at(-1)!;
    await inParallel(voters, 7, (by) => ini.command('castVote', { by, itemId: item.itemId, choice: 'approve' }, 'signal'));
    await eventually(() => ini.status(), (v) => v.agenda.find((i) => i.itemId === item.itemId)?.votes === voters.length, `the votes on ${item.itemId}`);

    receipts.note(await handle.executeUpdate(recordAction.update, { args: [{ by: 'sec', text: `Follow up quarter ${quarter}: ${'write to everyone who submitted. '.repeat(20)}`, owner: 'Secretariat' }] }), `recordAction in quarter ${quarter}`);
    if (quarter > 1)
      receipts.note(await handle.executeUpdate(completeAction.update, { args: [{ by: 'sec', actionId: initiativeActionId(INITIATIVE, quarter - 1), evidence: `Sent: https://example.org/letters/${quarter}` }] }), `completeAction in quarter ${quarter}`);
    receipts.note(await handle.executeUpdate(subscribe.update, { args: [{ by: `stakeholder-${quarter}`, level: 'member' }] }), `subscribe in quarter ${quarter}`);
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
  expect((await ini.follow(initiativeSubmissionId(INITIATIVE, 2))).status).toBe('declined'); // from the register

  const runs = await runsOf(env, workflowId);
  const largestRun = runs.reduce((a, b) => (b.inputBytes > a.inputBytes ? b : a));
  const updateAnswers = runs.flatMap((r) => r.updateAnswers);
  console.log(
    [
      `initiative board, ${submitted} submissions over ${QUARTERS} quarters:`,
      `  runs: ${runs.length} (largest input ${kib(largestRun.inputBytes)}, run ${runs.indexOf(largestRun) + 1}; budget ${kib(processBudget.state)})`,
      `  largest query answer: ${kib(answers.largest.bytes)} (${answers.largest.what}; budget ${kib(processBudget.query)})`,
      `  largest Update answer in the histories: ${updateAnswers.length ? Math.max(...updateAnswers) : 0} bytes of ${updateAnswers.length} (budget ${processBudget.receipt}); largest receipt read: ${receipts.largest.bytes} bytes (${receipts.largest.what})`,
      `  wall time: ${seconds(Date.now() - started)}`,
    ].join('\n'),
  );
  expect(runs.length).toBeGreaterThanOrEqual(QUARTERS);
  for (const run of runs) expect(run.inputBytes, `run ${run.runId}`).toBeLessThanOrEqual(processBudget.state);
  expect(answers.largest.bytes).toBeLessThanOrEqual(processBudget.query);
  for (const bytes of updateAnswers) expect(bytes).toBeLessThanOrEqual(processBudget.receipt);
  expect(receipts.largest.bytes).toBeLessThanOrEqual(processBudget.receipt);
}, 1_800_000);

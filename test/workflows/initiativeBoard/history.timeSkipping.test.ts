/**
 * A quarter busier than any history should hold: bursts of public input in
 * each stage of the quarter make the initiative board continue as new within
 * it, and each new run picks up at the stage the quarter had reached with
 * nothing lost — the votes, the attendance, every submission and its triage
 * deadline. The first burst is submissions (800 waiting for triage); the later
 * ones are followers subscribing and leaving again, which lengthen the history
 * without growing the board's state: thousands of submissions waiting at once
 * would pass the board's state budget, and past 80 % of it the board refuses
 * more public input (workflows/host/budget.ts) rather than carry it.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { GovernanceClient } from '../../../client/governanceClient';
import type { InitiativeClient } from '../../../client/initiativeClient';
import type { InitiativeView } from '../../../machines/initiativeBoard/view';
import { INITIATIVE_HISTORY_LIMIT } from '../../../workflows/initiativeBoard/workflow';
import { initiativeProcessId } from '../../../machines/kernel/ids';
import { INITIATIVE, initiativeConfig } from '../../support/initiativeFixtures';
import { eventually, skipTo } from '../../support/productBoardRun';
import { governedTimeSkipping } from '../../support/temporal';

const MINUTE = 60_000;
/** Input is sent a hundred messages at a time until the run's history passes its limit. */
const CHUNK = 100;
let sent = 0;
let followers = 0;

let env: TestWorkflowEnvironment;
let governance: GovernanceClient;
let ini: InitiativeClient;
let stop: () => Promise<void>;

beforeAll(async () => {
  ({ env, governance, stop } = await governedTimeSkipping());
  ini = governance.initiative(INITIATIVE);
  await ini.open({ by: 'sec', config: initiativeConfig({ triageDays: 60 }) });
}, 60_000);

afterAll(() => stop?.());

const later = (iso: string, ms: number) => new Date(Date.parse(iso) + ms).toISOString();

/**
 * Sends by signal, submissions or a follower subscribing and leaving, until the board has continued as
 * new `runs` times; then waits for every submission, and for every follower to have left.
 */
async function burstUntil(runs: number, stage: InitiativeView['stage'], input: 'submissions' | 'followers'): Promise<InitiativeView> {
  while ((await ini.status()).runs < runs) {
    if (sent + followers > 20 * INITIATIVE_HISTORY_LIMIT) throw new Error(`still run ${(await ini.status()).runs + 1} after ${sent} submissions and ${followers} followers`);
    for (let n = 0; n < CHUNK; n++) {
      if (input === 'submissions') await ini.command('submitItem', { title: `Submission ${++sent}`, text: 'Please look at this.' }, 'signal');
      else {
        const by = `follower-${++followers}`;
        await ini.command('subscribe', { by, level: 'member' }, 'signal');
        await ini.command('unsubscribe', { by }, 'signal');
      }
    }
  }
  return eventually(() => ini.status(), (v) => v.runs >= runs && v.stage === stage && v.submissions.length === sent, `run ${runs + 1} in ${stage} with all ${sent} submissions`, 600);
}

it('continues as new within a quarter at whatever stage it has reached, losing nothing', async () => {
  const item = await ini.propose({ by: 'i2', title: 'Fund a debt advice map', text: 'No one maps debt advice.', proposal: { decision: 'funding', gap: 'debt advice map', priority: 'high' } });
  for (const by of ['i1', 'i2', 'i3', 'i5', 'i6', 'i7', 'i8']) await ini.command('castVote', { by, itemId: item.itemId, choice: 'approve' });
  const { quarter } = await ini.status();

  const first = await burstUntil(1, 'agendaOpen', 'submissions');
  const firstBurst = sent;
  expect(first.quartersHeld).toBe(0);
  expect(first.agenda[0]!.voted).toHaveLength(7);

  await skipTo(env, later(quarter.papersDeadline, MINUTE));
  await burstUntil(2, 'papersCirculated', 'followers');

  await skipTo(env, later(quarter.startsAt, MINUTE));
  await eventually(() => ini.status(), (v) => v.stage === 'inSession', 'the meeting to sit');
  await ini.command('recordAttendance', { by: 'sec', present: ['i1', 'i2', 'i3', 'i5', 'i6', 'i7', 'i8'] });
  const sitting = await burstUntil(3, 'inSession', 'followers');
  expect(sitting.attendance?.present).toHaveLength(7);

  await skipTo(env, later(quarter.endsAt, MINUTE));
  const after = await eventually(() => ini.status(), (v) => v.quartersHeld === 1 && v.stage === 'agendaOpen', 'the quarter to close', 600);
  expect(after.lastMeeting!.decisions).toEqual([expect.objectContaining({ itemId: item.itemId, outcome: 'approved' })]);
  const minutes = (await ini.register()).find((e) => e.kind === 'initiativeMinutes');
  expect(minutes).toMatchObject({ attendance: { present: ['i1', 'i2', 'i3', 'i5', 'i6', 'i7', 'i8'] } });
  expect(after.submissions).toHaveLength(sent);
  expect(followers).toBeGreaterThan(0);
  expect(after.subscribers.filter((f) => f.id.startsWith('follower-'))).toEqual([]);
  expect(new Set(after.submissions.map((s) => s.submissionId)).size).toBe(sent);

  // The first burst's triage deadlines fall after the meeting: their timers were set again in every run.
  const firstDue = after.submissions[0]!.triageBy;
  await skipTo(env, later(after.submissions[firstBurst - 1]!.triageBy, 2 * 60 * MINUTE));
  const overdue = await eventually(() => ini.status(), (v) => v.submissions.filter((s) => s.overdue).length === firstBurst, 'the first burst to be overdue', 600);
  expect(overdue.submissions.filter((s) => s.overdue).every((s) => s.triageBy <= later(firstDue, 60 * MINUTE))).toBe(true);

  const handle = env.client.workflow.getHandle(initiativeProcessId(INITIATIVE));
  let runId = (await handle.describe()).raw.workflowExecutionInfo?.firstRunId ?? undefined;
  const lengths: number[] = [];
  while (runId) {
    const events = (await env.client.workflow.getHandle(initiativeProcessId(INITIATIVE), runId).fetchHistory()).events ?? [];
    lengths.push(events.length);
    runId = events.at(-1)?.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId ?? undefined;
  }
  console.log(`A busy quarter: ${sent} submissions and ${followers} followers come and gone in ${lengths.length} runs of ${lengths.join(', ')} events`);
  expect(Math.max(...lengths)).toBeLessThan(INITIATIVE_HISTORY_LIMIT + 200);
}, 300_000);

/**
 * The initiative board's vote notices on the Java time-skipping server, read where people read them: the
 * notices table in PostgreSQL. Each voter is told alone what was recorded; 24 hours (the policy default)
 * before the quarter's meeting ends, a durable timer reminds exactly the members who have neither voted on
 * an item nor declared an interest in it. The board continues as new at the start of the next quarter, and
 * the continued run keeps the notices on: it asks the patch again and, started since, has it. Both runs'
 * histories then replay against the same code.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GovernanceClient } from '../../../client/governanceClient';
import type { InitiativeClient } from '../../../client/initiativeClient';
import { initiativeProcessId } from '../../../machines/kernel/ids';
import { readNotices, type Notice } from '../../../store/notices';
import { INITIATIVE_VOTE_NOTICES_PATCH } from '../../../workflows/patches';
import { INITIATIVE, initiativeConfig } from '../../support/initiativeFixtures';
import type { TestStore } from '../../support/postgres';
import { eventually, skipTo } from '../../support/productBoardRun';
import { governedTimeSkipping, workflowBundle } from '../../support/temporal';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const members = Array.from({ length: 12 }, (_, n) => `i${n + 1}`);

let env: TestWorkflowEnvironment;
let governance: GovernanceClient;
let ini: InitiativeClient;
let store: TestStore;
let stop: () => Promise<void>;

beforeAll(async () => {
  ({ env, governance, store, stop } = await governedTimeSkipping());
  ini = governance.initiative(INITIATIVE);
  await ini.open({ by: 'sec', config: initiativeConfig() });
}, 120_000);

afterAll(() => stop?.());

const before = (iso: string, ms: number) => new Date(Date.parse(iso) - ms).toISOString();
const noticesOf = (person: string) => readNotices(store.db, person);
const ids = (notices: readonly Notice[]) => notices.map((n) => n.notificationId);
/** Everyone's notices whose id starts with `prefix`, by person. */
async function everyones(prefix: string): Promise<Record<string, string[]>> {
  // Sorted: notices sent at the same moment by activities of their own arrive in any order.
  const all = await Promise.all(members.map(async (m) => [m, ids(await noticesOf(m)).filter((id) => id.startsWith(prefix)).sort()] as const));
  return Object.fromEntries(all.filter(([, list]) => list.length));
}

type History = Awaited<ReturnType<ReturnType<TestWorkflowEnvironment['client']['workflow']['getHandle']>['fetchHistory']>>;

/** The patch ids a run's history marks: each `core_patch` marker's `patch-data` is `{ "id": …, "deprecated": … }` as JSON. */
const patchesIn = (history: History): string[] =>
  (history.events ?? [])
    .filter((e) => e.markerRecordedEventAttributes?.markerName === 'core_patch')
    .flatMap((e) => e.markerRecordedEventAttributes!.details?.['patch-data']?.payloads ?? [])
    .map((p) => (JSON.parse(Buffer.from(p.data ?? []).toString('utf8')) as { id: string }).id);

/** Every run of the board's process, oldest first, with its history. */
async function runs() {
  const workflowId = initiativeProcessId(INITIATIVE);
  let runId = (await env.client.workflow.getHandle(workflowId).describe()).raw.workflowExecutionInfo?.firstRunId ?? undefined;
  const found = [];
  while (runId) {
    const history = await env.client.workflow.getHandle(workflowId, runId).fetchHistory();
    found.push({ runId, history });
    runId = history.events?.at(-1)?.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId ?? undefined;
  }
  return found;
}

describe('initiative board vote notices on the time-skipping server', () => {
  let first: { meetingId: string; endsAt: string };
  let strategy: string;
  let funding: string;

  it('confirms each vote, a changed one included, to its voter alone', async () => {
    const { quarter } = await ini.status();
    first = quarter;
    strategy = (await ini.propose({ by: 'i5', title: 'Campaign on housing', text: 'Focus next year on housing.', proposal: { decision: 'strategy', focus: 'Housing', kpis: [] } })).itemId;
    funding = (await ini.propose({ by: 'i6', title: 'Fund a debt advice map', text: 'No one maps debt advice.', proposal: { decision: 'funding', gap: 'debt advice map', priority: 'high' } })).itemId;
    await ini.command('castVote', { by: 'i1', itemId: strategy, choice: 'approve', reason: 'People ask for it' });
    await ini.command('castVote', { by: 'i2', itemId: strategy, choice: 'reject' });
    await ini.command('changeVote', { by: 'i2', itemId: strategy, choice: 'approveWithConditions', conditions: ['Ask tenants first'] });
    await ini.command('declareInterest', { by: 'i12', itemId: strategy, interest: 'Works for a housing charity' });
    await ini.command('castVote', { by: 'i3', itemId: funding, choice: 'abstain' });

    const key = (item: string) => `${quarter.meetingId}-${item}`;
    const confirmations = await eventually(() => everyones('vote-recorded-'), (c) => Object.values(c).flat().length === 4, 'four confirmations in the database');
    expect(confirmations).toEqual({
      i1: [`vote-recorded-${key(strategy)}-i1-1`],
      i2: [`vote-recorded-${key(strategy)}-i2-2`, `vote-recorded-${key(strategy)}-i2-3`],
      i3: [`vote-recorded-${key(funding)}-i3-1`],
    });
    const told = await noticesOf('i2');
    expect(told.map((n) => n.body.split('\n')[0])).toEqual(['Your vote was recorded: reject.', 'Your vote was recorded: approve with conditions, on these conditions: "Ask tenants first".']);
    expect(told[1]).toMatchObject({ subject: 'Your vote on the item "Campaign on housing" was recorded', boardId: INITIATIVE, link: `/initiative/items/${strategy}`, dates: { closes: quarter.endsAt } });
    expect(told[1]!.body).toContain(`govern initiative vote ${strategy} --as i2 --choice CHOICE --change`);
    // Nobody else hears anything of a choice: i1's confirmation is i1's only notice so far, and the others have none.
    expect(ids(await noticesOf('i1'))).toEqual([`vote-recorded-${key(strategy)}-i1-1`]);
    for (const m of ['i4', 'i5', 'i12']) expect(await noticesOf(m)).toEqual([]);
  }, 120_000);

  it('reminds exactly those who have not voted on each item, 24 hours before the meeting ends, and not before', async () => {
    const dueAt = before(first.endsAt, 24 * HOUR);
    await skipTo(env, before(dueAt, 10 * MINUTE));
    // The papers went out a week before the meeting; the reminder is not due yet.
    await eventually(() => noticesOf('i4'), (n) => n.some((x) => x.notificationId.startsWith('papers-')), 'the papers');
    expect(await everyones('voting-reminder-')).toEqual({});

    await skipTo(env, before(dueAt, -10 * MINUTE));
    const reminded = await eventually(() => everyones('voting-reminder-'), (r) => Object.values(r).flat().length === 9 + 11, 'a reminder for each vote missing: 9 on one item, 11 on the other');
    const onStrategy = `voting-reminder-${first.meetingId}-${strategy}`;
    const onFunding = `voting-reminder-${first.meetingId}-${funding}`;
    expect(reminded).toEqual(
      Object.fromEntries(members.map((m) => [m, [...(['i1', 'i2', 'i12'].includes(m) ? [] : [onStrategy]), ...(m === 'i3' ? [] : [onFunding])]])),
    );
    const reminder = (await noticesOf('i4')).find((n) => n.notificationId === onStrategy)!;
    expect(reminder).toMatchObject({ subject: 'Voting closes soon: you have not voted on the item "Campaign on housing"', dates: { closes: first.endsAt } });
    expect(reminder.body).toContain(`govern initiative vote ${strategy} --as YOUR_ID --choice CHOICE`);
    expect(reminder.body).not.toMatch(/\bi[123]\b|approve with|reject\./);

    // Scheduled when its timer fired, by the server's clock.
    const [run] = await runs();
    const scheduled = (run!.history.events ?? []).filter((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'notify' && e.activityTaskScheduledEventAttributes.input?.payloads?.[0]?.data && Buffer.from(e.activityTaskScheduledEventAttributes.input.payloads[0].data).toString('utf8').includes(onStrategy));
    expect(scheduled).toHaveLength(1);
    const at = Number(scheduled[0]!.eventTime!.seconds) * 1000;
    expect(at).toBeGreaterThanOrEqual(Date.parse(dueAt) - 1000);
    expect(at).toBeLessThan(Date.parse(dueAt) + HOUR);
  }, 180_000);

  it('keeps the notices on in the run that continues the board into the next quarter, and every run replays', async () => {
    await skipTo(env, before(first.endsAt, -10 * MINUTE));
    const next = await eventually(() => ini.status(), (v) => v.quartersHeld === 1 && v.runs >= 1 && v.stage === 'agendaOpen', 'the next quarter in a run of its own', 600);
    // Both items lacked a quorum: carried to the next quarter, where they are voted on afresh.
    expect(next.agenda.map((i) => i.itemId)).toEqual([strategy, funding]);
    await ini.command('castVote', { by: 'i7', itemId: funding, choice: 'approve' });
    const key = `${next.quarter.meetingId}-${funding}`;
    await eventually(() => noticesOf('i7'), (n) => n.some((x) => x.notificationId === `vote-recorded-${key}-i7-1`), 'the vote confirmed in the continued run');

    await skipTo(env, before(next.quarter.endsAt, 24 * HOUR - 10 * MINUTE));
    const reminded = await eventually(() => everyones(`voting-reminder-${next.quarter.meetingId}-${funding}`), (r) => Object.keys(r).length === 11, 'the second quarter’s reminder');
    expect(Object.keys(reminded)).toEqual(members.filter((m) => m !== 'i7'));

    const all = await runs();
    expect(all.length).toBeGreaterThanOrEqual(2);
    for (const { runId, history } of all) {
      expect(patchesIn(history), `the patches marked in run ${runId}`).toContain(INITIATIVE_VOTE_NOTICES_PATCH);
      // Replayed as the process it is: its proofs name it.
      await expect(Worker.runReplayHistory({ workflowBundle: await workflowBundle() }, history, initiativeProcessId(INITIATIVE))).resolves.toBeUndefined();
    }
  }, 300_000);
});

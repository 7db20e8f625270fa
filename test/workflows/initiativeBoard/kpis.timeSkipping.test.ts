/**
 * A strategy's KPIs tracked over four quarters on real durable timers (the Java time-skipping server), as
 * issue 18 item 2 asks: the board adopts a strategy with two tracked KPIs; each of the next four quarters
 * the secretariat records where each has got to, with evidence (once correcting a figure); an action due
 * before the next papers is named overdue in them and its owner told, and not once it is done; the papers
 * of the fifth meeting show each KPI's four figures in turn. The oracle is the notices in PostgreSQL (what
 * members were sent), the minutes in the register, and the runs' histories, which replay.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GovernanceClient } from '../../../client/governanceClient';
import type { InitiativeClient } from '../../../client/initiativeClient';
import type { InitiativeView } from '../../../machines/initiativeBoard/view';
import { initiativeActionId, initiativeProcessId, papersNoticeId } from '../../../machines/kernel/ids';
import { INITIATIVE, initiativeConfig } from '../../support/initiativeFixtures';
import { eventually, skipTo } from '../../support/productBoardRun';
import { governedTimeSkipping, historiesOf, workflowBundle } from '../../support/temporal';

const MINUTE = 60_000;
const DAY = 86_400_000;
const later = (iso: string, ms: number) => new Date(Date.parse(iso) + ms).toISOString();
/** Seven voters, i2 with lived experience of poverty: a quorum by the default policy. */
const voters = ['i1', 'i2', 'i5', 'i6', 'i7', 'i8', 'i9'];
/** Each quarter's figures, as the secretariat records them (families, then councils). */
const figures: readonly (readonly [number, number])[] = [
  [1500, 3],
  [2100, 4],
  [2900, 6],
  [3600, 9],
];

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

/** Lets this quarter's meeting end, and waits until its records are published and the next quarter is open. */
async function closeQuarter(): Promise<InitiativeView> {
  const { quarter } = await ini.status();
  await skipTo(env, later(quarter.endsAt, MINUTE));
  return eventually(() => ini.status(), (v) => v.lastMeeting?.meetingId === quarter.meetingId && v.stage === 'agendaOpen', `the meeting ${quarter.meetingId} to be published`, 400);
}

/** Lets this quarter's papers go out, and answers what member i7 was sent. */
async function papers(): Promise<string> {
  const { quarter } = await ini.status();
  await skipTo(env, later(quarter.papersDeadline, MINUTE));
  const sent = await eventually(() => governance.notifications('i7'), (n) => n.some((x) => x.notificationId === papersNoticeId(quarter.meetingId)), `the papers for ${quarter.meetingId}`);
  return sent.find((x) => x.notificationId === papersNoticeId(quarter.meetingId))!.body;
}

describe('KPIs tracked over four quarters on the time-skipping server', () => {
  it('shows each quarter’s figures in the papers and minutes, and names an overdue action to the board and its owner', async () => {
    const { quarter: first } = await ini.status();
    const families = { name: 'Families reached', baseline: 1200, target: 5000, unit: 'families', by: later(first.endsAt, 400 * DAY) };
    const councils = { name: 'Councils publishing data', baseline: 2, target: 10, by: later(first.endsAt, 400 * DAY) };
    // Only words, on a board that tracks its KPIs: refused, and nothing is put to the board.
    await expect(ini.propose({ by: 'i5', title: 'Campaign on housing', text: 'Focus on housing.', proposal: { decision: 'strategy', focus: 'Housing', kpis: [{ name: 'Families reached', target: '5,000' }] } })).rejects.toThrow(
      'Each KPI needs where it stands now, its target and the date to reach it',
    );
    const { itemId } = await ini.propose({ by: 'i5', title: 'Campaign on housing', text: 'Focus the next year on housing.', proposal: { decision: 'strategy', focus: 'Housing', kpis: [families, councils] } });
    for (const by of voters) await ini.command('castVote', { by, itemId, choice: 'approve' });
    const adopted = await closeQuarter();
    expect(adopted.strategy).toMatchObject({ focus: 'Housing', kpis: [families, councils] });

    const dates = (v: number) => `${v.toLocaleString('en-GB')}`;
    // Due before the next papers, and owned by a member, who is told; another due well after them, and not.
    const askDue = later(adopted.quarter.papersDeadline, -20 * DAY);
    const mapDue = later(adopted.quarter.papersDeadline, 400 * DAY);
    for (const [n, [reached, publishing]] of figures.entries()) {
      const { quarter } = await ini.status();
      if (n === 0) {
        await ini.command('recordAction', { by: 'sec', text: 'Ask the councils for their data', owner: 'i5', dueAt: askDue });
        await ini.command('recordAction', { by: 'sec', text: 'Publish the map of advice', owner: 'i6', dueAt: mapDue });
        await expect(ini.command('recordAction', { by: 'sec', text: 'Write to the volunteers', owner: 'The data team', dueAt: later(quarter.papersDeadline, 60 * DAY) })).rejects.toThrow("Name the action's owner by their id");
        // A first figure, then its correction, the same quarter: the latest counts.
        await ini.command('recordKpiProgress', { by: 'sec', kpi: families.name, value: reached - 100, evidence: 'First count' });
      }
      await ini.command('recordKpiProgress', { by: 'sec', kpi: families.name, value: reached, evidence: `Advice network returns, quarter ${n + 1}` });
      await ini.command('recordKpiProgress', { by: 'sec', kpi: councils.name, value: publishing, evidence: `The open data portal, quarter ${n + 1}` });
      await expect(ini.command('recordKpiProgress', { by: 'i5', kpi: councils.name, value: 1, evidence: 'Mine' })).rejects.toThrow('only the secretariat');
      if (n === 1) await ini.command('completeAction', { by: 'sec', actionId: initiativeActionId(INITIATIVE, 1), evidence: 'Letters sent to every council' });

      const body = await papers();
      const so = figures.slice(0, n + 1);
      expect(body).toContain(`- Families reached: from 1,200 families to 5,000 families by ${families.by.slice(0, 10)}; ${so.map(([f]) => dates(f)).join(' → ')} — ${dates(5000 - reached)} families to go`);
      expect(body).toContain(`- Councils publishing data: from 2 to 10 by ${councils.by.slice(0, 10)}; ${so.map(([, c]) => dates(c)).join(' → ')} — ${10 - publishing} to go`);
      expect(body).toContain(`- ${initiativeActionId(INITIATIVE, 2)} Publish the map of advice (owner i6, due ${mapDue.slice(0, 10)})\n`);
      const overdue = `Overdue: ${initiativeActionId(INITIATIVE, 1)} (i5)`;
      if (n === 0) {
        expect(body, 'the first quarter names the overdue action').toContain(overdue);
        expect(body).toContain(`- ${initiativeActionId(INITIATIVE, 1)} Ask the councils for their data (owner i5, due ${askDue.slice(0, 10)}) — OVERDUE`);
      }
      else expect(body, 'done, it is no longer named').not.toContain(initiativeActionId(INITIATIVE, 1));

      const minutes = await closeQuarter().then(async () => (await ini.register()).find((e) => e.kind === 'initiativeMinutes' && e.meeting.meetingId === quarter.meetingId));
      expect(minutes?.kind === 'initiativeMinutes' && minutes.kpiProgress?.map((p) => [p.kpi, p.value])).toEqual([
        [families.name, reached],
        [councils.name, publishing],
      ]);
    }

    // The owner was told once, at the first papers after the due date; the owner of the one not yet due, never.
    const toOwner = (await governance.notifications('i5')).filter((x) => x.subject.startsWith('Overdue: action'));
    expect(toOwner.map((x) => x.subject)).toEqual([`Overdue: action ${initiativeActionId(INITIATIVE, 1)} was due ${askDue.slice(0, 10)}`]);
    expect((await governance.notifications('i6')).filter((x) => x.subject.startsWith('Overdue'))).toEqual([]);

    const runs = await historiesOf(env, initiativeProcessId(INITIATIVE));
    expect(runs.length, 'one run a quarter').toBeGreaterThanOrEqual(5);
    for (const { history } of runs) await expect(Worker.runReplayHistory({ workflowBundle: await workflowBundle() }, history, initiativeProcessId(INITIATIVE))).resolves.toBeUndefined();
  }, 480_000);
});

/**
 * The strategy's KPIs tracked (machines/initiativeBoard/kpis.ts): the line people type for one, its trend in
 * words, the quarter's figures kept, and what the board takes and refuses on a board that tracks them
 * (the `kpi-tracking` patch) and on one opened before it.
 */
import { describe, expect, it } from 'vitest';
import { actionLine, isTracked, kpiFromLine, kpiLineOf, kpiProgressPayload, kpiSchema, kpiTrend, kpiWords, overdueActions, withProgress, PROGRESS_KEPT, type Kpi, type KpiProgress, type TrackedKpi } from '../../../machines/initiativeBoard/kpis';
import type { Action } from '../../../machines/initiativeBoard/types';
import { explainInitiativeRefusal } from '../../../machines/initiativeBoard/view';
import type { InitiativeEvent } from '../../../machines/initiativeBoard/machine';
import { T0, at, DAY, ib, initiativeInput, itemId, nextQuarter, openInitiative, papersDeadline, send, step, votes } from '../../support/initiativeMachineFixtures';
import { spawns } from '../../support/boardFixtures';
import type { Notification } from '../../../machines/kernel/effects';

const households: TrackedKpi = { name: 'Households reached', baseline: 1200, target: 5000, by: '2027-12-31T00:00:00.000Z', unit: 'households' };
const figure = (value: number, meetingId: string, kpi = households.name): KpiProgress => ({ kpi, meetingId, value, evidence: 'Network count', by: 'sec', at: T0 });

describe('a KPI line', () => {
  it('reads a name, a baseline, a target with its unit and a date, and writes the same line back', () => {
    const read = kpiFromLine('Households reached: 1,200 -> 5,000 households by 2027-12-31');
    expect(read).toEqual({ kpi: households });
    expect(kpiLineOf(households)).toBe('Households reached: 1200 -> 5000 households by 2027-12-31');
    expect(kpiFromLine(kpiLineOf(households))).toEqual({ kpi: households });
    expect(kpiFromLine('Waiting time: 30 → 10 by 2028-03-31')).toEqual({ kpi: { name: 'Waiting time', baseline: 30, target: 10, by: '2028-03-31T00:00:00.000Z' } });
    expect(kpiFromLine('  Households reached  :  1200 to 5000   households  by 2027-12-31  '), 'spaces around each part are not part of it').toEqual({ kpi: households });
  });

  it('says how to write one it cannot read', () => {
    for (const line of ['Households reached: 5000 by March', 'Households reached 1200 -> 5000 by 2027-12-31', 'Households: lots -> more by 2027-12-31'])
      expect(kpiFromLine(line)).toEqual({ problem: expect.stringContaining('Write each KPI as its name, a colon, where it stands now') });
  });

  it('still parses a KPI decided in words before tracking, as it was', () => {
    expect(kpiSchema.parse({ name: 'Claims started', target: '+20%' })).toEqual({ name: 'Claims started', target: '+20%' });
    expect(kpiSchema.safeParse({ name: 'Claims started', baseline: 1, target: 2 }).success, 'a tracked KPI needs its date').toBe(false);
  });
});

describe('a KPI in words, and an action in the papers', () => {
  it('says a decided KPI as the strategy’s effect does, tracked or in words', () => {
    expect(kpiWords(households)).toBe('Households reached: 1,200 households → 5,000 households by 2027-12-31');
    expect(kpiWords({ name: 'Claims started', target: '+20%' })).toBe('Claims started → +20%');
    expect(kpiLineOf({ name: 'Claims started', target: '+20%' })).toBe('Claims started: +20%');
    expect(kpiLineOf({ ...households, unit: undefined } as TrackedKpi)).toBe('Households reached: 1200 -> 5000 by 2027-12-31');
    expect([isTracked(households), isTracked({ name: 'Claims started', target: '+20%' })]).toEqual([true, false]);
  });

  it('names an action overdue from the moment its due date passes, until it is done', () => {
    const action: Action = { actionId: 'A1', text: 'Ask the councils', owner: 'i5', recordedAt: T0, recordedBy: 'sec', dueAt: '2027-03-01T17:00:00.000Z' };
    expect(overdueActions([action], '2027-03-01T16:59:59.999Z')).toEqual([]);
    expect(overdueActions([action], '2027-03-01T17:00:00.000Z')).toEqual([action]);
    expect(overdueActions([{ ...action, completed: { by: 'sec', at: T0, evidence: 'Sent' } }], '2028-01-01T00:00:00.000Z')).toEqual([]);
    expect(overdueActions([{ ...action, dueAt: undefined }], '2028-01-01T00:00:00.000Z'), 'no date, never overdue').toEqual([]);
    expect(actionLine(action, '2027-02-01T00:00:00.000Z')).toBe('A1 Ask the councils (owner i5, due 2027-03-01)');
    expect(actionLine(action, '2027-04-01T00:00:00.000Z')).toBe('A1 Ask the councils (owner i5, due 2027-03-01) — OVERDUE');
    expect(actionLine({ ...action, dueAt: undefined }, '2027-04-01T00:00:00.000Z')).toBe('A1 Ask the councils (owner i5)');
  });

  it('bounds every figure, and asks a tracked KPI for its baseline and date', () => {
    const issues = (schema: { safeParse: (x: unknown) => { error?: { issues: { path: PropertyKey[]; message: string }[] } } }, x: unknown) =>
      (schema.safeParse(x).error?.issues ?? []).map((i) => `${i.path.join('.')}: ${i.message}`);
    expect(issues(kpiProgressPayload, { by: 'sec', kpi: 'K', value: -1, evidence: 'x' })).toEqual(['value: the value reached is a number from 0 to 1,000,000,000']);
    expect(issues(kpiProgressPayload, { by: 'sec', kpi: 'K', value: 1e9 + 1, evidence: 'x' })).toEqual(['value: the value reached is a number from 0 to 1,000,000,000']);
    expect(issues(kpiProgressPayload, { by: 'sec', kpi: 'K', value: 1e9, evidence: 'x' })).toEqual([]);
    expect(issues(kpiSchema, { name: 'K', target: 5 })).toEqual([
      'baseline: a KPI with a number for its target needs its baseline: where it stands now',
      'by: a KPI with a number for its target needs its date: when it should be reached',
    ]);
    expect(issues(kpiSchema, { name: 'K', target: 5, baseline: 0, by: '2027-12-31T00:00:00.000Z' })).toEqual([]);
  });
});

describe("a KPI's trend", () => {
  it('lists each quarter’s figure and what is left, or that the target is reached, rising or falling', () => {
    expect(kpiTrend(households, [])).toBe('Households reached: from 1,200 households to 5,000 households by 2027-12-31; no progress recorded yet');
    expect(kpiTrend(households, [figure(1500, 'q1'), figure(2100, 'q2')])).toBe('Households reached: from 1,200 households to 5,000 households by 2027-12-31; 1,500 → 2,100 — 2,900 households to go');
    expect(kpiTrend(households, [figure(5200, 'q1')])).toContain('5,200 — target reached');
    expect(kpiTrend(households, [figure(5000, 'q1')]), 'reached exactly').toContain('5,000 — target reached');
    expect(kpiTrend(households, [figure(4999, 'q1')])).toContain('4,999 — 1 households to go');
    const held: TrackedKpi = { name: 'Advice centres open', baseline: 40, target: 40, by: '2028-03-31T00:00:00.000Z' };
    expect(kpiTrend(held, [figure(41, 'q1', held.name)]), 'a target to hold, kept').toContain('41 — target reached');
    expect(kpiTrend({ ...held, baseline: 50 }, [figure(40, 'q1', held.name)]), 'falling, reached exactly').toContain('40 — target reached');
    const waiting: TrackedKpi = { name: 'Waiting days', baseline: 30, target: 10, by: '2028-03-31T00:00:00.000Z' };
    expect(kpiTrend(waiting, [figure(25, 'q1', 'Waiting days')]), 'falling, not yet').toBe('Waiting days: from 30 to 10 by 2028-03-31; 25 — 15 to go');
    expect(kpiTrend(waiting, [figure(25, 'q1', 'Waiting days'), figure(9, 'q2', 'Waiting days')])).toBe('Waiting days: from 30 to 10 by 2028-03-31; 25 → 9 — target reached');
    expect(kpiTrend({ name: 'Claims started', target: '+20%' }, [])).toBe('Claims started: +20%');
  });

  it('keeps one figure a quarter per KPI, the later correcting the earlier, and the newest two years', () => {
    const corrected = withProgress([figure(1500, 'q1')], figure(1600, 'q1'));
    expect(corrected.map((p) => p.value)).toEqual([1600]);
    let kept: KpiProgress[] = [figure(1, 'other-q1', 'Other')];
    for (let q = 1; q <= 10; q++) kept = withProgress(kept, figure(q, `q${q}`));
    expect(kept.filter((p) => p.kpi === households.name).map((p) => p.meetingId)).toEqual(Array.from({ length: PROGRESS_KEPT }, (_, i) => `q${i + 3}`));
    expect(kept.filter((p) => p.kpi === 'Other'), 'another KPI’s figures are its own').toHaveLength(1);
    expect(withProgress([figure(1, 'q1', 'Other')], figure(1500, 'q1')).map((p) => [p.kpi, p.value]), 'and stay once').toEqual([
      ['Other', 1],
      [households.name, 1500],
    ]);
  });
});

describe('a board that tracks its KPIs', () => {
  const tracked = () => openInitiative({}, { kpiTracking: true });
  const refusal = (s: ReturnType<typeof openInitiative>, e: InitiativeEvent) => explainInitiativeRefusal(s, e);
  const strategy = (kpis: Kpi[]) => ib.propose('i5', { decision: 'strategy', focus: 'Housing', kpis });

  it('refuses a strategy whose KPI has only words, or a date already past; takes one tracked', () => {
    expect(refusal(tracked(), strategy([{ name: 'Claims started', target: '+20%' }]))).toBe(
      'Each KPI needs where it stands now, its target and the date to reach it, so that the board can follow it: Claims started has only words. Write each as its name, a colon, where it stands now, an arrow, its target and the date to reach it, for example "Households reached: 1200 -> 5000 households by 2027-12-31".',
    );
    expect(refusal(tracked(), strategy([{ ...households, by: '2020-01-01T00:00:00.000Z' }]))).toMatch(/^The date of Households reached \(2020-01-01\) has already passed/);
    expect(refusal(tracked(), strategy([households]))).toBeUndefined();
    // A board opened before tracking takes KPIs in words, as it did.
    expect(refusal(openInitiative(), strategy([{ name: 'Claims started', target: '+20%' }]))).toBeUndefined();
  });

  it('asks an action for a due date to come and an owner named by id', () => {
    const action = (extra: object) => ({ ...ib.recordAction('Write to the volunteers', 'sec', at(DAY)), ...extra }) as InitiativeEvent;
    expect(refusal(tracked(), action({}))).toMatch(/^Give the action a due date/);
    expect(refusal(tracked(), action({ dueAt: T0 }))).toMatch(/is not in the future/);
    expect(refusal(tracked(), action({ dueAt: at(30 * DAY), owner: 'The data team' }))).toMatch(/^Name the action's owner by their id .*"The data team" is not an id\./);
    expect(refusal(tracked(), action({ dueAt: at(30 * DAY), owner: 'i5' }))).toBeUndefined();
    expect(refusal(openInitiative(), action({})), 'before tracking, as it was').toBeUndefined();
  });

  it('takes a figure only from the secretariat, for a tracked KPI of the strategy in force', () => {
    const progress = (by: string, kpi = households.name) => ({ type: 'kpi.progressRecorded', by, kpi, value: 1500, evidence: 'Network count', at: at(DAY) }) as InitiativeEvent;
    expect(refusal(tracked(), progress('sec'))).toMatch(/has no strategy with KPIs in force/);
    const s = tracked();
    const withStrategy = { ...s, context: { ...s.context, strategy: { focus: 'Housing', kpis: [households, { name: 'Claims started', target: '+20%' }], decisionId: 'd1', at: T0 } } } as typeof s;
    expect(refusal(withStrategy, progress('i5'))).toMatch(/only the secretariat/);
    expect(refusal(withStrategy, progress('sec', 'Homes built'))).toBe('The strategy in force (d1) has no KPI "Homes built"; its KPIs are: Households reached, Claims started.');
    expect(refusal(withStrategy, progress('sec', 'Claims started'))).toMatch(/was decided in words \(\+20%\), with no baseline or date/);
    expect(refusal(withStrategy, progress('sec'))).toBeUndefined();
  });

  it('is what the host opens a run with when it asks for it', () => {
    expect(tracked().context.kpiTracking).toBe(true);
    expect(openInitiative().context.kpiTracking).toBeUndefined();
    expect(initiativeInput({}, { kpiTracking: true }).kpiTracking).toBe(true);
  });
});

describe('the papers of a board that tracks its KPIs', () => {
  /** Seven voters, two of them with lived experience of poverty: a quorum. */
  const quorum = ['i1', 'i2', 'i3', 'i5', 'i6', 'i7', 'i8'];
  const waiting: TrackedKpi = { name: 'Waiting days', baseline: 30, target: 10, by: '2028-03-31T00:00:00.000Z' };
  const papersOf = (actions: ReturnType<typeof step>[1]) =>
    spawns(actions)
      .filter((sp) => sp.src === 'notify')
      .map((sp) => sp.input as Notification);

  it("show each KPI's figures quarter by quarter and every open action with its owner and due date, and tell the owner of one overdue", () => {
    const opened = openInitiative({}, { kpiTracking: true });
    const decided = nextQuarter(send(opened, ib.propose('i5', { decision: 'strategy', focus: 'Housing', kpis: [households, waiting] }), ...votes(itemId(1), quorum)));
    expect(decided.context.strategy?.kpis).toEqual([households, waiting]);
    const q2 = decided.context.quarter;
    const record = (kpi: string, value: number, time: string) => ({ type: 'kpi.progressRecorded', by: 'sec', kpi, value, evidence: 'Network count', at: time }) as InitiativeEvent;
    const before = new Date(Date.parse(q2.papersDeadline) - 10 * DAY).toISOString();
    const s = send(
      decided,
      record(households.name, 1500, before),
      record(households.name, 1600, before), // a correction, the same quarter
      ib.recordAction('Write to the volunteers', 'sec', before),
    );
    // The action needs its due date and an owner by id on this board: recorded with both, due before the papers.
    expect(s.context.actions).toHaveLength(0);
    const due = new Date(Date.parse(q2.papersDeadline) - 2 * DAY).toISOString();
    const later = new Date(Date.parse(q2.papersDeadline) + 60 * DAY).toISOString();
    const withActions = send(
      s,
      { ...ib.recordAction('Write to the volunteers', 'sec', before), owner: 'i5', dueAt: due } as InitiativeEvent,
      { ...ib.recordAction('Publish the map', 'sec', before), owner: 'i6', dueAt: later } as InitiativeEvent,
    );
    const [papered, actions] = step(withActions, papersDeadline);
    const [papers, ...others] = papersOf(actions);
    expect(papers!.body).toContain('KPIs of the strategy in force');
    expect(papers!.body).toContain('- Households reached: from 1,200 households to 5,000 households by 2027-12-31; 1,600 — 3,400 households to go');
    expect(papers!.body).toContain('- Waiting days: from 30 to 10 by 2028-03-31; no progress recorded yet');
    expect(papers!.body).toContain(`- initiative-board-A1 Write to the volunteers (owner i5, due ${due.slice(0, 10)}) — OVERDUE`.replace('initiative-board', decided.context.roster.boardId));
    expect(papers!.body).toContain(`Publish the map (owner i6, due ${later.slice(0, 10)})\n`);
    expect(papers!.body).toMatch(/Overdue: \S+-A1 \(i5\)/);
    expect(others).toEqual([expect.objectContaining({ to: ['i5'], subject: `Overdue: action ${decided.context.roster.boardId}-A1 was due ${due.slice(0, 10)}` })]);
    expect(papered.context.inFlight).toEqual(expect.arrayContaining([papers!.notificationId, others[0]!.notificationId]));
  });

  it('stay as they were on a board opened before tracking', () => {
    const old = send(openInitiative(), ib.recordAction('Write to the volunteers', 'sec', at(DAY)));
    const [, actions] = step(old, papersDeadline);
    const notices = papersOf(actions);
    expect(notices).toHaveLength(1);
    expect(notices[0]!.body).toContain(`Actions carried: ${old.context.roster.boardId}-A1 Write to the volunteers (sec)`);
    expect(notices[0]!.body).not.toContain('KPIs');
  });
});

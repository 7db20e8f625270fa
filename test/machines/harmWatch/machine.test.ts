import { describe, expect, it } from 'vitest';
import { harmWatchMachine, type HarmWatchEvent, type HarmWatchSnapshot } from '../../../machines/harmWatch/machine';
import { escalationNotice, escalationRequest, type Escalation } from '../../../machines/harmWatch/rules';
import { harmWatchPayloads } from '../../../machines/harmWatch/schema';
import { explainHarmWatchRefusal, harmWatchReceipt, harmWatchView } from '../../../machines/harmWatch/view';
import { defaultHarmPolicy, reviewDate } from '../../../machines/harmWatch/policy';
import { boardRoster, run, spawns, timers } from '../../support/boardFixtures';
import {
  DAY, REVIEW_TIMER, T0, actionDue, at, cancels, evidence, evidenceFailed, evidenceGathered, hw, openWatch, openWatchWithActions, plan, product,
  publishFailed, published, reminderDue, reviewDue, reviewOverdue, step, triageDue,
} from '../../support/harmWatchFixtures';

/** A refused command changes nothing and is explained. */
function refusal(s: HarmWatchSnapshot, event: HarmWatchEvent): string | undefined {
  expect(s.can(event)).toBe(false);
  const [after] = step(s, event);
  expect(after.value).toEqual(s.value);
  expect(after.context).toEqual(s.context);
  return explainHarmWatchRefusal(s, event);
}

const reviewTimer = (actions: Parameters<typeof timers>[0]) => timers(actions).find((t) => t.id === REVIEW_TIMER);

/** The first review with its evidence in, waiting for the reviewer. */
const reviewing = (s = openWatch(), gathered: HarmWatchEvent = evidenceGathered()) => run(harmWatchMachine, s, reviewDue, gathered);

/** The first review recorded (at day 35) and published. */
const firstReviewDone = (s = openWatch()) => run(harmWatchMachine, reviewing(s), hw.record('none'), published());

const summary = (reportId: string) => `Harm ${reportId}: users misled by the eligibility checker`;
const reported = (by?: string) => run(harmWatchMachine, openWatch(), hw.report('r1', at(DAY), by ? { by } : {}));
const withPlan = () => run(harmWatchMachine, reported(), hw.triage('r1', 'medium', at(2 * DAY), plan(30)));

describe('the review schedule', () => {
  it('sets the first review 30 days after going live', () => {
    const [s, actions] = openWatchWithActions();
    expect(s.value).toBe('watching');
    expect(timers(actions)).toEqual([{ event: { type: REVIEW_TIMER }, id: REVIEW_TIMER, delay: 30 * DAY }]);
    expect(harmWatchView(s)).toMatchObject({ state: 'watching', liveSinceOrIterated: T0, nextReviewAt: at(30 * DAY), run: 1 });
  });

  it('sets the next review 90 days after going live once the first is published, then every six months', () => {
    const [second, actions] = step(run(harmWatchMachine, reviewing(), hw.record('none', at(35 * DAY))), published());
    expect(second.value).toBe('watching');
    expect(reviewTimer(actions)?.delay).toBe(55 * DAY);
    expect(harmWatchView(second).nextReviewAt).toBe(at(90 * DAY));

    const recorded = run(harmWatchMachine, second, reviewDue, evidenceGathered(), hw.record('none', at(95 * DAY)));
    const [third, thirdActions] = step(recorded, published('review-p1-2'));
    const thirdDate = reviewDate(T0, 2, defaultHarmPolicy);
    // Six months after 30 August is 30 February, which the calendar carries to 2 March.
    expect(thirdDate).toBe('2027-03-02T09:00:00.000Z');
    expect(harmWatchView(third).nextReviewAt).toBe(thirdDate);
    expect(reviewTimer(thirdActions)?.delay).toBe(Date.parse(thirdDate) - Date.parse(at(95 * DAY)));
    expect(third.context).toMatchObject({ reviewsDone: 2, reviewsSinceAnchor: 2 });
  });

  it('restarts the schedule from an iteration: the next review falls 30 days after it', () => {
    const [s, actions] = step(openWatch(), hw.lifecycle('iterated', at(20 * DAY)));
    expect(s.value).toBe('watching');
    expect(cancels(actions)).toContain(REVIEW_TIMER);
    expect(reviewTimer(actions)?.delay).toBe(30 * DAY);
    expect(harmWatchView(s)).toMatchObject({ liveSinceOrIterated: at(20 * DAY), nextReviewAt: at(50 * DAY) });

    const [again, againActions] = step(firstReviewDone(), hw.lifecycle('iterated', at(40 * DAY)));
    expect(again.context).toMatchObject({ anchor: at(40 * DAY), reviewsSinceAnchor: 0, reviewsDone: 1 });
    expect(reviewTimer(againActions)?.delay).toBe(30 * DAY);
  });

  it('restarts the schedule from a roll back, as from an iteration: the version people use changed', () => {
    const [s, actions] = step(firstReviewDone(), hw.lifecycle('rolledBack', at(40 * DAY)));
    expect(s.value).toBe('watching');
    expect(cancels(actions)).toContain(REVIEW_TIMER);
    expect(reviewTimer(actions)?.delay).toBe(30 * DAY);
    expect(s.context).toMatchObject({ anchor: at(40 * DAY), reviewsSinceAnchor: 0, reviewsDone: 1, suspended: false });
    expect(harmWatchView(s)).toMatchObject({ liveSinceOrIterated: at(40 * DAY), nextReviewAt: at(70 * DAY) });
  });

  it('lets a review under way at a roll back finish, then counts from the roll back', () => {
    const rolledBack = run(harmWatchMachine, reviewing(), hw.lifecycle('rolledBack', at(32 * DAY)));
    expect(rolledBack.value).toBe('awaitingReview');
    const s = run(harmWatchMachine, rolledBack, hw.record('none', at(35 * DAY)), published());
    expect(s.value).toBe('watching');
    expect(s.context).toMatchObject({ reviewsDone: 1, reviewsSinceAnchor: 0 });
    expect(harmWatchView(s).nextReviewAt).toBe(at(62 * DAY));
  });

  it('counts a review under way at an iteration on the old schedule: the next falls 30 days after the iteration', () => {
    const iterated = run(harmWatchMachine, reviewing(), hw.lifecycle('iterated', at(32 * DAY)));
    expect(iterated.value).toBe('awaitingReview');
    const [s, actions] = step(run(harmWatchMachine, iterated, hw.record('none', at(35 * DAY))), published());
    expect(s.context).toMatchObject({ reviewsDone: 1, reviewsSinceAnchor: 0 });
    expect(reviewTimer(actions)?.delay).toBe(27 * DAY);
  });

  it('sets no review while the product is suspended', () => {
    const [s, actions] = step(openWatch(), hw.lifecycle('suspended', at(5 * DAY)));
    expect(s.value).toBe('suspended');
    expect(s.context.suspended).toBe(true);
    expect(timers(actions)).toEqual([]);
    expect(cancels(actions)).toEqual([REVIEW_TIMER]);
    expect(harmWatchView(s).nextReviewAt).toBeUndefined();
  });

  it('returns to watching on reinstatement, with the review still on its date', () => {
    const suspended = run(harmWatchMachine, openWatch(), hw.lifecycle('suspended', at(5 * DAY)));
    const [s, actions] = step(suspended, hw.lifecycle('reinstated', at(10 * DAY)));
    expect(s.value).toBe('watching');
    expect(s.context.suspended).toBe(false);
    expect(reviewTimer(actions)?.delay).toBe(20 * DAY);
  });

  it('starts a review that fell due during a suspension at once on reinstatement, due 14 days after the return', () => {
    const suspended = run(harmWatchMachine, openWatch(), hw.lifecycle('suspended', at(10 * DAY)));
    const [back, actions] = step(suspended, hw.lifecycle('reinstated', at(50 * DAY)));
    expect(reviewTimer(actions)?.delay).toBe(0);
    const [s, reviewActions] = step(back, reviewDue);
    expect(s.value).toBe('gatheringEvidence');
    expect(s.context.current).toEqual({ reviewId: 'review-p1-1', scheduledFor: at(30 * DAY), dueAt: at(64 * DAY) });
    expect(spawns(reviewActions)).toEqual([expect.objectContaining({ id: 'gatherEvidence', input: { productId: 'p1', since: T0, until: at(30 * DAY) } })]);
    const [, armed] = step(s, evidenceGathered());
    expect(timers(armed).map((t) => [t.id, t.delay])).toEqual([
      ['reviewReminder', 11 * DAY],
      ['reviewOverdue', 14 * DAY],
    ]);
  });

  const states: [string, () => HarmWatchSnapshot][] = [
    ['watching', () => openWatch()],
    ['gatheringEvidence', () => run(harmWatchMachine, openWatch(), reviewDue)],
    ['awaitingReview', () => reviewing()],
    ['publishingReview', () => run(harmWatchMachine, reviewing(), hw.record('low'))],
    ['suspended', () => run(harmWatchMachine, openWatch(), hw.lifecycle('suspended', at(5 * DAY)))],
  ];
  for (const [name, build] of states) {
    it(`stops for good when the product is retired while ${name}`, () => {
      const before = build();
      expect(before.value).toBe(name);
      const s = run(harmWatchMachine, before, hw.lifecycle('retired', at(40 * DAY)));
      expect(s.value).toBe('stopped');
      expect(s.status).toBe('done');
      expect(s.context.retired).toBe(true);
      expect(harmWatchView(s).nextReviewAt).toBeUndefined();
      expect(run(harmWatchMachine, s, hw.lifecycle('reinstated', at(42 * DAY)), reviewDue).value).toBe('stopped');
      expect(explainHarmWatchRefusal(s, hw.record('none', at(41 * DAY)))).toBe('P1 is retired; its harm watch has stopped. Nothing was recorded.');
    });
  }

  it('refuses a new report once the product is retired, saying the watch has stopped', () => {
    const stopped = run(harmWatchMachine, openWatch(), hw.lifecycle('retired', at(40 * DAY)));
    expect(explainHarmWatchRefusal(stopped, hw.report('late', at(41 * DAY)))).toBe('P1 is retired; its harm watch has stopped. Nothing was recorded.');
  });

  it('records nothing once the product is retired', () => {
    const stopped = run(harmWatchMachine, openWatch(), hw.lifecycle('retired', at(40 * DAY)));
    const [late, actions] = step(stopped, hw.report('late', at(41 * DAY)));
    expect(late.context).toEqual(stopped.context);
    expect(spawns(actions)).toEqual([]);
  });

  it('lets a review under way finish when the product is suspended, then stays suspended with no review set', () => {
    const s = run(harmWatchMachine, reviewing(), hw.lifecycle('suspended', at(32 * DAY)));
    expect(s.value).toBe('awaitingReview');
    expect(s.context.suspended).toBe(true);
    const [after, actions] = step(run(harmWatchMachine, s, hw.record('none', at(35 * DAY))), published());
    expect(after.value).toBe('suspended');
    expect(after.context.reviews).toHaveLength(1);
    expect(timers(actions)).toEqual([]);
  });

  it('lets evidence gathering under way finish when the product is suspended', () => {
    const s = run(harmWatchMachine, openWatch(), reviewDue, hw.lifecycle('suspended', at(31 * DAY)), evidenceGathered(), hw.record('none'), published());
    expect(s.value).toBe('suspended');
    expect(s.context.reviewsDone).toBe(1);
  });
});

describe('a review', () => {
  it('asks for the evidence since going live until the scheduled date', () => {
    const [s, actions] = step(openWatch(), reviewDue);
    expect(s.value).toBe('gatheringEvidence');
    expect(s.context.current).toEqual({ reviewId: 'review-p1-1', scheduledFor: at(30 * DAY), dueAt: at(44 * DAY) });
    expect(s.context.clock).toBe(at(30 * DAY));
    expect(spawns(actions)).toEqual([expect.objectContaining({ id: 'gatherEvidence', src: 'gatherEvidence', input: { productId: 'p1', since: T0, until: at(30 * DAY) } })]);
  });

  it('asks for the evidence of the next review since the last review', () => {
    const [s, actions] = step(firstReviewDone(), reviewDue);
    expect(s.context.current?.reviewId).toBe('review-p1-2');
    expect(spawns(actions)[0]?.input).toEqual({ productId: 'p1', since: at(30 * DAY), until: at(90 * DAY) });
  });

  it('keeps the evidence gathered and sets a reminder 3 days before the due date and an overdue timer', () => {
    const [s, actions] = step(run(harmWatchMachine, openWatch(), reviewDue), evidenceGathered());
    expect(s.value).toBe('awaitingReview');
    expect(s.context.current?.evidence).toEqual(evidence());
    expect(timers(actions)).toEqual([
      { event: { type: 'review.reminderDue' }, id: 'reviewReminder', delay: 11 * DAY },
      { event: { type: 'review.overdue' }, id: 'reviewOverdue', delay: 14 * DAY },
    ]);
  });

  it('keeps a failure to gather evidence as the evidence’s problem, and the reviewer decides with what there is', () => {
    const [s, actions] = step(run(harmWatchMachine, openWatch(), reviewDue), evidenceFailed('analytics down'));
    expect(s.value).toBe('awaitingReview');
    expect(s.context.current?.evidence).toEqual({ gatheredAt: at(30 * DAY), items: [], problem: 'analytics down' });
    expect(timers(actions).map((t) => t.id)).toEqual(['reviewReminder', 'reviewOverdue']);
    expect(s.can(hw.record('none'))).toBe(true);
  });

  it('reminds the board when the reminder falls due', () => {
    const [s, actions] = step(reviewing(), reminderDue);
    expect(s.value).toBe('awaitingReview');
    expect(spawns(actions)).toEqual([
      expect.objectContaining({
        id: 'review-reminder-review-p1-1',
        src: 'notify',
        input: expect.objectContaining({ to: ['product-board'], subject: `Reminder: review review-p1-1 of P1 is due ${at(44 * DAY)}` }),
      }),
    ]);
  });

  it('marks the review overdue when it falls due unrecorded, and tells the initiative board once', () => {
    const [s, actions] = step(reviewing(), reviewOverdue);
    expect(s.context.current?.overdue).toBe(true);
    expect(s.context.clock).toBe(at(44 * DAY));
    expect(spawns(actions)).toEqual([
      expect.objectContaining({ id: 'review-overdue-review-p1-1', src: 'notify', input: expect.objectContaining({ to: ['product-board', 'initiative-board'] }) }),
    ]);
    const [again, againActions] = step(s, reviewOverdue);
    expect(again.context).toEqual(s.context);
    expect(spawns(againActions)).toEqual([]);
  });

  it('publishes a record of the review with the low harms it took up, and closes them', () => {
    const lowReported = run(harmWatchMachine, openWatch(), hw.report('r1', at(DAY)), hw.triage('r1', 'low', at(2 * DAY)));
    const [publishing, actions] = step(reviewing(lowReported), hw.record('medium', at(35 * DAY)));
    expect(publishing.value).toBe('publishingReview');
    expect(cancels(actions)).toEqual(['reviewReminder', 'reviewOverdue']);
    const record = {
      decisionId: 'review-p1-1',
      kind: 'harmReview',
      boardId: 'product-board',
      product,
      scheduledFor: at(30 * DAY),
      dueAt: at(44 * DAY),
      recordedAt: at(35 * DAY),
      recordedBy: 'rev',
      overdue: false,
      benefits: ['Claims take half the time'],
      harms: ['A medium harm'],
      worstHarm: 'medium',
      evidence: evidence(),
      reportsTakenUp: [{ reportId: 'r1', summary: summary('r1') }],
    };
    expect(spawns(actions)).toEqual([expect.objectContaining({ id: 'publishDecision', src: 'publishDecision', input: record })]);

    const [done, doneActions] = step(publishing, published());
    expect(done.value).toBe('watching');
    const { evidence: _kept, ...withoutEvidence } = record;
    expect(done.context.reviews).toEqual([withoutEvidence]);
    expect(done.context).toMatchObject({ reviewsDone: 1, reviewsSinceAnchor: 1, current: undefined, pendingRecord: undefined });
    expect(done.context.reports[0]).toMatchObject({ reportId: 'r1', status: 'closed', addressedIn: 'review-p1-1' });
    expect(spawns(doneActions)).toEqual([]);
    expect(harmWatchView(done).openReports).toEqual([]);
  });

  it('takes up only the low harms: an untriaged or medium one stays open', () => {
    const s = run(harmWatchMachine, openWatch(), hw.report('r1'), hw.report('r2'), hw.triage('r2', 'medium', at(2 * DAY), plan(60)));
    const publishing = run(harmWatchMachine, reviewing(s), hw.record('low'));
    expect(publishing.context.pendingRecord?.reportsTakenUp).toEqual([]);
    const done = run(harmWatchMachine, publishing, published());
    expect(done.context.reports.map((r) => r.status)).toEqual(['awaitingTriage', 'actionPlan']);
  });

  it('flags a review recorded after its due date as overdue', () => {
    const s = run(harmWatchMachine, reviewing(), hw.record('none', at(45 * DAY)));
    expect(s.context.pendingRecord?.overdue).toBe(true);
    expect(run(harmWatchMachine, reviewing(), hw.record('none', at(44 * DAY))).context.pendingRecord?.overdue).toBe(false);
  });

  for (const worst of ['high', 'critical'] as const) {
    it(`puts a review finding a ${worst} harm to the board with a decision due in 3 days`, () => {
      const [s, actions] = step(run(harmWatchMachine, reviewing(), hw.record(worst, at(35 * DAY))), published());
      expect(s.value).toBe('watching');
      expect(spawns(actions)).toEqual([
        expect.objectContaining({
          id: 'escalate-review-p1-1',
          src: 'escalateHarm',
          input: { productId: 'p1', boardId: 'product-board', subjectId: 'review-p1-1', severity: worst, remedy: 'suspension', summary: `Review review-p1-1 found a ${worst} harm: A ${worst} harm`, decideBy: at(38 * DAY) },
        }),
      ]);
    });
  }

  it('puts a roll back to the board when the reviewer asks for one, and keeps the ask in the record', () => {
    const recorded = run(harmWatchMachine, reviewing(), hw.record('critical', at(35 * DAY), { remedy: 'rollback' }));
    expect(recorded.context.pendingRecord).toMatchObject({ worstHarm: 'critical', remedy: 'rollback' });
    const [, actions] = step(recorded, published());
    expect(spawns(actions)).toEqual([expect.objectContaining({ id: 'escalate-review-p1-1', input: expect.objectContaining({ severity: 'critical', remedy: 'rollback' }) })]);
  });

  it('refuses a remedy on a review that found no high or critical harm', () => {
    const parsed = harmWatchPayloads['review.recorded'].safeParse({ by: 'm2', benefits: [], harms: ['Slow'], worstHarm: 'medium', remedy: 'rollback' });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toBe('only a high or critical harm goes to the product board for a suspension or roll back');
  });

  it('keeps the review and goes on watching when its record cannot be published', () => {
    const s = run(harmWatchMachine, reviewing(), hw.record('none'), publishFailed);
    expect(s.value).toBe('watching');
    expect(s.context.reviewsDone).toBe(1);
    expect(harmWatchView(s).nextReviewAt).toBe(at(90 * DAY));
  });

  it('refuses a record when no review is waiting, saying when the next falls', () => {
    expect(refusal(openWatch(), hw.record('none', at(2 * DAY)))).toBe('No review of P1 is waiting to be recorded; the next falls on 2026-07-01T09:00:00.000Z.');
    const gathering = run(harmWatchMachine, openWatch(), reviewDue);
    expect(refusal(gathering, hw.record('none'))).toBe('No review of P1 is waiting to be recorded; the next falls on 2026-07-01T09:00:00.000Z.');
    const publishing = run(harmWatchMachine, reviewing(), hw.record('none'));
    expect(refusal(publishing, hw.record('low'))).toBe('The harm watch of P1 cannot take review.recorded now.');
  });
});

describe('harm reports', () => {
  it('takes an anonymous report, tells the board, and sets triage due in 5 working days', () => {
    const [s, actions] = step(openWatch(), hw.report('r1', at(DAY)));
    // Tuesday 2 June → Tuesday 9 June.
    expect(s.context.reports).toEqual([{ reportId: 'r1', summary: summary('r1'), reportedAt: at(DAY), triageBy: at(8 * DAY), status: 'awaitingTriage' }]);
    expect(timers(actions)).toEqual([{ event: { type: 'triage.due', reportId: 'r1' }, id: 'triage-r1', delay: 7 * DAY }]);
    expect(spawns(actions)).toEqual([
      expect.objectContaining({
        id: 'harm-reported-r1',
        src: 'notify',
        input: { notificationId: 'harm-reported-r1', to: ['product-board'], subject: 'Harm reported on P1: r1', body: `${summary('r1')}\nTriage is due by ${at(8 * DAY)}.` },
      }),
    ]);
    expect(s.context.clock).toBe(at(DAY));
  });

  it('takes a named report and tells the reporter how it was triaged', () => {
    const s = reported('u1');
    expect(s.context.reports[0]?.reportedBy).toBe('u1');
    const [, actions] = step(s, hw.triage('r1', 'low'));
    expect(spawns(actions)).toEqual([
      expect.objectContaining({ id: 'harm-triaged-r1', src: 'notify', input: expect.objectContaining({ to: ['u1'], subject: 'Your harm report r1 was triaged: low', body: 'Judged low' }) }),
    ]);
  });

  it('counts the triage deadline in working days: a report on a Friday is due the following Friday', () => {
    const friday = '2026-06-05T16:00:00.000Z';
    const [s, actions] = step(openWatch(), hw.report('r1', friday));
    expect(s.context.reports[0]?.triageBy).toBe('2026-06-12T16:00:00.000Z');
    expect(timers(actions)[0]?.delay).toBe(7 * DAY);
  });

  it('refuses a report whose id is taken', () => {
    expect(refusal(reported(), hw.report('r1', at(3 * DAY)))).toBe('A harm report r1 already exists; nothing was recorded. Report again without choosing an id.');
  });

  it('carries a low harm to the next review and stops the triage timer', () => {
    const [s, actions] = step(reported(), hw.triage('r1', 'low', at(2 * DAY)));
    expect(s.context.reports[0]).toMatchObject({ status: 'carriedToReview', triage: { by: 'sec', at: at(2 * DAY), severity: 'low', note: 'Judged low' } });
    expect(cancels(actions)).toEqual(['triage-r1']);
    expect(timers(actions)).toEqual([]);
    // Anonymous: nobody to tell.
    expect(spawns(actions)).toEqual([]);
  });

  it('requires an action plan for a medium harm', () => {
    const parsed = harmWatchPayloads['harm.triaged'].safeParse({ by: 'sec', reportId: 'r1', severity: 'medium', note: 'Misleading wording' });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues).toEqual([expect.objectContaining({ path: ['actionPlan'], message: 'a medium harm needs an action plan with a due date' })]);
    expect(harmWatchPayloads['harm.triaged'].safeParse({ by: 'sec', reportId: 'r1', severity: 'medium', note: 'Misleading wording', actionPlan: { description: 'Reword', dueAt: at(30 * DAY) } }).success).toBe(true);
  });

  it('tracks a medium harm’s action plan with a timer to its due date', () => {
    const [s, actions] = step(reported(), hw.triage('r1', 'medium', at(2 * DAY), plan(30)));
    expect(s.context.reports[0]).toMatchObject({ status: 'actionPlan', actionPlan: plan(30) });
    expect(timers(actions)).toEqual([{ event: { type: 'action.due', reportId: 'r1' }, id: 'action-r1', delay: 28 * DAY }]);
  });

  it('closes a report when its action plan is done, and stops the plan’s timer', () => {
    const [s, actions] = step(withPlan(), hw.complete('r1', at(10 * DAY)));
    expect(s.context.reports[0]).toMatchObject({ status: 'closed', actionPlan: { ...plan(30), completed: { by: 'sec', at: at(10 * DAY), evidence: 'https://example.org/fix' } } });
    expect(cancels(actions)).toEqual(['action-r1']);
    const [late, lateActions] = step(s, actionDue('r1'));
    expect(late.context).toEqual(s.context);
    expect(spawns(lateActions)).toEqual([]);
  });

  it('marks a missed action plan and tells the initiative board', () => {
    const [s, actions] = step(withPlan(), actionDue('r1'));
    expect(s.context.reports[0]).toMatchObject({ status: 'actionPlan', actionPlan: { missed: true } });
    expect(s.context.clock).toBe(at(30 * DAY));
    expect(spawns(actions)).toEqual([
      expect.objectContaining({ id: 'action-missed-r1', src: 'notify', input: expect.objectContaining({ to: ['product-board', 'initiative-board'] }) }),
    ]);
    expect(run(harmWatchMachine, s, hw.complete('r1', at(31 * DAY))).context.reports[0]?.status).toBe('closed');
  });

  it('puts a roll back to the board instead of a suspension when the triage asks for one', () => {
    const triage = { ...hw.triage('r1', 'critical', at(2 * DAY)), remedy: 'rollback' } as HarmWatchEvent;
    const [s, actions] = step(reported(), triage);
    expect(s.context.reports[0]).toMatchObject({ status: 'escalated', triage: { severity: 'critical', remedy: 'rollback' } });
    expect(spawns(actions)).toEqual([expect.objectContaining({ id: 'escalate-r1', src: 'escalateHarm', input: expect.objectContaining({ severity: 'critical', remedy: 'rollback', decideBy: at(5 * DAY) }) })]);
  });

  it('asks for a remedy only for a high or critical harm', () => {
    const parsed = harmWatchPayloads['harm.triaged'].safeParse({ by: 'sec', reportId: 'r1', severity: 'low', note: 'Minor', remedy: 'rollback' });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => i.message)).toEqual(['only a high or critical harm goes to the product board for a suspension or roll back']);
    expect(harmWatchPayloads['harm.triaged'].safeParse({ by: 'sec', reportId: 'r1', severity: 'high', note: 'Since the last change', remedy: 'rollback' }).success).toBe(true);
    expect(harmWatchPayloads['harm.triaged'].safeParse({ by: 'sec', reportId: 'r1', severity: 'high', note: 'x', remedy: 'undo' }).error?.issues[0]?.message).toBe('remedy is one of: suspension, rollback');
  });

  for (const severity of ['high', 'critical'] as const) {
    it(`puts a ${severity} harm to the board at once, with a decision due 3 days after triage`, () => {
      const [s, actions] = step(reported(), hw.triage('r1', severity, at(2 * DAY)));
      expect(s.context.reports[0]?.status).toBe('escalated');
      expect(spawns(actions)).toEqual([
        expect.objectContaining({
          id: 'escalate-r1',
          src: 'escalateHarm',
          input: { productId: 'p1', boardId: 'product-board', subjectId: 'r1', severity, remedy: 'suspension', summary: `${summary('r1')} (triaged ${severity}: Judged ${severity})`, decideBy: at(5 * DAY) },
        }),
      ]);
    });
  }

  it('marks a report overdue when triage falls due first, tells the board, and still takes the late triage', () => {
    const [s, actions] = step(reported(), triageDue('r1'));
    expect(s.context.reports[0]?.triageOverdue).toBe(true);
    expect(s.context.clock).toBe(at(8 * DAY));
    expect(spawns(actions)).toEqual([
      expect.objectContaining({ id: 'triage-overdue-r1', src: 'notify', input: expect.objectContaining({ to: ['product-board'], subject: 'Triage overdue: harm report r1 on P1' }) }),
    ]);
    expect(run(harmWatchMachine, s, hw.triage('r1', 'low', at(9 * DAY))).context.reports[0]?.status).toBe('carriedToReview');
  });

  it('ignores a triage timer for a report already triaged', () => {
    const s = run(harmWatchMachine, reported(), hw.triage('r1', 'low'));
    const [after, actions] = step(s, triageDue('r1'));
    expect(after.context).toEqual(s.context);
    expect(spawns(actions)).toEqual([]);
  });

  it('refuses a second triage', () => {
    const s = run(harmWatchMachine, reported(), hw.triage('r1', 'low', at(2 * DAY)));
    expect(refusal(s, hw.triage('r1', 'critical', at(3 * DAY), undefined, 'sec2'))).toBe(`Harm report r1 was triaged by sec at ${at(2 * DAY)} as low.`);
  });

  it('refuses to triage or complete a report it does not have', () => {
    const sentence = 'There is no harm report nope on P1; follow your report with the id you were given.';
    expect(refusal(reported(), hw.triage('nope', 'low'))).toBe(sentence);
    expect(refusal(reported(), hw.complete('nope'))).toBe(sentence);
  });

  it('refuses an action plan due in the past, completing a report with no plan, and completing a plan twice', () => {
    expect(refusal(reported(), hw.triage('r1', 'medium', at(2 * DAY), plan(2)))).toBe(`The action plan's due date ${at(2 * DAY)} is not in the future.`);
    expect(refusal(run(harmWatchMachine, reported(), hw.triage('r1', 'low')), hw.complete('r1'))).toBe('Harm report r1 has no action plan to complete.');
    const done = run(harmWatchMachine, withPlan(), hw.complete('r1', at(10 * DAY)));
    expect(refusal(done, hw.complete('r1', at(11 * DAY), 'sec2'))).toBe(`The action plan for r1 was completed by sec at ${at(10 * DAY)}.`);
  });

  it('takes reports and triage during a review and while suspended', () => {
    const duringReview = run(harmWatchMachine, reviewing(), hw.report('r1', at(31 * DAY)), hw.triage('r1', 'low', at(32 * DAY)));
    expect(duringReview.value).toBe('awaitingReview');
    expect(duringReview.context.reports[0]?.status).toBe('carriedToReview');
    const suspended = run(harmWatchMachine, openWatch(), hw.lifecycle('suspended', at(DAY)), hw.report('r1', at(2 * DAY)), hw.triage('r1', 'critical', at(3 * DAY)));
    expect(suspended.value).toBe('suspended');
    expect(suspended.context.reports[0]?.status).toBe('escalated');
  });

  it('explains the engine’s own events when they do not apply', () => {
    expect(explainHarmWatchRefusal(openWatch(), reminderDue)).toBe("review.reminderDue is the engine's own event.");
  });
});

describe('continuing as new', () => {
  /** r1 untriaged, r2 a medium harm with its plan due at day 30. */
  const busy = () => run(harmWatchMachine, openWatch(), hw.report('r1', at(DAY)), hw.report('r2', at(DAY)), hw.triage('r2', 'medium', at(2 * DAY), plan(30)));

  it('re-arms the timers of an untriaged report and an open action plan, then watches', () => {
    const previous = busy();
    const [s, actions] = openWatchWithActions({ resume: previous.context, openedAt: at(3 * DAY) });
    expect(s.value).toBe('watching');
    expect(s.context).toEqual({ ...previous.context, clock: at(3 * DAY) });
    expect(timers(actions)).toEqual([
      { event: { type: 'triage.due', reportId: 'r1' }, id: 'triage-r1', delay: 5 * DAY },
      { event: { type: 'action.due', reportId: 'r2' }, id: 'action-r2', delay: 28 * DAY - DAY },
      { event: { type: REVIEW_TIMER }, id: REVIEW_TIMER, delay: 27 * DAY },
    ]);
  });

  it('fires a re-armed timer at once when its time passed before the new run', () => {
    const [, actions] = openWatchWithActions({ resume: busy().context, openedAt: at(9 * DAY) });
    expect(timers(actions).find((t) => t.id === 'triage-r1')?.delay).toBe(0);
  });

  it('does not re-arm an overdue triage, a completed plan or a missed plan', () => {
    const s = run(harmWatchMachine, busy(), triageDue('r1'), hw.report('r3', at(9 * DAY)), hw.triage('r3', 'medium', at(9 * DAY), plan(20)), hw.complete('r3', at(10 * DAY)), actionDue('r2'));
    const [, actions] = openWatchWithActions({ resume: s.context, openedAt: at(31 * DAY) });
    expect(timers(actions).map((t) => t.id)).toEqual([REVIEW_TIMER]);
  });

  it('resumes a suspended watch suspended, with its report timers and no review', () => {
    const previous = run(harmWatchMachine, openWatch(), hw.report('r1', at(DAY)), hw.lifecycle('suspended', at(2 * DAY)));
    const [s, actions] = openWatchWithActions({ resume: previous.context, openedAt: at(3 * DAY) });
    expect(s.value).toBe('suspended');
    expect(timers(actions).map((t) => [t.id, t.delay])).toEqual([['triage-r1', 5 * DAY]]);
  });

  it('resumes a retired watch stopped', () => {
    const [s] = openWatchWithActions({ resume: { ...busy().context, retired: true }, openedAt: at(3 * DAY) });
    expect(s.value).toBe('stopped');
    expect(s.status).toBe('done');
  });

  it('keeps the clock when a re-armed timer that had already passed fires', () => {
    const [s] = openWatchWithActions({ resume: busy().context, openedAt: at(9 * DAY) });
    expect(run(harmWatchMachine, s, triageDue('r1')).context.clock).toBe(at(9 * DAY));
  });

  it('keeps the clock when a re-armed action plan timer that had already passed fires', () => {
    const [s] = openWatchWithActions({ resume: run(harmWatchMachine, busy(), triageDue('r1')).context, openedAt: at(31 * DAY) });
    expect(run(harmWatchMachine, s, actionDue('r2')).context.clock).toBe(at(31 * DAY));
  });
});

describe('escalating a high or critical harm', () => {
  const escalation: Escalation = { productId: 'p1', boardId: 'product-board', subjectId: 'r1', severity: 'critical', remedy: 'rollback', summary: 'Misleads tenants', decideBy: at(5 * DAY) };

  it('puts the remedy asked for to the board by written procedure in the chair’s name, by the escalation’s deadline', () => {
    expect(escalationRequest(escalation, 'm1')).toEqual({ by: 'm1', gate: 'rollback', procedure: 'written', deadline: at(5 * DAY), papers: [], selfAssessment: [] });
  });

  it('asks for a suspension when an escalation scheduled before roll back existed carries no remedy', () => {
    const { remedy: _remedy, ...old } = escalation;
    expect(escalationRequest(old as Escalation, 'm1').gate).toBe('suspension');
  });

  it('tells both boards what is asked, by when, and that the other remedy stays open', () => {
    const notice = escalationNotice(escalation, boardRoster, 'gr-p1-rollback-3');
    expect(notice).toMatchObject({ notificationId: 'escalation-r1', to: [...boardRoster.members.map((m) => m.id), ...boardRoster.secretariat, 'initiative-board'] });
    expect(notice.body).toBe(
      `Misleads tenants\nPut to the board: roll it back to the version before its latest change, keeping it live. Vote by ${at(5 * DAY)} on gr-p1-rollback-3.\n` +
        'Or suspend the product until a reinstatement decision: reject this item, and the chair requests the suspension gate by written procedure.',
    );
  });
  it('tells both boards when the item could not be put to the board, why, and what the chair can do', () => {
    const notice = escalationNotice(escalation, boardRoster, undefined, 'Product p1 already has gr-p1-iteration-2 (iteration) before the board; wait for its decision.');
    expect(notice.body).toBe(
      'Misleads tenants\nTo ask of the board: roll it back to the version before its latest change, keeping it live. The engine could not put it before the board: Product p1 already has gr-p1-iteration-2 (iteration) before the board; wait for its decision.\n' +
        'The chair can request the rollback or suspension gate by written procedure once the product can take it (govern request --product p1 --gate rollback --written --deadline …).',
    );
  });
});

describe('who names a harm report', () => {
  const anonymous = (time = at(DAY)): HarmWatchEvent => ({ type: 'harm.reported', summary: 'The checker told me I was not eligible', at: time });

  it('numbers each report itself in a watch started with the stricter rules, and says the id in the receipt', () => {
    const s0 = openWatch({ strict: true });
    const s1 = run(harmWatchMachine, s0, anonymous());
    const s2 = run(harmWatchMachine, s1, anonymous(at(2 * DAY)));
    expect(s2.context.reports.map((r) => r.reportId)).toEqual(['harm-p1-R1', 'harm-p1-R2']);
    expect(harmWatchReceipt(s2, s1, anonymous(at(2 * DAY)))).toEqual({ created: 'harm-p1-R2' });
  });

  it('refuses an id chosen by the reporter in a watch started with the stricter rules, saying to leave it out', () => {
    const s = openWatch({ strict: true });
    expect(refusal(s, hw.report('my-own-id'))).toBe(
      'The harm watch names each report itself; send the report without reportId (you were sending "my-own-id"), and keep the id its receipt gives you to follow it.',
    );
  });

  it('still takes an id chosen by the client in a watch whose history is older than the stricter rules', () => {
    const s = run(harmWatchMachine, openWatch(), hw.report('harm-p1-1a2b3c4d'));
    expect(s.context.reports.map((r) => r.reportId)).toEqual(['harm-p1-1a2b3c4d']);
  });

  it('keeps numbering where the last run stopped, and applies the rules of the run it continues into', () => {
    const before = run(harmWatchMachine, openWatch(), hw.report('harm-p1-1a2b3c4d'), anonymous(at(2 * DAY)));
    expect(before.context.reports.map((r) => r.reportId)).toEqual(['harm-p1-1a2b3c4d', 'harm-p1-R2']);
    const [resumed] = openWatchWithActions({ resume: before.context, openedAt: at(3 * DAY), strict: true });
    expect(resumed.context.strict).toBe(true);
    expect(run(harmWatchMachine, resumed, anonymous(at(3 * DAY))).context.reports.at(-1)?.reportId).toBe('harm-p1-R3');
    expect(resumed.can(hw.report('another-own-id', at(3 * DAY)))).toBe(false);
  });
});

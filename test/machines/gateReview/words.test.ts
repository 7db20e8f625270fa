/**
 * What a gate review says in words, down to the names and separators a reader relies on, for the cases the
 * other tests match only in part: each refusal a member, the chair or the secretariat reads; the status in each
 * state; what the decision record keeps of the request; the notices' texts. Every expected sentence is written
 * out here from the rule it states (shared domain: roles, recusal, written procedure), not taken from the code.
 */
import { describe, expect, it } from 'vitest';
import { initialTransition, transition } from 'xstate';
import { gateReviewMachine, type GateReviewEvent } from '../../../machines/gateReview/machine';
import { requestRefusal } from '../../../machines/gateReview/rules';
import { explainGateReviewRefusal, gateReviewView, type GateReviewSnapshot } from '../../../machines/gateReview/view';
import type { Notification } from '../../../machines/kernel/effects';
import { engine, spawns } from '../../support/boardFixtures';
import { DAY, T0, at, events, members, parsedRequest, sevenMemberBoard } from '../../support/gateReviews';

type Overrides = Parameters<typeof parsedRequest>[0];
const open = (overrides: Overrides = {}, notices = false): GateReviewSnapshot =>
  initialTransition(gateReviewMachine, { request: parsedRequest(overrides), openedAt: T0, notices })[0];
const send = (s: GateReviewSnapshot, ...list: GateReviewEvent[]) => list.reduce((x, e) => transition(gateReviewMachine, x, e)[0], s);
const deadline = engine<GateReviewEvent>('xstate.after.votingDeadline.gateReview.awaitingVotes');
const publicationFailed = engine<GateReviewEvent>('xstate.error.actor.publishDecision', { error: { message: 'register down' } });
const published = engine<GateReviewEvent>('xstate.done.actor.publishDecision', { output: { decisionId: 'gr-test-1', publishedAt: at(4 * DAY), location: 'register' } });
const commission = (by = 'm2', dueAt = at(10 * DAY), time = at(DAY)): GateReviewEvent => ({ type: 'assessment.commissioned', by, assessor: 'Alan Turing Institute', question: 'Is the model fair?', dueAt, at: time });
const report = (time = at(2 * DAY), summary?: string): GateReviewEvent => ({ type: 'assessment.reported', by: 'sec', report: 'https://example.org/assessment', ...(summary ? { summary } : {}), at: time });
const quorum = ['m1', 'm2', 'm3', 'm4'];
const tied = () => send(open({ policy: { chairHasCastingVote: true } }), events.vote('m1', 'approve'), events.vote('m2', 'reject'), events.vote('m3', 'approve'), events.vote('m4', 'reject'), events.close());

/** A refused command changes nothing; the sentence is what the person reads. */
function refusal(s: GateReviewSnapshot, event: GateReviewEvent): string | undefined {
  expect(s.can(event)).toBe(false);
  expect(send(s, event).context).toEqual(s.context);
  return explainGateReviewRefusal(s, event);
}

describe('the refusals a person reads', () => {
  it('names the board’s members to someone who is not one, for a vote or a declaration', () => {
    expect(refusal(open(), events.vote('stranger', 'approve'))).toBe(
      'stranger is not a member of product-board, so cannot vote on gate review gr-test-1. Its members are: m1, m2, m3, m4, m5, m6, m7.',
    );
    expect(refusal(open(), events.interest('stranger'))).toBe(
      'stranger is not a member of product-board, so cannot declare an interest on gate review gr-test-1. Its members are: m1, m2, m3, m4, m5, m6, m7.',
    );
  });

  it('tells a recused member, by name, that neither a vote nor a change is recorded, quoting the interest', () => {
    const s = send(open(), events.vote('m3', 'approve'), events.interest('m3', 'Is paid by the vendor'));
    const sentence = 'Member 3 declared an interest in gate review gr-test-1 ("Is paid by the vendor") and is recused: the vote was not recorded.';
    expect(refusal(s, events.vote('m3', 'reject'))).toBe(sentence);
    expect(refusal(s, events.change('m3', 'reject'))).toBe(sentence);
    expect(refusal(s, events.interest('m3', 'Another'))).toBe('Member 3 has already declared an interest in gate review gr-test-1 and is recused.');
  });

  it('asks a member who has not voted to cast a vote before changing it', () => {
    expect(refusal(open(), events.change('m2', 'approve'))).toBe('Member 2 has not voted on gate review gr-test-1 yet: cast a vote first.');
  });

  it('names the chair to a member who tries to close voting', () => {
    expect(refusal(open(), events.close('m4'))).toBe('m4 may not close voting on gate review gr-test-1: only the secretariat or the chair (m1) may.');
  });

  it('lets members and the secretariat commission an assessment, and no one else', () => {
    expect(refusal(open(), commission('stranger'))).toBe(
      "stranger may not commission an assessment for gate review gr-test-1: only the board's members, its chair, or the secretariat on the board's behalf may.",
    );
    expect(send(open(), commission('sec')).context.assessment).toMatchObject({ commissionedBy: 'sec' });
    expect(send(open(), commission('m1')).context.assessment).toMatchObject({ commissionedBy: 'm1' });
  });

  it('refuses an assessment due the very moment it is commissioned', () => {
    expect(refusal(open(), commission('m2', at(DAY), at(DAY)))).toBe(`The assessment's due date ${at(DAY)} is not in the future.`);
  });

  it('says when an assessment was already reported', () => {
    const s = send(open(), commission(), report());
    expect(refusal(s, report(at(3 * DAY)))).toBe(`The assessment for gate review gr-test-1 was already reported at ${at(2 * DAY)}.`);
  });

  it('lets only the secretariat retry a publication the register refused', () => {
    const failed = send(open(), ...quorum.map((m) => events.vote(m, 'approve')), events.close(), publicationFailed);
    expect(failed.value).toBe('publicationFailed');
    expect(refusal(failed, { type: 'publication.retried', by: 'm2', at: at(5 * DAY) })).toBe('m2 may not retry publication of gate review gr-test-1: only the secretariat may.');
    expect(send(failed, { type: 'publication.retried', by: 'sec', at: at(5 * DAY) }).value).toBe('publishing');
  });

  it('names the chair by name to a member who gives a casting vote', () => {
    expect(refusal(tied(), events.casting('approve', 'm2'))).toBe('m2 does not hold the casting vote on gate review gr-test-1: only the chair (Member 1) does.');
  });

  it('says what a closed review was doing to a late declaration, a late change and a late request', () => {
    const closed = send(open(), events.vote('m2', 'approve'), events.close());
    const then = `Voting on gate review gr-test-1 closed at ${at(3 * DAY)}; your`;
    const state = 'Decided (deferred); publishing to the decision register.';
    expect(refusal(closed, events.interest('m3'))).toBe(`${then} declaration was not recorded. ${state}`);
    expect(refusal(closed, events.change('m2', 'reject'))).toBe(`${then} vote was not recorded. ${state}`);
    expect(refusal(closed, commission('m3', at(12 * DAY)))).toBe(`${then} request was not recorded. ${state}`);
  });

  it('says a review is not waiting for a casting vote, or has no failed publication, with what it is doing', () => {
    expect(refusal(open(), events.casting('approve'))).toBe(`gate review gr-test-1 is not waiting for a casting vote. Voting open until ${at(7 * DAY)}.`);
    expect(refusal(open(), { type: 'publication.retried', by: 'sec', at: at(DAY) })).toBe(`gate review gr-test-1 has no failed publication to retry (Voting open until ${at(7 * DAY)}.)`);
  });

  it('says a timer of its own is the review’s own event once it no longer applies', () => {
    const closed = send(open(), events.close());
    expect(refusal(closed, engine<GateReviewEvent>('voting.reminderDue'))).toBe("voting.reminderDue is the review's own event.");
  });
});

describe('opening a gate review', () => {
  const now = new Date(T0);
  const twoSecretaries = { ...sevenMemberBoard, secretariat: ['sec', 'sec2'] };

  it('takes a written procedure only from the chair, who need not be the secretariat', () => {
    expect(requestRefusal(parsedRequest({ procedure: 'written', requestedBy: 'm1' }), now)).toBeUndefined();
    expect(requestRefusal(parsedRequest({ procedure: 'written', requestedBy: 'm2' }), now)).toBe('m2 may not call a written procedure on product-board: only the chair (m1) may.');
    expect(requestRefusal(parsedRequest({ procedure: 'written', requestedBy: 'sec' }), now)).toBe('sec may not call a written procedure on product-board: only the chair (m1) may.');
  });

  it('takes an item for a meeting from any of the secretariat, naming them all to anyone else', () => {
    expect(requestRefusal(parsedRequest({ board: twoSecretaries, requestedBy: 'sec2' }), now)).toBeUndefined();
    expect(requestRefusal(parsedRequest({ board: twoSecretaries, requestedBy: 'm1' }), now)).toBe(
      'm1 does not hold the secretariat role of product-board; only the secretariat (sec, sec2) may request a gate review.',
    );
  });

  it('refuses a close at the very moment of the request, saying both times', () => {
    expect(requestRefusal(parsedRequest({ votingClosesAt: T0 }), now)).toBe(`Voting cannot close at ${T0}: that is not in the future (now ${T0}).`);
    expect(requestRefusal(parsedRequest({ votingClosesAt: at(1) }), now)).toBeUndefined();
  });
});

describe('the status in each state', () => {
  it('waits up to the policy’s hours for a casting vote', () => {
    expect(gateReviewView(tied()).summary).toBe("Tied: waiting up to 48 hours for the chair's casting vote.");
  });

  it('says the register refused the decision, and once published gives the decision’s own explanation', () => {
    const decided = send(open(), ...quorum.map((m) => events.vote(m, 'approve')), events.close());
    expect(gateReviewView(send(decided, publicationFailed)).summary).toBe('Decided, but the register refused the decision; the secretariat can retry publication.');
    const done = send(decided, published);
    expect(done.value).toBe('decided');
    expect(gateReviewView(done).summary).toBe(done.context.decision!.explanation);
    expect(gateReviewView(done).summary).toMatch(/^Approved/);
  });

  it('shows the principles, the meeting, the close and the assessment only when the review has them', () => {
    const bare = gateReviewView(open());
    for (const field of ['principles', 'meetingId', 'closedAt', 'assessment', 'lateQuorum', 'tally', 'decision']) expect(Object.keys(bare)).not.toContain(field);
    const full = gateReviewView(send(open({ principles: [{ id: 'open', title: 'Open by default' }], meetingId: 'product-board-2026-06-10' }), commission(), events.close()));
    expect(full).toMatchObject({
      principles: [{ id: 'open', title: 'Open by default' }],
      meetingId: 'product-board-2026-06-10',
      closedAt: at(3 * DAY),
      assessment: { assessor: 'Alan Turing Institute', dueAt: at(10 * DAY) },
    });
  });

  it('lists by name the members yet to vote: neither voted nor recused', () => {
    const s = send(open(), events.vote('m2', 'approve'), events.interest('m5'), events.vote('m7', 'reject'));
    expect(gateReviewView(s).yetToVote).toEqual([
      { id: 'm1', name: 'Member 1' }, { id: 'm3', name: 'Member 3' }, { id: 'm4', name: 'Member 4' }, { id: 'm6', name: 'Member 6' },
    ]);
  });

  it('shows the decision and its tally once decided', () => {
    const view = gateReviewView(send(open(), ...quorum.map((m) => events.vote(m, 'approve')), events.close()));
    expect(view.decision).toMatchObject({ outcome: 'approved' });
    expect(view.tally).toMatchObject({ approve: 4, reject: 0, abstain: 0, cast: 4, eligible: 7 });
  });
});

describe('the decision record', () => {
  const decideWith = (overrides: Overrides, ...list: GateReviewEvent[]) => send(open(overrides), ...list, events.close()).context.decision!;
  const approveAll = quorum.map((m) => events.vote(m, 'approve'));

  it('keeps what the request said of its meeting, its earlier item, the board and its principles, and whom to tell', () => {
    const composition = { met: false, unmet: ['No member with ethics expertise.'], filledSeats: 7, seats: 7 };
    const d = decideWith({
      meetingId: 'product-board-2026-06-10', carriedOverFrom: 'gr-test-0', composition, principles: [{ id: 'open', title: 'Open by default' }], subscribers: ['fan'],
    }, ...approveAll);
    expect(d).toMatchObject({
      decisionId: 'gr-test-1', kind: 'gateReview', boardId: 'product-board', gate: 'alpha', procedure: 'meeting', requestedBy: 'sec', openedAt: T0, closedAt: at(3 * DAY),
      papers: ['https://example.org/papers/benefits-map-alpha'],
      meetingId: 'product-board-2026-06-10', carriedOverFrom: 'gr-test-0', composition, principles: [{ id: 'open', title: 'Open by default' }], notify: ['fan'],
    });
  });

  it('keeps none of them when the request had none, nor anyone to tell for an empty list of subscribers', () => {
    const d = decideWith({ subscribers: [] }, ...approveAll);
    for (const field of ['meetingId', 'carriedOverFrom', 'composition', 'principles', 'assessment', 'lateQuorum', 'notify', 'castingVote']) expect(Object.keys(d)).not.toContain(field);
  });

  it('keeps the assessment it waited for', () => {
    const d = send(open(), commission(), report(at(2 * DAY), 'Fair enough'), ...approveAll, events.close()).context.decision!;
    expect(d.assessment).toMatchObject({ assessor: 'Alan Turing Institute', report: { by: 'sec', report: 'https://example.org/assessment', summary: 'Fair enough', at: at(2 * DAY) } });
  });

  it('keeps no conditions when the gate is rejected, though a member asked for some', () => {
    const d = decideWith({}, events.vote('m1', 'approveWithConditions', { conditions: ['Publish the DPIA'] }), events.vote('m2', 'reject'), events.vote('m3', 'reject'), events.vote('m4', 'abstain'));
    expect(d).toMatchObject({ outcome: 'rejected', conditions: [] });
  });

  it('keeps the chair’s casting vote and its reason, or no reason when none was given', () => {
    const withReason = send(tied(), { type: 'castingVote.cast', by: 'm1', choice: 'approve', reason: 'The risks are met', at: at(4 * DAY) }).context.decision!;
    expect(withReason).toMatchObject({ outcome: 'approved', castingVote: { by: 'm1', choice: 'approve', reason: 'The risks are met', at: at(4 * DAY) } });
    const bare = send(tied(), events.casting('reject')).context.decision!;
    expect(bare.castingVote).toStrictEqual({ by: 'm1', choice: 'reject', at: at(4 * DAY) });
  });

  it('closes at the deadline when no one closed voting early', () => {
    expect(send(open(), ...approveAll, deadline).context.decision!.closedAt).toBe(at(7 * DAY));
  });
});

describe('the assessment’s report and deadline', () => {
  it('records a report without a summary as it came', () => {
    expect(send(open(), commission(), report()).context.assessment!.report).toStrictEqual({ by: 'sec', report: 'https://example.org/assessment', at: at(2 * DAY) });
  });

  it('does not mark a reported assessment overdue when its deadline passes', () => {
    const s = send(open(), commission(), report(), engine<GateReviewEvent>('assessment.due'));
    expect(s.context.assessment).not.toHaveProperty('overdue');
  });

  it('reminds the secretariat once when it commissioned the assessment itself, saying what was asked and of what', () => {
    const [, actions] = transition(gateReviewMachine, send(open({ product: { id: 'benefits-map', stage: 'discovery' } }), commission('sec')), engine<GateReviewEvent>('assessment.reminderDue'));
    expect(spawns(actions).map((a) => a.input)).toEqual([{
      notificationId: 'assessment-reminder-gr-test-1',
      to: ['sec'],
      subject: `Reminder: the assessment for gr-test-1 is due ${at(10 * DAY)}`,
      body: `Alan Turing Institute was asked: Is the model fair?\nThe board's decision on benefits-map (alpha) waits for the report until ${at(10 * DAY)}.`,
    }]);
  });
});

describe('the notices in words', () => {
  const noticesOf = (actions: readonly { type: string; params?: unknown }[]) =>
    actions.filter((a) => a.type === 'xstate.spawnChild' && (a.params as { src?: unknown }).src === 'notify').map((a) => (a.params as { input: Notification }).input);

  it('puts a written procedure to every member with its papers and its self-assessment, each separated', () => {
    const [, actions] = initialTransition(gateReviewMachine, {
      request: parsedRequest({
        procedure: 'written', requestedBy: 'm1', votingClosesAt: at(3 * DAY),
        papers: ['https://example.org/a', 'https://example.org/b'],
        selfAssessment: [{ principle: 'Open by default', assessment: 'Published.' }, { principle: 'Do no harm', assessment: 'Reviewed.' }],
      }),
      openedAt: T0,
      notices: true,
    });
    expect(noticesOf(actions)).toEqual([{
      notificationId: 'written-procedure-gr-test-1',
      to: members,
      subject: 'Written procedure: vote by {closes} on Benefits map passing the alpha gate',
      body:
        'Member 1, the chair, has put Benefits map passing the alpha gate to the board by written procedure: the board decides between meetings, under its usual voting rules.\n' +
        'Vote by {closes}: govern vote gr-test-1 --as YOUR_ID --choice CHOICE (CHOICE is one of approve, approveWithConditions, reject, abstain; a reason is welcome).\n' +
        'If you have an interest in it, declare it instead: govern interest gr-test-1 --as YOUR_ID --interest "…"\n' +
        'Papers: https://example.org/a https://example.org/b\n' +
        'Self-assessment: Open by default: Published.; Do no harm: Reviewed.\n' +
        'Reference: gr-test-1.',
      dates: { closes: at(3 * DAY) },
      link: '/reviews/gr-test-1',
      boardId: 'product-board',
    }]);
  });

  it('leaves out the papers and self-assessment lines when there are none, and names a product without a name by its id', () => {
    const [, actions] = initialTransition(gateReviewMachine, {
      request: parsedRequest({ procedure: 'written', requestedBy: 'm1', product: { id: 'benefits-map', stage: 'discovery' }, papers: [], selfAssessment: [] }),
      openedAt: T0,
      notices: true,
    });
    const [notice] = noticesOf(actions);
    expect(notice!.subject).toBe('Written procedure: vote by {closes} on benefits-map passing the alpha gate');
    expect(notice!.body).not.toMatch(/Papers|Self-assessment/);
    expect(notice!.body).toMatch(/--interest "…"\nReference: gr-test-1\.$/);
  });

  it('reminds no one when every member has voted or is recused', () => {
    const s = send(open({}, true), ...['m1', 'm2', 'm3', 'm4', 'm5', 'm6'].map((m) => events.vote(m, 'approve')), events.interest('m7'));
    expect(noticesOf(transition(gateReviewMachine, s, engine<GateReviewEvent>('voting.reminderDue'))[1])).toEqual([]);
  });

  it('reminds the rest of the product by name and the gate', () => {
    const s = send(open({}, true), events.vote('m1', 'approve'));
    const [reminder] = noticesOf(transition(gateReviewMachine, s, engine<GateReviewEvent>('voting.reminderDue'))[1]);
    expect(reminder).toMatchObject({ notificationId: 'voting-reminder-gr-test-1', to: ['m2', 'm3', 'm4', 'm5', 'm6', 'm7'], subject: 'Voting closes soon: you have not voted on Benefits map passing the alpha gate' });
    expect(reminder!.body).toContain('To vote: govern vote gr-test-1 --as YOUR_ID --choice CHOICE\n');
  });

  it('numbers each confirmation and says whether voting is still open', () => {
    const [voted, first] = transition(gateReviewMachine, open({}, true), events.vote('m2', 'approve'));
    const [, second] = transition(gateReviewMachine, voted, events.change('m2', 'reject'));
    expect(noticesOf(first).map((n) => n.notificationId)).toEqual(['vote-recorded-gr-test-1-m2-1']);
    expect(noticesOf(second).map((n) => n.notificationId)).toEqual(['vote-recorded-gr-test-1-m2-2']);
    expect(noticesOf(first)[0]!.body).toContain('You can change it until voting closes {closes}: govern vote gr-test-1 --as m2 --choice CHOICE --change\n');
    // Voting closed at its deadline, the decision waiting for an assessment: a vote still counts, but voting has closed.
    const waiting = send(open({}, true), commission(), ...quorum.map((m) => events.vote(m, 'approve')), deadline);
    expect(waiting.value).toBe('awaitingAssessment');
    const [, late] = transition(gateReviewMachine, waiting, events.vote('m5', 'approve', {}, at(8 * DAY)));
    expect(noticesOf(late)[0]!.body).toContain('Voting closed {closes}; until the decision is made you can still change it: govern vote gr-test-1 --as m5 --choice CHOICE --change\n');
  });

  it('counts a vote at the very moment of the close as after it', () => {
    const [, actions] = transition(gateReviewMachine, open({}, true), events.vote('m2', 'approve', {}, at(7 * DAY)));
    expect(noticesOf(actions)[0]!.body).toContain('Voting closed {closes}');
  });
});

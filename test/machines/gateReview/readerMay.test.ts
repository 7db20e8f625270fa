/**
 * What a gate review's view says a reader may send now (`may`, machines/gateReview/view.ts), from which a
 * door offers its forms: for a member, the chair, the secretariat and someone from nowhere, before and
 * after they vote, once recused, once an assessment is commissioned and once voting has closed. The
 * oracle is twofold: the domain's rules written out by hand for each reader, and for every answer the
 * machine itself taking (or refusing) the real command it stands for.
 */
import { describe, expect, it } from 'vitest';
import { initialTransition, transition } from 'xstate';
import { gateReviewMachine, type GateReviewEvent } from '../../../machines/gateReview/machine';
import { gateReviewView, type GateReviewSnapshot, type ReaderMay } from '../../../machines/gateReview/view';
import { DAY, T0, at, events, parsedRequest } from '../../support/gateReviews';

const open = (): GateReviewSnapshot => initialTransition(gateReviewMachine, { request: parsedRequest(), openedAt: T0 })[0];
const send = (s: GateReviewSnapshot, ...list: GateReviewEvent[]) => list.reduce((x, e) => transition(gateReviewMachine, x, e)[0], s);
const commission = (by: string): GateReviewEvent => ({ type: 'assessment.commissioned', by, assessor: 'An institute', question: 'Is it fair?', dueAt: at(5 * DAY), at: at(DAY) });

const nothing: ReaderMay = { declareInterest: false, commissionAssessment: false };
const mayOf = (s: GateReviewSnapshot, by: string) => gateReviewView(s, by).may;

describe('what a reader may send a gate review now', () => {
  it('answers, for each reader, what the rules give them', () => {
    const s = open();
    // m1 chairs; m2 a member; sec the secretariat; x-1 sits on no board.
    expect(mayOf(s, 'm2')).toEqual({ vote: 'cast', declareInterest: true, commissionAssessment: true });
    expect(mayOf(s, 'm1')).toEqual({ vote: 'cast', declareInterest: true, commissionAssessment: true });
    expect(mayOf(s, 'sec')).toEqual({ declareInterest: false, commissionAssessment: true });
    expect(mayOf(s, 'x-1')).toEqual(nothing);
    // Nobody in particular gets no answer at all.
    expect(gateReviewView(s).may).toBeUndefined();
  });

  it('follows the review: a vote to change once cast, nothing once recused, no second assessment, nothing once voting has closed', () => {
    const voted = send(open(), events.vote('m2', 'approve'));
    expect(mayOf(voted, 'm2')).toEqual({ vote: 'change', declareInterest: true, commissionAssessment: true });
    const recused = send(open(), events.interest('m3'));
    expect(mayOf(recused, 'm3')).toEqual({ declareInterest: false, commissionAssessment: true });
    const commissioned = send(open(), commission('m4'));
    expect(mayOf(commissioned, 'm5')).toEqual({ vote: 'cast', declareInterest: true, commissionAssessment: false });
    const closed = send(open(), ...['m1', 'm2', 'm3', 'm4', 'm5'].map((m) => events.vote(m, 'approve')), events.close());
    for (const reader of ['m1', 'm6', 'sec']) expect([reader, mayOf(closed, reader)]).toEqual([reader, nothing]);
  });

  it('agrees with the machine taking each real command', () => {
    const reviews = { open: open(), voted: send(open(), events.vote('m2', 'approve')), recused: send(open(), events.interest('m3')), commissioned: send(open(), commission('m4')) };
    for (const [name, s] of Object.entries(reviews))
      for (const reader of ['m1', 'm2', 'm3', 'm5', 'sec', 'x-1']) {
        const may = mayOf(s, reader)!;
        const takes = (e: GateReviewEvent) => transition(gateReviewMachine, s, e)[0].context !== s.context;
        expect([name, reader, 'cast', may.vote === 'cast']).toEqual([name, reader, 'cast', takes(events.vote(reader, 'reject'))]);
        expect([name, reader, 'change', may.vote === 'change']).toEqual([name, reader, 'change', takes(events.change(reader, 'reject'))]);
        expect([name, reader, 'interest', may.declareInterest]).toEqual([name, reader, 'interest', takes(events.interest(reader))]);
        expect([name, reader, 'assessment', may.commissionAssessment]).toEqual([name, reader, 'assessment', takes(commission(reader))]);
      }
  });
});

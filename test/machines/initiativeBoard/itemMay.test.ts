/**
 * What the initiative board's view says a reader may send on an item now (`may`, machines/initiativeBoard/view.ts),
 * from which a door offers its forms: for a member, the secretariat and someone from nowhere, before and after
 * they vote, once recused, once research is commissioned, for an item of the next quarter and once the meeting
 * has ended and deferred it. The oracle is twofold: the domain's rules written out by hand, and for every answer the board
 * itself taking (or refusing) the real command it stands for.
 */
import { describe, expect, it } from 'vitest';
import { transition } from 'xstate';
import { initiativeBoardMachine, type InitiativeEvent, type InitiativeSnapshot } from '../../../machines/initiativeBoard/machine';
import { initiativeView, type ItemMay } from '../../../machines/initiativeBoard/view';
import { DAY, at, closed, ib, itemId, proposals, send, sitting, withItem } from '../../support/initiativeMachineFixtures';

const I1 = itemId(1);
const nothing: ItemMay = { declareInterest: false, commissionResearch: false };
const itemOf = (s: InitiativeSnapshot, reader: string, id = I1) => [...initiativeView(s, reader).agenda, ...initiativeView(s, reader).nextAgenda].find((i) => i.itemId === id);
const mayOf = (s: InitiativeSnapshot, reader: string, id = I1) => itemOf(s, reader, id)?.may;

describe('what a reader may send on an initiative item now', () => {
  it('answers, for each reader, what the rules give them', () => {
    const s = withItem();
    expect(mayOf(s, 'i2')).toEqual({ vote: 'cast', declareInterest: true, commissionResearch: true });
    expect(mayOf(s, 'sec')).toEqual({ declareInterest: false, commissionResearch: true });
    expect(mayOf(s, 'x-1')).toEqual(nothing);
    expect(initiativeView(s).agenda[0]!.may).toBeUndefined();
  });

  it('follows the item: a vote to change once cast, nothing once recused, no second research, no vote on the next quarter’s, no vote once the meeting has ended', () => {
    const s = withItem();
    expect(mayOf(send(s, ib.vote('i2', I1, 'approve', at(2 * DAY))), 'i2')).toEqual({ vote: 'change', declareInterest: true, commissionResearch: true });
    expect(mayOf(send(s, ib.interest('i3', I1)), 'i3')).toEqual({ declareInterest: false, commissionResearch: true });
    expect(mayOf(send(s, ib.commission(I1)), 'i4')).toEqual({ vote: 'cast', declareInterest: true, commissionResearch: false });
    // Proposed once the papers are out, an item waits for the next quarter: no vote on it yet.
    const later = send(sitting(s), ib.propose('i5', proposals.funding(), at(50 * DAY)));
    const next = initiativeView(later, 'i2').nextAgenda[0]!;
    expect(next.may?.vote).toBeUndefined();
    // One vote is short of quorum: the meeting ends, the item is deferred to the next quarter, and no vote is taken on it until then.
    const ended = closed(send(s, ib.vote('i2', I1, 'approve', at(2 * DAY))));
    expect(mayOf(ended, 'i2')).toEqual({ declareInterest: true, commissionResearch: true });
  });

  it('agrees with the board taking each real command', () => {
    const s = withItem();
    const boards = { open: s, voted: send(s, ib.vote('i2', I1, 'approve', at(2 * DAY))), recused: send(s, ib.interest('i3', I1)), commissioned: send(s, ib.commission(I1)) };
    for (const [name, b] of Object.entries(boards))
      for (const reader of ['i1', 'i2', 'i3', 'i6', 'sec', 'x-1']) {
        const may = mayOf(b, reader)!;
        const takes = (e: InitiativeEvent) => transition(initiativeBoardMachine, b, e)[0].context.agenda !== b.context.agenda;
        const t = at(3 * DAY);
        expect([name, reader, 'cast', may.vote === 'cast']).toEqual([name, reader, 'cast', takes(ib.vote(reader, I1, 'reject', t))]);
        expect([name, reader, 'change', may.vote === 'change']).toEqual([name, reader, 'change', takes(ib.change(reader, I1, 'reject', t))]);
        expect([name, reader, 'interest', may.declareInterest]).toEqual([name, reader, 'interest', takes(ib.interest(reader, I1, t))]);
        expect([name, reader, 'research', may.commissionResearch]).toEqual([name, reader, 'research', takes(ib.commission(I1, reader, t))]);
      }
  });
});

/**
 * The good-data card (issue 18 item 3): a board that asks for cards recognises a dataset, model or service only
 * with its card, shows it with the decision, and a changed card of a recognised resource goes back to the board.
 * Expected values are written out here from the issue's words, not read from the rules under test.
 */
import { describe, expect, it } from 'vitest';
import { goodDataCardSchema, type GoodDataCard } from '../../../machines/initiativeBoard/goodDataCard';
import { initiativeView } from '../../../machines/initiativeBoard/view';
import type { Proposal } from '../../../machines/initiativeBoard/schema';
import { describeIssues } from '../../../machines/kernel/schema';
import { foodBanksCard } from '../../support/initiativeFixtures';
import { ib, itemId, nextQuarter, openInitiative, proposals, recognitionDecided, refusal, send, taken, votes } from '../../support/initiativeMachineFixtures';

const card = foodBanksCard;
const changedCard: GoodDataCard = { ...card, source: 'The national food bank register, since March.' };

const recognition = (withCard?: GoodDataCard, id = 'food-banks'): Proposal => {
  const plain = proposals.recognition(id);
  return plain.decision === 'recognition' && withCard ? { ...plain, resource: { ...plain.resource, card: withCard } } : plain;
};
/** Seven voters, two of them with lived experience of poverty: a quorum. */
const quorum = ['i1', 'i2', 'i3', 'i5', 'i6', 'i7', 'i8'];
const carding = () => openInitiative({}, { goodDataCards: true });
/** A board that asks for cards, with food-banks recognised on `card` at its first meeting. */
const recognised = () => nextQuarter(send(carding(), ib.propose('i5', recognition(card)), ...votes(itemId(1), quorum)));

describe('recognising a resource on a board that asks for good-data cards', () => {
  it('refuses a recognition without its card, saying what a card holds, and takes it with one', () => {
    expect(refusal(carding(), ib.propose('i5', recognition()))).toBe(
      'Recognising the dataset Food banks (food-banks) needs its good-data card: what it describes, where it comes from, who to contact, how it was made, and its licence. Add the card and propose it again.',
    );
    const [s] = taken(carding(), ib.propose('i5', recognition(card)));
    expect(s.context.agenda.map((i) => i.itemId)).toEqual([itemId(1)]);
  });

  it('recognises it with the card, and the decision the register publishes carries the card', () => {
    expect(recognitionDecided(card)).toMatchObject({ outcome: 'approved', proposal: { resource: { id: 'food-banks', card } }, effect: 'Recognised the dataset Food banks (food-banks) as part of the infrastructure.' });
    expect(initiativeView(recognised()).recognised).toEqual([expect.objectContaining({ id: 'food-banks', card, decisionId: expect.any(String) })]);
  });

  it('refuses the same card again, and takes a changed card to the board while the resource stays recognised on the old one', () => {
    const s = recognised();
    expect(refusal(s, ib.propose('i5', recognition(card), s.context.clock))).toMatch(/^food-banks is already recognised with this good-data card\. To change its card, propose the recognition again with the changed card/);
    const [changing] = taken(s, ib.propose('i5', recognition(changedCard), s.context.clock));
    const change = changing.context.agenda.at(-1)!.itemId;
    expect(initiativeView(changing).recognised).toEqual([expect.objectContaining({ id: 'food-banks', card, cardChangeBefore: change })]);
    expect(refusal(changing, ib.propose('i6', recognition({ ...changedCard, licence: 'OGL v3' }), s.context.clock))).toBe(
      `A change to the card of food-banks is already before the board (${change}): let the board decide it first.`,
    );
  });

  it('recognises the resource on its changed card once the board approves the change, keeping when it was first recognised', () => {
    const s = recognised();
    const first = s.context.recognised[0]!;
    const changing = send(s, ib.propose('i5', recognition(changedCard), s.context.clock));
    const change = changing.context.agenda.at(-1)!.itemId;
    const meeting = changing.context.quarter;
    const inMeeting = new Date(Date.parse(meeting.startsAt) + 3_600_000).toISOString();
    const after = nextQuarter(send(changing, ...votes(change, quorum, 'approve', inMeeting)));
    expect(after.context.recognised).toEqual([
      expect.objectContaining({ id: 'food-banks', card: changedCard, firstRecognised: { decisionId: first.decisionId, at: first.at } }),
    ]);
    expect(after.context.recognised[0]!.decisionId).not.toBe(first.decisionId);
    expect(after.context.lastMeeting?.decisions.at(-1)?.effect).toBe('The dataset Food banks (food-banks) stays recognised, on its changed good-data card.');
    expect(initiativeView(after).recognised[0]).not.toHaveProperty('cardChangeBefore');
  });

  it('keeps the card the board approved when it rejects the change', () => {
    const s = recognised();
    const changing = send(s, ib.propose('i5', recognition(changedCard), s.context.clock));
    const change = changing.context.agenda.at(-1)!.itemId;
    const inMeeting = new Date(Date.parse(changing.context.quarter.startsAt) + 3_600_000).toISOString();
    const after = nextQuarter(send(changing, ...votes(change, quorum, 'reject', inMeeting)));
    expect(after.context.recognised).toEqual([expect.objectContaining({ id: 'food-banks', card })]);
  });
});

describe('a board recorded before cards', () => {
  it('recognises a resource without a card, as it did', () => {
    const [s] = taken(openInitiative(), ib.propose('i5', recognition()));
    expect(s.context.agenda).toHaveLength(1);
  });
});

describe('the card itself', () => {
  const problem = (value: unknown) => {
    const parsed = goodDataCardSchema.safeParse(value);
    return parsed.success ? undefined : describeIssues(parsed.error);
  };

  it('names each part that is missing, in words', () => {
    const { licence: _licence, methods: _methods, ...partial } = card;
    expect(problem(partial)).toMatch(/say how the resource was made: its methods/);
    expect(problem(partial)).toMatch(/name the licence it is published under/);
  });

  it('refuses an email address as who to contact: the register is public', () => {
    expect(problem({ ...card, contact: 'jo.bloggs@example.org' })).toMatch(/who to contact is a team or a contact page \(https:\/\/…\), not an email address/);
    expect(problem(card)).toBeUndefined();
  });
});

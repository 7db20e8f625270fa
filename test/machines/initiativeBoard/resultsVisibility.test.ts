/**
 * An initiative item's count under each results-visibility option of the board's policy, read from the
 * board's view for nobody in particular and for one member; and a governance decision changing the option
 * reaches only items opened after it. The oracle is the votes the test cast, counted by hand.
 */
import { describe, expect, it } from 'vitest';
import { initiativeView } from '../../../machines/initiativeBoard/view';
import { defaultInitiativePolicy, initiativePolicySchema, policyChangesSchema } from '../../../machines/initiativeBoard/policy';
import { resultsVisibilities, type ResultsVisibility } from '../../../machines/kernel/results';
import { DAY, at, ib, itemId, nextQuarter, proposals, send, votes, withItem } from '../../support/initiativeMachineFixtures';

const I1 = itemId(1);
/** i2 and i3 approve, i4 rejects, each with a reason only they know; the other nine have not voted. */
const voting = (resultsVisibility: ResultsVisibility) =>
  send(
    withItem(proposals.strategy(), { resultsVisibility }),
    ib.vote('i2', I1, 'approve', at(2 * DAY), { reason: 'secret-reason-i2' }),
    ib.vote('i3', I1, 'approve', at(2 * DAY), { reason: 'secret-reason-i3' }),
    ib.vote('i4', I1, 'reject', at(2 * DAY), { reason: 'secret-reason-i4' }),
  );
const byHand = { approve: 2, approveWithConditions: 0, reject: 1, abstain: 0, cast: 3, eligible: 12, quorumNeeded: 7 };

/** Who sees the count before the meeting ends: [nobody in particular, i2 who voted, i9 who has not]. */
const expected: Record<ResultsVisibility, [boolean, boolean, boolean]> = {
  hiddenUntilClosed: [false, false, false],
  hiddenUntilVoted: [false, true, false],
  open: [true, true, true],
};

describe('the count of an initiative item under the results-visibility policy', () => {
  it.each(resultsVisibilities)('under %s, shows the count before the meeting ends only as the policy says', (visibility) => {
    const s = voting(visibility);
    const items = [initiativeView(s), initiativeView(s, 'i2'), initiativeView(s, 'i9')].map((v) => v.agenda[0]!);
    expect(items.map((i) => i.results.tally !== undefined)).toEqual(expected[visibility]);
    for (const item of items) {
      if (item.results.tally) expect(item.results.tally).toEqual(byHand);
      expect(JSON.stringify(item)).not.toMatch(/secret-reason|"choice"/);
    }
  });

  it('counts only members who may vote: a recused member\'s vote is dropped from the count shown', () => {
    const s = send(voting('open'), ib.interest('i4', I1, at(3 * DAY)));
    expect(initiativeView(s).agenda[0]!.results.tally).toEqual({ ...byHand, reject: 0, cast: 2, eligible: 11, quorumNeeded: 6 });
  });

  it('is hidden until the meeting ends by default, and a policy without it parses without it', () => {
    const { resultsVisibility: _v, ...without } = defaultInitiativePolicy;
    expect(defaultInitiativePolicy.resultsVisibility).toBe('hiddenUntilClosed');
    expect(initiativePolicySchema.parse(without)).not.toHaveProperty('resultsVisibility');
    expect(policyChangesSchema.safeParse({ resultsVisibility: 'whenever' }).success).toBe(false);
  });

  it('changes by a governance decision, for items opened afterwards only', () => {
    const decided = nextQuarter(send(withItem(proposals.governance({ resultsVisibility: 'open' })), ...votes(I1, ['i1', 'i2', 'i3', 'i5', 'i6', 'i7', 'i8'])));
    expect(decided.context.policy.resultsVisibility).toBe('open');
    // The decision takes effect as the meeting ends: an item proposed in the next quarter is opened under it.
    const s = send(decided, ib.propose('i6', proposals.funding(), at(50 * DAY)), ib.vote('i2', itemId(2), 'approve', at(51 * DAY)));
    expect(initiativeView(s).agenda[0]!.results.tally).toMatchObject({ approve: 1, cast: 1 });
  });

  it('keeps the option an item was opened with when a later decision changes it', () => {
    // Item 1 opens the count; item 2 was opened before that decision, under the default.
    const s = send(withItem(proposals.governance({ resultsVisibility: 'open' })), ib.propose('i6', proposals.funding()), ...votes(I1, ['i1', 'i2', 'i3', 'i5', 'i6', 'i7', 'i8']));
    const after = nextQuarter(s);
    const carried = after.context.agenda.find((i) => i.itemId === itemId(2)) ?? after.context.later.find((i) => i.itemId === itemId(2));
    expect(carried?.voting.resultsVisibility).toBe('hiddenUntilClosed');
  });
});

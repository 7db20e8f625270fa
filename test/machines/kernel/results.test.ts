/**
 * The results-visibility rule both boards share (machines/kernel/results.ts): every option, for a reader
 * who has voted, one who has not, and nobody in particular, before and after the count.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_RESULTS_VISIBILITY, readerId, resultsSeenBy, resultsVisibilities, resultsVisibilityOf, resultsVisibilitySchema, type ResultsVisibility } from '../../../machines/kernel/results';
import type { Tally } from '../../../machines/kernel/voting';

const tally: Tally = { approve: 2, approveWithConditions: 1, reject: 1, abstain: 0, eligible: 7, cast: 4, quorumNeeded: 4 };
const voter = { personId: 'm1', hasVoted: true };
const notYet = { personId: 'm2', hasVoted: false };

/** Who sees the count before it is decided, option by option: [anyone, a member who has voted, one who has not]. */
const before: Record<ResultsVisibility, [boolean, boolean, boolean]> = {
  hiddenUntilClosed: [false, false, false],
  hiddenUntilVoted: [false, true, false],
  open: [true, true, true],
};

describe('results visibility', () => {
  it('defaults to hidden until voting closes, for a policy that does not say', () => {
    expect(DEFAULT_RESULTS_VISIBILITY).toBe('hiddenUntilClosed');
    expect(resultsVisibilityOf({})).toBe('hiddenUntilClosed');
    expect(resultsVisibilityOf({ resultsVisibility: 'open' })).toBe('open');
  });

  it('has a row for every option the schema takes', () => {
    expect(Object.keys(before).sort()).toEqual([...resultsVisibilities].sort());
  });

  it.each(resultsVisibilities)('under %s, shows the count before it is decided only to those the option names', (visibility) => {
    const seen = [undefined, voter, notYet].map((reader) => resultsSeenBy(visibility, tally, false, reader));
    expect(seen.map((s) => s.tally !== undefined)).toEqual(before[visibility]);
    for (const s of seen) {
      expect(s.visibility).toBe(visibility);
      if (s.tally) expect(s.said).toBe('The count so far: 3 approvals, 1 rejection, 0 abstentions; 4 of 7 eligible voted, quorum 4.');
      else expect(s.said).not.toMatch(/\d/);
    }
  });

  it.each(resultsVisibilities)('under %s, shows the count to everyone once it is decided', (visibility) => {
    for (const reader of [undefined, voter, notYet]) {
      const seen = resultsSeenBy(visibility, tally, true, reader);
      expect(seen.tally).toEqual(tally);
      expect(seen.said).toBe('The count: 3 approvals, 1 rejection, 0 abstentions; 4 of 7 eligible voted, quorum 4.');
    }
  });

  it('tells a reader who has not voted that voting shows them the count, and anyone else who will see it', () => {
    expect(resultsSeenBy('hiddenUntilVoted', tally, false, notYet).said).toBe('The count is shown to you once you have voted, and to everyone when voting closes.');
    expect(resultsSeenBy('hiddenUntilVoted', tally, false).said).toBe('The count is shown to each member once they have voted, and to everyone when voting closes.');
    expect(resultsSeenBy('hiddenUntilClosed', tally, false, voter).said).toBe('The count is shown when voting closes.');
  });

  it('refuses an option it does not know, naming the three in plain words', () => {
    const parsed = resultsVisibilitySchema.safeParse('afterClose');
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toBe(
      'who sees the count before voting closes is one of: hiddenUntilClosed, hiddenUntilVoted, open (hiddenUntilClosed: nobody; hiddenUntilVoted: each member once they have voted; open: everyone)',
    );
  });

  it('takes as a reader only an id of the engine\'s shape; anything else reads as nobody in particular', () => {
    expect(readerId('m1')).toBe('m1');
    for (const bad of [undefined, '', 42, 'x'.repeat(101), 'm 1', { personId: 'm1' }]) expect(readerId(bad)).toBeUndefined();
  });
});

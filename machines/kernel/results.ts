/**
 * Who may see the count of a vote before it is decided: the board's results-visibility policy
 * (Loomio's "hide results", Decidim's `after_end`, Snapshot's shielded voting). Shared by both boards:
 * a gate review's view and an initiative item's read the same rule.
 *
 * Only the count is ever shown early. Who chose what stays in the decision record, published once the
 * vote is counted, whatever the policy: a board that opens its count accepts that a count of one vote
 * tells that vote, but never sees a name beside a choice before close.
 */
import { z } from 'zod';
import { personId } from './schema';
import { describeTally, type Tally } from './voting';

export const resultsVisibilities = ['hiddenUntilClosed', 'hiddenUntilVoted', 'open'] as const;
export type ResultsVisibility = (typeof resultsVisibilities)[number];

/** The domain's default: nothing is counted in public until voting has closed. */
export const DEFAULT_RESULTS_VISIBILITY: ResultsVisibility = 'hiddenUntilClosed';

export const resultsVisibilitySchema = z.enum(resultsVisibilities, {
  error: `who sees the count before voting closes is one of: ${resultsVisibilities.join(', ')} (hiddenUntilClosed: nobody; hiddenUntilVoted: each member once they have voted; open: everyone)`,
});

/** The visibility a policy (or the voting rules an item was opened with) sets: the default when it says nothing, as every policy recorded before it. */
export const resultsVisibilityOf = (policy: { readonly resultsVisibility?: ResultsVisibility | undefined }): ResultsVisibility =>
  policy.resultsVisibility ?? DEFAULT_RESULTS_VISIBILITY;

/** What one reader sees of the count: the tally when the policy lets them, and a sentence either way. */
export interface ResultsSeen {
  readonly visibility: ResultsVisibility;
  readonly tally?: Tally;
  /** "The count so far: 2 approvals, …", or when and to whom the count is shown. */
  readonly said: string;
}

/** The reader, when a door knows who is signed in: their id, and whether they have voted on this item. */
export interface Reader {
  readonly personId: string;
  readonly hasVoted: boolean;
}

/**
 * What `reader` (undefined: anyone) sees of `tally` under `visibility`. `counted` is true once the vote is
 * decided: then everyone sees the count, as the register does. Before that, `open` shows it to everyone,
 * `hiddenUntilVoted` to a reader who has voted, `hiddenUntilClosed` to nobody.
 */
export function resultsSeenBy(visibility: ResultsVisibility, tally: Tally, counted: boolean, reader?: Reader): ResultsSeen {
  const shown = counted || visibility === 'open' || (visibility === 'hiddenUntilVoted' && reader?.hasVoted === true);
  if (shown) return { visibility, tally, said: `${counted ? 'The count' : 'The count so far'}: ${describeTally(tally)}.` };
  if (visibility === 'hiddenUntilClosed') return { visibility, said: 'The count is shown when voting closes.' };
  return { visibility, said: reader ? 'The count is shown to you once you have voted, and to everyone when voting closes.' : 'The count is shown to each member once they have voted, and to everyone when voting closes.' };
}

/** A reader's id as a door passes it to a process's per-reader query: an id of the engine's shape, or nobody. */
export const readerId = (asker: unknown): string | undefined => {
  const parsed = personId.safeParse(asker);
  return parsed.success ? parsed.data : undefined;
};

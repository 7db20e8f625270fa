/**
 * Who may vote on an item: one rule for both boards. The roster is frozen when voting opens, so only the
 * members sitting then may vote, and a member appointed later waits for the next item. A member removed
 * from the board while the vote is open can no longer vote on it: a vote they try is refused, a vote
 * they had cast no longer counts, and they leave the quorum count. The decision record names them.
 *
 * A gate review is opened with the board's roster as it stood (the review's request carries a copy)
 * and hears of a removal from the board's process; an initiative item is frozen as it joins the
 * quarter's agenda, and its board applies a removal itself. Both count with `eligibleVoters` below.
 */
import type { BoardRoster } from './roster';
import type { Vote } from './voting';

/** A member removed from the board while voting was open. */
export interface Removal {
  readonly memberId: string;
  readonly at: string;
  /** The board's reason, as its record of the change gives it. */
  readonly reason?: string;
}

/** The members who may vote on one item, frozen when voting on it opened, and who has left since. */
export interface Electorate {
  /** The ids of the board's members when voting opened. */
  readonly members: readonly string[];
  readonly openedAt: string;
  /** Members removed from the board since, in the order they left. */
  readonly removed: readonly Removal[];
}

/** The roster frozen as voting opens at `at`. */
export const electorateOf = (roster: Pick<BoardRoster, 'members'>, at: string): Electorate => ({ members: roster.members.map((m) => m.id), openedAt: at, removed: [] });

export const removalOf = (electorate: Electorate, memberId: string): Removal | undefined => electorate.removed.find((r) => r.memberId === memberId);

/** Whether a removal reaches this vote: a member it froze who has not already left. */
export const removalApplies = (electorate: Electorate, memberId: string): boolean => electorate.members.includes(memberId) && !removalOf(electorate, memberId);

/** The electorate once `memberId` has left the board at `at`; unchanged when the removal does not reach this vote. */
export const withRemoval = (electorate: Electorate, removal: Removal): Electorate =>
  removalApplies(electorate, removal.memberId) ? { ...electorate, removed: [...electorate.removed, removal] } : electorate;

/** Who may vote and counts toward quorum: the frozen members, less those removed since and those recused. */
export const eligibleVoters = (electorate: Electorate, recused: readonly string[]): string[] =>
  electorate.members.filter((id) => !removalOf(electorate, id) && !recused.includes(id));

/** The votes that count: those of members who may still vote. */
export const countedVotes = <V extends Pick<Vote, 'by'>>(votes: readonly V[], voters: readonly string[]): V[] => votes.filter((v) => voters.includes(v.by));

/** The ids the decision record names as removed during the vote, in the order they left. */
export const removedDuringVote = (electorate: Electorate): string[] => electorate.removed.map((r) => r.memberId);

/**
 * Why `memberId` may not vote on `item` (its name in words: "gate review gr-p1-alpha-1", "I3"), or undefined
 * when the rule lets them: a member removed during the vote, or one appointed after voting opened. Nothing is
 * said of any vote they cast: the refusal goes to whoever claims their id.
 */
export function eligibilityRefusal(electorate: Electorate, memberId: string, item: string, name: string = memberId): string | undefined {
  const removal = removalOf(electorate, memberId);
  if (removal)
    return `${name} was removed from the board at ${removal.at}, while voting on ${item} was open: a member removed during a vote can no longer vote on it, and does not count toward its quorum. Nothing was recorded.`;
  if (!electorate.members.includes(memberId))
    return `${name} was not a member of the board when voting on ${item} opened (${electorate.openedAt}): only the members sitting then vote on it. Nothing was recorded.`;
  return undefined;
}

/** The sentence a decision record adds when members left during the vote: "" when none did. */
export function removalWords(electorate: Electorate | undefined, nameOf: (id: string) => string = (id) => id): string {
  if (!electorate?.removed.length) return '';
  const who = electorate.removed.map((r) => `${nameOf(r.memberId)} (${r.at})`).join(', ');
  return ` Removed from the board during the vote, so not counted and out of the quorum: ${who}.`;
}

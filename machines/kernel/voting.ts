/**
 * The voting rules both boards share, as pure functions of a policy given as
 * data. Nothing here knows about states, clocks or Temporal: the gate review
 * machine (and later the meetings) call these from guards and actions.
 */
import { exceeds, fraction, reaches, smallestExceeding, type Fraction } from './fraction';
import type { ResultsVisibility } from './results';

export const voteChoices = ['approve', 'approveWithConditions', 'reject', 'abstain'] as const;
export type VoteChoice = (typeof voteChoices)[number];

export interface Vote {
  readonly by: string;
  readonly choice: VoteChoice;
  readonly reason?: string;
  /** Only on `approveWithConditions`: what must be done, each closed with evidence later. */
  readonly conditions?: readonly string[];
  /** When the engine received it (ISO 8601). */
  readonly at: string;
}

/** A member's vote as recorded from the command that cast or changed it; it replaces any earlier vote of theirs. */
export const voteFrom = (e: { by: string; choice: VoteChoice; at: string; reason?: string | undefined; conditions?: readonly string[] | undefined }): Vote => ({
  by: e.by,
  choice: e.choice,
  at: e.at,
  ...(e.reason ? { reason: e.reason } : {}),
  ...(e.conditions?.length ? { conditions: e.conditions } : {}),
});

export const withVote = (votes: readonly Vote[], vote: Vote): Vote[] => [...votes.filter((v) => v.by !== vote.by), vote];

/** How many must take part: more than `share` of the members who are not recused. */
export interface QuorumRule {
  readonly share: Fraction;
}

/** How many approvals carry an item, among approvals and rejections (abstentions excluded). */
export type PassingRule =
  | { readonly kind: 'majority' }
  | { readonly kind: 'supermajority'; readonly atLeast: Fraction };

export interface VotingPolicy {
  readonly quorum: QuorumRule;
  readonly passing: PassingRule;
  /** On a tie under the majority rule: the chair may settle it, or it is deferred. */
  readonly chairHasCastingVote: boolean;
  /**
   * Who sees the count before the vote is decided (./results.ts); absent means the default, as in every
   * item and review opened before the policy had it. Kept here so an item keeps the rule it was opened with.
   */
  readonly resultsVisibility?: ResultsVisibility;
}

export const majority: PassingRule = { kind: 'majority' };
export const twoThirds: PassingRule = { kind: 'supermajority', atLeast: fraction(2, 3) };
export const majorityQuorum: QuorumRule = { share: fraction(1, 2) };

export interface Tally {
  readonly approve: number;
  readonly approveWithConditions: number;
  readonly reject: number;
  readonly abstain: number;
  /** Members who may vote: the filled seats less the recused. */
  readonly eligible: number;
  readonly cast: number;
  readonly quorumNeeded: number;
}

export function tally(votes: readonly Vote[], eligible: number, policy: VotingPolicy): Tally {
  const count = (choice: VoteChoice) => votes.filter((v) => v.choice === choice).length;
  return {
    approve: count('approve'),
    approveWithConditions: count('approveWithConditions'),
    reject: count('reject'),
    abstain: count('abstain'),
    eligible,
    cast: votes.length,
    quorumNeeded: smallestExceeding(eligible, policy.quorum.share),
  };
}

/** "1 approval", "2 approvals". */
export const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The tally in words, as decision records and the count so far say it; `voters` adds to "N of M eligible voted" (who among them). */
export const describeTally = (t: Tally, voters = ''): string =>
  `${plural(t.approve + t.approveWithConditions, 'approval')}, ${plural(t.reject, 'rejection')}, ${plural(t.abstain, 'abstention')}; ${t.cast} of ${t.eligible} eligible voted${voters}, quorum ${t.quorumNeeded}`;

export const hasQuorum = (t: Tally, policy: VotingPolicy): boolean =>
  t.eligible > 0 && exceeds(t.cast, t.eligible, policy.quorum.share);

export type Count = 'carried' | 'lost' | 'tied';

/** The result of the votes alone, quorum aside. */
export function count(t: Tally, rule: PassingRule): Count {
  const approvals = t.approve + t.approveWithConditions;
  const decisive = approvals + t.reject;
  if (rule.kind === 'supermajority') {
    return decisive > 0 && reaches(approvals, decisive, rule.atLeast) ? 'carried' : 'lost';
  }
  if (approvals === t.reject) return 'tied';
  return approvals > t.reject ? 'carried' : 'lost';
}

/** What a quorate vote decides, in a sentence for the record. */
export interface CountedVerdict {
  readonly outcome: 'approved' | 'approvedWithConditions' | 'rejected' | 'deferred';
  readonly deferredBecause?: 'tie';
  readonly explanation: string;
}

/**
 * What quorate votes decide under the policy, a tie settled by the chair's casting vote if given.
 * Both boards word it the same; `words` says where a deferred item goes, why an open tie stayed
 * open when the chair could have settled it, and the tally as that board describes it.
 */
export function countedVerdict(
  t: Tally,
  voting: VotingPolicy,
  castingVote: { readonly choice: 'approve' | 'reject' } | undefined,
  words: { readonly deferredTo: string; readonly noCastingVote: string; readonly tally: string },
): CountedVerdict {
  const result = count(t, voting.passing);
  const carried = result === 'tied' ? castingVote && castingVote.choice === 'approve' : result === 'carried';
  if (result === 'tied' && !castingVote) {
    const why = voting.chairHasCastingVote ? words.noCastingVote : 'the policy gives no casting vote';
    return { outcome: 'deferred', deferredBecause: 'tie', explanation: `Deferred to ${words.deferredTo}: a tie, and ${why} (${words.tally}).` };
  }
  const rule = describePassingRule(voting.passing);
  const casting = result === 'tied' ? " The chair's casting vote settled a tie." : '';
  if (!carried) return { outcome: 'rejected', explanation: `Rejected: the rule needs ${rule} (${words.tally}).${casting}` };
  const withConditions = t.approveWithConditions > 0;
  return {
    outcome: withConditions ? 'approvedWithConditions' : 'approved',
    explanation: `Approved${withConditions ? ' with conditions' : ''}: ${rule} (${words.tally}).${casting}`,
  };
}

export const describePassingRule = (rule: PassingRule): string =>
  rule.kind === 'majority'
    ? 'more approvals than rejections'
    : `at least ${rule.atLeast.numerator}/${rule.atLeast.denominator} of approvals and rejections approving`;

/**
 * The voting rules of shared/domain.md ("Voting"), recounted from the votes and the policy as data,
 * without machines/: an oracle for the property tests, so that a wrong quorum or passing rule in the
 * engine cannot pass by agreeing with itself. Plain integer arithmetic, written from the text:
 * - quorum: more than the policy's share of the members who may vote (filled seats less the recused);
 * - passing: more approvals (with or without conditions) than rejections, abstentions excluded; or, under
 *   a supermajority, approvals at least that share of approvals and rejections;
 * - the initiative board's quorum also needs a number of members with lived experience of poverty voting;
 * - a tie: the chair's casting vote settles it; without one it is deferred.
 */
export interface OracleVote {
  readonly by: string;
  readonly choice: 'approve' | 'approveWithConditions' | 'reject' | 'abstain';
}

export interface OraclePolicy {
  readonly quorum: { readonly share: { readonly numerator: number; readonly denominator: number } };
  readonly passing: { readonly kind: 'majority' } | { readonly kind: 'supermajority'; readonly atLeast: { readonly numerator: number; readonly denominator: number } };
}

export type OracleOutcome = { outcome: 'approved' | 'approvedWithConditions' | 'rejected' } | { outcome: 'deferred'; deferredBecause: 'noQuorum' | 'noLivedExperience' | 'tie' };

/** For the initiative board: how many members with lived experience must vote, and who has it. */
export interface LivedExperienceRule {
  readonly needed: number;
  readonly members: ReadonlySet<string>;
}

export function expectedOutcome(
  votes: readonly OracleVote[],
  eligible: number,
  policy: OraclePolicy,
  castingVote?: 'approve' | 'reject',
  livedExperience?: LivedExperienceRule,
): OracleOutcome {
  let approvals = 0;
  let rejections = 0;
  let withConditions = 0;
  for (const v of votes) {
    if (v.choice === 'approve') approvals += 1;
    if (v.choice === 'approveWithConditions') {
      approvals += 1;
      withConditions += 1;
    }
    if (v.choice === 'reject') rejections += 1;
  }
  const { numerator: qn, denominator: qd } = policy.quorum.share;
  if (eligible === 0 || votes.length * qd <= eligible * qn) return { outcome: 'deferred', deferredBecause: 'noQuorum' };
  if (livedExperience && votes.filter((v) => livedExperience.members.has(v.by)).length < livedExperience.needed) return { outcome: 'deferred', deferredBecause: 'noLivedExperience' };

  let carried: boolean;
  if (policy.passing.kind === 'supermajority') {
    const { numerator: pn, denominator: pd } = policy.passing.atLeast;
    const decisive = approvals + rejections;
    carried = decisive > 0 && approvals * pd >= decisive * pn;
  } else if (approvals === rejections) {
    if (!castingVote) return { outcome: 'deferred', deferredBecause: 'tie' };
    carried = castingVote === 'approve';
  } else carried = approvals > rejections;

  if (!carried) return { outcome: 'rejected' };
  return { outcome: withConditions > 0 ? 'approvedWithConditions' : 'approved' };
}

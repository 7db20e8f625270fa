/**
 * The comparison for bench/temporal: a gate review written as a plain Temporal
 * workflow, with no XState and no host. It takes the same request, the same
 * Updates and Signals (castVote, closeVoting), waits on the same voting
 * deadline, counts with the same pure voting rules and calls the same
 * publishDecision activity with the same options, and checks each command's proof of
 * its sender as every governance process must (the same `CommandTrust`, the keys from the
 * same `trustedKeys` activity), so that what the benchmark measures between the two is
 * the machine and the host around it.
 *
 * Bundled on its own by bench/temporal/run.ts; not part of the engine's workflows.
 */
import { ApplicationFailure, condition, defineQuery, defineSignal, defineUpdate, proxyActivities, setHandler } from '@temporalio/workflow';
import type { Activities } from '../../../activities';
import type { DecisionRecord } from '../../../machines/gateReview/rules';
import type { GateReviewRequest } from '../../../machines/gateReview/schema';
import { count, describePassingRule, hasQuorum, tally, type Vote, type VoteChoice, type VotingPolicy } from '../../../machines/kernel/voting';
import { castVote, closeVoting } from '../../../workflows/gateReview/messages';
import type { AnyCommand } from '../../../workflows/host/commands';
import { CommandTrust } from '../../../workflows/host/trust';
import { workflowInfo } from '@temporalio/workflow';

interface VotePayload {
  readonly by: string;
  readonly choice: VoteChoice;
  readonly reason?: string;
  readonly conditions?: readonly string[];
}
interface ClosePayload {
  readonly by: string;
}
/** What an accepted vote answers: as the engine's view, who has voted and who has not. */
interface BareView {
  readonly status: 'awaitingVotes' | 'publishing' | 'decided';
  readonly voted: readonly string[];
  readonly yetToVote: readonly string[];
}

export const castVoteUpdate = defineUpdate<BareView, [VotePayload, unknown]>('castVote');
export const castVoteSignal = defineSignal<[VotePayload, unknown]>('castVote');
export const closeVotingUpdate = defineUpdate<BareView, [ClosePayload, unknown]>('closeVoting');
export const closeVotingSignal = defineSignal<[ClosePayload, unknown]>('closeVoting');
export const bareStatusQuery = defineQuery<BareView>('status');

const { trustedKeys } = proxyActivities<Activities>({ startToCloseTimeout: '30 seconds' });
const { publishDecision } = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '10 minutes', nonRetryableErrorTypes: ['InvalidDecision'] },
});

const choices: readonly string[] = ['approve', 'approveWithConditions', 'reject', 'abstain'];

/** A bare gate review: votes in an array, the deadline as a condition timeout, one activity. */
export async function bareGateReview(request: GateReviewRequest): Promise<DecisionRecord> {
  const openedAt = new Date(Date.now()).toISOString();
  const members = request.board.members.map((m) => m.id);
  const voting: VotingPolicy = {
    quorum: request.policy.quorum,
    passing: request.policy.passing[request.gate] ?? request.policy.passing.default,
    chairHasCastingVote: request.policy.chairHasCastingVote,
  };
  const votes: Vote[] = [];
  let closedAt: string | undefined;
  let status: BareView['status'] = 'awaitingVotes';

  const view = (): BareView => ({ status, voted: votes.map((v) => v.by), yetToVote: members.filter((m) => !votes.some((v) => v.by === m)) });
  const voteRefusal = (p: VotePayload): string | undefined => {
    if (closedAt) return `Voting on ${request.reviewId} has closed.`;
    if (!p || typeof p.by !== 'string' || !members.includes(p.by)) return `${String(p?.by)} is not a member of ${request.board.boardId}.`;
    if (!choices.includes(p.choice)) return `choice must be one of: ${choices.join(', ')}`;
    if (votes.some((v) => v.by === p.by)) return `${p.by} has already voted.`;
    return undefined;
  };
  const closeRefusal = (p: ClosePayload): string | undefined => {
    if (closedAt) return `Voting on ${request.reviewId} has closed.`;
    if (!p || (!request.board.secretariat.includes(p.by) && request.board.chair !== p.by)) return `${String(p?.by)} may not close voting.`;
    return undefined;
  };
  const refuse = (message: string) => ApplicationFailure.create({ type: 'Refused', message, nonRetryable: true });
  // Whose proofs it takes: asked of the worker, as the engine's processes do; a command waits until it knows.
  let trust: CommandTrust | undefined;
  void trustedKeys().then((keys) => (trust = new CommandTrust({ keys })));
  const proofRefusal = (command: AnyCommand, payload: unknown, proof: unknown, remember: boolean): string | undefined => {
    if (!trust) return undefined;
    const verdict = trust.check({ workflowId: workflowInfo().workflowId, command, payload, proof, now: new Date(Date.now()) });
    if ('refusal' in verdict) return verdict.refusal;
    if (remember) trust.remember(verdict.proven, new Date(Date.now()));
    return undefined;
  };
  const proven = async (command: AnyCommand, payload: unknown, proof: unknown): Promise<string | undefined> => {
    if (!trust) await condition(() => trust !== undefined);
    return proofRefusal(command, payload, proof, true);
  };
  const recordVote = (p: VotePayload) => {
    votes.push({ by: p.by, choice: p.choice, at: new Date(Date.now()).toISOString(), ...(p.reason ? { reason: p.reason } : {}), ...(p.conditions?.length ? { conditions: p.conditions } : {}) });
  };
  const close = () => {
    closedAt = new Date(Date.now()).toISOString();
  };

  setHandler(castVoteUpdate, async (p, proof) => {
    const refusal = (await proven(castVote, p, proof)) ?? voteRefusal(p);
    if (refusal) throw refuse(refusal);
    recordVote(p);
    return view();
  }, { validator: (p, proof) => { const refusal = proofRefusal(castVote, p, proof, false) ?? voteRefusal(p); if (refusal) throw refuse(refusal); } });
  setHandler(castVoteSignal, async (p, proof) => {
    if (!(await proven(castVote, p, proof)) && !voteRefusal(p)) recordVote(p);
  });
  setHandler(closeVotingUpdate, async (p, proof) => {
    const refusal = (await proven(closeVoting, p, proof)) ?? closeRefusal(p);
    if (refusal) throw refuse(refusal);
    close();
    return view();
  }, { validator: (p, proof) => { const refusal = proofRefusal(closeVoting, p, proof, false) ?? closeRefusal(p); if (refusal) throw refuse(refusal); } });
  setHandler(closeVotingSignal, async (p, proof) => {
    if (!(await proven(closeVoting, p, proof)) && !closeRefusal(p)) close();
  });
  setHandler(bareStatusQuery, view);

  // The voting deadline: a durable timer, cancelled when voting closes early.
  const untilDeadline = Math.max(1, Date.parse(request.votingClosesAt) - Date.now());
  if (!(await condition(() => closedAt !== undefined, untilDeadline))) closedAt = request.votingClosesAt;

  const t = tally(votes, members.length, voting);
  const outcome = !hasQuorum(t, voting) ? 'deferred' : count(t, voting.passing) === 'carried' ? 'approved' : count(t, voting.passing) === 'lost' ? 'rejected' : 'deferred';
  const record: DecisionRecord = {
    decisionId: request.reviewId,
    kind: 'gateReview',
    boardId: request.board.boardId,
    product: { id: request.product.id, stage: request.product.stage, ...(request.product.name ? { name: request.product.name } : {}) },
    gate: request.gate,
    outcome,
    explanation: `${outcome}: ${t.approve + t.approveWithConditions} approvals, ${t.reject} rejections, ${t.abstain} abstentions; ${t.cast} of ${t.eligible} voted, quorum ${t.quorumNeeded}.`,
    tally: t,
    passingRule: describePassingRule(voting.passing),
    votes,
    recusals: [],
    conditions: [],
    selfAssessment: [...(request.selfAssessment ?? [])],
    papers: [...(request.papers ?? [])],
    requestedBy: request.requestedBy,
    openedAt,
    closedAt: closedAt ?? request.votingClosesAt,
  };
  // No search attribute upserts: the host's (one per change of state) are part of what is measured.
  status = 'publishing';
  await publishDecision(record);
  status = 'decided';
  return record;
}

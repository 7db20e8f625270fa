/**
 * Every situation a gate review can reach, found by @xstate/graph rather than
 * listed by hand. Each is replayed through the pure machine and its outcome
 * checked against a plain recount of the votes on the path.
 */
import { describe, expect, it } from 'vitest';
import { gateReviewMachine, type GateReviewEvent } from '../../../machines/gateReview/machine';
import { label, modelInput, situationPaths } from '../../support/gateReviewModel';
import { record, strayTimers } from '../pathInvariants';

/** The outcome a person with a pencil would write down for these events. */
function recount(path: GateReviewEvent[]): string | undefined {
  const votes = new Map<string, string>();
  const recused = new Set<string>();
  let closed = false;
  let casting: string | undefined;
  let castingWindowPassed = false;
  let assessment: 'none' | 'awaited' | 'settled' = 'none';
  for (const e of path) {
    // Once voting has closed, votes still count while the decision waits for a commissioned assessment.
    const open = !closed || assessment === 'awaited';
    if (e.type.startsWith('xstate.after.castingVoteWindow')) castingWindowPassed = true;
    if (e.type === 'vote.cast' && !recused.has(e.by) && open) votes.set(e.by, e.choice);
    if (e.type === 'interest.declared' && open) (recused.add(e.by), votes.delete(e.by));
    if (e.type === 'voting.closed' || e.type.startsWith('xstate.after.votingDeadline')) closed = true;
    if (e.type === 'castingVote.cast') casting = e.choice;
    if (e.type === 'assessment.commissioned' && !closed) assessment = 'awaited';
    if ((e.type === 'assessment.reported' || e.type === 'assessment.due') && assessment === 'awaited') assessment = 'settled';
  }
  if (!closed || assessment === 'awaited') return undefined;
  const eligible = 7 - recused.size;
  if (votes.size * 2 <= eligible) return 'deferred';
  const choices = [...votes.values()];
  const approvals = choices.filter((c) => c.startsWith('approve')).length;
  const rejections = choices.filter((c) => c === 'reject').length;
  const carried = approvals > rejections || (approvals === rejections && casting === 'approve');
  const lost = rejections > approvals || (approvals === rejections && casting === 'reject');
  if (carried) return choices.includes('approveWithConditions') ? 'approvedWithConditions' : 'approved';
  if (lost) return 'rejected';
  // A tie: this model's policy lets the chair settle it, so it is open until the window passes.
  return castingWindowPassed ? 'deferred' : undefined;
}

const paths = situationPaths();

describe('gate review paths', () => {
  it('reaches every state of the machine', () => {
    const reached = new Set(paths.map((p) => String(p.final.value)));
    const declared = Object.keys(gateReviewMachine.config.states ?? {}).filter((s) => s !== 'counting'); // transient
    expect([...reached].sort()).toEqual(declared.sort());
  });

  it('finds 18 distinct situations', () => {
    expect(paths).toHaveLength(18);
  });

  for (const path of paths) {
    it(`decides "${path.situation}" as a recount of the votes says, by ${path.events.map(label).join(', ') || 'opening'}`, () => {
      const recorded = record(gateReviewMachine, modelInput, path.events);
      const replayed = recorded.final;
      expect(replayed.context.decision?.outcome).toBe(recount(path.events));
      if (replayed.context.decision) {
        // The record's tally counts the votes it lists, each choice once.
        const { tally, votes } = replayed.context.decision;
        const counted = (choice: string) => votes.filter((v) => v.choice === choice).length;
        expect([tally.approve, tally.approveWithConditions, tally.reject, tally.abstain]).toEqual(['approve', 'approveWithConditions', 'reject', 'abstain'].map(counted));
        expect(tally.cast).toBe(votes.length);
        expect(tally.eligible).toBe(7 - replayed.context.recusals.length);
      }
      if (replayed.value === 'decided') expect(replayed.output).toEqual(replayed.context.decision);
      expect(strayTimers(recorded)).toEqual([]);
    });
  }
});

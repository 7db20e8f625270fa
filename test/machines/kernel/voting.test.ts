import { describe, expect, it } from 'vitest';
import { fraction } from '../../../machines/kernel/fraction';
import { count, hasQuorum, majority, majorityQuorum, tally, twoThirds, type Vote, type VoteChoice, type VotingPolicy } from '../../../machines/kernel/voting';

const policy: VotingPolicy = { quorum: majorityQuorum, passing: majority, chairHasCastingVote: false };
const votes = (...choices: VoteChoice[]): Vote[] => choices.map((choice, i) => ({ by: `m${i + 1}`, choice, at: '2026-01-01T00:00:00Z' }));

describe('quorum', () => {
  it('needs more than half of the eligible members to vote', () => {
    expect(hasQuorum(tally(votes('approve', 'reject', 'abstain'), 7, policy), policy)).toBe(false);
    expect(hasQuorum(tally(votes('approve', 'reject', 'abstain', 'abstain'), 7, policy), policy)).toBe(true);
    expect(tally([], 7, policy).quorumNeeded).toBe(4);
  });

  it('shrinks with recusals because recused members are not eligible', () => {
    expect(tally([], 5, policy).quorumNeeded).toBe(3);
    expect(hasQuorum(tally(votes('approve', 'approve', 'reject'), 5, policy), policy)).toBe(true);
  });

  it('is never met by a board with nobody eligible', () => {
    expect(hasQuorum(tally([], 0, policy), policy)).toBe(false);
  });

  it('follows a configured share such as two thirds', () => {
    const strict: VotingPolicy = { ...policy, quorum: { share: fraction(2, 3) } };
    expect(tally([], 6, strict).quorumNeeded).toBe(5);
    expect(hasQuorum(tally(votes('approve', 'approve', 'approve', 'approve'), 6, strict), strict)).toBe(false);
  });
});

describe('counting', () => {
  it('carries an item with more approvals than rejections, abstentions excluded', () => {
    expect(count(tally(votes('approve', 'approveWithConditions', 'reject', 'abstain', 'abstain'), 7, policy), majority)).toBe('carried');
  });

  it('loses an item with more rejections', () => {
    expect(count(tally(votes('approve', 'reject', 'reject'), 7, policy), majority)).toBe('lost');
  });

  it('ties when approvals equal rejections', () => {
    expect(count(tally(votes('approve', 'reject', 'abstain', 'abstain'), 7, policy), majority)).toBe('tied');
  });

  it('needs two thirds of approvals and rejections under a supermajority', () => {
    expect(count(tally(votes('approve', 'approve', 'reject'), 7, policy), twoThirds)).toBe('carried');
    expect(count(tally(votes('approve', 'approve', 'approve', 'reject', 'reject'), 7, policy), twoThirds)).toBe('lost');
    expect(count(tally(votes('abstain', 'abstain', 'abstain', 'abstain'), 7, policy), twoThirds)).toBe('lost');
  });
});

/** Builders for gate review requests and commands, shared by the machine and workflow tests. */
import { defaultProductBoardPolicy, type ProductBoardPolicy } from '../../machines/productBoard/policy';
import type { BoardRoster } from '../../machines/kernel/roster';
import { gateReviewRequestSchema, type GateReviewRequest, type ParsedGateReviewRequest } from '../../machines/gateReview/schema';
import type { GateReviewEvent } from '../../machines/gateReview/machine';

export const sevenMemberBoard: BoardRoster = {
  boardId: 'product-board',
  seats: 7,
  chair: 'm1',
  secretariat: ['sec'],
  members: ['m1', 'm2', 'm3', 'm4', 'm5', 'm6', 'm7'].map((id, i) => ({ id, name: `Member ${i + 1}`, technical: i % 2 === 0 })),
};

export const members = sevenMemberBoard.members.map((m) => m.id);

export const T0 = '2026-06-01T09:00:00.000Z';
export const DAY = 86_400_000;
export const at = (msAfterT0: number) => new Date(Date.parse(T0) + msAfterT0).toISOString();

type RequestOverrides = Partial<Omit<GateReviewRequest, 'policy'>> & { policy?: Partial<ProductBoardPolicy> };

export function gateReviewRequest(overrides: RequestOverrides = {}): GateReviewRequest {
  const { policy, ...rest } = overrides;
  return {
    reviewId: 'gr-test-1',
    product: { id: 'benefits-map', name: 'Benefits map', stage: 'discovery' },
    gate: 'alpha',
    requestedBy: 'sec',
    papers: ['https://example.org/papers/benefits-map-alpha'],
    selfAssessment: [{ principle: 'Open by default', assessment: 'All code and data are published.' }],
    board: sevenMemberBoard,
    policy: { ...defaultProductBoardPolicy, ...policy },
    votingClosesAt: at(7 * DAY),
    ...rest,
  };
}

export const parsedRequest = (overrides: RequestOverrides = {}): ParsedGateReviewRequest =>
  gateReviewRequestSchema.parse(gateReviewRequest(overrides));

type Payload<T extends GateReviewEvent['type']> = Omit<Extract<GateReviewEvent, { type: T }>, 'type' | 'at'>;

/** Machine events, stamped with a time, for driving the pure machine. */
export const events = {
  vote: (by: string, choice: Payload<'vote.cast'>['choice'], extra: Partial<Payload<'vote.cast'>> = {}, time = at(DAY)): GateReviewEvent => ({
    type: 'vote.cast',
    by,
    choice,
    ...extra,
    at: time,
  }),
  change: (by: string, choice: Payload<'vote.changed'>['choice'], extra: Partial<Payload<'vote.changed'>> = {}): GateReviewEvent => ({
    type: 'vote.changed',
    by,
    choice,
    ...extra,
    at: at(2 * DAY),
  }),
  interest: (by: string, interest = 'Advises the product team'): GateReviewEvent => ({ type: 'interest.declared', by, interest, at: at(DAY) }),
  close: (by = 'sec'): GateReviewEvent => ({ type: 'voting.closed', by, at: at(3 * DAY) }),
  casting: (choice: 'approve' | 'reject', by = 'm1'): GateReviewEvent => ({ type: 'castingVote.cast', by, choice, at: at(4 * DAY) }),
};

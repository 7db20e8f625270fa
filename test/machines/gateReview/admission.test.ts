/**
 * The refusal people read and the machine's own answer agree: in every state
 * the review can reach, for every command it declares and whoever sends it,
 * the explanation is undefined exactly when `snapshot.can(event)`.
 */
import { getShortestPaths } from '@xstate/graph';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { gateReviewMachine } from '../../../machines/gateReview/machine';
import { ruleRefusal } from '../../../machines/gateReview/rules';
import type { GateReviewCommand } from '../../../machines/gateReview/schema';
import { explainGateReviewRefusal, type GateReviewSnapshot } from '../../../machines/gateReview/view';
import { gateReviewCommands } from '../../../workflows/gateReview/messages';
import { alphabet, modelInput } from '../../support/gateReviewModel';
import { DAY, at } from '../../support/gateReviews';
import { agreement, type AgreementTable } from '../../support/hostModel';
import { boardProcessId } from '../../../machines/kernel/ids';

type Commands = (typeof gateReviewCommands)[number];

/** A payload of every command the review declares, as `by` sends it. */
const payloads: { [C in Commands as C['name']]: (by: string) => z.input<C['schema']> } = {
  castVote: (by) => ({ by, choice: 'approve' }),
  changeVote: (by) => ({ by, choice: 'reject' }),
  declareInterest: (by) => ({ by, interest: 'Advises the product team' }),
  closeVoting: (by) => ({ by }),
  castCastingVote: (by) => ({ by, choice: 'approve' }),
  commissionAssessment: (by) => ({ by, assessor: 'Open Data Institute', question: 'Is the model fair?', dueAt: at(12 * DAY) }),
  reportAssessment: (by) => ({ by, report: 'https://example.org/assessment.pdf' }),
  retryPublication: (by) => ({ by }),
  removeMember: (by) => ({ by, memberId: 'm3' }),
};

/** Votes in any order are the same situation; what else tells states apart is what the rules read. */
const serializeState = (s: GateReviewSnapshot) =>
  JSON.stringify([
    s.value,
    s.context.votes.map((v) => `${v.by}:${v.choice}`).sort(),
    s.context.recusals.map((r) => r.by).sort(),
    s.context.castingVote?.choice ?? null,
    s.context.assessment ? [!!s.context.assessment.report, !!s.context.assessment.overdue] : null,
    s.context.decision?.outcome ?? null,
  ]);

const states = getShortestPaths(gateReviewMachine, { input: modelInput, events: alphabet, serializeState }).map((p) => p.state);

const table: AgreementTable<GateReviewSnapshot> = {
  explain: explainGateReviewRefusal,
  states,
  commands: gateReviewCommands,
  payloads,
  // m2 declares an interest on some paths, so a recused member is among them.
  people: { secretariat: 'sec', chair: 'm1', member: 'm2', 'non-member': 'stranger', 'product board': boardProcessId(modelInput.request.board.boardId) },
  time: () => at(2 * DAY),
};

describe('gate review refusals and the machine', () => {
  const found = agreement(table);

  it(`agree in ${states.length} states × ${gateReviewCommands.length} commands × 5 senders`, () => {
    expect(new Set(states.map((s) => String(s.value)))).toEqual(new Set(['awaitingVotes', 'awaitingAssessment', 'awaitingCastingVote', 'publishing', 'publicationFailed', 'decided']));
    expect(found.cases).toBe(states.length * gateReviewCommands.length * 5);
    expect(found.disagreements).toEqual([]);
  });

  it('takes every command somewhere and refuses every command somewhere', () => {
    expect(found.neverTaken).toEqual([]);
    expect(found.neverRefused).toEqual([]);
  });

  it('would catch a refusal that read only the rules and not the state', () => {
    const stateBlind = (s: GateReviewSnapshot, e: GateReviewCommand) => ruleRefusal(s.context, e);
    const onePerState = [...new Map(states.map((s) => [String(s.value), s])).values()];
    expect(agreement({ ...table, states: onePerState, explain: stateBlind }).disagreements.length).toBeGreaterThan(0);
  });
});

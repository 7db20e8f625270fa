/**
 * Random and malformed commands, from members, the chair, the secretariat and
 * strangers, in any order and interleaved with the review's own timers, thrown
 * at the gate review machine the way the host sends them.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { initialTransition } from 'xstate';
import { gateReviewMachine, type GateReviewEvent } from '../../machines/gateReview/machine';
import { currentTally, type DecisionRecord } from '../../machines/gateReview/rules';
import { gateReviewPayloads } from '../../machines/gateReview/schema';
import { explainGateReviewRefusal, gateReviewView, type GateReviewSnapshot } from '../../machines/gateReview/view';
import { gates } from '../../machines/kernel/lifecycle';
import { voteChoices } from '../../machines/kernel/voting';
import { expectedOutcome } from '../support/votingOracle';
import { DAY, T0, at, members, parsedRequest } from '../support/gateReviews';
import { advance, links, malformed, personFrom, sendCommand, sendEngineEvent, sendEvent, timesFrom, words, type Expected, type HostedProcess } from '../support/hostModel';

const hosted: HostedProcess<GateReviewSnapshot> = { machine: gateReviewMachine, payloads: gateReviewPayloads, explain: explainGateReviewRefusal };

type Command = { type: string; [field: string]: unknown };
interface Roster {
  readonly chair: string;
  readonly secretariat: readonly string[];
  readonly members: readonly { readonly id: string }[];
}

/**
 * The rules of a gate review as shared/domain.md states them ("Roles", "Voting", "A gate review"), written here
 * without machines/ and without `can()`: who may send which command at which stage, and what a refusal must be
 * about. It keeps its own ledger of the votes, recusals and assessment it let through (the test compares it with
 * the review's after every step); the stage it reads from the snapshot's state, as a person reads the review's page.
 * Stages: voting open (`awaitingVotes`); voting closed but the decision waiting for a commissioned assessment,
 * when members may still vote (`awaitingAssessment`); a tie the chair may settle (`awaitingCastingVote`);
 * publishing, a failed publication the secretariat may retry, decided.
 */
function reviewModel(board: Roster) {
  const votes = new Map<string, { choice: unknown; reason: unknown; conditions: unknown; at: unknown }>();
  const recused = new Set<string>();
  let assessment: 'none' | 'commissioned' | 'reported' | 'overdue' = 'none';
  const member = (by: string) => board.members.some((m) => m.id === by);
  const secretariat = (by: string) => board.secretariat.includes(by);
  const refuse = (because: RegExp): Expected => ({ refused: true, because });
  const taken = (noChange = false): Expected => (noChange ? { refused: false, noChange } : { refused: false });

  function predict(s: GateReviewSnapshot, e: Command): Expected {
    const stage = String(s.value);
    const votingOpen = stage === 'awaitingVotes' || stage === 'awaitingAssessment';
    const by = String(e.by);
    switch (e.type) {
      case 'castingVote.cast':
        if (stage !== 'awaitingCastingVote') return refuse(/not waiting for a casting vote/);
        return by === board.chair ? taken() : refuse(/only the chair/);
      case 'publication.retried':
        if (stage !== 'publicationFailed') return refuse(/no failed publication to retry/);
        return secretariat(by) ? taken() : refuse(/only the secretariat may/);
      case 'vote.cast':
      case 'vote.changed': {
        if (!votingOpen) return refuse(/closed at/);
        if (!member(by)) return refuse(/is not a member/);
        if (recused.has(by)) return refuse(/is recused/);
        const earlier = votes.get(by);
        if (e.type === 'vote.cast' && earlier) return refuse(/^You have already voted on gate review [^;]*; a second vote was not recorded\. To change your vote, add --change/);
        if (e.type === 'vote.changed' && !earlier) return refuse(/has not voted/);
        const vote = { choice: e.choice, reason: e.reason, conditions: e.conditions, at: e.at };
        votes.set(by, vote);
        return taken(JSON.stringify(vote) === JSON.stringify(earlier));
      }
      case 'interest.declared':
        if (!votingOpen) return refuse(/closed at/);
        if (!member(by)) return refuse(/is not a member/);
        if (recused.has(by)) return refuse(/already declared an interest/);
        // A recused member's earlier vote no longer counts.
        recused.add(by);
        votes.delete(by);
        return taken();
      case 'voting.closed':
        if (stage !== 'awaitingVotes') return refuse(/closed at/);
        return secretariat(by) || by === board.chair ? taken() : refuse(/only the secretariat or the chair/);
      case 'assessment.commissioned':
        if (stage !== 'awaitingVotes') return refuse(/closed at/);
        if (!member(by) && !secretariat(by)) return refuse(/only the board's members/);
        if (assessment !== 'none') return refuse(/already commissioned/);
        if (Date.parse(String(e.dueAt)) <= Date.parse(String(e.at))) return refuse(/not in the future/);
        assessment = 'commissioned';
        return taken();
      case 'assessment.reported':
        if (!votingOpen) return refuse(/closed at/);
        if (!secretariat(by)) return refuse(/the secretariat records reports/);
        if (assessment === 'none') return refuse(/No assessment was commissioned/);
        if (assessment === 'reported') return refuse(/already reported/);
        if (assessment === 'overdue') return refuse(/overdue/);
        assessment = 'reported';
        return taken();
      default:
        throw new Error(`the model has no rule for ${e.type}`);
    }
  }

  return {
    predict,
    /** The assessment's deadline passing while the review still waits on it: it is decided without the report. */
    assessmentDue(stage: string) {
      if ((stage === 'awaitingVotes' || stage === 'awaitingAssessment') && assessment === 'commissioned') assessment = 'overdue';
    },
    /** The model's ledger and the review's record agree. */
    agreesWith(s: GateReviewSnapshot) {
      const { context } = s;
      expect(new Map(context.votes.map((v) => [v.by, v.choice]))).toEqual(new Map([...votes].map(([by, v]) => [by, v.choice])));
      expect(new Set(context.recusals.map((r) => r.by))).toEqual(recused);
      const recorded = !context.assessment ? 'none' : context.assessment.report ? 'reported' : context.assessment.overdue ? 'overdue' : 'commissioned';
      expect(recorded).toBe(assessment);
    },
  };
}

type Model = ReturnType<typeof reviewModel>;
interface Run {
  readonly process: HostedProcess<GateReviewSnapshot>;
  readonly model: Model;
}

function runFor(s: GateReviewSnapshot): Run {
  const model = reviewModel(s.context.request.board);
  return { model, process: { ...hosted, predict: model.predict } };
}
const person = personFrom([...members, ...members, 'sec', 'stranger']);

const payloads = {
  'vote.cast': fc.tuple(person, fc.constantFrom(...voteChoices), fc.array(words, { minLength: 1, maxLength: 3 }), fc.option(words, { nil: undefined })).map(([by, choice, conditions, reason]) => ({
    by,
    choice,
    ...(choice === 'approveWithConditions' ? { conditions } : {}),
    ...(reason ? { reason } : {}),
  })),
  'interest.declared': fc.record({ by: person, interest: words }),
  'voting.closed': fc.record({ by: person }),
  'assessment.commissioned': fc.record({ by: person, assessor: words, question: words, dueAt: fc.constant('set when sent') }),
  'assessment.reported': fc.record({ by: person, report: links, summary: fc.option(words, { nil: undefined }) }).map(({ summary, ...p }) => (summary ? { ...p, summary } : p)),
  'castingVote.cast': fc.record({ by: person, choice: fc.constantFrom('approve', 'reject') }),
  'publication.retried': fc.record({ by: person }),
  // Sent only by the board's process; the model's commands leave it to the machine tests (test/machines/gateReview/eligibility.test.ts).
  'member.removed': fc.record({ by: person, memberId: person }),
};
const validSample = { by: 'm2', choice: 'approve' };

const commandOf = (type: keyof typeof gateReviewPayloads, weight: number) => ({
  weight,
  arbitrary: fc.record({ kind: fc.constant('command' as const), type: fc.constant(type), payload: payloads[type === 'vote.changed' ? 'vote.cast' : type] as fc.Arbitrary<unknown> }),
});
const command = fc.oneof(
  commandOf('vote.cast', 8),
  commandOf('vote.changed', 4),
  commandOf('interest.declared', 1),
  commandOf('voting.closed', 1),
  commandOf('assessment.commissioned', 1),
  commandOf('assessment.reported', 2),
  commandOf('castingVote.cast', 2),
);
const malformedCommand = fc
  .constantFrom('vote.cast', 'vote.changed', 'castingVote.cast')
  .chain((type) => fc.record({ kind: fc.constant('command' as const), type: fc.constant(type), payload: malformed(gateReviewPayloads[type], validSample) as fc.Arbitrary<unknown> }));
const engineStep = fc.record({
  kind: fc.constant('engine' as const),
  name: fc.constantFrom('deadline', 'castingWindow', 'reminderDue', 'due', 'published', 'publishFailed', 'retried'),
  by: person,
});

const step = fc.record({
  what: fc.oneof({ weight: 12, arbitrary: command }, { weight: 1, arbitrary: malformedCommand }, { weight: 3, arbitrary: engineStep }),
  advance,
  dueIn: fc.integer({ min: -DAY, max: 20 * DAY }),
});

const request = fc.record({
  gate: fc.constantFrom(...gates),
  closesIn: fc.integer({ min: 1, max: 21 }),
  chairHasCastingVote: fc.boolean(),
  quorum: fc.constantFrom({ numerator: 1, denominator: 2 }, { numerator: 2, denominator: 3 }, { numerator: 0, denominator: 1 }),
  passing: fc.constantFrom({ kind: 'majority' as const }, { kind: 'supermajority' as const, atLeast: { numerator: 2, denominator: 3 } }),
  assessmentReminderDays: fc.integer({ min: 0, max: 5 }),
});

const finale = fc.record({ report: fc.boolean(), casting: fc.option(fc.constantFrom('approve' as const, 'reject' as const), { nil: undefined }) });

type Step = typeof step extends fc.Arbitrary<infer T> ? T : never;
type Request = typeof request extends fc.Arbitrary<infer T> ? T : never;

function open(r: Request): GateReviewSnapshot {
  const stage = r.gate === 'prioritisation' ? 'proposed' : r.gate === 'discovery' ? 'proposed' : r.gate === 'alpha' ? 'discovery' : r.gate === 'beta' ? 'alpha' : r.gate === 'live' ? 'beta' : 'live';
  const request = parsedRequest({
    gate: r.gate,
    product: { id: 'benefits-map', name: 'Benefits map', stage },
    votingClosesAt: at(r.closesIn * DAY),
    policy: { chairHasCastingVote: r.chairHasCastingVote, quorum: { share: r.quorum }, passing: { default: r.passing }, assessmentReminderDays: r.assessmentReminderDays },
  });
  return initialTransition(gateReviewMachine, { request, openedAt: T0 })[0];
}

const engineEvents = {
  deadline: { type: 'xstate.after.votingDeadline.gateReview.awaitingVotes' },
  castingWindow: { type: 'xstate.after.castingVoteWindow.gateReview.awaitingCastingVote' },
  reminderDue: { type: 'assessment.reminderDue' },
  due: { type: 'assessment.due' },
} as const;

/** One step as the host would take it; invoked-actor events come only while the actor runs. */
function take({ process, model }: Run, s: GateReviewSnapshot, { what, dueIn }: Step, time: string): GateReviewSnapshot {
  if (what.kind === 'command') {
    const payload = what.type === 'assessment.commissioned' ? { ...(what.payload as object), dueAt: new Date(Date.parse(time) + dueIn).toISOString() } : what.payload;
    return sendCommand(process, s, what.type, payload, time).next;
  }
  switch (what.name) {
    case 'published':
      return s.value === 'publishing' ? sendEngineEvent(gateReviewMachine, s, { type: 'xstate.done.actor.publishDecision', output: { decisionId: s.context.request.reviewId, publishedAt: time, location: 'register' } } as never) : s;
    case 'publishFailed':
      return s.value === 'publishing' ? sendEngineEvent(gateReviewMachine, s, { type: 'xstate.error.actor.publishDecision', error: { message: 'register refused' } } as never) : s;
    case 'retried':
      return sendEvent(process, s, { type: 'publication.retried', by: what.by, at: time }).next;
    default:
      if (what.name === 'due') model.assessmentDue(String(s.value));
      return sendEngineEvent(gateReviewMachine, s, engineEvents[what.name] as unknown as GateReviewEvent);
  }
}

/** What must hold of a review at every moment. */
function checkInvariants(s: GateReviewSnapshot) {
  const { votes, recusals, request } = s.context;
  const memberIds = request.board.members.map((m) => m.id);
  const voters = votes.map((v) => v.by);
  const recused = recusals.map((r) => r.by);
  expect(new Set(voters).size).toBe(voters.length);
  expect(new Set(recused).size).toBe(recused.length);
  for (const by of [...voters, ...recused]) expect(memberIds).toContain(by);
  for (const by of voters) expect(recused).not.toContain(by);
  for (const v of votes) expect((v.conditions?.length ?? 0) > 0).toBe(v.choice === 'approveWithConditions');
  const view = gateReviewView(s);
  expect([...view.voted, ...view.yetToVote.map((m) => m.id), ...view.recusals.map((r) => r.by)].sort()).toEqual([...memberIds].sort());
  if (s.context.decision) checkDecision(s, s.context.decision);
}

function checkDecision(s: GateReviewSnapshot, d: DecisionRecord) {
  const t = d.tally;
  expect(t.cast).toBe(t.approve + t.approveWithConditions + t.reject + t.abstain);
  expect(t.cast).toBe(d.votes.length);
  expect(t.eligible).toBe(s.context.request.board.members.length - d.recusals.length);
  expect(t.cast).toBeLessThanOrEqual(t.eligible);
  const recused = new Set(d.recusals.map((r) => r.by));
  for (const v of d.votes) expect(recused.has(v.by)).toBe(false);
  const approving = d.outcome === 'approved' || d.outcome === 'approvedWithConditions';
  expect(d.conditions).toEqual(approving ? d.votes.flatMap((v) => (v.conditions ?? []).map((text) => ({ text, setBy: v.by }))) : []);
  expect(d.outcome === 'approvedWithConditions').toBe(approving && t.approveWithConditions > 0);
  // Recounted from the recorded votes by the oracle, not by the engine's own tally and rules.
  const eligible = s.context.request.board.members.length - d.recusals.length;
  const expected = expectedOutcome(d.votes, eligible, s.context.voting, d.castingVote?.choice);
  expect({ outcome: d.outcome, ...(d.deferredBecause ? { deferredBecause: d.deferredBecause } : {}) }).toEqual(expected);
  if (d.castingVote) expect(d.castingVote.by).toBe(s.context.request.board.chair);
  expect(d.explanation).toMatch(/\.$/);
  expect(d.closedAt).toBeTruthy();
}

describe('gate review under random commands', () => {
  it('refuses exactly what an independent model of the rules refuses, for its reason and without change; takes the rest; never errors; keeps the tally sound', () => {
    fc.assert(
      fc.property(request, fc.array(step, { maxLength: 40 }), (r, steps) => {
        let s = open(r);
        const run = runFor(s);
        const times = timesFrom(steps.map((x) => x.advance));
        steps.forEach((x, i) => {
          s = take(run, s, x, times[i]!);
          checkInvariants(s);
          run.model.agreesWith(s);
        });
      }),
      { numRuns: 300 },
    );
  });

  it('always reaches a decision once voting closes, the assessment is in or overdue, and the casting window passes', () => {
    fc.assert(
      fc.property(request, fc.array(step, { maxLength: 40 }), finale, (r, steps, finale) => {
        let s = open(r);
        const run = runFor(s);
        const { process } = run;
        const times = timesFrom(steps.map((x) => x.advance));
        steps.forEach((x, i) => (s = take(run, s, x, times[i]!)));
        // Voting closes; the secretariat may record the report, and the chair may settle a tie, in time.
        const last = Date.parse(times.at(-1) ?? at(0));
        s = sendEngineEvent(gateReviewMachine, s, engineEvents.deadline as unknown as GateReviewEvent);
        if (finale.report) s = sendCommand(process, s, 'assessment.reported', { by: 'sec', report: 'https://example.org/report' }, new Date(last + 1000).toISOString()).next;
        run.model.assessmentDue(String(s.value));
        s = sendEngineEvent(gateReviewMachine, s, engineEvents.due as unknown as GateReviewEvent);
        if (finale.casting) s = sendCommand(process, s, 'castingVote.cast', { by: s.context.request.board.chair, choice: finale.casting }, new Date(last + 2000).toISOString()).next;
        s = sendEngineEvent(gateReviewMachine, s, engineEvents.castingWindow as unknown as GateReviewEvent);
        expect(['publishing', 'publicationFailed', 'decided']).toContain(s.value);
        checkDecision(s, s.context.decision!);
        // The record agrees with the votes as they stood when it was made.
        expect(s.context.decision!.tally).toEqual(currentTally(s.context));
      }),
      { numRuns: 200 },
    );
  });
});

/**
 * One product gate review: the product board votes on whether a product may
 * pass a gate, until the voting deadline or an early close; the votes decide
 * under the policy in force when the review was opened; the decision is
 * published to the register.
 */
import { assign, cancel, enqueueActions, setup, type SnapshotFrom } from 'xstate';
import { DAY, HOUR, delayUntil } from '../kernel/clock';
import { effect, type Notification, type Publication } from '../kernel/effects';
import { lateQuorumHoursOf, votingPolicyFor, votingReminderHoursOf } from '../productBoard/policy';
import { voteFrom, withVote } from '../kernel/voting';
import { reminderDelay, voteConfirmation, votingReminder } from '../kernel/voteNotices';
import { membersYetToVote, voteSubjectOf, writtenProcedureOpened } from './notices';
import { awaitsAssessment, awaitsCastingVote, closesAtOf, decide, electorateOfReview, lateQuorumAfter, ruleRefusal, type DecisionRecord, type GateReviewContext } from './rules';
import { withRemoval } from '../kernel/eligibility';
import type { GateReviewCommand, ParsedGateReviewRequest } from './schema';

export interface GateReviewInput {
  readonly request: ParsedGateReviewRequest;
  /** When the engine opened the review (ISO 8601); the machine reads no clock. */
  readonly openedAt: string;
  /**
   * Whether the review tells people more than its decision: every member when a written procedure
   * opens, members who have not voted before voting closes, each voter that their vote was recorded.
   * The host turns it on for reviews opened since it could (a `patched()` check at open), so a review
   * opened before never sends them and its history replays as it ran.
   */
  readonly notices?: boolean;
}

/** Raised by the review itself, on timers it set when the assessment was commissioned. */
export type AssessmentTimer = { readonly type: 'assessment.reminderDue' } | { readonly type: 'assessment.due' };
/** Raised by the review itself, `votingReminderHours` before voting closes. */
export type VotingReminderDue = { readonly type: 'voting.reminderDue' };
/** Raised by the review itself at the close a late quorum moved it to. */
export type ExtendedCloseDue = { readonly type: 'voting.extendedCloseDue' };

const VOTING_REMINDER = 'votingReminder';
const EXTENDED_CLOSE = 'extendedClose';
/** The id XState gives the timer of awaitingVotes' `after: votingDeadline`, cancelled when a late quorum moves the close. */
const VOTING_DEADLINE_TIMER = 'xstate.after.votingDeadline.gateReview.awaitingVotes';
/** Each notice is an actor of its own, named for its notification; a notice that fails is not the review's concern. */
const noticeActor = (notificationId: string) => `notice.${notificationId}`;

/** The reminder's notice failed for good: nothing for the review to do. */
type ReminderFailed = { readonly type: 'xstate.error.actor.assessmentReminder'; readonly error: unknown };
type NoticeEnded = { readonly type: `xstate.done.actor.notice.${string}` | `xstate.error.actor.notice.${string}` };

export type GateReviewEvent = GateReviewCommand | AssessmentTimer | VotingReminderDue | ExtendedCloseDue | ReminderFailed | NoticeEnded;

export const gateReviewMachine = setup({
  types: {
    context: {} as GateReviewContext,
    events: {} as GateReviewEvent,
    input: {} as GateReviewInput,
    output: {} as DecisionRecord,
  },
  actors: {
    publishDecision: effect<Publication, DecisionRecord>('publishDecision'),
    notify: effect<void, Notification>('notify'),
  },
  guards: {
    commandAllowed: ({ context, event }) => 'at' in event && ruleRefusal(context, event) === undefined,
    awaitsCastingVote: ({ context }) => awaitsCastingVote(context),
    awaitsAssessment: ({ context }) => awaitsAssessment(context),
    closeNotMoved: ({ context }) => context.lateQuorum?.closesAt === undefined,
  },
  actions: {
    recordVote: assign({
      votes: ({ context, event }) => {
        if (event.type !== 'vote.cast' && event.type !== 'vote.changed') return context.votes;
        return withVote(context.votes, voteFrom(event));
      },
    }),
    /** Tells the voter, and only the voter, what was recorded. */
    confirmVote: enqueueActions(({ context, event, enqueue }) => {
      if (!context.notices || (event.type !== 'vote.cast' && event.type !== 'vote.changed')) return;
      const n = (context.votesRecorded ?? 0) + 1;
      const stillOpen = context.closedAt === undefined && Date.parse(event.at) < Date.parse(closesAtOf(context));
      const notice = voteConfirmation(voteSubjectOf(context), voteFrom(event), n, stillOpen);
      enqueue.assign({ votesRecorded: n });
      enqueue.spawnChild('notify', { id: noticeActor(notice.notificationId), input: notice });
    }),
    /** As voting opens: a written procedure is announced to every member, and the reminder is set. */
    openVoting: enqueueActions(({ context, enqueue }) => {
      if (!context.notices) return;
      if (context.request.procedure === 'written') {
        const notice = writtenProcedureOpened(context);
        enqueue.spawnChild('notify', { id: noticeActor(notice.notificationId), input: notice });
      }
      const delay = reminderDelay(context.request.votingClosesAt, votingReminderHoursOf(context.request.policy), context.openedAt);
      if (delay !== undefined) enqueue.raise({ type: 'voting.reminderDue' }, { id: VOTING_REMINDER, delay });
    }),
    /** The members who may vote and have not are reminded; when everyone has voted, no one is. */
    remindVoters: enqueueActions(({ context, enqueue }) => {
      const to = membersYetToVote(context);
      if (!context.notices || to.length === 0) return;
      const notice = votingReminder(voteSubjectOf(context), to);
      enqueue.spawnChild('notify', { id: noticeActor(notice.notificationId), input: notice });
    }),
    /**
     * The first quorum reached within the policy's late-quorum hours of the close moves the close: the
     * deadline's timer is cancelled and one set for the new close. Only a review opened with the rule on
     * has `lateQuorum` (see GateReviewContext), so in every other review this does nothing at all.
     */
    watchLateQuorum: enqueueActions(({ context, event, enqueue }) => {
      if (!('at' in event)) return;
      const next = lateQuorumAfter(context, event.at);
      if (next === undefined || next === context.lateQuorum) return;
      enqueue.assign({ lateQuorum: next });
      if (next.closesAt === undefined) return;
      enqueue.cancel(VOTING_DEADLINE_TIMER);
      enqueue.raise({ type: 'voting.extendedCloseDue' }, { id: EXTENDED_CLOSE, delay: delayUntil(next.closesAt, event.at) });
    }),
    recordRecusal: assign(({ context, event }) =>
      event.type !== 'interest.declared'
        ? {}
        : {
            recusals: [...context.recusals, { by: event.by, interest: event.interest, at: event.at }],
            // A recused member's earlier vote no longer counts.
            votes: context.votes.filter((v) => v.by !== event.by),
          },
    ),
    /** The board removed a member while the vote was open: they may no longer vote, and a vote they cast no longer counts. */
    recordRemoval: assign(({ context, event }) =>
      event.type !== 'member.removed'
        ? {}
        : {
            electorate: withRemoval(electorateOfReview(context), { memberId: event.memberId, at: event.at }),
            votes: context.votes.filter((v) => v.by !== event.memberId),
          },
    ),
    recordClose: assign({
      closedAt: ({ context, event }) => (event.type === 'voting.closed' ? event.at : closesAtOf(context)),
    }),
    recordCastingVote: assign({
      castingVote: ({ context, event }) =>
        event.type === 'castingVote.cast'
          ? { by: event.by, choice: event.choice, at: event.at, ...(event.reason ? { reason: event.reason } : {}) }
          : context.castingVote,
    }),
    recordDecision: assign({ decision: ({ context }) => decide(context) }),
    /** Records the commission and sets the review's own timers for the reminder and the deadline. */
    commissionAssessment: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'assessment.commissioned') return;
      const { by, at, assessor, question, dueAt } = event;
      enqueue.assign({ assessment: { commissionedBy: by, commissionedAt: at, assessor, question, dueAt } });
      const untilDue = Date.parse(dueAt) - Date.parse(at);
      const untilReminder = untilDue - context.request.policy.assessmentReminderDays * DAY;
      if (context.request.policy.assessmentReminderDays > 0 && untilReminder > 0)
        enqueue.raise({ type: 'assessment.reminderDue' }, { id: 'assessmentReminder', delay: untilReminder });
      enqueue.raise({ type: 'assessment.due' }, { id: 'assessmentDue', delay: untilDue });
    }),
    recordReport: assign({
      assessment: ({ context, event }) =>
        event.type === 'assessment.reported' && context.assessment
          ? { ...context.assessment, report: { by: event.by, report: event.report, at: event.at, ...(event.summary ? { summary: event.summary } : {}) } }
          : context.assessment,
    }),
    markAssessmentOverdue: assign({ assessment: ({ context }) => (context.assessment && !context.assessment.report ? { ...context.assessment, overdue: true } : context.assessment) }),
    remindOfAssessment: enqueueActions(({ context, enqueue }) => {
      const { assessment, request } = context;
      if (!assessment || assessment.report) return;
      enqueue.spawnChild('notify', {
        id: 'assessmentReminder',
        input: {
          notificationId: `assessment-reminder-${request.reviewId}`,
          to: [...new Set([...request.board.secretariat, assessment.commissionedBy])],
          subject: `Reminder: the assessment for ${request.reviewId} is due ${assessment.dueAt}`,
          body: `${assessment.assessor} was asked: ${assessment.question}\nThe board's decision on ${request.product.name ?? request.product.id} (${request.gate}) waits for the report until ${assessment.dueAt}.`,
        } satisfies Notification,
      });
    }),
  },
  delays: {
    votingDeadline: ({ context }) => delayUntil(context.request.votingClosesAt, context.openedAt),
    castingVoteWindow: ({ context }) => context.request.policy.castingVoteWindowHours * HOUR,
  },
}).createMachine({
  id: 'gateReview',
  context: ({ input }) => ({
    request: input.request,
    openedAt: input.openedAt,
    ...(input.notices ? { notices: true } : {}),
    voting: votingPolicyFor(input.request.policy, input.request.gate),
    votes: [],
    recusals: [],
    ...(lateQuorumHoursOf(input.request.policy) > 0 ? { lateQuorum: { hours: lateQuorumHoursOf(input.request.policy) } } : {}),
  }),
  // A reminder or notice that could not be sent is not the review's concern: the review goes on.
  on: { 'xstate.error.actor.assessmentReminder': {}, 'xstate.error.actor.notice.*': {} },
  initial: 'awaitingVotes',
  states: {
    awaitingVotes: {
      description: 'Voting is open until the deadline or until the secretariat or chair closes it.',
      entry: 'openVoting',
      // A reminder still to come is not sent once voting has closed (nothing to cancel in a review opened without notices),
      // nor does a moved close fire once voting closed early (nothing to cancel where no late quorum moved it).
      exit: [cancel(VOTING_REMINDER), cancel(EXTENDED_CLOSE)],
      on: {
        // The late quorum is watched before the vote is confirmed, so that a vote that moves the close is told the new one.
        'vote.cast': { guard: 'commandAllowed', actions: ['recordVote', 'watchLateQuorum', 'confirmVote'] },
        'vote.changed': { guard: 'commandAllowed', actions: ['recordVote', 'watchLateQuorum', 'confirmVote'] },
        'voting.reminderDue': { actions: 'remindVoters' },
        'voting.extendedCloseDue': { target: 'counting', actions: 'recordClose' },
        'interest.declared': { guard: 'commandAllowed', actions: ['recordRecusal', 'watchLateQuorum'] },
        // A removal changes the count as a recusal does, so the late quorum is watched after it too.
        'member.removed': { guard: 'commandAllowed', actions: ['recordRemoval', 'watchLateQuorum'] },
        'voting.closed': { guard: 'commandAllowed', target: 'counting', actions: 'recordClose' },
        'assessment.commissioned': { guard: 'commandAllowed', actions: 'commissionAssessment' },
        'assessment.reported': { guard: 'commandAllowed', actions: 'recordReport' },
        'assessment.reminderDue': { actions: 'remindOfAssessment' },
        'assessment.due': { actions: 'markAssessmentOverdue' },
      },
      after: {
        // The timer is cancelled when a late quorum moves the close; the guard says the same, so that no stale deadline closes voting early.
        votingDeadline: { guard: 'closeNotMoved', target: 'counting', actions: 'recordClose' },
      },
    },
    counting: {
      always: [
        { guard: 'awaitsAssessment', target: 'awaitingAssessment' },
        { guard: 'awaitsCastingVote', target: 'awaitingCastingVote' },
        { target: 'publishing', actions: 'recordDecision' },
      ],
    },
    awaitingAssessment: {
      description: 'Voting has closed, but the decision waits for the commissioned assessment or its deadline; members may still vote or change their votes.',
      on: {
        'vote.cast': { guard: 'commandAllowed', actions: ['recordVote', 'confirmVote'] },
        'vote.changed': { guard: 'commandAllowed', actions: ['recordVote', 'confirmVote'] },
        'interest.declared': { guard: 'commandAllowed', actions: 'recordRecusal' },
        'member.removed': { guard: 'commandAllowed', actions: 'recordRemoval' },
        'assessment.reported': { guard: 'commandAllowed', target: 'counting', actions: 'recordReport' },
        'assessment.reminderDue': { actions: 'remindOfAssessment' },
        'assessment.due': { target: 'counting', actions: 'markAssessmentOverdue' },
      },
    },
    awaitingCastingVote: {
      description: 'The vote is tied and the policy lets the chair settle it.',
      on: {
        'castingVote.cast': { guard: 'commandAllowed', target: 'publishing', actions: ['recordCastingVote', 'recordDecision'] },
      },
      after: {
        castingVoteWindow: { target: 'publishing', actions: 'recordDecision' },
      },
    },
    publishing: {
      description: 'The decision is being written to the decision register.',
      invoke: {
        id: 'publishDecision',
        src: 'publishDecision',
        input: ({ context }) => context.decision!,
        onDone: 'decided',
        onError: 'publicationFailed',
      },
    },
    publicationFailed: {
      description: 'The register refused the decision for good; the secretariat can retry once it is fixed.',
      on: { 'publication.retried': { guard: 'commandAllowed', target: 'publishing' } },
    },
    decided: { type: 'final' },
  },
  output: ({ context }) => context.decision!,
});

export type GateReviewMachine = typeof gateReviewMachine;
export type GateReviewState = SnapshotFrom<GateReviewMachine>['value'];

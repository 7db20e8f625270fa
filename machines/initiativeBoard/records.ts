/**
 * What the decision register keeps of the initiative board's work: each item decided
 * or deferred at a quarterly meeting, the minutes, and each answer to a public submission.
 */
import type { KpiProgress } from './kpis';
import type { Meeting } from '../kernel/calendar';
import type { LateQuorum } from '../kernel/lateQuorum';
import type { Removal } from '../kernel/eligibility';
import type { CompositionStatus } from '../kernel/composition';
import type { Tally, Vote } from '../kernel/voting';
import type { CastingVote, Condition, Recusal } from '../gateReview/rules';
import type { Proposal } from './schema';
import type { Attendance, InitiativeContext, Research, Source, SubmissionStatus } from './types';

export type InitiativeOutcome = 'approved' | 'approvedWithConditions' | 'rejected' | 'deferred';
export type InitiativeDeferral = 'noQuorum' | 'noLivedExperience' | 'tie' | 'awaitingResearch';

/** What the register keeps of one item decided (or deferred) at a quarterly meeting. */
export interface InitiativeDecisionRecord {
  readonly decisionId: string;
  readonly kind: 'initiativeDecision';
  readonly boardId: string;
  readonly meetingId: string;
  readonly itemId: string;
  readonly title: string;
  readonly text: string;
  readonly proposal: Proposal;
  readonly source: Source;
  readonly outcome: InitiativeOutcome;
  readonly deferredBecause?: InitiativeDeferral;
  readonly explanation: string;
  readonly tally: Tally;
  readonly livedExperienceVoting: number;
  readonly passingRule: string;
  readonly votes: readonly Vote[];
  readonly recusals: readonly Recusal[];
  readonly castingVote?: CastingVote;
  readonly conditions: readonly Condition[];
  readonly research?: Research;
  readonly composition: CompositionStatus;
  /** What the decision changed, in a sentence; absent for a rejection or deferral. */
  readonly effect?: string;
  readonly openedAt: string;
  readonly decidedAt: string;
  readonly deferredFrom: readonly string[];
  /** Present on the item whose late quorum moved the end of the meeting's voting: when its quorum came, and the close it moved from and to. */
  readonly lateQuorum?: Required<LateQuorum>;
  /** Present when the board removed members while the vote on the item was open: they did not vote, nor count toward the quorum. */
  readonly removedDuringVote?: readonly Removal[];
  /** Who is told when it is published; the register does not keep it. */
  readonly notify?: readonly string[];
}

/** What the register keeps of a quarterly meeting. */
export interface InitiativeMinutesRecord {
  readonly decisionId: string;
  readonly kind: 'initiativeMinutes';
  readonly boardId: string;
  readonly meeting: Meeting;
  readonly attendance?: Attendance;
  readonly apologies: readonly string[];
  readonly livedExperiencePresent: number;
  readonly composition: CompositionStatus;
  readonly compositionSummary: string;
  readonly items: readonly { readonly itemId: string; readonly title: string; readonly decision: Proposal['decision']; readonly outcome: InitiativeOutcome; readonly deferredBecause?: InitiativeDeferral }[];
  readonly submissions: readonly { readonly submissionId: string; readonly status: SubmissionStatus; readonly reason?: string }[];
  /** Open actions, carried to the next quarter. */
  readonly actionsCarried: readonly { readonly actionId: string; readonly text: string; readonly owner: string; readonly dueAt?: string }[];
  /** On a board that tracks its KPIs: the figure the secretariat recorded for each this quarter. */
  readonly kpiProgress?: readonly KpiProgress[];
  /** Present when an item's late quorum moved the end of the meeting's voting. */
  readonly votingExtended?: InitiativeContext['closeMoved'];
  readonly notify?: readonly string[];
}

/** What the register keeps of the secretariat's answer to a public submission. */
export interface TriageRecord {
  readonly decisionId: string;
  readonly kind: 'submissionTriage';
  readonly boardId: string;
  readonly submissionId: string;
  readonly title: string;
  readonly outcome: Exclude<SubmissionStatus, 'awaitingTriage'>;
  readonly reason: string;
  readonly itemId?: string;
  readonly triagedBy: string;
  readonly triagedAt: string;
  readonly notify?: readonly string[];
}

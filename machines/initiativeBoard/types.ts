/**
 * The initiative board's state as data: items, submissions, actions, resources,
 * stakeholders and the quarter's context the machine keeps.
 */
import type { BoardRoster } from '../kernel/roster';
import type { Meeting } from '../kernel/calendar';
import type { CompositionStatus } from '../kernel/composition';
import type { Vote } from '../kernel/voting';
import type { Principle } from '../productBoard/schema';
import type { CastingVote, Recusal } from '../gateReview/rules';
import type { LateQuorum } from '../kernel/lateQuorum';
import type { Electorate } from '../kernel/eligibility';
import type { GoodDataCard } from './goodDataCard';
import type { Moderation } from '../kernel/moderation';
import type { Kpi, KpiProgress } from './kpis';
import type { Proposal } from './schema';
import type { InitiativePolicy, InitiativeVotingPolicy } from './policy';
import type { InitiativeDecisionRecord } from './records';

export type Source =
  | { readonly kind: 'member' | 'secretariat'; readonly by: string }
  | { readonly kind: 'productBoard'; readonly by: string }
  | { readonly kind: 'public'; readonly by?: string; readonly submissionId: string };

/** Research the board commissioned for an item; the item is not decided until the report is in. */
export interface Research {
  readonly commissionedBy: string;
  readonly commissionedAt: string;
  readonly researcher: string;
  readonly question: string;
  readonly dueAt: string;
  readonly report?: { readonly by: string; readonly report: string; readonly summary?: string; readonly at: string };
}

export interface InitiativeItem {
  readonly itemId: string;
  readonly title: string;
  readonly text: string;
  readonly proposal: Proposal;
  readonly source: Source;
  readonly openedAt: string;
  /** The voting rules in force when the item was opened: a later policy change does not reach it. */
  readonly voting: InitiativeVotingPolicy;
  readonly votes: readonly Vote[];
  readonly recusals: readonly Recusal[];
  readonly castingVote?: CastingVote;
  readonly research?: Research;
  /** Submissions the secretariat merged into this item. */
  readonly merged: readonly string[];
  /** The meetings that deferred it, oldest first. */
  readonly deferredFrom: readonly string[];
  /**
   * Votes recorded on it at this quarter's meeting, a changed vote included: each confirmation's number.
   * Absent before the first, in runs without the vote notices, and again once the item is carried.
   */
  readonly votesRecorded?: number;
  /**
   * The late-quorum rule the item was opened with and what it did at this quarter's meeting
   * (machines/kernel/lateQuorum.ts); absent unless the policy's lateQuorumHours was above 0 when it opened.
   */
  readonly lateQuorum?: LateQuorum;
  /**
   * Who may vote on it (machines/kernel/eligibility.ts): the roster frozen as voting on it opened, when it joined
   * this quarter's agenda, and who the board has removed since. Only in runs with the one eligibility rule; an
   * item without it (opened before) is counted against the roster as it stands. Dropped when the item is carried.
   */
  readonly electorate?: Electorate;
}

export type SubmissionStatus = 'awaitingTriage' | 'accepted' | 'merged' | 'declined';

export interface Submission {
  readonly submissionId: string;
  readonly title: string;
  readonly text: string;
  readonly proposal?: Proposal;
  /** Absent when the submitter chose to stay anonymous. */
  readonly submittedBy?: string;
  readonly submittedAt: string;
  /** The secretariat answers by then. */
  readonly triageBy: string;
  readonly status: SubmissionStatus;
  readonly overdue?: boolean;
  readonly triage?: {
    readonly by: string;
    readonly at: string;
    readonly reason: string;
    readonly itemId?: string;
    /** The register's record of the answer, when it is not the triage's: a submission the secretariat removed (its moderation decision). */
    readonly decisionId?: string;
  };
  /** Flags and the secretariat's moderation (machines/kernel/moderation.ts), once anyone flags it. */
  readonly moderation?: Moderation;
}

export interface Action {
  readonly actionId: string;
  readonly text: string;
  readonly owner: string;
  readonly itemId?: string;
  readonly recordedAt: string;
  readonly recordedBy: string;
  /** When it is due (required on boards that track their KPIs): past it, open, the papers name it and its owner is told. */
  readonly dueAt?: string;
  readonly completed?: { readonly by: string; readonly at: string; readonly evidence: string };
}

export interface RecognisedResource {
  readonly id: string;
  readonly kind: 'dataset' | 'model' | 'service';
  readonly name: string;
  readonly url?: string;
  /** Its good-data card, as the board approved it (absent from resources recognised before cards). */
  readonly card?: GoodDataCard;
  /** The decision that approved the card it has now: the recognition, or the last change of its card. */
  readonly decisionId: string;
  readonly at: string;
  /** When its card was changed since: the recognition that first made it part of the infrastructure. */
  readonly firstRecognised?: { readonly decisionId: string; readonly at: string };
}

export interface Stakeholder {
  readonly id: string;
  readonly level: 'user' | 'member' | 'contributor' | 'connector' | 'anchorPartner';
}

export interface Change {
  readonly at: string;
  readonly by: string;
  readonly change: string;
  readonly reference?: string;
}

export interface Attendance {
  readonly present: readonly string[];
  readonly recordedBy: string;
  readonly at: string;
}

export interface InitiativeContext {
  readonly roster: BoardRoster;
  readonly policy: InitiativePolicy;
  readonly principles: readonly Principle[];
  readonly productBoardId?: string;
  readonly composition: CompositionStatus;
  readonly strategy?: {
    readonly focus: string;
    readonly kpis: readonly Kpi[];
    readonly decisionId: string;
    readonly at: string;
    /** Each quarter's figure for each tracked KPI, the newest PROGRESS_KEPT per KPI (kpis.ts); absent until one is recorded. */
    readonly progress?: readonly KpiProgress[];
  };
  readonly recognised: readonly RecognisedResource[];
  readonly withdrawn: readonly (RecognisedResource & { readonly withdrawnBy: string; readonly withdrawnAt: string })[];
  readonly funding: readonly { readonly gap: string; readonly priority: 'high' | 'medium' | 'low'; readonly decisionId: string; readonly at: string; readonly research?: Research }[];
  readonly subscribers: readonly Stakeholder[];
  /** This quarter's meeting. */
  readonly quarter: Meeting;
  /** Items this quarter's meeting decides: fixed when the papers are circulated. */
  readonly agenda: readonly InitiativeItem[];
  /** Items opened after the papers deadline, and items deferred: the next quarter's. */
  readonly later: readonly InitiativeItem[];
  readonly papersCirculated: boolean;
  readonly attendance?: Attendance;
  readonly submissions: readonly Submission[];
  /** The triage deadline the board's one triage timer is set for, if any submission waits. */
  readonly triageTimerAt?: string;
  readonly actions: readonly Action[];
  /** The decisions of the last meeting held, as published. */
  readonly lastMeeting?: {
    readonly meetingId: string;
    /** Absent from runs recorded before it was kept. */
    readonly endedAt?: string;
    readonly decisions: readonly Pick<InitiativeDecisionRecord, 'decisionId' | 'itemId' | 'title' | 'outcome' | 'deferredBecause' | 'effect'>[];
  };
  readonly changes: readonly Change[];
  /** Activities under way (by actor id): the process does not continue as new while any is. */
  readonly inFlight: readonly string[];
  readonly counters: { readonly items: number; readonly submissions: number; readonly actions: number };
  readonly quartersHeld: number;
  /** `quartersHeld` when this run of the process began: a run closes once a quarter has passed. */
  readonly runStartedAtQuarter: number;
  readonly runs: number;
  readonly clock: string;
  /**
   * Whether this run tells members about their votes (voteNotices.ts): on in every run started since the
   * patch INITIATIVE_VOTE_NOTICES_PATCH, each run asking afresh, so a board opened before it has them from
   * its next run on. Absent when off.
   */
  readonly notices?: boolean;
  /** The meeting whose closing-soon reminder has gone: once a meeting, however often its quarter continues as new. */
  readonly votingReminderSentFor?: string;
  /**
   * Set when an item's late quorum moved the end of this quarter's voting (once a meeting): the item, when its
   * quorum came, and the close it moved from and to. Cleared as the next quarter opens. Only a board whose
   * policy has lateQuorumHours above 0 sets it, which no policy could before the rule existed (the schema is strict).
   */
  readonly closeMoved?: { readonly itemId: string } & Required<LateQuorum>;
  /**
   * Whether this run applies the one eligibility rule (InitiativeInput.oneEligibilityRule): each item's roster
   * frozen as voting on it opens. On in every run started since the patch ONE_ELIGIBILITY_RULE_PATCH, each run
   * asking afresh. Absent when off.
   */
  readonly oneEligibilityRule?: true;
  /**
   * Whether this run asks a recognition for the resource's good-data card (InitiativeInput.goodDataCards). On in
   * every run started since the patch GOOD_DATA_CARDS_PATCH, each run asking afresh. Absent when off.
   */
  readonly goodDataCards?: true;
  /**
   * Whether this run tracks the strategy's KPIs and the actions' due dates (InitiativeInput.kpiTracking, kpis.ts).
   * On in every run started since the patch KPI_TRACKING_PATCH, each run asking afresh. Absent when off.
   */
  readonly kpiTracking?: true;
}

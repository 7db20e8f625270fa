/**
 * What people see of the initiative board: the sentence for a command it
 * will not take, and the status a query returns.
 */
import type { BoardRoster } from '../kernel/roster';
import type { Principle } from '../productBoard/schema';
import type { Meeting } from '../kernel/calendar';
import { describeComposition, type CompositionStatus } from '../kernel/composition';
import type { InitiativeEvent, InitiativeSnapshot } from './machine';
import { cardChangeBefore, initiativeRuleRefusal } from './rules';
import { explainRefusal, type RefusalWords } from '../kernel/admission';
import { initiativeActionId, initiativeItemId, initiativeSubmissionId } from '../kernel/ids';
import type { Action, Attendance, Change, InitiativeContext, InitiativeItem, RecognisedResource, Stakeholder, Submission } from './types';
import type { InitiativeCommand } from './schema';
import type { InitiativePolicy } from './policy';
import { itemTally, meetingClosesAt } from './decisions';
import { resultsSeenBy, resultsVisibilityOf, type ResultsSeen } from '../kernel/results';
import { publicModeration, publicSight, type Flag, type PublicModeration, type PublicSight } from '../kernel/moderation';
import { isMember, isSecretariat } from '../kernel/roster';
import { kpiTrend, overdueActions } from './kpis';

/** The stage of the quarter, as people call it. */
export type QuarterStage = 'agendaOpen' | 'papersCirculated' | 'inSession' | 'publishing';

const stageOf = (snapshot: InitiativeSnapshot): QuarterStage =>
  snapshot.matches('publishing') ? 'publishing' : snapshot.matches({ cycle: 'inSession' }) ? 'inSession' : snapshot.matches({ cycle: 'papersCirculated' }) ? 'papersCirculated' : 'agendaOpen';

/** Why a vote can no longer be taken on an item the last meeting dealt with. */
function closedVoting(ctx: InitiativeContext, itemId: string): string | undefined {
  const last = ctx.lastMeeting?.decisions.find((d) => d.itemId === itemId);
  if (!last || !ctx.lastMeeting) return undefined;
  return (
    `Voting on ${itemId} closed when the meeting ${ctx.lastMeeting.meetingId} ended; it was ${last.outcome}` +
    (last.outcome === 'deferred' ? ' and carried to the next quarter, where voting opens when that quarter begins.' : '.') +
    ' The vote was not recorded.'
  );
}

type Vote = Extract<InitiativeCommand, { type: 'vote.cast' | 'vote.changed' | 'castingVote.cast' }>;
const isCommand = (event: InitiativeEvent): event is InitiativeCommand => 'at' in event;
const isVote = (event: InitiativeEvent): event is Vote => event.type === 'vote.cast' || event.type === 'vote.changed' || event.type === 'castingVote.cast';
/** A vote on an item the last meeting decided: said with the item's outcome. */
const lateVote = (ctx: InitiativeContext, event: InitiativeEvent) => (isVote(event) && !ctx.agenda.some((i) => i.itemId === event.itemId) ? closedVoting(ctx, event.itemId) : undefined);

const words: RefusalWords<InitiativeSnapshot, InitiativeEvent> = {
  // The guard's rule; a refused vote on an item the last meeting decided is told its outcome instead.
  rule: (snapshot, event) => {
    const refusal = isCommand(event) ? initiativeRuleRefusal(snapshot.context, event) : undefined;
    return refusal === undefined ? undefined : (lateVote(snapshot.context, event) ?? refusal);
  },
  ownEvent: (event) => (isCommand(event) ? undefined : `${event.type} is raised by the engine, not sent by people.`),
  commands: {
    'attendance.recorded': (s) => `Attendance is recorded while the meeting sits (${s.context.quarter.startsAt} to ${s.context.quarter.endsAt}); the quarter is now ${stageOf(s)}.`,
  },
  states: {
    publishing: (s, event) =>
      lateVote(s.context, event) ?? `The meeting ${s.context.quarter.meetingId} has ended and its decisions are being published; voting is closed. Nothing was recorded.`,
  },
  otherwise: (snapshot, event) => `The initiative board cannot take ${event.type} while ${stageOf(snapshot)}.`,
};

export const explainInitiativeRefusal = (snapshot: InitiativeSnapshot, event: InitiativeEvent): string | undefined => explainRefusal(snapshot, event, words);

/**
 * What an accepted command's receipt says of the board: the stage of its quarter, and the
 * submission, item or action the command created (each numbered by the board's counters).
 */
export function initiativeReceipt(after: InitiativeSnapshot, before: InitiativeSnapshot): { state: QuarterStage; created?: string } {
  const [was, now, boardId] = [before.context.counters, after.context.counters, after.context.roster.boardId];
  const created =
    now.submissions > was.submissions
      ? initiativeSubmissionId(boardId, now.submissions)
      : now.items > was.items
        ? initiativeItemId(boardId, now.items)
        : now.actions > was.actions
          ? initiativeActionId(boardId, now.actions)
          : undefined;
  return { state: stageOf(after), ...(created ? { created } : {}) };
}

export interface InitiativeItemView extends Omit<InitiativeItem, 'votes' | 'votesRecorded' | 'castingVote'> {
  /** Who has voted; how, only once the meeting has decided (in the register). */
  readonly voted: readonly string[];
  readonly votes: number;
  /** Whether the chair has given a casting vote; which way, only in the register once the meeting has decided. */
  readonly castingVoteGiven: boolean;
  /** The count as this reader may see it before the meeting ends, under the visibility the item was opened with. */
  readonly results: ResultsSeen;
  /** What the reader (when a door names one) may send on the item now: asked of the machine, for the forms a door offers. */
  readonly may?: ItemMay;
}

/** The commands a reader may send on an item now, by the board's own guards: a door offers a form for each, and no other. */
export interface ItemMay {
  /** Cast a vote, or change the one they cast; neither when they may not vote (not a member, recused, not this quarter's, or the meeting has ended). */
  readonly vote?: 'cast' | 'change';
  readonly declareInterest: boolean;
  readonly commissionResearch: boolean;
}

/** A command on an item without its sender, moment and item, each kind as its own (Omit over the union would merge them). */
type Probe<C = Extract<InitiativeCommand, { readonly itemId: string }>> = C extends unknown ? Omit<C, 'by' | 'at' | 'itemId'> : never;

/**
 * Asks the board (`snapshot.can`: its state's transitions and their guards, no action run) whether it would
 * take each command on `itemId` from `by` now, so that no door re-derives a rule. The probes carry what the
 * rules read (who, the item, a due date after the board's clock); a real command is checked again.
 */
function itemMayOf(snapshot: InitiativeSnapshot, itemId: string, by: string): ItemMay {
  const at = snapshot.context.clock;
  const takes = (command: Probe): boolean => snapshot.status === 'active' && snapshot.can({ ...command, itemId, by, at });
  const vote = takes({ type: 'vote.cast', choice: 'abstain' }) ? 'cast' : takes({ type: 'vote.changed', choice: 'abstain' }) ? 'change' : undefined;
  return {
    ...(vote ? { vote } : {}),
    declareInterest: takes({ type: 'interest.declared', interest: 'probe' }),
    commissionResearch: takes({ type: 'research.commissioned', researcher: 'probe', question: 'probe', dueAt: '9999-12-31T00:00:00.000Z' }),
  };
}

export interface InitiativeView {
  readonly boardId: string;
  readonly stage: QuarterStage;
  readonly quarter: Meeting;
  /** When voting on this quarter's items closes: as the meeting ends, or where a late quorum moved it (then `closeMoved` says how). */
  readonly votingClosesAt: string;
  readonly closeMoved?: InitiativeContext['closeMoved'];
  readonly roster: BoardRoster;
  readonly policy: InitiativePolicy;
  readonly principles: readonly Principle[];
  readonly composition: CompositionStatus;
  readonly compositionSummary: string;
  /** With each KPI's trend in words (kpis.ts), as the papers show it. */
  readonly strategy?: NonNullable<InitiativeContext['strategy']> & { readonly trends: readonly string[] };
  /** Each with the item that puts a change of its card to the board, while one does (goodDataCard.ts). */
  readonly recognised: readonly (RecognisedResource & { readonly cardChangeBefore?: string })[];
  readonly withdrawn: InitiativeContext['withdrawn'];
  readonly funding: InitiativeContext['funding'];
  readonly agenda: readonly InitiativeItemView[];
  /** Items for the next quarter. */
  readonly nextAgenda: readonly InitiativeItemView[];
  readonly attendance?: Attendance;
  readonly submissions: readonly SubmissionView[];
  /** `overdue` once an open action's due date has passed, by the board's clock. */
  readonly actions: readonly (Action & { readonly overdue?: true })[];
  readonly subscribers: readonly Stakeholder[];
  readonly lastMeeting?: InitiativeContext['lastMeeting'];
  readonly changes: readonly Change[];
  readonly quartersHeld: number;
  /** How many times the process has continued as new (one run per quarter). */
  readonly runs: number;
}

/**
 * An item as anyone may read it while it is open: who has voted, never how, and whether the chair has given
 * a casting vote, never which way (issue 14: votes are secret until the meeting ends). How many votes were
 * recorded, changes included, is the confirmations' count, not the board's to show.
 */
const itemView =
  (snapshot: InitiativeSnapshot, asker: string | undefined) =>
  (item: InitiativeItem): InitiativeItemView => {
    const c = snapshot.context;
    const { votesRecorded: _counted, castingVote, ...i } = item;
    const voted = i.votes.map((v) => v.by);
    const reader = asker === undefined ? undefined : { personId: asker, hasVoted: voted.includes(asker) };
    return {
      ...i,
      voted,
      votes: i.votes.length,
      castingVoteGiven: castingVote !== undefined,
      // An item on the agenda or the next one is not decided yet: once decided it leaves both, for the register.
      results: resultsSeenBy(resultsVisibilityOf(item.voting), itemTally(c, item).tally, false, reader),
      ...(asker === undefined ? {} : { may: itemMayOf(snapshot, item.itemId, asker) }),
    };
  };

/**
 * A submission as its reader may see it. The board (its members, chair and secretariat) reads every one in
 * full, with who flagged it; anyone else reads one hidden, merged or removed by moderation as the words
 * that say so (`withheld` says which), and its flags only as a count and their reasons.
 */
export interface SubmissionView extends Omit<Submission, 'moderation'> {
  readonly withheld?: Exclude<PublicSight, { shown: true }>['why'];
  readonly moderation?: PublicModeration & { readonly flaggedBy?: readonly Flag[] };
  /** What the reader (when a door names one) may send on it now, asked of the machine as an item's `may`. */
  readonly may?: { readonly flag: boolean; readonly moderate: boolean };
}

/** Whether `asker` is one of the board's own people: a member (the chair is one) or its secretariat. */
const onBoard = (c: InitiativeContext, asker: string | undefined) => asker !== undefined && (isMember(c.roster, asker) || isSecretariat(c.roster, asker));

const submissionView =
  (snapshot: InitiativeSnapshot, asker: string | undefined) =>
  (s: Submission): SubmissionView => {
    const board = onBoard(snapshot.context, asker);
    const { moderation, ...rest } = s;
    const takes = (command: Extract<InitiativeEvent, { type: 'submission.flagged' | 'submission.moderated' }>) => snapshot.status === 'active' && snapshot.can(command);
    const at = snapshot.context.clock;
    const may =
      asker === undefined
        ? {}
        : {
            may: {
              flag: takes({ type: 'submission.flagged', by: asker, submissionId: s.submissionId, reason: 'spam', at }),
              moderate: takes({ type: 'submission.moderated', by: asker, submissionId: s.submissionId, outcome: 'removed', reason: 'probe', at }),
            },
          };
    const seen = moderation ? { moderation: { ...publicModeration(moderation), ...(board ? { flaggedBy: moderation.flags } : {}) } } : {};
    const sight = publicSight(moderation);
    // What a removed submission said is gone from the state: the board reads the same words as everyone.
    if (sight.shown || (board && sight.why !== 'removed')) return { ...rest, ...seen, ...may };
    const { proposal: _withheld, ...shown } = rest;
    return { ...shown, title: sight.words, text: sight.words, withheld: sight.why, ...seen, ...may };
  };

/**
 * The board as `asker` (the signed-in person, when a door knows one) may see it. As a gate review's
 * (machines/gateReview/view.ts), the status query answers it for nobody in particular, and the
 * per-reader query for the person a door signed in, whose own votes decide what `hiddenUntilVoted` shows them.
 */
export function initiativeView(snapshot: InitiativeSnapshot, asker?: string): InitiativeView {
  const c = snapshot.context;
  const itemSeen = itemView(snapshot, asker);
  return {
    boardId: c.roster.boardId,
    stage: stageOf(snapshot),
    quarter: c.quarter,
    votingClosesAt: meetingClosesAt(c),
    ...(c.closeMoved ? { closeMoved: c.closeMoved } : {}),
    roster: c.roster,
    policy: c.policy,
    principles: c.principles,
    composition: c.composition,
    compositionSummary: describeComposition(c.composition),
    ...(c.strategy ? { strategy: { ...c.strategy, trends: c.strategy.kpis.map((k) => kpiTrend(k, c.strategy?.progress ?? [])) } } : {}),
    recognised: c.recognised.map((r) => {
      const change = cardChangeBefore(c, r.id);
      return change ? { ...r, cardChangeBefore: change.itemId } : r;
    }),
    withdrawn: c.withdrawn,
    funding: c.funding,
    agenda: c.agenda.map(itemSeen),
    nextAgenda: c.later.map(itemSeen),
    ...(c.attendance ? { attendance: c.attendance } : {}),
    submissions: c.submissions.map(submissionView(snapshot, asker)),
    actions: c.actions.map((a) => (overdueActions([a], c.clock).length ? { ...a, overdue: true as const } : a)),
    subscribers: c.subscribers,
    ...(c.lastMeeting ? { lastMeeting: c.lastMeeting } : {}),
    changes: c.changes,
    quartersHeld: c.quartersHeld,
    runs: c.runs,
  };
}

/**
 * What people see of the initiative board: the sentence for a command it
 * will not take, and the status a query returns.
 */
import type { BoardRoster } from '../kernel/roster';
import type { Principle } from '../productBoard/schema';
import type { Meeting } from '../kernel/calendar';
import { describeComposition, type CompositionStatus } from '../kernel/composition';
import type { InitiativeEvent, InitiativeSnapshot } from './machine';
import { initiativeRuleRefusal } from './rules';
import type { Action, Attendance, Change, InitiativeContext, InitiativeItem, RecognisedResource, Stakeholder, Submission } from './types';
import type { InitiativeCommand } from './schema';
import type { InitiativePolicy } from './policy';

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

export function explainInitiativeRefusal(snapshot: InitiativeSnapshot, event: InitiativeEvent): string | undefined {
  if (snapshot.can(event)) return undefined;
  const ctx = snapshot.context;
  if (!('at' in event)) return `${event.type} is raised by the engine, not sent by people.`;
  const command = event as InitiativeCommand;
  if ((command.type === 'vote.cast' || command.type === 'vote.changed' || command.type === 'castingVote.cast') && !ctx.agenda.some((i) => i.itemId === command.itemId)) {
    const closed = closedVoting(ctx, command.itemId);
    if (closed) return closed;
  }
  const rule = initiativeRuleRefusal(ctx, command);
  if (rule) return rule;
  const stage = stageOf(snapshot);
  if (command.type === 'attendance.recorded')
    return `Attendance is recorded while the meeting sits (${ctx.quarter.startsAt} to ${ctx.quarter.endsAt}); the quarter is now ${stage}.`;
  if (stage === 'publishing') return `The meeting ${ctx.quarter.meetingId} has ended and its decisions are being published; voting is closed. Nothing was recorded.`;
  return `The initiative board cannot take ${command.type} while ${stage}.`;
}

/**
 * What the board answers an accepted command with: small, because every answer stays in the
 * history. The counters name what the command created (`<board>-S<submissions>`, `-I<items>`, `-A<actions>`).
 */
export interface InitiativeReceipt {
  readonly boardId: string;
  readonly stage: QuarterStage;
  readonly meetingId: string;
  readonly counters: InitiativeContext['counters'];
}

export const initiativeReceipt = (snapshot: InitiativeSnapshot): InitiativeReceipt => ({
  boardId: snapshot.context.roster.boardId,
  stage: stageOf(snapshot),
  meetingId: snapshot.context.quarter.meetingId,
  counters: snapshot.context.counters,
});

export interface InitiativeItemView extends Omit<InitiativeItem, 'votes'> {
  /** Who has voted; how, only once the meeting has decided (in the register). */
  readonly voted: readonly string[];
  readonly votes: number;
}

export interface InitiativeView {
  readonly boardId: string;
  readonly stage: QuarterStage;
  readonly quarter: Meeting;
  readonly roster: BoardRoster;
  readonly policy: InitiativePolicy;
  readonly principles: readonly Principle[];
  readonly composition: CompositionStatus;
  readonly compositionSummary: string;
  readonly strategy?: InitiativeContext['strategy'];
  readonly recognised: readonly RecognisedResource[];
  readonly withdrawn: InitiativeContext['withdrawn'];
  readonly funding: InitiativeContext['funding'];
  readonly agenda: readonly InitiativeItemView[];
  /** Items for the next quarter. */
  readonly nextAgenda: readonly InitiativeItemView[];
  readonly attendance?: Attendance;
  readonly submissions: readonly Submission[];
  readonly actions: readonly Action[];
  readonly subscribers: readonly Stakeholder[];
  readonly lastMeeting?: InitiativeContext['lastMeeting'];
  readonly changes: readonly Change[];
  readonly quartersHeld: number;
  /** How many times the process has continued as new (one run per quarter). */
  readonly runs: number;
}

const itemView = (i: InitiativeItem): InitiativeItemView => ({ ...i, voted: i.votes.map((v) => v.by), votes: i.votes.length });

export function initiativeView(snapshot: InitiativeSnapshot): InitiativeView {
  const c = snapshot.context;
  return {
    boardId: c.roster.boardId,
    stage: stageOf(snapshot),
    quarter: c.quarter,
    roster: c.roster,
    policy: c.policy,
    principles: c.principles,
    composition: c.composition,
    compositionSummary: describeComposition(c.composition),
    ...(c.strategy ? { strategy: c.strategy } : {}),
    recognised: c.recognised,
    withdrawn: c.withdrawn,
    funding: c.funding,
    agenda: c.agenda.map(itemView),
    nextAgenda: c.later.map(itemView),
    ...(c.attendance ? { attendance: c.attendance } : {}),
    submissions: c.submissions,
    actions: c.actions,
    subscribers: c.subscribers,
    ...(c.lastMeeting ? { lastMeeting: c.lastMeeting } : {}),
    changes: c.changes,
    quartersHeld: c.quartersHeld,
    runs: c.runs,
  };
}

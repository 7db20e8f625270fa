/**
 * What people see of a board: the refusal sentence for a command it will not
 * take, and the status a query returns.
 */
import { boardRuleRefusal, nextMeetings, principlesInForce, type AgendaItem, type BoardChange } from './rules';
import type { BoardEvent, BoardSnapshot, BoardState } from './machine';
import { explainRefusal, type RefusalWords } from '../kernel/admission';
import type { BoardRoster } from '../kernel/roster';
import type { Meeting } from '../kernel/calendar';
import { describeComposition, type CompositionStatus } from '../kernel/composition';
import type { ProductBoardPolicy } from './policy';
import type { Principle } from './schema';

const words: RefusalWords<BoardSnapshot, BoardEvent> = {
  rule: (snapshot, event) => ('at' in event ? boardRuleRefusal(snapshot.context, event) : undefined),
  ownEvent: (event) => ('at' in event ? undefined : `${(event as { type: string }).type} is the board's own event.`),
  otherwise: (snapshot, event) => `Board ${snapshot.context.roster.boardId} cannot take ${event.type} while ${String(snapshot.value)}.`,
};

export const explainBoardRefusal = (snapshot: BoardSnapshot, event: BoardEvent): string | undefined => explainRefusal(snapshot, event, words);

export interface BoardView {
  readonly boardId: string;
  readonly state: BoardState;
  readonly roster: BoardRoster;
  readonly policy: ProductBoardPolicy;
  readonly principles: readonly Principle[];
  readonly composition: CompositionStatus;
  readonly compositionSummary: string;
  readonly changes: readonly BoardChange[];
  readonly subscribers: readonly string[];
  /** The ids of the products registered; each product's own status has its name and description. */
  readonly products: readonly string[];
  /** Items waiting for their meeting, and written procedures placed. */
  readonly agenda: readonly AgendaItem[];
  readonly upcomingMeetings: readonly Meeting[];
  readonly convened: readonly Meeting[];
  readonly paused?: { readonly by: string; readonly at: string; readonly reason: string };
  /** How many times the board's process has continued as new. */
  readonly runs: number;
}

export function boardView(snapshot: BoardSnapshot): BoardView {
  const { context } = snapshot;
  return {
    boardId: context.roster.boardId,
    state: snapshot.value as BoardState,
    roster: context.roster,
    policy: context.policy,
    principles: principlesInForce(context),
    composition: context.composition,
    compositionSummary: describeComposition(context.composition),
    changes: context.changes,
    subscribers: context.subscribers,
    products: context.products,
    agenda: context.agenda,
    upcomingMeetings: context.paused ? [] : nextMeetings(context, new Date(context.clock)),
    convened: context.convened,
    runs: context.runs ?? 0,
    ...(context.paused ? { paused: context.paused } : {}),
  };
}

/**
 * What an accepted command's receipt names as created: the product it registered, the meeting it
 * called, or the item it placed, with where the item went (the product's review is opened from it).
 */
export function boardReceipt(after: BoardSnapshot, before: BoardSnapshot, event: BoardEvent): { created?: string; placed?: Pick<AgendaItem, 'placedAt' | 'votingClosesAt' | 'meeting'> } {
  if (event.type === 'product.registered') return { created: event.product.id };
  if (event.type === 'item.placed') {
    const item = after.context.agenda.find((i) => i.itemId === event.itemId);
    return item ? { created: item.itemId, placed: { placedAt: item.placedAt, votingClosesAt: item.votingClosesAt, ...(item.meeting ? { meeting: item.meeting } : {}) } } : {};
  }
  const called = after.context.calledMeetings.find((m) => !before.context.calledMeetings.includes(m));
  return called ? { created: called.meetingId } : {};
}

/**
 * What people see of a board: the refusal sentence for a command it will not
 * take, and the status a query returns.
 */
import { boardRuleRefusal, nextMeetings, principlesInForce, type AgendaItem, type BoardChange, type RegisteredProduct } from './rules';
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
  readonly products: readonly RegisteredProduct[];
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

/**
 * Builders for the board, product and meeting machines, driven purely with
 * XState's `initialTransition` / `transition` (no Temporal): a product board
 * whose members cover the default composition policy, its principles, the
 * commands people send, and the events the engine sends when a timer fires
 * or an invoked actor finishes.
 */
import { getShortestPaths } from '@xstate/graph';
import { expect, it } from 'vitest';
import { initialTransition, transition, type AnyStateMachine, type EventFromLogic, type InputFrom, type SnapshotFrom } from 'xstate';
import type { BoardRoster } from '../../machines/kernel/roster';
import { boardMachine, type BoardEvent } from '../../machines/productBoard/machine';
import type { AgendaItem } from '../../machines/productBoard/rules';
import { boardConfigSchema, type Principles } from '../../machines/productBoard/schema';
import { meetingAt, type Meeting } from '../../machines/kernel/calendar';
import { compositionStatus } from '../../machines/kernel/composition';
import type { DecisionRecord, Outcome } from '../../machines/gateReview/rules';
import type { Gate } from '../../machines/kernel/lifecycle';
import { meetingMachine, type MeetingEvent } from '../../machines/boardMeeting/machine';
import { defaultProductBoardPolicy, type ProductBoardPolicy } from '../../machines/productBoard/policy';
import { productMachine, type ProductEvent, type ProductSnapshot } from '../../machines/product/machine';
import type { Placement } from '../../machines/product/schema';
import { DAY, T0, at } from './gateReviews';

export { DAY, T0, at };
export const HOUR = DAY / 24;

// ---------------------------------------------------------------- driving machines

/** Sends each event in turn; a refused event leaves the snapshot as it was. */
export function run<M extends AnyStateMachine>(machine: M, snapshot: SnapshotFrom<M>, ...events: EventFromLogic<M>[]): SnapshotFrom<M> {
  return events.reduce<SnapshotFrom<M>>((s, e) => transition(machine, s, e)[0], snapshot);
}

interface ActionLike {
  readonly type: string;
  readonly params?: unknown;
}
interface RaiseParams {
  readonly id?: string;
  readonly delay?: number;
  readonly event: { readonly type: string };
}
interface SpawnParams {
  readonly id: string;
  readonly src: unknown;
  readonly input: unknown;
}

/** The delayed events an action list asks the host to raise (timers). */
export const timers = (actions: readonly ActionLike[]) => actions.filter((a) => a.type === 'xstate.raise').map((a) => a.params as RaiseParams);

/** The children an action list asks the host to start. */
export const spawns = (actions: readonly ActionLike[]) => actions.filter((a) => a.type === 'xstate.spawnChild').map((a) => a.params as SpawnParams);

/** An event only the engine sends (a timer firing, an invoked actor finishing). */
export const engine = <E>(type: string, extra: object = {}) => ({ type, ...extra }) as unknown as E;

// ---------------------------------------------------------------- the board

/** Five of six seats filled; product, ethics and governance expertise present, two non-technical members. */
export const boardRoster: BoardRoster = {
  boardId: 'product-board',
  seats: 6,
  chair: 'm1',
  secretariat: ['sec'],
  members: [
    { id: 'm1', name: 'Ada', technical: true, expertise: ['product'] },
    { id: 'm2', name: 'Bea', technical: false, expertise: ['ethics'] },
    { id: 'm3', name: 'Cal', technical: true, expertise: ['governance'] },
    { id: 'm4', name: 'Dee', technical: false },
    { id: 'm5', name: 'Eli', technical: true },
  ],
};

export const principles: Principles = {
  guiding: [{ id: 'open', title: 'Open by default' }],
  board: [{ id: 'harm', title: 'Do no harm' }],
};

/** A self-assessment answering every principle in force (one by id, one by title). */
export const selfAssessment = [
  { principle: 'open', assessment: 'Code and data are published.' },
  { principle: 'Do no harm', assessment: 'A harm review is scheduled.' },
];

export const boardConfig = (policy: Partial<ProductBoardPolicy> = {}) =>
  boardConfigSchema.parse({ roster: boardRoster, policy: { ...defaultProductBoardPolicy, ...policy }, principles });

export const boardInput = (policy: Partial<ProductBoardPolicy> = {}) => ({ config: boardConfig(policy), openedAt: T0, openedBy: 'sec' });

export const openBoard = (policy: Partial<ProductBoardPolicy> = {}) => initialTransition(boardMachine, boardInput(policy));

/** With the default cadence (the 10th of each month, 14:00 UTC, papers 7 days before), T0 is 1 June 2026. */
export const juneMeetingId = 'product-board-2026-06-10';
export const julyMeetingId = 'product-board-2026-07-10';
export const junePapersDeadline = '2026-06-03T14:00:00.000Z';
export const julyPapersDeadline = '2026-07-03T14:00:00.000Z';

type BoardCommand<T extends BoardEvent['type']> = Extract<BoardEvent, { type: T }>;
type Placed = Omit<BoardCommand<'item.placed'>, 'type' | 'at'>;

export const boardEvents = {
  appoint: (id: string, extra: object = {}, by = 'sec', time = at(HOUR)): BoardEvent => ({ type: 'member.appointed', by, member: { id, name: `New ${id}`, ...extra }, at: time }),
  remove: (memberId: string, by = 'sec', time = at(HOUR)): BoardEvent => ({ type: 'member.removed', by, memberId, reason: 'Resigned', at: time }),
  register: (id = 'p1', by = 'sec', time = at(HOUR)): BoardEvent => ({ type: 'product.registered', by, product: { id, name: `Product ${id}` }, at: time }),
  place: (itemId = 'i1', time = at(DAY), extra: Partial<Placed> = {}): BoardEvent => ({
    type: 'item.placed',
    by: 'sec',
    itemId,
    productId: 'p1',
    gate: 'prioritisation',
    procedure: 'meeting',
    papers: [],
    selfAssessment,
    ...extra,
    at: time,
  }),
  pause: (by = 'sec', time = at(HOUR)): BoardEvent => ({ type: 'meetings.paused', by, reason: 'Summer recess', at: time }),
  resume: (by = 'sec', time = at(2 * HOUR)): BoardEvent => ({ type: 'meetings.resumed', by, at: time }),
  call: (startsAt: string, by = 'sec', time = at(HOUR)): BoardEvent => ({ type: 'meeting.called', by, startsAt, at: time }),
};

/** The board's timer to the next papers deadline, firing. */
export const papersDeadlinePassed = engine<BoardEvent>('xstate.after.untilPapersDeadline.board.sitting');

// ---------------------------------------------------------------- products

export const registeredProduct = { id: 'p1', name: 'Product p1', registeredBy: 'sec', registeredAt: T0 };

export const openProduct = () => initialTransition(productMachine, { product: registeredProduct, boardId: boardRoster.boardId })[0];

const boardFacts = () => {
  const { roster, policy } = boardConfig();
  return { roster, policy, principles: [...principles.guiding, ...principles.board], composition: compositionStatus(roster, policy.composition), subscribers: ['fan'] };
};

/** The board's answer to a placement: the item on the June meeting's agenda. */
export function placement(itemId: string, gate: Gate, extra: Partial<AgendaItem> = {}): Placement {
  const meeting: Meeting = meetingAt(boardRoster.boardId, new Date('2026-06-10T14:00:00.000Z'), defaultProductBoardPolicy.meetings);
  const item: AgendaItem = { by: 'sec', itemId, productId: 'p1', gate, procedure: 'meeting', papers: [], selfAssessment, placedAt: at(DAY), meeting, votingClosesAt: meeting.endsAt, ...extra };
  return { item, board: boardFacts() };
}

/** A gate request as the host sends it once the board has placed it (the item id the product would ask for). */
export function requestGate(s: ProductSnapshot, gate: Gate, time = at(DAY)): ProductEvent {
  const itemId = `gr-p1-${gate}-${s.context.itemsRequested + 1}`;
  return { type: 'gate.requested', by: 'sec', gate, procedure: 'meeting', papers: [], selfAssessment, placement: placement(itemId, gate), at: time };
}

/** The fields of a decision record the product reads. */
export function decisionRecord(decisionId: string, gate: Gate, outcome: Outcome, conditions: string[] = []): DecisionRecord {
  const record = { decisionId, gate, outcome, explanation: `${outcome} by the board`, closedAt: at(10 * DAY), conditions: conditions.map((text) => ({ text, setBy: 'm2' })) };
  return record as unknown as DecisionRecord;
}

/** The gate review of the pending item finishing with `outcome`. */
export function reviewDone(s: ProductSnapshot, outcome: Outcome, conditions: string[] = []): ProductEvent {
  const { item } = s.context.pending!.placement;
  return { type: 'xstate.done.actor.gateReview', output: decisionRecord(item.itemId, item.gate, outcome, conditions) };
}

export const reviewFailed = engine<ProductEvent>('xstate.error.actor.gateReview', { error: { message: 'worker lost' } });

/** The board placing the carried-over item on the next meeting's agenda. */
export function carriedOver(s: ProductSnapshot): ProductEvent {
  const { request } = s.context.pending!;
  const itemId = `gr-p1-${request.gate}-${s.context.itemsRequested + 1}`;
  return { type: 'xstate.done.actor.placeOnAgenda', output: placement(itemId, request.gate, { carriedOverFrom: s.context.pending!.placement.item.itemId }) };
}

export const carryOverFailed = engine<ProductEvent>('xstate.error.actor.placeOnAgenda', { error: { message: 'board unreachable' } });

/** Requests `gate` and has the board decide `outcome`. */
export function decide(s: ProductSnapshot, gate: Gate, outcome: Outcome = 'approved', conditions: string[] = []): ProductSnapshot {
  const requested = run(productMachine, s, requestGate(s, gate));
  return run(productMachine, requested, reviewDone(requested, outcome, conditions));
}

export const closeCondition = (conditionId: string, by = 'sec'): ProductEvent => ({ type: 'condition.closed', by, conditionId, evidence: 'https://example.org/evidence', at: at(20 * DAY) });

// ---------------------------------------------------------------- meetings

export const juneMeeting: Meeting = meetingAt(boardRoster.boardId, new Date('2026-06-10T14:00:00.000Z'), defaultProductBoardPolicy.meetings);

export const meetingInput = (agenda: readonly AgendaItem[] = [placement('gr-p1-alpha-1', 'alpha').item]) => ({
  meeting: juneMeeting,
  boardId: boardRoster.boardId,
  roster: boardRoster,
  composition: compositionStatus(boardRoster, defaultProductBoardPolicy.composition),
  agenda,
  openedAt: juneMeeting.papersDeadline,
});

export const openMeeting = (agenda?: readonly AgendaItem[]) => initialTransition(meetingMachine, meetingInput(agenda));

export const papersSent = engine<MeetingEvent>('xstate.done.actor.circulatePapers');
export const papersFailed = engine<MeetingEvent>('xstate.error.actor.circulatePapers', { error: { message: 'mail down' } });
export const meetingStarts = engine<MeetingEvent>('meeting.started');
export const meetingEnds = engine<MeetingEvent>('meeting.ended');
export const minutesPublished = engine<MeetingEvent>('xstate.done.actor.publishDecision', { output: { decisionId: `minutes-${juneMeeting.meetingId}`, publishedAt: juneMeeting.endsAt, location: 'register' } });
export const minutesFailed = engine<MeetingEvent>('xstate.error.actor.publishDecision', { error: { message: 'register down' } });

export const attendance = (present: string[], by = 'sec'): MeetingEvent => ({ type: 'attendance.recorded', by, present, at: juneMeeting.startsAt });

// ---------------------------------------------------------------- graph paths

export interface ModelPath<M extends AnyStateMachine> {
  readonly initial: SnapshotFrom<M>;
  /** The events after opening, in order. */
  readonly events: EventFromLogic<M>[];
  readonly final: SnapshotFrom<M>;
}

type PathOptions<M extends AnyStateMachine> = {
  readonly input: InputFrom<M>;
  readonly events: (s: SnapshotFrom<M>) => EventFromLogic<M>[];
  readonly serializeState: (s: SnapshotFrom<M>) => string;
  readonly stopWhen?: (s: SnapshotFrom<M>) => boolean;
};

/** One shortest path to every distinct situation (as `serializeState` tells them apart), found by @xstate/graph. */
export function modelPaths<M extends AnyStateMachine>(machine: M, options: PathOptions<M>): ModelPath<M>[] {
  return getShortestPaths(machine, options as never).map((p) => ({
    initial: p.steps[0]!.state as SnapshotFrom<M>,
    events: p.steps.slice(1).map((step) => step.event as EventFromLogic<M>),
    final: p.state as SnapshotFrom<M>,
  }));
}

/** Replays a path through the pure machine. */
export const replay = <M extends AnyStateMachine>(machine: M, path: ModelPath<M>) => run(machine, path.initial, ...path.events);

/** The machine's top-level states, by name. */
export const topLevelStates = (machine: AnyStateMachine) => Object.keys(machine.config.states ?? {}).sort();

/** A short name for an event in a test title: `after untilStart`, `done gateReview approved`, `item.placed sec`. */
export function label(event: { type: string }): string {
  const e = event as { type: string; by?: string; gate?: string; output?: { outcome?: string } };
  const timer = /^xstate\.after\.([^.]+)\./.exec(e.type);
  const actor = /^xstate\.(done|error)\.actor\.(.+)$/.exec(e.type);
  const name = timer ? `after ${timer[1]}` : actor ? `${actor[1]} ${actor[2]}` : e.type;
  return [name, e.by, e.gate, e.output?.outcome].filter(Boolean).join(' ');
}

/**
 * The tests every path suite makes: how many situations the graph has, that
 * every top-level state is reached, and one test per path that replays it,
 * lands in the same situation and passes `check`.
 */
export function pathTests<M extends AnyStateMachine>(machine: M, paths: ModelPath<M>[], expected: number, situation: (s: SnapshotFrom<M>) => string, check: (s: SnapshotFrom<M>, path: ModelPath<M>) => void) {
  it(`finds ${expected} distinct situations`, () => {
    expect(paths).toHaveLength(expected);
  });

  it('reaches every state of the machine', () => {
    expect([...new Set(paths.map((p) => String((p.final as { value: unknown }).value)))].sort()).toEqual(topLevelStates(machine));
  });

  for (const path of paths) {
    it(`reaches ${situation(path.final)} by ${path.events.map(label).join(', ') || 'opening'}`, () => {
      const s = replay(machine, path);
      expect(situation(s)).toBe(situation(path.final));
      check(s, path);
    });
  }
}

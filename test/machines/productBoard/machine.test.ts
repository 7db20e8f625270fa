import { describe, expect, it } from 'vitest';
import { initialTransition, transition } from 'xstate';
import { initiativeProcessId } from '../../../machines/kernel/ids';
import { productBoardPolicyChangesSchema } from '../../../machines/productBoard/policy';
import { boardMachine, type BoardEvent, type BoardSnapshot } from '../../../machines/productBoard/machine';
import { explainBoardRefusal, boardView } from '../../../machines/productBoard/view';
import { jsonBytes } from '../../../machines/kernel/size';
import { meetingFor, upcomingMeetings } from '../../../machines/kernel/calendar';
import { defaultMeetingCadence } from '../../../machines/productBoard/policy';
import {
  DAY, HOUR, T0, at, boardConfig, boardEvents as e, boardInput, julyMeetingId, juneMeetingId, junePapersDeadline, julyPapersDeadline, openBoard, papersDeadlinePassed, run, spawns, timers,
} from '../../support/boardFixtures';

const board = (...events: BoardEvent[]): BoardSnapshot => run(boardMachine, openBoard()[0], ...events);
const withProduct = (...events: BoardEvent[]) => board(e.register(), ...events);

/** A refused command changes nothing and is explained. */
function refusal(s: BoardSnapshot, event: BoardEvent): string | undefined {
  expect(s.can(event)).toBe(false);
  expect(run(boardMachine, s, event).context).toEqual(s.context);
  return explainBoardRefusal(s, event);
}

const lastChange = (s: BoardSnapshot) => s.context.changes.at(-1);

describe('board membership', () => {
  it('opens sitting, recording who opened it, with its composition policy met', () => {
    const [s] = openBoard();
    expect(s.value).toBe('sitting');
    expect(s.context.changes).toEqual([{ at: T0, by: 'sec', change: 'Opened the board with 5 of 6 seats filled.' }]);
    expect(s.context.composition).toEqual({ met: true, unmet: [], filledSeats: 5, seats: 6 });
  });

  it('appoints a member on the secretariat’s word, recording by whom and when', () => {
    const s = board(e.appoint('m6', {}, 'sec', at(2 * HOUR)));
    expect(s.context.roster.members.map((m) => m.id)).toContain('m6');
    expect(lastChange(s)).toEqual({ at: at(2 * HOUR), by: 'sec', change: 'Appointed New m6 (m6).' });
    expect(s.context.composition.filledSeats).toBe(6);
  });

  it('lets only the secretariat appoint a member', () => {
    expect(refusal(board(), e.appoint('m6', {}, 'm1'))).toBe('m1 may not appoint members: only the secretariat of board product-board (sec) may.');
  });

  it('refuses an appointment when every seat is filled', () => {
    expect(refusal(board(e.appoint('m6')), e.appoint('m7'))).toBe('board product-board has all 6 seats filled; remove a member before appointing New m7.');
  });

  it('refuses to appoint someone who is already a member', () => {
    expect(refusal(board(), e.appoint('m2'))).toBe('m2 is already a member of board product-board.');
  });

  it('names the unmet rules after removing the only ethics member', () => {
    const s = board(e.remove('m2'));
    expect(s.context.composition).toEqual({
      met: false,
      unmet: ['ethics expertise (no member has it)', 'at least 2 non-technical members (has 1)'],
      filledSeats: 4,
      seats: 6,
    });
    expect(lastChange(s)).toMatchObject({ by: 'sec', at: at(HOUR), change: expect.stringContaining('Removed m2: Resigned. Below its composition policy (4 of 6 seats filled): needs ethics expertise') });
  });

  it('recomputes the composition when a member restores it', () => {
    const s = board(e.remove('m2'), e.appoint('m6', { technical: false, expertise: ['ethics'] }));
    expect(s.context.composition.met).toBe(true);
  });

  it('refuses to remove the chair, a stranger, or on anyone’s word but the secretariat’s', () => {
    expect(refusal(board(), e.remove('m1'))).toBe('Ada chairs board product-board: appoint another chair first (chair.appointed).');
    expect(refusal(board(), e.remove('zz'))).toBe('zz is not a member of board product-board.');
    expect(refusal(board(), e.remove('m2', 'm1'))).toMatch(/^m1 may not remove members/);
  });

  it('removes a former chair once another is appointed', () => {
    const s = board({ type: 'chair.appointed', by: 'sec', memberId: 'm3', at: at(HOUR) }, e.remove('m1'));
    expect(s.context.roster.chair).toBe('m3');
    expect(s.context.roster.members.map((m) => m.id)).not.toContain('m1');
  });
});

describe('board policy, principles and subscriptions', () => {
  it('records a policy change with its reference and recomputes the composition against it', () => {
    const policy = { ...boardConfig().policy, composition: { ...boardConfig().policy.composition, minNonTechnical: 3 } };
    const s = board({ type: 'policy.changed', by: 'sec', policy, reference: 'Decision 2026-04', at: at(HOUR) });
    expect(s.context.policy.composition.minNonTechnical).toBe(3);
    expect(s.context.composition.unmet).toEqual(['at least 3 non-technical members (has 2)']);
    expect(lastChange(s)).toEqual({ at: at(HOUR), by: 'sec', change: 'Changed the policy; it applies to items opened from now on.', reference: 'Decision 2026-04' });
  });

  it('keeps the sections a policy change names in keep as they were, and says so', () => {
    const custom = { ...boardConfig().policy.meetings, dayOfMonth: 20 };
    const first = board({ type: 'policy.changed', by: 'sec', policy: { ...boardConfig().policy, meetings: custom }, reference: 'Decision 2026-04', at: at(HOUR) });
    const { meetings: _meetings, harm: _harm, ...rest } = boardConfig().policy;
    const s = run(boardMachine, first, { type: 'policy.changed', by: 'sec', policy: { ...rest, chairHasCastingVote: true }, keep: ['meetings', 'harm'], reference: 'Decision 2026-05', at: at(2 * HOUR) });
    expect(s.context.policy).toEqual({ ...boardConfig().policy, meetings: custom, chairHasCastingVote: true });
    expect(lastChange(s)).toEqual({ at: at(2 * HOUR), by: 'sec', change: 'Changed the policy, keeping its meetings, harm; it applies to items opened from now on.', reference: 'Decision 2026-05' });
  });

  it('adopts a principle in its scope and refuses one whose id is already in force', () => {
    const adopt = (id: string): BoardEvent => ({ type: 'principle.adopted', by: 'sec', scope: 'board', principle: { id, title: 'Explainable' }, reference: 'Decision 2026-05', at: at(HOUR) });
    const s = board(adopt('explain'));
    expect(s.context.principles.board.map((p) => p.id)).toEqual(['harm', 'explain']);
    expect(boardView(s).principles.map((p) => p.id)).toEqual(['open', 'harm', 'explain']);
    expect(refusal(s, adopt('open'))).toBe('A principle with id open is already in force.');
  });

  it('subscribes anyone once and unsubscribes only a subscriber', () => {
    const added: BoardEvent = { type: 'subscriber.added', by: 'citizen', at: at(HOUR) };
    const removed: BoardEvent = { type: 'subscriber.removed', by: 'citizen', at: at(2 * HOUR) };
    const s = board(added);
    expect(s.context.subscribers).toEqual(['citizen']);
    expect(refusal(s, added)).toBe('citizen is already subscribed to the decisions of board product-board.');
    expect(board(added, removed).context.subscribers).toEqual([]);
    expect(refusal(board(), removed)).toBe('citizen is not subscribed to the decisions of board product-board.');
  });
});

describe('what the initiative board decides for the product board', () => {
  const initiative = initiativeProcessId('iiigb');
  const linked = (...events: BoardEvent[]) => run(boardMachine, initialTransition(boardMachine, { ...boardInput(), config: { ...boardConfig(), initiativeBoardId: 'iiigb' } })[0], ...events);
  const guiding = [{ id: 'good-data', title: 'Good, documented data' }, { id: 'co-created', title: 'Co-created' }];
  const setPrinciples = (by: string): BoardEvent => ({ type: 'principles.guidingSet', by, principles: guiding, reference: 'Decision iiigb-2027-01-15-iiigb-I2', at: at(DAY) });
  const amend = (by: string, changes: Record<string, unknown>): BoardEvent =>
    ({ type: 'policy.amended', by, changes: productBoardPolicyChangesSchema.parse(changes), reference: 'Decision iiigb-2027-04-15-iiigb-I3', at: at(DAY) }) as BoardEvent;

  it('takes the guiding principles the initiative board sends, keeping its own', () => {
    const s = linked(setPrinciples(initiative));
    expect(s.context.principles.guiding).toEqual(guiding);
    expect(s.context.principles.board).toEqual(linked().context.principles.board);
    expect(lastChange(s)).toMatchObject({ by: initiative, reference: 'Decision iiigb-2027-01-15-iiigb-I2' });
  });

  it('takes the guiding principles from no one else, nor when no initiative board is configured', () => {
    expect(refusal(linked(), setPrinciples('sec'))).toMatch(/^The guiding principles are set only by a decision of the initiative board iiigb/);
    expect(refusal(board(), setPrinciples(initiative))).toMatch(/none is configured for this board/);
  });

  it('leaves the guiding principles of a linked board to the initiative board, while the secretariat still records the board’s own', () => {
    const adopt = (scope: 'guiding' | 'board'): BoardEvent => ({ type: 'principle.adopted', by: 'sec', scope, principle: { id: 'fair', title: 'Fair to all' }, reference: 'Minutes 2027-01', at: at(DAY) });
    expect(refusal(linked(), adopt('guiding'))).toBe(
      'The guiding principles of board product-board are set by decisions of the initiative board iiigb: propose "Fair to all" there (govern initiative submit). The secretariat records only the board\'s own principles here (--scope board).',
    );
    expect(linked(adopt('board')).context.principles.board.map((p) => p.id)).toContain('fair');
    expect(board(adopt('guiding')).context.principles.guiding.map((p) => p.id)).toContain('fair');
  });

  it('amends only the parts of its policy a governance decision names, and restarts its calendar', () => {
    const before = linked();
    const [s, actions] = transition(boardMachine, before, amend(initiative, { votingPeriodDays: 21 }));
    expect(s.context.policy).toEqual({ ...before.context.policy, votingPeriodDays: 21 });
    expect(lastChange(s)?.change).toBe("The initiative board changed the policy's votingPeriodDays; it applies to items opened from now on.");
    expect(timers(actions)).toHaveLength(1);
    expect(refusal(linked(), amend('sec', { votingPeriodDays: 21 }))).toMatch(/^Only a governance decision of the initiative board iiigb/);
  });
});

describe('board calendar controls', () => {
  it('pauses and resumes meetings on the secretariat’s word', () => {
    const paused = board(e.pause());
    expect(paused.value).toBe('paused');
    expect(paused.context.paused).toEqual({ by: 'sec', at: at(HOUR), reason: 'Summer recess' });
    expect(boardView(paused).upcomingMeetings).toEqual([]);
    expect(refusal(paused, e.pause())).toBe(`The meetings of board product-board are already paused (since ${at(HOUR)}).`);
    const resumed = run(boardMachine, paused, e.resume());
    expect(resumed.value).toBe('sitting');
    expect(resumed.context.paused).toBeUndefined();
    expect(lastChange(resumed)?.change).toBe('Resumed meetings.');
    expect(refusal(resumed, e.resume())).toBe('The meetings of board product-board are not paused.');
    expect(refusal(board(), e.pause('m2'))).toMatch(/^m2 may not pause meetings/);
  });

  it('calls a meeting on the chair’s word at least the papers deadline ahead, and resets the timer to it', () => {
    const [s0] = openBoard();
    const [s, actions] = transition(boardMachine, s0, e.call('2026-06-09T10:00:00.000Z', 'm1', at(HOUR)));
    expect(s.context.calledMeetings).toEqual([expect.objectContaining({ meetingId: 'product-board-2026-06-09', papersDeadline: '2026-06-02T10:00:00.000Z' })]);
    expect(timers(actions)).toEqual([expect.objectContaining({ delay: Date.parse('2026-06-02T10:00:00.000Z') - Date.parse(at(HOUR)) })]);
    expect(refusal(s0, e.call('2026-06-05T10:00:00.000Z'))).toMatch(/at least 7 days ahead.*too soon.*use written procedure/);
    expect(refusal(s0, e.call('2026-07-01T10:00:00.000Z', 'm2'))).toBe('m2 may not call a meeting: only the secretariat or the chair may.');
  });

  it('refuses a second meeting on a day that already has one, which would never be convened', () => {
    const s = board(e.call('2026-06-09T10:00:00.000Z', 'm1', at(HOUR)));
    expect(refusal(s, e.call('2026-06-09T15:00:00.000Z', 'sec', at(2 * HOUR)))).toBe(
      'board product-board already has a meeting that day, starting 2026-06-09T10:00:00.000Z; call this one for another day.',
    );
    expect(explainBoardRefusal(s, e.call('2026-06-10T10:00:00.000Z', 'sec', at(2 * HOUR)))).toBeUndefined();
  });
});

describe('registering products', () => {
  it('registers a product and starts its process as a child', () => {
    const [s, actions] = transition(boardMachine, openBoard()[0], e.register('p1'));
    // The board keeps the id; the name and description go to the product's own process.
    expect(s.context.products).toEqual(['p1']);
    expect(spawns(actions)).toEqual([
      expect.objectContaining({ id: 'product-p1', input: { product: { id: 'p1', name: 'Product p1', registeredBy: 'sec', registeredAt: at(HOUR) }, boardId: 'product-board' } }),
    ]);
  });

  it('refuses a duplicate and a registration by anyone but the secretariat', () => {
    expect(refusal(withProduct(), e.register('p1'))).toBe('Product p1 is already registered.');
    expect(refusal(board(), e.register('p2', 'm1'))).toMatch(/^m1 may not register products/);
  });
});

describe('placing items on the agenda', () => {
  it('places an item on the first meeting whose papers deadline it meets', () => {
    const [item] = withProduct(e.place('i1', at(DAY))).context.agenda;
    expect(item).toMatchObject({ itemId: 'i1', placedAt: at(DAY), meeting: { meetingId: juneMeetingId }, votingClosesAt: '2026-06-10T16:00:00.000Z' });
  });

  it('places an item requested after the papers deadline on the next meeting', () => {
    const [item] = withProduct(e.place('i1', at(3 * DAY))).context.agenda;
    expect(item?.meeting?.meetingId).toBe(julyMeetingId);
  });

  it('takes the same item once however often it is placed', () => {
    const s = withProduct(e.place('i1'), e.place('i1', at(2 * DAY), { gate: 'discovery' }));
    expect(s.context.agenda).toHaveLength(1);
    expect(s.context.agenda[0]?.gate).toBe('prioritisation');
  });

  it('lets only the secretariat put an item on a meeting’s agenda', () => {
    expect(refusal(withProduct(), e.place('i1', at(DAY), { by: 'm1' }))).toBe('m1 may not put an item on the agenda: only the secretariat of board product-board (sec) may.');
  });

  it('refuses an item for a product that is not registered', () => {
    expect(refusal(board(), e.place())).toBe('No product p1 is registered with board product-board; register it first (govern product register).');
  });

  it('refuses a self-assessment that leaves out a principle, naming it', () => {
    const partial = [{ principle: 'Open by default', assessment: 'Yes.' }];
    expect(refusal(withProduct(), e.place('i1', at(DAY), { selfAssessment: partial }))).toBe(
      'The self-assessment must cover every principle in force; it leaves out: harm ("Do no harm").',
    );
  });

  it('lets only the chair call a written procedure, with a deadline in the future', () => {
    const written = (by: string, deadline?: string) => e.place('w1', at(DAY), { by, procedure: 'written', ...(deadline ? { deadline } : {}) });
    const s = withProduct(written('m1', at(5 * DAY)));
    expect(s.context.agenda[0]).toMatchObject({ itemId: 'w1', votingClosesAt: at(5 * DAY) });
    expect(s.context.agenda[0]).not.toHaveProperty('meeting');
    expect(refusal(withProduct(), written('sec', at(5 * DAY)))).toBe('sec may not call a written procedure: only the chair (Ada) may.');
    expect(refusal(withProduct(), written('m1'))).toBe('A written procedure needs a deadline for the votes.');
    expect(refusal(withProduct(), written('m1', at(DAY)))).toBe(`The written procedure's deadline ${at(DAY)} is not in the future.`);
  });

  it('refuses a meeting item while meetings are paused, but takes a written procedure', () => {
    const paused = withProduct(e.pause());
    expect(refusal(paused, e.place())).toMatch(/are paused \(Summer recess\); nothing can join an agenda until they resume/);
    const s = run(boardMachine, paused, e.place('w1', at(DAY), { by: 'm1', procedure: 'written', deadline: at(4 * DAY) }));
    expect(s.context.agenda.map((i) => i.itemId)).toEqual(['w1']);
  });
});

describe('convening meetings', () => {
  it('sets a timer to the next meeting’s papers deadline', () => {
    const [, actions] = openBoard();
    expect(timers(actions)).toEqual([{ id: papersDeadlinePassed.type, delay: Date.parse(junePapersDeadline) - Date.parse(T0), event: papersDeadlinePassed }]);
  });

  it('convenes the meeting at its papers deadline with its agenda, then sets the timer for the next', () => {
    const s = withProduct(e.place('i1', at(DAY)), e.place('w1', at(DAY), { by: 'm1', procedure: 'written', deadline: at(4 * DAY) }));
    const [convened, actions] = transition(boardMachine, s, papersDeadlinePassed);
    const [meeting] = spawns(actions);
    expect(meeting).toMatchObject({ id: `meeting-${juneMeetingId}`, input: { meeting: { meetingId: juneMeetingId }, boardId: 'product-board', roster: s.context.roster, composition: s.context.composition } });
    expect((meeting?.input as { agenda: { itemId: string }[] }).agenda.map((i) => i.itemId)).toEqual(['i1']);
    expect(convened.context.agenda.map((i) => i.itemId)).toEqual(['w1']);
    expect(convened.context.convened.map((m) => m.meetingId)).toEqual([juneMeetingId]);
    expect(convened.context.clock).toBe(junePapersDeadline);
    expect(timers(actions)).toEqual([expect.objectContaining({ delay: Date.parse(julyPapersDeadline) - Date.parse(junePapersDeadline) })]);
  });

  it('puts an item placed after a convening on the next meeting, convened at its own deadline', () => {
    const june = withProduct(e.place('i1', at(DAY)), papersDeadlinePassed);
    const [july, actions] = transition(boardMachine, run(boardMachine, june, e.place('i2', at(4 * DAY))), papersDeadlinePassed);
    expect(spawns(actions)[0]?.input).toMatchObject({ meeting: { meetingId: julyMeetingId }, agenda: [{ itemId: 'i2' }] });
    expect(july.context.agenda).toEqual([]);
  });

  // A command stamped after a papers deadline can be taken before the timer fires (the host takes signals
  // before timers in one activation, e.g. after a worker outage); the timer still convenes its own meeting.
  it('convenes the meeting its timer was set for even when a later command was taken first', () => {
    const s = withProduct(e.place('i1', at(DAY)), { type: 'subscriber.added', by: 'citizen', at: at(4 * DAY) });
    const [convened, actions] = transition(boardMachine, s, papersDeadlinePassed);
    expect(spawns(actions)[0]?.input).toMatchObject({ meeting: { meetingId: juneMeetingId }, agenda: [{ itemId: 'i1' }] });
    expect(convened.context.agenda).toEqual([]);
  });

  // An item whose meeting passed while the calendar was paused goes to the first meeting after it resumes.
  it('leaves no item waiting for a meeting skipped while paused', () => {
    const resumed = withProduct(e.place('i1', at(DAY)), e.pause('sec', at(DAY + HOUR)), e.resume('sec', at(5 * DAY)));
    const july = run(boardMachine, resumed, papersDeadlinePassed);
    expect(july.context.convened.map((m) => m.meetingId)).toEqual([julyMeetingId]);
    expect(july.context.agenda.filter((i) => i.meeting && Date.parse(i.meeting.papersDeadline) < Date.parse(july.context.clock))).toEqual([]);
  });

  it('convenes an empty meeting too, and the next one after it', () => {
    const once = run(boardMachine, openBoard()[0], papersDeadlinePassed);
    const [twice, actions] = transition(boardMachine, once, papersDeadlinePassed);
    expect(spawns(actions)[0]?.id).toBe(`meeting-${julyMeetingId}`);
    expect(twice.context.convened.map((m) => m.meetingId)).toEqual([juneMeetingId, julyMeetingId]);
  });

  it('convenes nothing while paused: the paused board sets no timer', () => {
    const [, actions] = transition(boardMachine, board(), e.pause());
    expect(timers(actions)).toEqual([]);
    expect(board(e.pause(), papersDeadlinePassed).context.convened).toEqual([]);
  });
});

describe('the calendar', () => {
  const quarterly = { ...defaultMeetingCadence, everyMonths: 3 };

  it('meets every third month on the months counted from the epoch', () => {
    const starts = upcomingMeetings('b', quarterly, [], new Date('2026-02-01T00:00:00Z'), 3).map((m) => m.startsAt.slice(0, 10));
    expect(starts).toEqual(['2026-04-10', '2026-07-10', '2026-10-10']);
  });

  it('counts a meeting whose papers deadline is exactly now as still open, and one a millisecond past as closed', () => {
    const deadline = new Date('2026-04-03T14:00:00.000Z');
    expect(meetingFor('b', quarterly, [], deadline).meetingId).toBe('b-2026-04-10');
    expect(meetingFor('b', quarterly, [], new Date(deadline.getTime() + 1)).meetingId).toBe('b-2026-07-10');
  });

  it('puts a called meeting in order among the scheduled ones, replacing a scheduled one on the same day', () => {
    const called = [
      { meetingId: 'b-2026-05-01', startsAt: '2026-05-01T10:00:00.000Z', endsAt: '2026-05-01T12:00:00.000Z', papersDeadline: '2026-04-24T10:00:00.000Z' },
      { meetingId: 'b-2026-07-10', startsAt: '2026-07-10T09:00:00.000Z', endsAt: '2026-07-10T11:00:00.000Z', papersDeadline: '2026-07-03T09:00:00.000Z' },
    ];
    const ids = upcomingMeetings('b', quarterly, called, new Date('2026-04-05T00:00:00Z'), 3).map((m) => m.startsAt);
    expect(ids).toEqual(['2026-05-01T10:00:00.000Z', '2026-07-10T09:00:00.000Z', '2026-10-10T14:00:00.000Z']);
    expect(meetingFor('b', quarterly, called, new Date('2026-04-05T00:00:00Z')).meetingId).toBe('b-2026-05-01');
  });

  it('forgets a called meeting once its papers deadline has passed', () => {
    const called = [{ meetingId: 'b-2026-05-01', startsAt: '2026-05-01T10:00:00.000Z', endsAt: '2026-05-01T12:00:00.000Z', papersDeadline: '2026-04-24T10:00:00.000Z' }];
    expect(meetingFor('b', quarterly, called, new Date('2026-04-25T00:00:00Z')).meetingId).toBe('b-2026-07-10');
  });

  it('reaches across a year end', () => {
    expect(meetingFor('b', quarterly, [], new Date('2026-10-04T00:00:00Z')).meetingId).toBe('b-2027-01-10');
  });
});

describe('what the board keeps as it ages', () => {
  it('keeps the ids a resumed run carried as whole products, so a second registration is still refused', () => {
    const s0 = board(e.register('p1'));
    const carried = { ...s0.context, products: [{ id: 'p1', name: 'Product p1', description: 'Long text', registeredBy: 'sec', registeredAt: at(HOUR) }] };
    const [resumed] = initialTransition(boardMachine, { ...boardInput(), resume: carried as unknown as typeof s0.context });
    expect(resumed.context.products).toEqual(['p1']);
    expect(refusal(resumed, e.register('p1', 'sec', at(2 * HOUR)))).toBe('Product p1 is already registered.');
  });

  it('forgets a called meeting once it is over, and still knows one that is ahead', () => {
    const s = board(e.call('2026-06-09T10:00:00.000Z', 'm1', at(HOUR)), e.call('2026-07-20T10:00:00.000Z', 'sec', at(HOUR)));
    // Each papers deadline convenes a meeting; by the July one the June call is long over.
    const later = run(boardMachine, s, papersDeadlinePassed, papersDeadlinePassed, papersDeadlinePassed);
    expect(later.context.convened.map((m) => m.meetingId)).toEqual(['product-board-2026-06-09', 'product-board-2026-06-10', 'product-board-2026-07-10']);
    expect(later.context.calledMeetings.map((m) => m.meetingId)).toEqual(['product-board-2026-07-20']);
    expect(explainBoardRefusal(later, e.call('2026-07-20T15:00:00.000Z', 'sec', at(40 * DAY)))).toMatch(/already has a meeting that day/);
  });

  it('shows the newest changes within their window, however many there were', () => {
    const reason = 'r'.repeat(3_000);
    const events = Array.from({ length: 40 }, (_, n) => [e.remove('m2', 'sec', at(HOUR + n)), e.appoint('m2', {}, 'sec', at(HOUR + n))]).flat();
    const s = board(...events.map((ev) => (ev.type === 'member.removed' ? { ...ev, reason } : ev)));
    expect(jsonBytes(s.context.changes)).toBeLessThanOrEqual(40_000);
    expect(s.context.changes.at(-1)).toEqual({ at: at(HOUR + 39), by: 'sec', change: 'Appointed New m2 (m2).' });
  });
});

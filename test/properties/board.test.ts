/**
 * Random and malformed commands from the secretariat, the chair, members and
 * anyone, in any order, with the calendar's timer firing when its papers
 * deadline comes, thrown at the board machine the way the host sends them.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { boardMachine, type BoardSnapshot } from '../../machines/productBoard/machine';
import { boardPayloads } from '../../machines/productBoard/schema';
import { boardView, explainBoardRefusal } from '../../machines/productBoard/view';
import { compositionStatus } from '../../machines/kernel/composition';
import { gates } from '../../machines/kernel/lifecycle';
import { defaultProductBoardPolicy } from '../../machines/productBoard/policy';
import { openBoard, papersDeadlinePassed, selfAssessment, spawns } from '../support/boardFixtures';
import { DAY, T0 } from '../support/gateReviews';
import { advance, engineStep, malformed, personFrom, sendCommand, timesFrom, words, type Expected, type HostedProcess } from '../support/hostModel';

const refuse = (because: RegExp): Expected => ({ refused: true, because });
const taken: Expected = { refused: false };
/** The decisions that move a product forward, from shared/domain.md's lifecycle: each needs every principle in force assessed. */
const forward = ['prioritisation', 'discovery', 'alpha', 'beta', 'live', 'iteration'];

/**
 * Who may change a board and what an agenda item needs, as shared/domain.md's roles and "A product board" put
 * them, written here without machines/ (no rules, guards or `can()`): the secretariat keeps the roster, the
 * policy, the principles, the products and the agenda; the chair calls meetings too and alone calls a written
 * procedure; anyone may subscribe. What it reads of the snapshot is what the board's page shows: its roster,
 * products, agenda, subscribers, principles, meetings and whether its calendar is paused.
 */
function predictBoard(s: BoardSnapshot, e: { type: string; [field: string]: unknown }): Expected {
  const c = s.context;
  if (c.strict) throw new Error('the model knows the lenient board only (no minimum written-procedure window)');
  const by = String(e.by);
  const secretariat = c.roster.secretariat.includes(by);
  const isMember = (id: unknown) => c.roster.members.some((m) => m.id === id);
  const onlySecretariat = /only the secretariat of board/;
  const paused = s.value === 'paused';
  switch (e.type) {
    case 'member.appointed': {
      const member = e.member as { id: string };
      if (!secretariat) return refuse(onlySecretariat);
      if (isMember(member.id)) return refuse(/is already a member/);
      return c.roster.members.length >= c.roster.seats ? refuse(/seats filled/) : taken;
    }
    case 'member.removed':
      if (!secretariat) return refuse(onlySecretariat);
      if (!isMember(e.memberId)) return refuse(/is not a member/);
      if (c.roster.chair === e.memberId) return refuse(/appoint another chair first/);
      return c.roster.members.length === 1 ? refuse(/is the last member/) : taken;
    case 'chair.appointed':
      if (!secretariat) return refuse(onlySecretariat);
      return isMember(e.memberId) ? taken : refuse(/is not a member .* appoint them as a member first/);
    case 'policy.changed':
      return secretariat ? taken : refuse(onlySecretariat);
    case 'principle.adopted': {
      const principle = e.principle as { id: string };
      if (!secretariat) return refuse(onlySecretariat);
      if (e.scope === 'guiding' && c.initiativeBoardId) return refuse(/are set by decisions of the initiative board/);
      return [...c.principles.guiding, ...c.principles.board].some((p) => p.id === principle.id) ? refuse(/is already in force/) : taken;
    }
    case 'subscriber.added':
      return c.subscribers.includes(by) ? refuse(/is already subscribed/) : taken;
    case 'subscriber.removed':
      return c.subscribers.includes(by) ? taken : refuse(/is not subscribed/);
    case 'meetings.paused':
      if (!secretariat) return refuse(onlySecretariat);
      return paused ? refuse(/are already paused/) : taken;
    case 'meetings.resumed':
      if (!secretariat) return refuse(onlySecretariat);
      return paused ? taken : refuse(/are not paused/);
    case 'meeting.called': {
      if (!secretariat && c.roster.chair !== by) return refuse(/only the secretariat or the chair/);
      const startsAt = String(e.startsAt);
      if (Date.parse(startsAt) < Date.parse(String(e.at)) + c.policy.meetings.papersDeadlineDays * DAY) return refuse(/is too soon/);
      // A board meets at most once a day (UTC).
      const day = startsAt.slice(0, 10);
      return [...c.calledMeetings, ...c.convened].some((m) => m.startsAt.slice(0, 10) === day) ? refuse(/already has a meeting that day/) : taken;
    }
    case 'product.registered': {
      const product = e.product as { id: string };
      if (!secretariat) return refuse(onlySecretariat);
      return c.products.includes(product.id) ? refuse(/is already registered/) : taken;
    }
    case 'item.placed': {
      // The same item again is a retry: answered from the agenda, whoever sends it.
      if (c.agenda.some((i) => i.itemId === e.itemId)) return { refused: false, noChange: true };
      if (!c.products.includes(String(e.productId))) return refuse(/register it first/);
      if (e.procedure === 'written') {
        if (c.roster.chair !== by) return refuse(/may not call a written procedure: only the chair/);
        if (!e.deadline) return refuse(/needs a deadline/);
        if (Date.parse(String(e.deadline)) <= Date.parse(String(e.at))) return refuse(/is not in the future/);
      } else {
        if (!secretariat) return refuse(onlySecretariat);
        if (c.paused) return refuse(/are paused/);
      }
      if (!forward.includes(String(e.gate))) return taken;
      const named = new Set((e.selfAssessment as { principle: string }[]).map((a) => a.principle.toLowerCase()));
      const missing = [...c.principles.guiding, ...c.principles.board].filter((p) => !named.has(p.id.toLowerCase()) && !named.has(p.title.toLowerCase()));
      return missing.length ? refuse(/must cover every principle in force; it leaves out/) : taken;
    }
    default:
      throw new Error(`the model has no rule for ${e.type}`);
  }
}

const process: HostedProcess<BoardSnapshot> = { machine: boardMachine, payloads: boardPayloads, explain: explainBoardRefusal, predict: predictBoard };
// The secretariat and the chair act most; everyone else tries.
const person = fc.oneof({ weight: 4, arbitrary: fc.constant('sec') }, { weight: 2, arbitrary: fc.constant('m1') }, { weight: 4, arbitrary: personFrom(['m2', 'm3', 'm4', 'm5', 'm6', 'fan', 'stranger']) });
const memberId = fc.constantFrom('m1', 'm2', 'm3', 'm4', 'm5', 'm6', 'm7', 'x');
const productId = fc.oneof({ weight: 3, arbitrary: fc.constant('p1') }, { weight: 1, arbitrary: fc.constantFrom('p2', 'p3') });
const itemId = fc.constantFrom('i1', 'i2', 'i3', 'i4', 'i5', 'i6');

const cadence = fc.record({
  everyMonths: fc.integer({ min: 1, max: 3 }),
  dayOfMonth: fc.integer({ min: 1, max: 28 }),
  startHourUtc: fc.integer({ min: 0, max: 23 }),
  durationHours: fc.integer({ min: 1, max: 8 }),
  papersDeadlineDays: fc.integer({ min: 0, max: 14 }),
});
const policy = fc.record({ meetings: cadence, chairHasCastingVote: fc.boolean(), minNonTechnical: fc.integer({ min: 0, max: 4 }) }).map(({ meetings, chairHasCastingVote, minNonTechnical }) => ({
  ...defaultProductBoardPolicy,
  meetings,
  chairHasCastingVote,
  composition: { ...defaultProductBoardPolicy.composition, minNonTechnical },
}));

/** Payloads, some with a time relative to when they are sent: `offset` is added to the send time. */
const payloads = {
  'member.appointed': fc.record({ by: person, member: fc.record({ id: memberId, name: words, technical: fc.boolean() }) }),
  'member.removed': fc.record({ by: person, memberId, reason: words }),
  'chair.appointed': fc.record({ by: person, memberId }),
  'policy.changed': fc.record({ by: person, policy, reference: words }),
  'principle.adopted': fc.record({ by: person, scope: fc.constantFrom('guiding', 'board'), principle: fc.record({ id: fc.constantFrom('open', 'harm', 'fair'), title: words }), reference: words }),
  'subscriber.added': fc.record({ by: person }),
  'subscriber.removed': fc.record({ by: person }),
  'meetings.paused': fc.record({ by: person, reason: words }),
  'meetings.resumed': fc.record({ by: person }),
  'meeting.called': fc.record({ by: person, startsAt: fc.constant('offset') }),
  'product.registered': fc.record({ by: person, product: fc.record({ id: productId, name: words }) }),
  'item.placed': fc.record({
    by: person,
    itemId,
    productId,
    gate: fc.constantFrom(...gates),
    procedure: fc.constantFrom('meeting', 'written'),
    deadline: fc.constant('offset'),
    papers: fc.constant([]),
    selfAssessment: fc.oneof({ weight: 4, arbitrary: fc.constant(selfAssessment) }, { weight: 1, arbitrary: fc.constantFrom([], selfAssessment.slice(0, 1)) }),
  }),
};
type CommandType = keyof typeof payloads;
const weights: Record<CommandType, number> = {
  'member.appointed': 2, 'member.removed': 2, 'chair.appointed': 1, 'policy.changed': 1, 'principle.adopted': 1, 'subscriber.added': 1,
  'subscriber.removed': 1, 'meetings.paused': 1, 'meetings.resumed': 1, 'meeting.called': 2, 'product.registered': 3, 'item.placed': 5,
};

const command = fc.oneof(
  ...(Object.keys(payloads) as CommandType[]).map((type) => ({
    weight: weights[type],
    arbitrary: fc.record({ kind: fc.constant('command' as const), type: fc.constant(type), payload: payloads[type] as fc.Arbitrary<Record<string, unknown>> }),
  })),
);
const malformedCommand = fc.constantFrom(...(Object.keys(payloads) as CommandType[])).chain((type) =>
  fc.record({ kind: fc.constant('command' as const), type: fc.constant(type), payload: malformed(boardPayloads[type], { by: 'sec' }) as fc.Arbitrary<Record<string, unknown>> }),
);
const step = fc.record({
  what: fc.oneof({ weight: 10, arbitrary: command }, { weight: 1, arbitrary: malformedCommand }, { weight: 2, arbitrary: fc.record({ kind: fc.constant('timer' as const) }) }),
  advance,
  offset: fc.integer({ min: -DAY, max: 60 * DAY }),
});
type Step = typeof step extends fc.Arbitrary<infer T> ? T : never;

interface Run {
  s: BoardSnapshot;
  now: number;
  children: string[];
}

/** The calendar's timer fires at the papers deadline of the meeting it was set for. */
function fireTimer(run: Run) {
  const due = run.s.value === 'sitting' ? run.s.context.scheduled : undefined;
  if (!due) return;
  run.now = Math.max(run.now, Date.parse(due.papersDeadline));
  const { next, actions } = engineStep(boardMachine, run.s, papersDeadlinePassed);
  run.children.push(...spawns(actions).map((c) => c.id));
  run.s = next;
}

function take(run: Run, { what, offset }: Step, time: number) {
  run.now = Math.max(run.now, time);
  // A timer whose deadline has come fires before the next command arrives.
  while (run.s.value === 'sitting' && run.s.context.scheduled && Date.parse(run.s.context.scheduled.papersDeadline) <= run.now) fireTimer(run);
  if (what.kind === 'timer') return fireTimer(run);
  const payload = { ...what.payload };
  if (payload.startsAt === 'offset' || payload.deadline === 'offset') {
    const when = new Date(run.now + offset).toISOString();
    if (payload.startsAt) payload.startsAt = when;
    if (payload.procedure === 'written') payload.deadline = when;
    else delete payload.deadline;
  }
  const { next, actions } = sendCommand(process, run.s, what.type, payload, new Date(run.now).toISOString());
  run.children.push(...spawns(actions).map((c) => c.id));
  run.s = next;
}

function checkInvariants({ s, children }: Run) {
  const { roster, agenda, products, subscribers } = s.context;
  const ids = roster.members.map((m) => m.id);
  expect(new Set(ids).size).toBe(ids.length);
  expect(ids.length).toBeLessThanOrEqual(roster.seats);
  expect(ids.length).toBeGreaterThan(0);
  expect(ids).toContain(roster.chair);
  expect(new Set(products).size).toBe(products.length);
  expect(new Set(agenda.map((i) => i.itemId)).size).toBe(agenda.length);
  for (const item of agenda) expect(products).toContain(item.productId);
  expect(new Set(subscribers).size).toBe(subscribers.length);
  expect(s.context.composition).toEqual(compositionStatus(roster, s.context.policy.composition));
  expect(s.value === 'paused').toBe(s.context.paused !== undefined);
  if (s.value === 'paused') expect(s.context.scheduled).toBeUndefined();
  // Each child is a workflow id: starting one twice would fail the start and the board with it.
  expect(new Set(children).size, `children started twice: ${children.join(', ')}`).toBe(children.length);
  expect(() => boardView(s)).not.toThrow();
}

describe('board under random commands', () => {
  it('refuses without change, explains every refusal, never errors, and keeps its roster, agenda and children sound', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 40 }), (steps) => {
        const run: Run = { s: openBoard()[0], now: 0, children: [] };
        // p1 is registered first, so that items have a product to be about.
        take(run, { what: { kind: 'command', type: 'product.registered', payload: { by: 'sec', product: { id: 'p1', name: 'Product p1' } } }, advance: 0, offset: 0 }, Date.parse(T0));
        const times = timesFrom(steps.map((x) => x.advance)).map((t) => Date.parse(t));
        steps.forEach((x, i) => {
          take(run, x, times[i]!);
          checkInvariants(run);
        });
      }),
      { numRuns: 250 },
    );
  });
});

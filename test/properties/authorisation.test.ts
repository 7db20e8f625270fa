/**
 * Who may do what, as a table: every role against every command of every
 * process, in a situation where the role is the only thing that can stop the
 * command. Derived from shared/domain.md ("Roles and what each may do") and
 * the rules in each process folder's rules.ts in machines/. A refusal must name the role it needs and
 * change nothing.
 *
 * Roles: the secretariat (sec), the chair (m1), an ordinary member (m2), a
 * member recused from the review (m3, who declared an interest in it) and
 * anyone else (stranger). Recusal is per review: on the board and at a
 * meeting, m3 is an ordinary member. The initiative board has its own
 * people in the same roles (sec, i1, i5, i3 recused from an item, stranger),
 * in a separate table at the end.
 */
import type { Client } from '@temporalio/client';
import { describe, expect, it } from 'vitest';
import { initialTransition, type AnyMachineSnapshot } from 'xstate';
import { authorise } from '../../activities/boardClient';
import { isRefusal } from '../../machines/kernel/effects';
import { boardMachine, type BoardEvent, type BoardSnapshot } from '../../machines/productBoard/machine';
import { boardPayloads } from '../../machines/productBoard/schema';
import { boardView, explainBoardRefusal } from '../../machines/productBoard/view';
import { gateReviewMachine, type GateReviewEvent } from '../../machines/gateReview/machine';
import { gateReviewPayloads } from '../../machines/gateReview/schema';
import { explainGateReviewRefusal, type GateReviewSnapshot } from '../../machines/gateReview/view';
import { meetingMachine, meetingPayloads, type MeetingSnapshot } from '../../machines/boardMeeting/machine';
import { explainMeetingRefusal } from '../../machines/boardMeeting/view';
import { defaultProductBoardPolicy } from '../../machines/productBoard/policy';
import { productMachine, type ProductEvent, type ProductSnapshot } from '../../machines/product/machine';
import type { AgendaRequest } from '../../machines/product/schema';
import { productPayloads } from '../../machines/product/schema';
import { explainProductRefusal } from '../../machines/product/view';
import { productProcess } from '../../workflows/product/workflow';
import { harmWatchMachine, type HarmWatchEvent, type HarmWatchSnapshot } from '../../machines/harmWatch/machine';
import { harmWatchPayloads } from '../../machines/harmWatch/schema';
import { explainHarmWatchRefusal } from '../../machines/harmWatch/view';
import { harmWatchProcess } from '../../workflows/harmWatch/workflow';
import { closeCondition as closeConditionCommand, productCommands, requestGate as requestGateCommand } from '../../workflows/product/messages';
import { gateReviewCommands } from '../../workflows/gateReview/messages';
import { boardCommands } from '../../workflows/productBoard/messages';
import { meetingCommands } from '../../workflows/boardMeeting/messages';
import { harmWatchCommands } from '../../workflows/harmWatch/messages';
import { initiativeCommands } from '../../workflows/initiativeBoard/messages';
import { boardEvents, decide, meetingStarts, openBoard, openMeeting, openProduct, papersSent, placement, run, selfAssessment } from '../support/boardFixtures';
import { DAY, T0, at, events, parsedRequest } from '../support/gateReviews';
import { expectSentence, sendCommand, type HostedProcess } from '../support/hostModel';
import { initiativeBoardMachine, type InitiativeSnapshot } from '../../machines/initiativeBoard/machine';
import { initiativePayloads } from '../../machines/initiativeBoard/schema';
import { explainInitiativeRefusal } from '../../machines/initiativeBoard/view';
import { ib, inMeeting, itemId, openInitiative, proposals, send as sendInitiative, sitting, submissionId, votes as initiativeVotes } from '../support/initiativeMachineFixtures';

const roles = ['secretariat', 'chair', 'member', 'recused member', 'anyone'] as const;
type Role = (typeof roles)[number];
const who: Record<Role, string> = { secretariat: 'sec', chair: 'm1', member: 'm2', 'recused member': 'm3', anyone: 'stranger' };

/** Allowed, or refused with a sentence that matches what it names. */
type Cell = true | RegExp;
const Y: Cell = true;
const SECRETARIAT = /only the secretariat/;
const NOT_A_MEMBER = /is not a member of product-board/;
const RECUSED = /declared an interest .* and is recused/;

interface Row {
  readonly process: string;
  readonly command: string;
  readonly expected: Record<Role, Cell>;
  /** Tries the command as `by` in a situation where only the role can stop it; returns the refusal, if any. */
  readonly attempt: (by: string) => Promise<string | undefined> | string | undefined;
}

/** Sends a payload the way the host does (schema, refusal, transition) and returns the refusal. */
function attempt<S extends AnyMachineSnapshot>(process: HostedProcess<S>, s: S, type: string, payload: object, time: string, extra: object = {}): string | undefined {
  const parsed = process.payloads[type]!.parse(payload) as object;
  const refusal = process.explain(s, { ...parsed, ...extra, type, at: time } as never);
  // Checks again, and that a refusal changes nothing.
  expect(sendCommand(process, s, type, payload, time, extra).outcome).toBe(refusal === undefined ? 'taken' : 'refused');
  return refusal;
}

// ---------------------------------------------------------------- gate review

const review: HostedProcess<GateReviewSnapshot> = { machine: gateReviewMachine, payloads: gateReviewPayloads, explain: explainGateReviewRefusal };

const openReview = (chairHasCastingVote = false, ...before: GateReviewEvent[]) =>
  run(gateReviewMachine, initialTransition(gateReviewMachine, { request: parsedRequest({ policy: { chairHasCastingVote } }), openedAt: T0 })[0], ...before);
/** Closed without quorum and refused by the register for good: only a retried publication moves it on. */
const publicationFailed = () =>
  openReview(false, events.close(), { type: 'xstate.error.actor.publishDecision', error: { message: 'InvalidDecision' } } as unknown as GateReviewEvent);

/** Voting open; m3 has declared an interest and is recused. */
const votingOpen = () => openReview(false, events.interest('m3'));
/** Everyone who could has voted; m3 voted, then declared an interest (which strikes the vote). */
const allVoted = () => openReview(false, ...['m1', 'm2', 'm3', 'm4'].map((m) => events.vote(m, 'approve')), events.interest('m3'));
/** Voting closed on a tie the chair may settle. */
const tied = () => {
  const s = openReview(true, events.interest('m3'), events.vote('m1', 'approve'), events.vote('m2', 'reject'), events.vote('m4', 'approve'), events.vote('m5', 'reject'), events.close());
  expect(s.value).toBe('awaitingCastingVote');
  return s;
};
const commissioned = () => run(gateReviewMachine, votingOpen(), { type: 'assessment.commissioned', by: 'm2', assessor: 'Open Data Lab', question: 'Safe?', dueAt: at(5 * DAY), at: at(DAY) });

const gateReviewRows: Row[] = [
  {
    process: 'gate review',
    command: 'castVote',
    expected: { secretariat: NOT_A_MEMBER, chair: Y, member: Y, 'recused member': RECUSED, anyone: NOT_A_MEMBER },
    attempt: (by) => attempt(review, votingOpen(), 'vote.cast', { by, choice: 'approve' }, at(2 * DAY)),
  },
  {
    process: 'gate review',
    command: 'changeVote',
    expected: { secretariat: NOT_A_MEMBER, chair: Y, member: Y, 'recused member': RECUSED, anyone: NOT_A_MEMBER },
    attempt: (by) => attempt(review, allVoted(), 'vote.changed', { by, choice: 'reject' }, at(2 * DAY)),
  },
  {
    process: 'gate review',
    command: 'declareInterest',
    expected: { secretariat: NOT_A_MEMBER, chair: Y, member: Y, 'recused member': /has already declared an interest .* and is recused/, anyone: NOT_A_MEMBER },
    attempt: (by) => attempt(review, votingOpen(), 'interest.declared', { by, interest: 'Advises the supplier' }, at(2 * DAY)),
  },
  {
    process: 'gate review',
    command: 'closeVoting',
    expected: { secretariat: Y, chair: Y, member: /only the secretariat or the chair/, 'recused member': /only the secretariat or the chair/, anyone: /only the secretariat or the chair/ },
    attempt: (by) => attempt(review, votingOpen(), 'voting.closed', { by }, at(2 * DAY)),
  },
  {
    process: 'gate review',
    command: 'castCastingVote',
    expected: { secretariat: /only the chair/, chair: Y, member: /only the chair/, 'recused member': /only the chair/, anyone: /only the chair/ },
    attempt: (by) => attempt(review, tied(), 'castingVote.cast', { by, choice: 'approve' }, at(4 * DAY)),
  },
  {
    process: 'gate review',
    // A recused member may still ask for evidence: recusal bars voting, and the rules let any member commission.
    command: 'commissionAssessment',
    expected: { secretariat: Y, chair: Y, member: Y, 'recused member': Y, anyone: /only the board's members, its chair, or the secretariat/ },
    attempt: (by) => attempt(review, votingOpen(), 'assessment.commissioned', { by, assessor: 'Open Data Lab', question: 'Safe?', dueAt: at(6 * DAY) }, at(2 * DAY)),
  },
  {
    process: 'gate review',
    command: 'retryPublication',
    expected: { secretariat: Y, chair: SECRETARIAT, member: SECRETARIAT, 'recused member': SECRETARIAT, anyone: SECRETARIAT },
    attempt: (by) => attempt(review, publicationFailed(), 'publication.retried', { by }, at(4 * DAY)),
  },
  {
    process: 'gate review',
    command: 'reportAssessment',
    expected: { secretariat: Y, chair: /the secretariat records reports/, member: /the secretariat records reports/, 'recused member': /the secretariat records reports/, anyone: /the secretariat records reports/ },
    attempt: (by) => attempt(review, commissioned(), 'assessment.reported', { by, report: 'https://example.org/report' }, at(2 * DAY)),
  },
  {
    process: 'gate review',
    // Only the review's board's own process tells it of a removal, so no person's role lets anyone.
    command: 'removeMember',
    expected: { secretariat: /Only the process of the board product-board/, chair: /Only the process of the board product-board/, member: /Only the process of the board product-board/, 'recused member': /Only the process of the board product-board/, anyone: /Only the process of the board product-board/ },
    attempt: (by) => attempt(review, votingOpen(), 'member.removed', { by, memberId: 'm4' }, at(2 * DAY)),
  },
];

// ---------------------------------------------------------------- board

const board: HostedProcess<BoardSnapshot> = { machine: boardMachine, payloads: boardPayloads, explain: explainBoardRefusal };
const boardWith = (...before: BoardEvent[]) => run(boardMachine, openBoard()[0], ...before);
const secretariatOnly: Record<Role, Cell> = { secretariat: Y, chair: SECRETARIAT, member: SECRETARIAT, 'recused member': SECRETARIAT, anyone: SECRETARIAT };
const everyone: Record<Role, Cell> = { secretariat: Y, chair: Y, member: Y, 'recused member': Y, anyone: Y };
const nobody = (refusal: RegExp): Record<Role, Cell> => ({ secretariat: refusal, chair: refusal, member: refusal, 'recused member': refusal, anyone: refusal });
const now = at(2 * DAY);
const placing = (by: string, procedure: 'meeting' | 'written') => ({
  by, itemId: 'gr-p1-prioritisation-1', productId: 'p1', gate: 'prioritisation', procedure, ...(procedure === 'written' ? { deadline: at(9 * DAY) } : {}), papers: [], selfAssessment,
});

const boardRows: Row[] = ([
  { command: 'appointMember', expected: secretariatOnly, attempt: (by: string) => attempt(board, boardWith(), 'member.appointed', { by, member: { id: 'm9', name: 'Nia' } }, now) },
  { command: 'removeMember', expected: secretariatOnly, attempt: (by: string) => attempt(board, boardWith(), 'member.removed', { by, memberId: 'm4', reason: 'Resigned' }, now) },
  { command: 'appointChair', expected: secretariatOnly, attempt: (by: string) => attempt(board, boardWith(), 'chair.appointed', { by, memberId: 'm2' }, now) },
  { command: 'changePolicy', expected: secretariatOnly, attempt: (by: string) => attempt(board, boardWith(), 'policy.changed', { by, policy: { ...defaultProductBoardPolicy, chairHasCastingVote: true }, reference: 'Decision 7' }, now) },
  { command: 'adoptPrinciple', expected: secretariatOnly, attempt: (by: string) => attempt(board, boardWith(), 'principle.adopted', { by, scope: 'board', principle: { id: 'fair', title: 'Fair' }, reference: 'Decision 8' }, now) },
  // Anyone may follow the decisions: subscribing is reading the register.
  { command: 'subscribe', expected: everyone, attempt: (by: string) => attempt(board, boardWith(), 'subscriber.added', { by }, now) },
  { command: 'unsubscribe', expected: everyone, attempt: (by: string) => attempt(board, boardWith({ type: 'subscriber.added', by, at: at(DAY) }), 'subscriber.removed', { by }, now) },
  { command: 'pauseMeetings', expected: secretariatOnly, attempt: (by: string) => attempt(board, boardWith(), 'meetings.paused', { by, reason: 'Recess' }, now) },
  { command: 'resumeMeetings', expected: secretariatOnly, attempt: (by: string) => attempt(board, boardWith(boardEvents.pause()), 'meetings.resumed', { by }, now) },
  {
    command: 'callMeeting',
    expected: { secretariat: Y, chair: Y, member: /only the secretariat or the chair/, 'recused member': /only the secretariat or the chair/, anyone: /only the secretariat or the chair/ },
    attempt: (by: string) => attempt(board, boardWith(), 'meeting.called', { by, startsAt: at(30 * DAY) }, now),
  },
  // Only the initiative board's own process sends these (its governance decisions), so no person's role lets anyone.
  {
    command: 'amendPolicy',
    expected: nobody(/Only a governance decision of the initiative board/),
    attempt: (by: string) => attempt(board, boardWith(), 'policy.amended', { by, changes: { chairHasCastingVote: true }, reference: 'Decision 9' }, now),
  },
  {
    command: 'setGuidingPrinciples',
    expected: nobody(/set only by a decision of the initiative board/),
    attempt: (by: string) => attempt(board, boardWith(), 'principles.guidingSet', { by, principles: [{ id: 'open', title: 'Open' }], reference: 'Decision 10' }, now),
  },
  { command: 'registerProduct', expected: secretariatOnly, attempt: (by: string) => attempt(board, boardWith(), 'product.registered', { by, product: { id: 'p2', name: 'Product two' } }, now) },
  { command: 'placeItem (meeting)', expected: secretariatOnly, attempt: (by: string) => attempt(board, boardWith(boardEvents.register()), 'item.placed', placing(by, 'meeting'), now) },
  {
    command: 'placeItem (written)',
    expected: { secretariat: /only the chair \(Ada\)/, chair: Y, member: /only the chair \(Ada\)/, 'recused member': /only the chair \(Ada\)/, anyone: /only the chair \(Ada\)/ },
    attempt: (by: string) => attempt(board, boardWith(boardEvents.register()), 'item.placed', placing(by, 'written'), now),
  },
] satisfies Omit<Row, 'process'>[]).map((row) => ({ process: 'board', ...row }));

// ---------------------------------------------------------------- product

const product: HostedProcess<ProductSnapshot> = { machine: productMachine, payloads: productPayloads, explain: explainProductRefusal };

/**
 * The product machine checks no role: the host asks the board, through the
 * placeOnAgenda activity, to place the item the product's own enrichment
 * builds. Here that placement goes to the board machine, and what the board
 * places goes back to the product machine.
 */
function requestGate(by: string, procedure: 'meeting' | 'written'): string | undefined {
  const p = openProduct();
  const payload = { by, gate: 'prioritisation', procedure, ...(procedure === 'written' ? { deadline: at(9 * DAY) } : {}), papers: [], selfAssessment };
  const parsed = productPayloads['gate.requested'].parse(payload);
  const event = { ...parsed, type: 'gate.requested', at: now } as ProductEvent;
  expect(explainProductRefusal(p, event)).toBeUndefined();
  const enrichment = productProcess.enrichments![requestGateCommand.name]!;
  const { item } = enrichment.input(p, event) as AgendaRequest;
  const b = boardWith(boardEvents.register());
  const refusal = attempt(board, b, 'item.placed', item, now);
  if (refusal) return refusal;
  const placed = run(boardMachine, b, { ...item, type: 'item.placed', at: now } as BoardEvent);
  const agendaItem = placed.context.agenda.find((i) => i.itemId === item.itemId)!;
  const answer = { ...placement(item.itemId, 'prioritisation'), item: agendaItem };
  return attempt(product, p, 'gate.requested', payload, now, { placement: answer });
}

/** The board as a board client sees it: the status query answers with its view. */
const boardClient = (s: BoardSnapshot) => ({ workflow: { getHandle: () => ({ query: async () => boardView(s) }) } }) as unknown as Client;

/** Closing a condition: the host asks the board, through the authorise activity, whether the person holds the role. */
async function closeCondition(by: string): Promise<string | undefined> {
  const p = decide(openProduct(), 'prioritisation', 'approvedWithConditions', ['Publish the DPIA']);
  const conditionId = p.context.conditions[0]!.conditionId;
  const payload = { by, conditionId, evidence: 'https://example.org/dpia' };
  const event = { ...productPayloads['condition.closed'].parse(payload), type: 'condition.closed', at: now } as ProductEvent;
  const check = productProcess.enrichments![closeConditionCommand.name]!.input(p, event) as Parameters<typeof authorise>[0];
  const answer = await authorise(check, boardClient(boardWith()));
  if (isRefusal(answer)) return answer.refused;
  return attempt(product, p, 'condition.closed', payload, now);
}

const productRows: Row[] = [
  { process: 'product', command: 'requestGate (meeting)', expected: { ...secretariatOnly }, attempt: (by) => requestGate(by, 'meeting') },
  {
    process: 'product',
    command: 'requestGate (written)',
    expected: { secretariat: /only the chair/, chair: Y, member: /only the chair/, 'recused member': /only the chair/, anyone: /only the chair/ },
    attempt: (by) => requestGate(by, 'written'),
  },
  {
    process: 'product',
    command: 'closeCondition',
    expected: { secretariat: Y, chair: /only the secretariat \(sec\) may/, member: /only the secretariat \(sec\) may/, 'recused member': /only the secretariat \(sec\) may/, anyone: /only the secretariat \(sec\) may/ },
    attempt: closeCondition,
  },
];

// ---------------------------------------------------------------- harm watch

const watch: HostedProcess<HarmWatchSnapshot> = { machine: harmWatchMachine, payloads: harmWatchPayloads, explain: explainHarmWatchRefusal };
const watching = () =>
  run(harmWatchMachine, initialTransition(harmWatchMachine, { product: { id: 'p1', name: 'P1' }, boardId: 'product-board', liveSince: T0 })[0], {
    type: 'harm.reported', reportId: 'h1', summary: 'Wrong rents', at: at(DAY),
  } as HarmWatchEvent);
const withPlan = () => run(harmWatchMachine, watching(), { type: 'harm.triaged', by: 'sec', reportId: 'h1', severity: 'medium', note: 'Stale', actionPlan: { description: 'Refresh', dueAt: at(20 * DAY) }, at: at(2 * DAY) } as HarmWatchEvent);
const reviewWaiting = () =>
  run(harmWatchMachine, watching(), { type: 'xstate.after.untilNextReview.harmWatch.watching' } as unknown as HarmWatchEvent, {
    type: 'xstate.done.actor.gatherEvidence', output: { gatheredAt: at(30 * DAY), items: [] },
  } as HarmWatchEvent);

/** A harm watch command: the host asks the board (authorise) for the role its enrichment names, then the machine decides. */
async function harmCommand(by: string, name: string, s: HarmWatchSnapshot, type: string, payload: object, time: string): Promise<string | undefined> {
  const enrichment = harmWatchProcess.enrichments?.[name];
  if (enrichment) {
    const event = { ...(harmWatchPayloads[type as keyof typeof harmWatchPayloads].parse(payload) as object), type, at: time } as HarmWatchEvent;
    const answer = await authorise(enrichment.input(s, event) as Parameters<typeof authorise>[0], boardClient(boardWith()));
    if (isRefusal(answer)) return answer.refused;
  }
  return attempt(watch, s, type, payload, time);
}

const REVIEWERS = /only its members and the secretariat may/;
const harmRows: Row[] = [
  { process: 'harm watch', command: 'reportHarm', expected: { secretariat: Y, chair: Y, member: Y, 'recused member': Y, anyone: Y }, attempt: (by) => harmCommand(by, 'reportHarm', watching(), 'harm.reported', { reportId: 'h2', by, summary: 'Map shows my address' }, at(3 * DAY)) },
  { process: 'harm watch', command: 'triageHarm', expected: { ...secretariatOnly }, attempt: (by) => harmCommand(by, 'triageHarm', watching(), 'harm.triaged', { by, reportId: 'h1', severity: 'low', note: 'Next review' }, at(2 * DAY)) },
  // Anyone signed in may flag a report, once; what the public then sees is the secretariat's to decide, never the board's to lose.
  { process: 'harm watch', command: 'flagHarm', expected: { secretariat: Y, chair: Y, member: Y, 'recused member': Y, anyone: Y }, attempt: (by) => harmCommand(by, 'flagHarm', watching(), 'harm.flagged', { by, reportId: 'h1', reason: 'spam' }, at(2 * DAY)) },
  { process: 'harm watch', command: 'moderateHarm', expected: { ...secretariatOnly }, attempt: (by) => harmCommand(by, 'moderateHarm', watching(), 'harm.moderated', { by, reportId: 'h1', outcome: 'removed', reason: 'It named a neighbour' }, at(2 * DAY)) },
  { process: 'harm watch', command: 'completeAction', expected: { ...secretariatOnly }, attempt: (by) => harmCommand(by, 'completeAction', withPlan(), 'action.completed', { by, reportId: 'h1', evidence: 'Refreshed' }, at(5 * DAY)) },
  {
    process: 'harm watch',
    command: 'recordReview',
    expected: { secretariat: Y, chair: Y, member: Y, 'recused member': Y, anyone: REVIEWERS },
    attempt: (by) => harmCommand(by, 'recordReview', reviewWaiting(), 'review.recorded', { by, benefits: [], harms: [], worstHarm: 'none' }, at(31 * DAY)),
  },
];

// ---------------------------------------------------------------- meeting

const meeting: HostedProcess<MeetingSnapshot> = { machine: meetingMachine, payloads: meetingPayloads, explain: explainMeetingRefusal };
const inSession = () => run(meetingMachine, openMeeting()[0], papersSent, meetingStarts);

const meetingRows: Row[] = [
  {
    process: 'meeting',
    command: 'recordAttendance',
    expected: { secretariat: Y, chair: /only the secretariat \(sec\)/, member: /only the secretariat \(sec\)/, 'recused member': /only the secretariat \(sec\)/, anyone: /only the secretariat \(sec\)/ },
    attempt: (by) => attempt(meeting, inSession(), 'attendance.recorded', { by, present: ['m1', 'm2'] }, inSession().context.meeting.startsAt),
  },
];

// ---------------------------------------------------------------- the matrix

const rows = [...gateReviewRows, ...boardRows, ...productRows, ...meetingRows, ...harmRows];

/** The commands each process takes, from its messages module: a command added there without a row fails below. */
const commandsInCode: Record<string, readonly { name: string }[]> = {
  'gate review': gateReviewCommands,
  board: boardCommands,
  product: productCommands,
  meeting: meetingCommands,
  'harm watch': harmWatchCommands,
  'initiative board': initiativeCommands,
};

/**
 * Commands that name no person, so that no role can be tried: the product process tells its harm watch of a
 * lifecycle change. Proving that such a message comes from the process it claims is the trust issue's work.
 */
const namingNoPerson = new Set(['harm watch: lifecycleChanged']);

/** A row's command without the variant it tries ("placeItem (written)" → "placeItem"). */
const commandOf = (row: { command: string }) => row.command.replace(/ \(.*\)$/, '');

describe('authorisation matrix', () => {
  it('has a row for every command each process takes, except those that name no person', () => {
    const inRows = new Set([...rows, ...initiativeRows].map((r) => `${r.process}: ${commandOf(r)}`));
    const inCode = Object.entries(commandsInCode).flatMap(([process, commands]) => commands.map((c) => `${process}: ${c.name}`));
    expect(inCode.filter((c) => !inRows.has(c) && !namingNoPerson.has(c)), 'commands without a row').toEqual([]);
    expect([...inRows].filter((r) => !inCode.includes(r)), 'rows for no command').toEqual([]);
    expect([...namingNoPerson].filter((c) => !inCode.includes(c) || inRows.has(c)), 'exceptions that are stale').toEqual([]);
  });

  for (const row of rows) {
    describe(`${row.process}: ${row.command}`, () => {
      for (const role of roles) {
        const cell = row.expected[role];
        it(cell === true ? `lets the ${role} (${who[role]}) do it` : `refuses the ${role} (${who[role]}), naming the role it needs`, async () => {
          const refusal = await row.attempt(who[role]);
          if (cell === true) expect(refusal).toBeUndefined();
          else {
            expectSentence(refusal);
            expect(refusal).toMatch(cell);
          }
        });
      }
    });
  }
});

// ---------------------------------------------------------------- initiative board

/**
 * The initiative board's own roles: the secretariat (sec), the chair (i1), an
 * ordinary member (i5), a member recused from item 1 (i3, who declared an
 * interest in it) and anyone else (stranger). Recusal is per item: i3 may still
 * propose, commission research and follow the board.
 */
const initiativeWho: Record<Role, string> = { secretariat: 'sec', chair: 'i1', member: 'i5', 'recused member': 'i3', anyone: 'stranger' };

const initiative: HostedProcess<InitiativeSnapshot> = { machine: initiativeBoardMachine, payloads: initiativePayloads, explain: explainInitiativeRefusal };
const I1 = itemId(1);
const iNow = at(3 * DAY);
const NOT_AN_INITIATIVE_MEMBER = /is not a member of the initiative board iiigb/;
const INITIATIVE_SECRETARIAT = /only the secretariat of the initiative board iiigb \(sec\) may/;
const initiativeSecretariatOnly: Record<Role, Cell> = { secretariat: Y, chair: INITIATIVE_SECRETARIAT, member: INITIATIVE_SECRETARIAT, 'recused member': INITIATIVE_SECRETARIAT, anyone: INITIATIVE_SECRETARIAT };
const initiativeMembersOnly = (recused: Cell): Record<Role, Cell> => ({ secretariat: NOT_AN_INITIATIVE_MEMBER, chair: Y, member: Y, 'recused member': recused, anyone: NOT_AN_INITIATIVE_MEMBER });
const CHAIR = /only the chair \(Initiative member 1\) does/;

/** Item 1 (a strategy, proposed by i2) is on the agenda; i3 declared an interest in it; a public submission and an action wait. */
const agendaOpen = (policy = {}) =>
  sendInitiative(openInitiative(policy), ib.propose('i2', proposals.strategy()), ib.interest('i3', I1), ib.submit('citizen-1', at(DAY), { proposal: proposals.funding() }), ib.recordAction());
/** Everyone who could has voted on item 1. */
const everyoneVoted = () => sendInitiative(agendaOpen(), ...initiativeVotes(I1, ['i1', 'i2', 'i4', 'i5', 'i6'], 'approve', at(2 * DAY)));
/** A tie on item 1, which the chair may settle. */
const tiedVotes = () => sendInitiative(agendaOpen({ chairHasCastingVote: true }), ...initiativeVotes(I1, ['i1', 'i2'], 'approve', at(2 * DAY)), ...initiativeVotes(I1, ['i5', 'i6'], 'reject', at(2 * DAY)));
const researched = () => sendInitiative(agendaOpen(), ib.commission(I1));
/** A strategy with a tracked KPI in force, on a board that tracks them. */
const withKpis = () => {
  const s = openInitiative({}, { kpiTracking: true });
  return { ...s, context: { ...s.context, strategy: { focus: 'Housing', kpis: [{ name: 'Households reached', baseline: 1200, target: 5000, by: at(400 * DAY) }], decisionId: 'iiigb-D1', at: T0 } } } as typeof s;
};
/** A seat free: i12 resigned. */
const seatFree = () => sendInitiative(agendaOpen(), ib.remove('i12'));

const initiativeRows: Row[] = ([
  { command: 'submitItem', expected: everyone, attempt: (by: string) => attempt(initiative, agendaOpen(), 'submission.made', { by, title: 'Open the bus data', text: 'Routes and times' }, iNow) },
  { command: 'triageSubmission', expected: initiativeSecretariatOnly, attempt: (by: string) => attempt(initiative, agendaOpen(), 'submission.triaged', { by, submissionId: submissionId(1), outcome: 'accepted', reason: 'In scope' }, iNow) },
  { command: 'flagSubmission', expected: everyone, attempt: (by: string) => attempt(initiative, agendaOpen(), 'submission.flagged', { by, submissionId: submissionId(1), reason: 'abuse' }, iNow) },
  { command: 'moderateSubmission', expected: initiativeSecretariatOnly, attempt: (by: string) => attempt(initiative, agendaOpen(), 'submission.moderated', { by, submissionId: submissionId(1), outcome: 'removed', reason: 'It named a neighbour' }, iNow) },
  {
    command: 'proposeItem',
    expected: { secretariat: Y, chair: Y, member: Y, 'recused member': Y, anyone: /members and the secretariat may/ },
    attempt: (by: string) => attempt(initiative, agendaOpen(), 'item.proposed', { by, title: 'Fund', text: 'Rural data', proposal: proposals.funding() }, iNow),
  },
  {
    command: 'proposeItem (product board referral)',
    expected: { ...initiativeSecretariatOnly },
    attempt: (by: string) => attempt(initiative, agendaOpen(), 'item.proposed', { by, title: 'Adopt', text: 'From the product board', proposal: proposals.adopt(), referredBy: 'productBoard' }, iNow),
  },
  {
    command: 'declareInterest',
    expected: initiativeMembersOnly(/has already declared an interest in iiigb-I1 and is recused/),
    attempt: (by: string) => attempt(initiative, agendaOpen(), 'interest.declared', { by, itemId: I1, interest: 'Advises the council' }, iNow),
  },
  { command: 'castVote', expected: initiativeMembersOnly(RECUSED), attempt: (by: string) => attempt(initiative, agendaOpen(), 'vote.cast', { by, itemId: I1, choice: 'approve' }, iNow) },
  { command: 'changeVote', expected: initiativeMembersOnly(RECUSED), attempt: (by: string) => attempt(initiative, everyoneVoted(), 'vote.changed', { by, itemId: I1, choice: 'reject' }, iNow) },
  {
    command: 'castCastingVote',
    expected: { secretariat: CHAIR, chair: Y, member: CHAIR, 'recused member': CHAIR, anyone: CHAIR },
    attempt: (by: string) => attempt(initiative, tiedVotes(), 'castingVote.cast', { by, itemId: I1, choice: 'approve' }, iNow),
  },
  {
    command: 'recordAttendance',
    expected: initiativeSecretariatOnly,
    attempt: (by: string) => attempt(initiative, sitting(agendaOpen()), 'attendance.recorded', { by, present: ['i1', 'i2', 'i3'] }, inMeeting()),
  },
  {
    // A recused member may still ask for evidence: recusal bars voting only.
    command: 'commissionResearch',
    expected: { secretariat: Y, chair: Y, member: Y, 'recused member': Y, anyone: /the board's members and its secretariat may/ },
    attempt: (by: string) => attempt(initiative, agendaOpen(), 'research.commissioned', { by, itemId: I1, researcher: 'Poverty Research Unit', question: 'Who is missed?', dueAt: at(20 * DAY) }, iNow),
  },
  { command: 'reportResearch', expected: initiativeSecretariatOnly, attempt: (by: string) => attempt(initiative, researched(), 'research.reported', { by, itemId: I1, report: 'https://example.org/report' }, iNow) },
  { command: 'recordAction', expected: initiativeSecretariatOnly, attempt: (by: string) => attempt(initiative, agendaOpen(), 'action.recorded', { by, text: 'Write to the council', owner: 'sec' }, iNow) },
  { command: 'completeAction', expected: initiativeSecretariatOnly, attempt: (by: string) => attempt(initiative, agendaOpen(), 'action.completed', { by, actionId: 'iiigb-A1', evidence: 'Sent' }, iNow) },
  { command: 'recordKpiProgress', expected: initiativeSecretariatOnly, attempt: (by: string) => attempt(initiative, withKpis(), 'kpi.progressRecorded', { by, kpi: 'Households reached', value: 2100, evidence: 'Network count' }, iNow) },
  { command: 'appointMember', expected: initiativeSecretariatOnly, attempt: (by: string) => attempt(initiative, seatFree(), 'member.appointed', { by, member: { id: 'i13', name: 'Nia' } }, iNow) },
  { command: 'removeMember', expected: initiativeSecretariatOnly, attempt: (by: string) => attempt(initiative, agendaOpen(), 'member.removed', { by, memberId: 'i12', reason: 'Resigned' }, iNow) },
  { command: 'appointChair', expected: initiativeSecretariatOnly, attempt: (by: string) => attempt(initiative, agendaOpen(), 'chair.appointed', { by, memberId: 'i2' }, iNow) },
  // Anyone may follow the board's decisions.
  { command: 'subscribe', expected: everyone, attempt: (by: string) => attempt(initiative, agendaOpen(), 'stakeholder.subscribed', { by, level: 'member' }, iNow) },
  { command: 'unsubscribe', expected: everyone, attempt: (by: string) => attempt(initiative, sendInitiative(agendaOpen(), ib.subscribe(by)), 'stakeholder.unsubscribed', { by }, iNow) },
] satisfies Omit<Row, 'process'>[]).map((row) => ({ process: 'initiative board', ...row }));

describe('initiative board authorisation matrix', () => {

  for (const row of initiativeRows) {
    describe(`${row.process}: ${row.command}`, () => {
      for (const role of roles) {
        const cell = row.expected[role];
        it(cell === true ? `lets the ${role} (${initiativeWho[role]}) do it` : `refuses the ${role} (${initiativeWho[role]}), naming the role it needs`, async () => {
          const refusal = await row.attempt(initiativeWho[role]);
          if (cell === true) expect(refusal).toBeUndefined();
          else {
            expectSentence(refusal);
            expect(refusal).toMatch(cell);
          }
        });
      }
    });
  }
});

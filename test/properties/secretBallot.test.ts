/**
 * Votes are secret until close (issue 14, point 4): random commands by random members, as Updates and as
 * Signals, interleaved with the processes' own timers and the ends of their activities, on a gate review
 * and on the initiative board's items. Everything the engine says before close is read (every refusal,
 * the probes of every member's second vote, every receipt, every audit entry, the `status` view and the
 * search attributes after every step, every notice, every publication) and handed to the oracle of
 * test/support/ballotOracle.ts, which knows nothing of the engine's code: each vote's reason and condition
 * are tokens made for that vote, and the same commands run in two worlds that differ only in the choices.
 * After close, the record shows every vote as it stood.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { voteChoices, type VoteChoice } from '../../machines/kernel/voting';
import type { DecisionRecord } from '../../machines/gateReview/rules';
import type { InitiativeDecisionRecord } from '../../machines/initiativeBoard/records';
import { gateReviewProcess } from '../../workflows/gateReview/workflow';
import { initiativeBoardProcess } from '../../workflows/initiativeBoard/workflow';
import { secretsLeaked, type Heard, type Names, type World } from '../support/ballotOracle';
import { PureHost, type HostOf, type Said } from '../support/pureHost';
import { DAY, T0, gateReviewRequest, members as gateMembers, sevenMemberBoard } from '../support/gateReviews';
import { INITIATIVE, initiativeConfig } from '../support/initiativeFixtures';

const HOUR = DAY / 24;
const iso = (ms: number) => new Date(ms).toISOString();
type Via = 'update' | 'signal';
type Casting = 'approve' | 'reject';
const via = fc.constantFrom<Via>('update', 'signal');
/** The choice a vote has in each world. */
const choices = fc.tuple(fc.constantFrom(...voteChoices), fc.constantFrom(...voteChoices));
const castings = fc.tuple(fc.constantFrom<Casting>('approve', 'reject'), fc.constantFrom<Casting>('approve', 'reject'));
const now = (oneIn: number) => fc.integer({ min: 1, max: oneIn }).map((n) => n === 1);
/** A salt for each run's tokens, so no text the engine holds could carry one by chance. */
const salt = fc.stringMatching(/^[a-z]{8}$/);

/** The token of one part of one vote in one world; ends with `z`, so no token is the start of another. */
const token = (s: string, world: number, slot: number, part: 'why' | 'if') => `${part}${s}w${world}n${slot}z`;

interface Ballot {
  readonly choice: string;
  readonly reason: string;
  readonly conditions?: readonly string[];
}

/**
 * A vote's fields in one world: its choice, a reason and (approving with conditions) a condition, each a token.
 * A `bad` vote breaks the rule that conditions go with, and only with, approveWithConditions, whichever way its choice makes wrong.
 */
function ballot(s: string, world: number, slot: number, choice: VoteChoice, bad: boolean): Ballot {
  const withConditions = (choice === 'approveWithConditions') !== bad;
  return { choice, reason: token(s, world, slot, 'why'), ...(withConditions ? { conditions: [token(s, world, slot, 'if')] } : {}) };
}
const tokensOf = (b: Ballot) => [b.reason, ...(b.conditions ?? [])];

/** The texts the oracle read, for the summary at the end. */
const read = { runs: 0, texts: 0, confirmations: 0 };
const tallyRead = (heard: readonly Heard[]) => {
  for (const h of heard.filter((x) => x.secret)) {
    read.texts += h.said.length;
    read.confirmations += h.said.filter((s) => s.channel === 'notice' && h.vote && s.to.length === 1 && s.to[0] === h.vote.by).length;
  }
};
afterAll(() => console.log(`secret ballot: ${read.runs} runs, ${read.texts} texts said before close read, ${read.confirmations} of them voters' own confirmations`));

/** What the engine says to everyone who probes it: a second vote, a changed vote and a casting vote by each member. */
function probes(host: Pick<HostOf<typeof gateReviewProcess> | HostOf<typeof initiativeBoardProcess>, 'explain'>, voters: readonly string[], chair: string, extra: object = {}): Said[] {
  const events = [
    ...voters.flatMap((by) => [
      { type: 'vote.cast', by, choice: 'abstain', ...extra },
      { type: 'vote.changed', by, choice: 'abstain', ...extra },
    ]),
    { type: 'castingVote.cast', by: chair, choice: 'approve', ...extra },
  ];
  return events.flatMap((e) => {
    const refusal = host.explain(e);
    return refusal === undefined ? [] : [{ channel: 'refusal' as const, text: refusal }];
  });
}

const names = (roster: { readonly members: readonly { readonly id: string; readonly name: string }[] }): Names => new Map(roster.members.map((m) => [m.id, [m.id, m.name]]));

const publications = (heard: readonly Heard[]) => heard.flatMap((h) => h.said.filter((s) => s.channel === 'publication').map((s) => JSON.parse(s.text) as { kind: string }));
const sortedVotes = (votes: readonly { by: string; choice: string; reason?: string; conditions?: readonly string[] }[]) =>
  [...votes].map(({ by, choice, reason, conditions }) => ({ by, choice, reason, conditions })).sort((a, b) => a.by.localeCompare(b.by));
const expectedVotes = (finals: ReadonlyMap<string, Ballot>) => sortedVotes([...finals.entries()].map(([by, b]) => ({ by, ...b })));

// ---------------------------------------------------------------- a gate review

const gatePerson = fc.oneof({ weight: 12, arbitrary: fc.constantFrom(...gateMembers) }, { weight: 1, arbitrary: fc.constantFrom('sec', 'stranger') });
const gateCommand = fc.oneof(
  { weight: 12, arbitrary: fc.record({ kind: fc.constant('vote' as const), change: now(3), by: gatePerson, choices, bad: now(8) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('interest' as const), by: gatePerson }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('close' as const), by: fc.constantFrom('sec', 'm1', 'm3') }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('commission' as const), by: gatePerson, dueInHours: fc.integer({ min: 1, max: 300 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('report' as const), by: fc.constantFrom('sec', 'm2') }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('casting' as const), by: fc.constantFrom('m1', 'm1', 'm2'), choices: castings }) },
);
const gateScenario = fc.record({
  salt,
  written: fc.boolean(),
  closesInHours: fc.integer({ min: 30, max: 10 * 24 }),
  chairHasCastingVote: fc.boolean(),
  votingReminderHours: fc.integer({ min: 1, max: 48 }),
  steps: fc.array(fc.record({ what: gateCommand, wait: fc.integer({ min: 0, max: 30 * HOUR }), via, failNotices: now(6) }), { minLength: 1, maxLength: 40 }),
  casting: castings,
});
type GateScenario = typeof gateScenario extends fc.Arbitrary<infer T> ? T : never;

const REVIEW = 'gr-test-1';
const stillSecret = (host: HostOf<typeof gateReviewProcess>) => host.snapshot.value === 'awaitingVotes' || host.snapshot.value === 'awaitingAssessment';

function runGateReview(sc: GateScenario, world: 0 | 1) {
  const request = gateReviewRequest({
    reviewId: REVIEW,
    procedure: sc.written ? 'written' : 'meeting',
    requestedBy: sc.written ? 'm1' : 'sec',
    votingClosesAt: iso(Date.parse(T0) + sc.closesInHours * HOUR),
    policy: { chairHasCastingVote: sc.chairHasCastingVote, votingReminderHours: sc.votingReminderHours },
  });
  const host = new PureHost(gateReviewProcess, request, T0, `gate-review-${REVIEW}`);
  const heard: Heard[] = [{ label: 'opened', said: host.opened(), secret: stillSecret(host) }];
  const owners = new Map<string, string>();
  const finals = new Map<string, Ballot>();
  let casting: Casting | undefined;
  const hear = (label: string, said: readonly Said[], vote?: Heard['vote']) =>
    heard.push({ label, said: [...said, ...(stillSecret(host) ? probes(host, gateMembers, sevenMemberBoard.chair) : [])], secret: stillSecret(host), ...(vote ? { vote } : {}) });
  const timers = (until: string) => host.advanceTo(until).forEach((said) => hear('timer', said));

  let t = Date.parse(T0);
  for (const [slot, step] of sc.steps.entries()) {
    t += step.wait;
    timers(iso(t));
    const { what } = step;
    switch (what.kind) {
      case 'vote': {
        const b = ballot(sc.salt, world, slot, what.choices[world], what.bad);
        for (const x of tokensOf(b)) owners.set(x, what.by);
        const taken = host.command(what.change ? 'changeVote' : 'castVote', { by: what.by, ...b }, step.via);
        if (taken.accepted) finals.set(what.by, b);
        hear(what.change ? 'changeVote' : 'castVote', taken.said, taken.accepted ? { by: what.by, tokens: tokensOf(b) } : undefined);
        break;
      }
      case 'interest': {
        const taken = host.command('declareInterest', { by: what.by, interest: 'Advises the product team' }, step.via);
        if (taken.accepted) finals.delete(what.by);
        hear('declareInterest', taken.said);
        break;
      }
      case 'close':
        hear('closeVoting', host.command('closeVoting', { by: what.by }, step.via).said);
        break;
      case 'commission':
        hear('commissionAssessment', host.command('commissionAssessment', { by: what.by, assessor: 'Open Data Lab', question: 'Is it safe?', dueAt: iso(t + what.dueInHours * HOUR) }, step.via).said);
        break;
      case 'report':
        hear('reportAssessment', host.command('reportAssessment', { by: what.by, report: 'https://example.org/report' }, step.via).said);
        break;
      case 'casting': {
        const reason = token(sc.salt, world, slot, 'why');
        owners.set(reason, what.by);
        const taken = host.command('castCastingVote', { by: what.by, choice: what.choices[world], reason }, step.via);
        if (taken.accepted) casting = what.choices[world];
        hear('castCastingVote', taken.said);
        break;
      }
    }
    hear('settled', host.settle(step.failNotices));
  }
  // Then to the end: the deadline, the assessment's due date, the chair's casting vote on a tie, the publication.
  for (let n = 0; n < 10 && host.snapshot.status === 'active'; n++) {
    if (host.snapshot.value === 'awaitingCastingVote') {
      const taken = host.command('castCastingVote', { by: sevenMemberBoard.chair, choice: sc.casting[world] }, 'update');
      if (taken.accepted) casting = sc.casting[world];
      hear('castCastingVote', taken.said);
    } else if (!host.busy) timers(host.nextTimer() ?? host.time);
    hear('settled', host.settle());
  }
  return { world: { heard, owners } satisfies World, finals, casting, host };
}

describe('a gate review keeps every vote secret until it is counted', () => {
  it('says nothing before close, to anyone but the voter, that depends on how anyone voted; the record shows every vote after', () => {
    fc.assert(
      fc.property(gateScenario, (sc) => {
        const runs = [runGateReview(sc, 0), runGateReview(sc, 1)] as const;
        read.runs += 1;
        runs.forEach((r) => tallyRead(r.world.heard));
        expect(secretsLeaked([runs[0].world, runs[1].world], names(sevenMemberBoard))).toEqual([]);
        for (const run of runs) {
          // After close, as before: the decision record and the view show each vote as it stood, and the casting vote.
          expect(run.host.snapshot.status).toBe('done');
          const [record] = publications(run.world.heard) as unknown as DecisionRecord[];
          expect(sortedVotes(record!.votes)).toEqual(expectedVotes(run.finals));
          expect(record!.castingVote?.choice).toBe(run.casting);
          const view = JSON.stringify(gateReviewProcess.view(run.host.snapshot));
          for (const b of run.finals.values()) for (const x of tokensOf(b)) expect(view).toContain(x);
        }
      }),
      { numRuns: 300 },
    );
  });
});

// ---------------------------------------------------------------- the initiative board's items

const Q1 = { papersDeadline: '2026-07-08T10:00:00.000Z', startsAt: '2026-07-15T10:00:00.000Z', endsAt: '2026-07-15T13:00:00.000Z' };
const initiativeMembers = Array.from({ length: 12 }, (_, n) => `i${n + 1}`);
const item = (n: number) => `${INITIATIVE}-I${n}`;
const CHAIR = 'i1';
const initiativePerson = fc.oneof({ weight: 12, arbitrary: fc.constantFrom(...initiativeMembers) }, { weight: 1, arbitrary: fc.constantFrom('sec', 'stranger') });
const anItem = fc.oneof({ weight: 8, arbitrary: fc.constantFrom(item(1), item(2)) }, { weight: 1, arbitrary: fc.constant(item(3)) });
const initiativeCommand = fc.oneof(
  { weight: 12, arbitrary: fc.record({ kind: fc.constant('vote' as const), change: now(3), by: initiativePerson, itemId: anItem, choices, bad: now(8) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('interest' as const), by: initiativePerson, itemId: anItem }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('casting' as const), by: fc.constantFrom(CHAIR, CHAIR, 'i2'), itemId: anItem, choices: castings }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('attendance' as const), present: fc.subarray(initiativeMembers, { minLength: 1 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('research' as const), by: initiativePerson, itemId: anItem }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('submission' as const) }) },
);
/** When a step comes: anywhere in the quarter up to its meeting's end, often during the meeting itself. */
const [opened, starts, ends] = [Date.parse(T0), Date.parse(Q1.startsAt), Date.parse(Q1.endsAt)];
const when = fc.oneof(fc.integer({ min: opened + 2 * HOUR, max: ends - 60_000 }), fc.integer({ min: starts, max: ends - 60_000 }));
const initiativeScenario = fc.record({
  salt,
  chairHasCastingVote: fc.boolean(),
  votingReminderHours: fc.integer({ min: 1, max: 72 }),
  steps: fc.array(fc.record({ what: initiativeCommand, at: when, via, failNotices: now(6) }), { minLength: 1, maxLength: 40 }).map((steps) => [...steps].sort((a, b) => a.at - b.at)),
});
type InitiativeScenario = typeof initiativeScenario extends fc.Arbitrary<infer T> ? T : never;

const initiativeSecret = (host: HostOf<typeof initiativeBoardProcess>) => host.snapshot.context.quartersHeld === 0 && !host.snapshot.matches('publishing');

function runInitiative(sc: InitiativeScenario, world: 0 | 1) {
  const config = initiativeConfig({ chairHasCastingVote: sc.chairHasCastingVote, votingReminderHours: sc.votingReminderHours });
  const host = new PureHost(initiativeBoardProcess, { config, openedBy: 'sec' }, T0, `initiative-${INITIATIVE}`);
  const heard: Heard[] = [{ label: 'opened', said: host.opened(), secret: initiativeSecret(host) }];
  const owners = new Map<string, string>();
  const finals = new Map<string, Map<string, Ballot>>([item(1), item(2)].map((i) => [i, new Map()]));
  const casting = new Map<string, Casting>();
  const hear = (label: string, said: readonly Said[], vote?: Heard['vote']) =>
    heard.push({
      label,
      said: [...said, ...(initiativeSecret(host) ? [item(1), item(2)].flatMap((itemId) => probes(host, initiativeMembers, CHAIR, { itemId })) : [])],
      secret: initiativeSecret(host),
      ...(vote ? { vote } : {}),
    });
  const timers = (until: string) => host.advanceTo(until).forEach((said) => hear('timer', said));

  timers(iso(opened + HOUR));
  hear('proposeItem', host.command('proposeItem', { by: 'i5', title: 'Fund a debt advice map', text: 'Free debt advice is hard to find.', proposal: { decision: 'funding', gap: 'No map of debt advice', priority: 'high' } }, 'update').said);
  hear('proposeItem', host.command('proposeItem', { by: 'i6', title: 'Focus on housing', text: 'Campaigns on housing benefit.', proposal: { decision: 'strategy', focus: 'Housing benefit take-up', kpis: [] } }, 'update').said);

  for (const [slot, step] of sc.steps.entries()) {
    timers(iso(step.at));
    const { what } = step;
    switch (what.kind) {
      case 'vote': {
        const b = ballot(sc.salt, world, slot, what.choices[world], what.bad);
        for (const x of tokensOf(b)) owners.set(x, what.by);
        const taken = host.command(what.change ? 'changeVote' : 'castVote', { by: what.by, itemId: what.itemId, ...b }, step.via);
        if (taken.accepted) finals.get(what.itemId)!.set(what.by, b);
        hear(what.change ? 'changeVote' : 'castVote', taken.said, taken.accepted ? { by: what.by, tokens: tokensOf(b) } : undefined);
        break;
      }
      case 'interest': {
        const taken = host.command('declareInterest', { by: what.by, itemId: what.itemId, interest: 'Works for the supplier' }, step.via);
        if (taken.accepted) finals.get(what.itemId)!.delete(what.by);
        hear('declareInterest', taken.said);
        break;
      }
      case 'casting': {
        const reason = token(sc.salt, world, slot, 'why');
        owners.set(reason, what.by);
        const taken = host.command('castCastingVote', { by: what.by, itemId: what.itemId, choice: what.choices[world], reason }, step.via);
        if (taken.accepted) casting.set(what.itemId, what.choices[world]);
        hear('castCastingVote', taken.said);
        break;
      }
      case 'attendance':
        hear('recordAttendance', host.command('recordAttendance', { by: 'sec', present: what.present }, step.via).said);
        break;
      case 'research':
        hear('commissionResearch', host.command('commissionResearch', { by: what.by, itemId: what.itemId, researcher: 'Poverty Research Unit', question: 'Where are the gaps?', dueAt: iso(ends + 30 * DAY) }, step.via).said);
        break;
      case 'submission':
        hear('submitItem', host.command('submitItem', { title: 'Map the food banks', text: 'Volunteers keep a list.' }, step.via).said);
        break;
    }
    hear('settled', host.settle(step.failNotices));
  }
  // The meeting ends: every item is decided, and the decisions go to the register.
  timers(Q1.endsAt);
  hear('settled', host.settle());
  return { world: { heard, owners } satisfies World, finals, casting, host };
}

describe("the initiative board keeps every vote on its items secret until its meeting ends", () => {
  it('says nothing before the meeting ends, to anyone but the voter, that depends on how anyone voted; the record shows every vote after', () => {
    fc.assert(
      fc.property(initiativeScenario, (sc) => {
        const runs = [runInitiative(sc, 0), runInitiative(sc, 1)] as const;
        read.runs += 1;
        runs.forEach((r) => tallyRead(r.world.heard));
        expect(secretsLeaked([runs[0].world, runs[1].world], names(initiativeConfig().roster))).toEqual([]);
        for (const run of runs) {
          // After close, as before: each item's decision record shows each vote as it stood, and the chair's casting vote.
          expect(run.host.snapshot.context.quartersHeld).toBe(1);
          const decisions = publications(run.world.heard).filter((p): p is InitiativeDecisionRecord => p.kind === 'initiativeDecision');
          expect(decisions.map((d) => d.itemId)).toEqual([item(1), item(2)]);
          for (const d of decisions) {
            expect(sortedVotes(d.votes)).toEqual(expectedVotes(run.finals.get(d.itemId)!));
            expect(d.castingVote?.choice).toBe(run.casting.get(d.itemId));
          }
        }
      }),
      { numRuns: 200 },
    );
  });
});

// ---------------------------------------------------------------- the oracle itself

describe('the secret-ballot oracle', () => {
  const who: Names = new Map([
    ['m1', ['m1', 'Member 1']],
    ['m2', ['m2', 'Member 2']],
  ]);
  const owners = (w: number) => new Map([[`whyw${w}m1z`, 'm1'], [`whyw${w}m2z`, 'm2']]);
  const notice = (to: string[], body: string): Said => ({ channel: 'notice', to, text: JSON.stringify({ subject: 'A notice', body }) });
  const refusal = (text: string): Said => ({ channel: 'refusal', text });
  /** Two worlds that heard the same steps, each step's words made from the world's number. */
  const worlds = (steps: (w: number) => Heard[]): [World, World] => [
    { heard: steps(0), owners: owners(0) },
    { heard: steps(1), owners: owners(1) },
  ];
  const vote = (by: string, w: number) => ({ by, tokens: [`whyw${w}${by}z`] });

  it("passes a voter's own confirmation carrying their vote, sent to them alone", () => {
    expect(secretsLeaked(worlds((w) => [{ label: 'castVote', secret: true, vote: vote('m1', w), said: [notice(['m1'], `Your vote: ${['approve', 'reject'][w]}, "whyw${w}m1z".`), refusal('You have already voted.')] }]), who)).toEqual([]);
  });

  it('finds a vote in a text someone else reads, and a confirmation that goes to someone else or says nothing of the vote', () => {
    const leaks = secretsLeaked(
      worlds((w) => [
        { label: 'castVote', secret: true, vote: vote('m1', w), said: [notice(['m1', 'sec'], `Your vote: "whyw${w}m1z".`)] },
        { label: 'castVote', secret: true, vote: vote('m2', w), said: [notice(['m2'], `Your vote: "whyw${w}m1z".`)] },
        { label: 'status', secret: true, said: [{ channel: 'view', text: `{"reason":"whyw${w}m2z"}` }] },
      ]),
      who,
    );
    expect(leaks.filter((l) => l.includes('carries the vote of m1'))).toHaveLength(2);
    expect(leaks.filter((l) => l.includes("m2's confirmation carries the votes of m1"))).toHaveLength(2);
    expect(leaks.filter((l) => l.includes("m2's confirmation does not say what they voted"))).toHaveLength(2);
    expect(leaks.filter((l) => l.includes('view carries the vote of m2'))).toHaveLength(2);
  });

  it('finds a member named beside a choice, and a text that differs between the worlds', () => {
    const leaks = secretsLeaked(worlds((w) => [{ label: 'castVote', secret: true, said: [refusal(`Member 2 has already voted (${['approve', 'reject'][w]}).`), { channel: 'view', text: `{"votes":${w + 1}}` }] }]), who);
    expect(leaks).toEqual([
      'step 0 (castVote), refusal names m2 beside a choice: "Member 2 has already voted (approve)."',
      'step 0 (castVote), refusal names m2 beside a choice: "Member 2 has already voted (reject)."',
      'step 0 (castVote): the refusal depends on the choices:\n  Member 2 has already voted (approve).\n  Member 2 has already voted (reject).',
      'step 0 (castVote): the view depends on the choices:\n  {"votes":1}\n  {"votes":2}',
    ]);
  });

  it('reads nothing once voting has closed: the record then shows the votes', () => {
    expect(secretsLeaked(worlds((w) => [{ label: 'closeVoting', secret: false, said: [refusal(`Member 1 voted ${['approve', 'reject'][w]}: whyw${w}m1z.`)] }]), who)).toEqual([]);
  });
});

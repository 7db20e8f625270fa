/**
 * Random and malformed commands thrown at a harm watch the way the host sends them (after the board's role
 * check: roles are the board's, not the watch's), interleaved with the watch's own timers and its activities'
 * answers, and held to a model of the watch's rules written without machines/.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { harmWatchMachine, type HarmWatchSnapshot } from '../../machines/harmWatch/machine';
import { harmLevels, harmWatchPayloads, remedies, severities } from '../../machines/harmWatch/schema';
import { explainHarmWatchRefusal, harmWatchView } from '../../machines/harmWatch/view';
import { spawns, timers } from '../support/boardFixtures';
import { DAY, T0, cancels, evidenceFailed, evidenceGathered, hw, openWatchWithActions, publishFailed, published } from '../support/harmWatchFixtures';
import { advance, engineStep, expectSentence, malformed, personFrom, sendCommand, timesFrom, words, type Expected, type HostedProcess } from '../support/hostModel';

type Command = { type: string; [field: string]: unknown };

/**
 * What a harm watch takes, as shared/domain.md's "Benefits and harms" puts it, written here without machines/
 * (no rules, guards or `can()`): anyone reports a harm (in a strict run the watch names the report, and refuses an
 * id chosen by the reporter; before, a chosen id is refused once taken); a report is triaged once; only a report
 * with an action plan has one to complete, once; a review is recorded only once its evidence is in and before its
 * record is out; the product's lifecycle changes are always taken. It keeps its own ledger of the reports it let
 * through (the test compares it with the watch's after every step); the stage of a review it reads from the
 * snapshot's state, as a reviewer reads the watch's page.
 */
function watchModel(strict: boolean) {
  const reports = new Map<string, { triaged: boolean; plan?: { completed: boolean } }>();
  const refuse = (because: RegExp): Expected => ({ refused: true, because });
  const taken: Expected = { refused: false };

  function predict(s: HarmWatchSnapshot, e: Command): Expected {
    const report = typeof e.reportId === 'string' ? reports.get(e.reportId) : undefined;
    switch (e.type) {
      case 'harm.reported':
        if (strict && e.reportId !== undefined) return refuse(/names each report itself; send the report without reportId/);
        return report ? refuse(/already exists; nothing was recorded/) : taken;
      case 'harm.triaged': {
        if (!report) return refuse(/There is no harm report/);
        if (report.triaged) return refuse(/was triaged by/);
        const plan = e.actionPlan as { dueAt: string } | undefined;
        return plan && Date.parse(plan.dueAt) <= Date.parse(String(e.at)) ? refuse(/due date .* is not in the future/) : taken;
      }
      case 'action.completed':
        if (!report) return refuse(/There is no harm report/);
        if (!report.plan) return refuse(/has no action plan to complete/);
        return report.plan.completed ? refuse(/was completed by/) : taken;
      case 'review.recorded':
        if (s.value === 'awaitingReview') return taken;
        // Recorded already, its record on its way to the register.
        if (s.value === 'publishingReview') return refuse(/cannot take review.recorded now/);
        return refuse(/No review of .* is waiting to be recorded/);
      case 'lifecycle.changed':
        // The product process's word is taken; whether it changes what the watch holds depends on what it held.
        return { refused: false, noChange: true };
      default:
        throw new Error(`the model has no rule for ${e.type}`);
    }
  }

  return {
    predict,
    /** What a taken command leaves in the ledger; a new report's id is the one its receipt names (the watch's new report). */
    took(before: HarmWatchSnapshot, after: HarmWatchSnapshot, e: Command) {
      if (e.type === 'harm.reported') {
        const known = new Set(before.context.reports.map((r) => r.reportId));
        const added = after.context.reports.filter((r) => !known.has(r.reportId));
        expect(added.length, 'a report taken adds one report').toBe(1);
        if (e.reportId !== undefined) expect(added[0]!.reportId).toBe(e.reportId);
        reports.set(added[0]!.reportId, { triaged: false });
      }
      if (e.type === 'harm.triaged') reports.set(String(e.reportId), { triaged: true, ...(e.actionPlan ? { plan: { completed: false } } : {}) });
      if (e.type === 'action.completed') reports.set(String(e.reportId), { triaged: true, plan: { completed: true } });
    },
    ids: () => [...reports.keys()],
    /** The model's ledger and the watch's reports agree. */
    agreesWith(s: HarmWatchSnapshot) {
      const recorded = new Map(s.context.reports.map((r) => [r.reportId, { triaged: !!r.triage, ...(r.actionPlan ? { plan: { completed: !!r.actionPlan.completed } } : {}) }]));
      expect(recorded).toEqual(reports);
    },
  };
}

const person = personFrom(['sec', 'rev', 'ann', 'bob']);
/** Ids a reporter chose, in runs older than the watch's own (`harm-<product>-R<n>`), which never took that form. */
const chosenId = fc.constantFrom('r1', 'r2', 'r3');
/** Ids a command refers to: mostly one the watch has (`known`, picked when sent), else chosen, named by the watch, or none it knows. */
const reportId = fc.oneof({ weight: 4, arbitrary: fc.constant('known') }, { weight: 1, arbitrary: fc.constantFrom('r1', 'r2', 'r3', 'harm-p1-R1', 'harm-p1-R2', 'nope') });
const plan = fc.record({ description: words, dueAt: fc.constant('offset'), owner: fc.option(words, { nil: undefined }) });

/** Payloads; an action plan's `dueAt` of 'offset' is set relative to the send time. */
const payloads = {
  'harm.reported': fc.record({ reportId: fc.option(chosenId, { nil: undefined }), by: fc.option(person, { nil: undefined }), summary: words }, { requiredKeys: ['summary'] }),
  // Valid as the schema has it (a medium harm with a plan, a remedy only for a high or critical one): the schema's own refusals are the malformed steps'.
  'harm.triaged': fc
    .tuple(fc.constantFrom(...severities), person, reportId, words, plan, fc.option(fc.constantFrom(...remedies), { nil: undefined }), fc.boolean())
    .map(([severity, by, reportId, note, actionPlan, remedy, withPlan]) => ({
      by, reportId, severity, note,
      ...(severity === 'medium' || (severity === 'low' && withPlan) ? { actionPlan } : {}),
      ...(remedy && (severity === 'high' || severity === 'critical') ? { remedy } : {}),
    })),
  'action.completed': fc.record({ by: person, reportId, evidence: words }),
  'review.recorded': fc
    .tuple(person, fc.array(words, { maxLength: 2 }), fc.array(words, { maxLength: 2 }), fc.constantFrom(...harmLevels), fc.option(fc.constantFrom(...remedies), { nil: undefined }))
    .map(([by, benefits, harms, worstHarm, remedy]) => ({ by, benefits, harms, worstHarm, ...(remedy && (worstHarm === 'high' || worstHarm === 'critical') ? { remedy } : {}) })),
  // Retirement, which ends the run, comes seldom.
  'lifecycle.changed': fc.record({ change: fc.oneof({ weight: 6, arbitrary: fc.constantFrom('iterated', 'suspended', 'rolledBack', 'reinstated') }, { weight: 1, arbitrary: fc.constant('retired') }), decisionId: fc.constantFrom('d1', 'd2') }),
};
type CommandType = keyof typeof payloads;
const weights: Record<CommandType, number> = { 'harm.reported': 4, 'harm.triaged': 4, 'action.completed': 3, 'review.recorded': 3, 'lifecycle.changed': 1 };
const engineEvents = ['timer', 'evidence', 'evidenceFailed', 'published', 'publishFailed'] as const;

const step = fc.record({
  what: fc.oneof(
    { weight: 10, arbitrary: fc.oneof(...(Object.keys(payloads) as CommandType[]).map((type) => ({ weight: weights[type], arbitrary: fc.record({ kind: fc.constant('command' as const), type: fc.constant(type), payload: payloads[type] as fc.Arbitrary<Record<string, unknown>> }) }))) },
    { weight: 1, arbitrary: fc.constantFrom(...(Object.keys(payloads) as CommandType[])).chain((type) => fc.record({ kind: fc.constant('command' as const), type: fc.constant(type), payload: malformed(harmWatchPayloads[type], { by: 'sec' }) as fc.Arbitrary<Record<string, unknown>> })) },
    { weight: 5, arbitrary: fc.record({ kind: fc.constant('engine' as const), event: fc.constantFrom(...engineEvents), pick: fc.nat() }) },
  ),
  advance,
  offset: fc.integer({ min: -DAY, max: 60 * DAY }),
  pick: fc.nat(),
});
type Step = typeof step extends fc.Arbitrary<infer T> ? T : never;

interface Run {
  s: HarmWatchSnapshot;
  readonly model: ReturnType<typeof watchModel>;
  readonly process: HostedProcess<HarmWatchSnapshot>;
  readonly children: string[];
  /** The timers the watch has set and not cancelled, by id: the host fires only these, each once. */
  readonly timers: Map<string, { type: string }>;
}

/** What the host does with a step's actions: sets and cancels timers, starts children. */
function carryOut(run: Run, actions: Parameters<typeof spawns>[0]) {
  for (const id of cancels(actions)) run.timers.delete(id);
  for (const t of timers(actions)) if (t.id) run.timers.set(t.id, t.event);
  // The activities a state invokes (gathering evidence, publishing) run one at a time, each ended before the next.
  run.children.push(...spawns(actions).map((c) => c.id).filter((id) => id !== 'gatherEvidence' && id !== 'publishDecision'));
}

/** The engine's events, each sent only when the watch has the timer set or the activity running that it answers. */
function engineEvent(run: Run, event: (typeof engineEvents)[number], pick: number) {
  const { s } = run;
  switch (event) {
    case 'timer': {
      const set = [...run.timers.keys()];
      if (!set.length) return undefined;
      const id = set[pick % set.length]!;
      const fired = run.timers.get(id)!;
      run.timers.delete(id);
      return fired;
    }
    case 'evidence':
      return s.value === 'gatheringEvidence' ? evidenceGathered() : undefined;
    case 'evidenceFailed':
      return s.value === 'gatheringEvidence' ? evidenceFailed() : undefined;
    case 'published':
      return s.value === 'publishingReview' ? published(s.context.pendingRecord?.decisionId) : undefined;
    case 'publishFailed':
      return s.value === 'publishingReview' ? publishFailed : undefined;
  }
}

function take(run: Run, { what, offset, pick }: Step, now: number) {
  if (what.kind === 'engine') {
    const event = engineEvent(run, what.event, what.pick);
    if (!event) return;
    const { next, actions } = engineStep(harmWatchMachine, run.s, event);
    carryOut(run, actions);
    run.s = next;
    return;
  }
  const payload = { ...what.payload };
  if (payload.reportId === 'known') {
    const ids = run.model.ids();
    payload.reportId = ids.length ? ids[pick % ids.length] : 'nope';
  }
  const plan = payload.actionPlan as Record<string, unknown> | undefined;
  if (plan?.dueAt === 'offset') payload.actionPlan = { ...plan, dueAt: new Date(now + offset).toISOString() };
  const before = run.s;
  const { next, outcome, actions } = sendCommand(run.process, before, what.type, payload, new Date(now).toISOString());
  if (outcome === 'taken') run.model.took(before, next, { ...payload, type: what.type, at: new Date(now).toISOString() });
  carryOut(run, actions);
  run.s = next;
}

function checkInvariants({ s, model, children }: Run) {
  const ids = s.context.reports.map((r) => r.reportId);
  expect(new Set(ids).size).toBe(ids.length);
  model.agreesWith(s);
  expect(s.context.suspended && s.context.retired && s.status === 'active').toBe(false);
  // Each notice and escalation is an activity the host keeps by its id: a second with the same id would be lost.
  expect(new Set(children).size, `children started twice: ${children.join(', ')}`).toBe(children.length);
  expect(() => harmWatchView(s)).not.toThrow();
}

describe('harm watch under random commands', () => {
  it('refuses without change and says why as its model of the rules expects, never errors, and keeps its reports as the model does', () => {
    fc.assert(
      fc.property(fc.boolean(), fc.array(step, { minLength: 5, maxLength: 40 }), (strict, steps) => {
        const model = watchModel(strict);
        const [opened, actions] = openWatchWithActions({ strict, openedAt: T0 });
        const run: Run = {
          s: opened,
          model,
          process: { machine: harmWatchMachine, payloads: harmWatchPayloads, explain: explainHarmWatchRefusal, predict: model.predict },
          children: [],
          timers: new Map(),
        };
        carryOut(run, actions);
        const times = timesFrom(steps.map((x) => x.advance)).map((t) => Date.parse(t));
        for (const [i, x] of steps.entries()) {
          if (run.s.status === 'done') {
            // A retired product's watch has stopped: every command is refused, and said so.
            const said = explainHarmWatchRefusal(run.s, hw.report('late', new Date(times[i]!).toISOString()));
            expectSentence(said);
            expect(said).toMatch(/is retired; its harm watch has stopped/);
            return;
          }
          take(run, x, times[i]!);
          checkInvariants(run);
        }
      }),
      { numRuns: 250 },
    );
  });
});

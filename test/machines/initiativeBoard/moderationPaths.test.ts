/**
 * Every situation of one public submission under moderation, found by @xstate/graph: people flag it one
 * after another (four at most), and the secretariat keeps it, merges it into a second submission or removes
 * it, at any point. Each path is checked, step by step, against a model of the rule written here,
 * not read from the machine (issue 18 item 4): a flag is taken once per person and never after a merge or
 * removal; the third flag since the secretariat last kept it hides it from the public, and the hiding flag
 * tells the secretariat once; the board always reads it, unless removed, which drops its words from the
 * state; and every decision is published once, to the register and to its author.
 */
import { describe, expect, it } from 'vitest';
import { transition } from 'xstate';
import { initiativeBoardMachine, type InitiativeEvent, type InitiativeSnapshot } from '../../../machines/initiativeBoard/machine';
import { initiativeView } from '../../../machines/initiativeBoard/view';
import type { ModerationRecord } from '../../../machines/kernel/moderation';
import { label, modelPaths } from '../../support/boardFixtures';
import { ModerationModel } from '../moderationModel';
import { HOUR, done, ib, initiativeInput, submissionId } from '../../support/initiativeMachineFixtures';

const input = initiativeInput();
const S1 = submissionId(1);
const S2 = submissionId(2);
const flaggers = ['p1', 'p2', 'p3', 'p4'];
const later = (s: InitiativeSnapshot) => new Date(Date.parse(s.context.clock) + HOUR).toISOString();
const first = (s: InitiativeSnapshot) => s.context.submissions.find((x) => x.submissionId === S1);

/** Two submissions (the author's, then one to merge it into); the next flagger; the three decisions; what is being published. */
function alphabet(s: InitiativeSnapshot): InitiativeEvent[] {
  const time = later(s);
  const events: InitiativeEvent[] = [];
  const count = s.context.counters.submissions;
  if (count === 0) events.push(ib.submit('author', time, { title: 'Open the bus data', text: 'Routes and times for the estate.' }));
  if (count === 1) events.push(ib.submit(undefined, time, { title: 'Bus data, again', text: 'The same, sent twice.' }));
  const s1 = first(s);
  if (s1) {
    const next = flaggers[s1.moderation?.flags.length ?? 0];
    if (next) events.push(ib.flag(S1, next, time));
    events.push(ib.moderate(S1, 'kept', time), ib.moderate(S1, 'removed', time));
    if (count === 2) events.push(ib.moderate(S1, 'merged', time, { into: S2 }));
  }
  if (s.context.inFlight.length) events.push(done(s.context.inFlight[0]!));
  return events;
}

const situation = (s: InitiativeSnapshot) => {
  const m = first(s)?.moderation;
  return JSON.stringify([s.context.counters.submissions, m?.flags.length, m?.counting, !!m?.hiddenSince, m?.decisions.map((d) => d.outcome), s.context.inFlight]);
};

const paths = modelPaths(initiativeBoardMachine, { input, events: alphabet, serializeState: situation, stopWhen: (s) => (first(s)?.moderation?.decisions.length ?? 0) >= 3 });

/** The shared model, fed this board's events. */
const takes = (model: ModerationModel, event: InitiativeEvent): boolean =>
  event.type === 'submission.flagged' ? model.flag(event.by) : event.type === 'submission.moderated' ? model.decide(event.outcome) : true;

describe('paths of a submission flagged and moderated', () => {
  it('reaches hidden, kept, merged and removed submissions, and flags after a keep', () => {
    expect(paths.length).toBeGreaterThan(40);
    const finals = paths.map((p) => first(p.final)?.moderation);
    expect(finals.some((m) => m?.hiddenSince)).toBe(true);
    for (const outcome of ['kept', 'merged', 'removed'] as const) expect(finals.some((m) => m?.decisions.some((d) => d.outcome === outcome)), outcome).toBe(true);
    // Hidden again after a keep: three more flags than there were when it was kept.
    expect(finals.some((m) => m?.decisions[0]?.outcome === 'kept' && m.hiddenSince)).toBe(true);
  });

  it.each(paths.map((p) => [p.events.map(label).join(', '), p] as const))('follows the rule: %s', (_label, path) => {
    const model = new ModerationModel();
    const published: ModerationRecord[] = [];
    const hiddenNotices: string[][] = [];
    let s = path.initial;
    for (const event of path.events) {
      const wasFlags = first(s)?.moderation?.flags.length ?? 0;
      const wasDecisions = first(s)?.moderation?.decisions.length ?? 0;
      const [next, actions] = transition(initiativeBoardMachine, s, event);
      for (const a of actions) {
        const params = a.params as { src?: string; input?: unknown } | undefined;
        if (a.type !== 'xstate.spawnChild') continue;
        if (params?.src === 'publishDecision' && (params.input as { kind?: string }).kind === 'moderation') published.push(params.input as ModerationRecord);
        if (params?.src === 'notify' && (params.input as { notificationId: string }).notificationId.startsWith('hidden-')) hiddenNotices.push([...(params.input as { to: string[] }).to]);
      }
      const expected = takes(model, event);
      const m = first(next)?.moderation;
      if (event.type === 'submission.flagged') expect(m?.flags.length ?? 0, 'a flag taken or refused').toBe(wasFlags + (expected ? 1 : 0));
      if (event.type === 'submission.moderated') expect(m?.decisions.length ?? 0, 'a decision taken or refused').toBe(wasDecisions + (expected ? 1 : 0));
      s = next;

      const s1 = first(s);
      if (!s1) continue;
      const seenBy = (asker?: string) => initiativeView(s, asker).submissions.find((x) => x.submissionId === S1)!;
      const original = 'Routes and times for the estate.';
      // The public, and anyone signed in who is not on the board, read its words unless hidden, merged or removed.
      for (const reader of [undefined, 'p1']) expect(seenBy(reader).text === original, `${reader ?? 'the public'} reads it`).toBe(!model.hidden && !model.final);
      // The board reads it always, unless removed; then nobody does, for its words are gone from the state.
      for (const reader of ['sec', 'i1']) expect(seenBy(reader).text === original, `${reader} reads it`).toBe(model.final !== 'removed');
      if (model.final === 'removed') expect(JSON.stringify(s.context)).not.toContain(original);
      // Who flagged is the board's to know.
      expect(seenBy(undefined).moderation?.flaggedBy).toBeUndefined();
      expect(seenBy(undefined).moderation?.flags ?? 0).toBe(model.flagged.size);
    }
    expect(published.map((r) => r.outcome), 'each decision published once').toHaveLength(model.decisions);
    for (const r of published) {
      expect(r.notify, 'its author is told').toEqual(['author']);
      expect(JSON.stringify(r), 'the record keeps none of its words').not.toContain('Routes and times');
    }
    // The secretariat is told each time it is hidden, and only then.
    const hidings = path.events.filter((e, n) => e.type === 'submission.flagged' && hiddenAfter(path.events.slice(0, n + 1)) && !hiddenAfter(path.events.slice(0, n))).length;
    expect(hiddenNotices).toEqual(Array.from({ length: hidings }, () => ['sec']));
  });
});

/** Whether the model has it hidden after `events`. */
function hiddenAfter(events: readonly InitiativeEvent[]): boolean {
  const model = new ModerationModel();
  for (const e of events) takes(model, e);
  return model.hidden;
}

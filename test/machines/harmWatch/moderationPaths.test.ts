/**
 * Every situation of one harm report under moderation, found by @xstate/graph: people flag it one after
 * another (four at most), the secretariat keeps it, merges it into a second report or removes it from public
 * view, and triages it, at any point. Each path is checked, step by step, against a model of the rule
 * written here (issue 18 item 4): a flag is taken once per person and never after a merge or removal; the
 * third flag since the last keep hides it from the public; the board reads it in full whatever moderation
 * did, and its triage goes on; each decision is published once and told to the reporter, the record
 * keeping none of what the report said; and a decision being published holds back continuing as new.
 */
import { describe, expect, it } from 'vitest';
import { transition } from 'xstate';
import { harmWatchMachine, type HarmWatchEvent, type HarmWatchSnapshot } from '../../../machines/harmWatch/machine';
import { harmWatchView } from '../../../machines/harmWatch/view';
import type { ModerationRecord } from '../../../machines/kernel/moderation';
import { harmWatchProcess } from '../../../workflows/harmWatch/workflow';
import { engine, label, modelPaths } from '../../support/boardFixtures';
import { HOUR, hw, watchInput } from '../../support/harmWatchFixtures';
import { ModerationModel } from '../moderationModel';

const input = watchInput({ strict: true });
const R1 = 'harm-p1-R1';
const R2 = 'harm-p1-R2';
const SUMMARY = 'The map showed my address to my landlord';
const flaggers = ['p1', 'p2', 'p3', 'p4'];
const later = (s: HarmWatchSnapshot) => new Date(Date.parse(s.context.clock) + HOUR).toISOString();
const first = (s: HarmWatchSnapshot) => s.context.reports.find((r) => r.reportId === R1);
const report = (by: string | undefined, summary: string, time: string): HarmWatchEvent => ({ type: 'harm.reported', ...(by ? { by } : {}), summary, at: time }) as HarmWatchEvent;
const settled = (id: string) => engine<HarmWatchEvent>(`xstate.done.actor.${id}`, { output: { decisionId: id, publishedAt: '', location: 'register' } });

function alphabet(s: HarmWatchSnapshot): HarmWatchEvent[] {
  const time = later(s);
  const events: HarmWatchEvent[] = [];
  const made = s.context.reportsMade ?? 0;
  if (made === 0) events.push(report('reporter', SUMMARY, time));
  if (made === 1) events.push(report(undefined, 'The same again', time));
  const r1 = first(s);
  if (r1) {
    const next = flaggers[r1.moderation?.flags.length ?? 0];
    if (next) events.push(hw.flag(R1, next, time));
    events.push(hw.moderate(R1, 'kept', time), hw.moderate(R1, 'removed', time));
    if (made === 2) events.push(hw.moderate(R1, 'merged', time, { into: R2 }));
    if (!r1.triage) events.push(hw.triage(R1, 'low', time));
  }
  const publishing = s.context.moderationsInFlight?.[0];
  if (publishing) events.push(settled(publishing));
  return events;
}

const situation = (s: HarmWatchSnapshot) => {
  const m = first(s)?.moderation;
  return JSON.stringify([s.context.reportsMade, m?.flags.length, m?.counting, !!m?.hiddenSince, m?.decisions.map((d) => d.outcome), !!first(s)?.triage, s.context.moderationsInFlight]);
};

const paths = modelPaths(harmWatchMachine, { input, events: alphabet, serializeState: situation, stopWhen: (s) => (first(s)?.moderation?.decisions.length ?? 0) >= 2 });

/** The shared model, fed this watch's events; and the decisions still being published, which hold back continuing as new. */
class Model extends ModerationModel {
  publishing = 0;
  takes(event: HarmWatchEvent): boolean {
    if (event.type === 'harm.flagged') return this.flag(event.by);
    if (event.type === 'harm.moderated') return this.decide(event.outcome) && ++this.publishing > 0;
    if (event.type.startsWith('xstate.done.actor.moderation.')) this.publishing -= 1;
    return true;
  }
}

describe('paths of a harm report flagged and moderated', () => {
  it('reaches hidden, kept, merged and removed reports, triaged or not', () => {
    expect(paths.length).toBeGreaterThan(40);
    const finals = paths.map((p) => first(p.final));
    expect(finals.some((r) => r?.moderation?.hiddenSince)).toBe(true);
    for (const outcome of ['kept', 'merged', 'removed'] as const) expect(finals.some((r) => r?.moderation?.decisions.some((d) => d.outcome === outcome)), outcome).toBe(true);
    expect(finals.some((r) => r?.triage && r.moderation?.decisions.some((d) => d.outcome === 'removed'))).toBe(true);
  });

  it.each(paths.map((p) => [p.events.map(label).join(', '), p] as const))('follows the rule: %s', (_label, path) => {
    const model = new Model();
    const published: ModerationRecord[] = [];
    let s = path.initial;
    for (const event of path.events) {
      const before = first(s)?.moderation;
      const [next, actions] = transition(harmWatchMachine, s, event);
      for (const a of actions) {
        const params = a.params as { src?: string; input?: { kind?: string } } | undefined;
        if (a.type === 'xstate.spawnChild' && params?.src === 'publishDecision' && params.input?.kind === 'moderation') published.push(params.input as ModerationRecord);
      }
      const expected = model.takes(event);
      const m = first(next)?.moderation;
      if (event.type === 'harm.flagged') expect(m?.flags.length ?? 0, 'a flag taken or refused').toBe((before?.flags.length ?? 0) + (expected ? 1 : 0));
      if (event.type === 'harm.moderated') expect(m?.decisions.length ?? 0, 'a decision taken or refused').toBe((before?.decisions.length ?? 0) + (expected ? 1 : 0));
      s = next;
      if (!first(s)) continue;
      const seen = (audience: 'board' | 'public') => harmWatchView(s, audience).reports.find((r) => r.reportId === R1)!;
      expect(seen('public').summary === SUMMARY, 'the public reads it').toBe(!model.hidden && !model.final);
      expect(seen('board').summary, 'the board always reads it').toBe(SUMMARY);
      expect(seen('public').moderation?.flaggedBy).toBeUndefined();
      // Triage goes on whatever moderation decided: the secretariat may triage it until it has.
      expect(first(s)!.triage !== undefined).toBe(path.events.slice(0, path.events.indexOf(event) + 1).some((e) => e.type === 'harm.triaged'));
      expect(harmWatchProcess.continueAsNew!.quiet(s), 'quiet only once every decision is published').toBe(model.publishing === 0 && s.value === 'watching');
    }
    expect(published).toHaveLength(model.decisions);
    for (const r of published) {
      expect(r.notify).toEqual(['reporter']);
      expect(r.product).toEqual({ id: 'p1', name: 'P1' });
      expect(JSON.stringify(r)).not.toContain(SUMMARY);
    }
  });
});

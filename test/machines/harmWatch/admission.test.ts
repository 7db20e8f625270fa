/**
 * The refusal people read and the machine's own answer agree: in every
 * situation a harm watch reaches with a small alphabet, for every command it
 * declares and whoever sends it, the explanation is undefined exactly when
 * `snapshot.can(event)`.
 */
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { harmWatchMachine, type HarmWatchEvent, type HarmWatchSnapshot } from '../../../machines/harmWatch/machine';
import { explainHarmWatchRefusal } from '../../../machines/harmWatch/view';
import { harmWatchCommands } from '../../../workflows/harmWatch/messages';
import { modelPaths } from '../../support/boardFixtures';
import { DAY, HOUR, evidenceFailed, evidenceGathered, hw, published, reviewDue, watchInput } from '../../support/harmWatchFixtures';
import { agreement } from '../../support/hostModel';

type Commands = (typeof harmWatchCommands)[number];

const later = (s: HarmWatchSnapshot, by = HOUR) => new Date(Date.parse(s.context.clock) + by).toISOString();
const firstReport = (s: HarmWatchSnapshot) => s.context.reports[0]?.reportId ?? 'r1';

/** A payload of every command the watch declares, as `by` sends it, about its first report. */
const payloads: { [C in Commands as C['name']]: (by: string, s: HarmWatchSnapshot) => z.input<C['schema']> } = {
  reportHarm: (by) => ({ reportId: 'r1', by, summary: 'Users misled by the eligibility checker' }),
  triageHarm: (by, s) => ({ by, reportId: firstReport(s), severity: 'low', note: 'Minor wording' }),
  completeAction: (by, s) => ({ by, reportId: firstReport(s), evidence: 'https://example.org/fix' }),
  recordReview: (by) => ({ by, benefits: ['Claims take half the time'], harms: [], worstHarm: 'none' }),
  flagHarm: (by, s) => ({ by, reportId: firstReport(s), reason: 'abuse' }),
  moderateHarm: (by, s) => ({ by, reportId: firstReport(s), outcome: 'kept', reason: 'A real harm, said plainly.' }),
  lifecycleChanged: () => ({ change: 'iterated', decisionId: 'gr-p1-iteration-2' }),
};

/** The paths suite's alphabet: one report and its triage, the review's steps, every lifecycle change. */
function alphabet(s: HarmWatchSnapshot): HarmWatchEvent[] {
  if (s.value === 'stopped') return [];
  const time = later(s);
  const untriaged = s.context.reports.find((r) => r.status === 'awaitingTriage');
  const events: HarmWatchEvent[] = [];
  if (s.context.reports.length === 0) events.push(hw.report('r1', time));
  // A flag, so that keeping the report is asked where there is one to answer.
  else if (!s.context.reports[0]!.moderation) events.push(hw.flag(s.context.reports[0]!.reportId, 'citizen-2', time));
  if (untriaged) {
    const due = new Date(Date.parse(time) + 30 * DAY).toISOString();
    events.push(hw.triage(untriaged.reportId, 'low', time), hw.triage(untriaged.reportId, 'medium', time, { description: 'Reword the page', dueAt: due }));
  }
  if (s.value === 'watching') events.push(reviewDue);
  if (s.value === 'gatheringEvidence') events.push(evidenceGathered(), evidenceFailed());
  if (s.value === 'awaitingReview') events.push(hw.record('low', time));
  if (s.value === 'publishingReview') events.push(published(s.context.current?.reviewId));
  for (const change of ['iterated', 'suspended', 'reinstated', 'retired'] as const) events.push(hw.lifecycle(change, time));
  return events;
}

const situation = (s: HarmWatchSnapshot) =>
  JSON.stringify([s.value, s.context.reports.map((r) => `${r.status}${r.actionPlan?.completed ? ' done' : ''}${r.moderation ? ' flagged' : ''}`), s.context.suspended, Math.min(s.context.reviewsDone, 1), !!s.context.current?.evidence]);

const states = modelPaths(harmWatchMachine, { input: watchInput(), events: alphabet, serializeState: situation }).map((p) => p.final);
// Triage is the secretariat's; the board's `authorise` activity checks roles, so the machine's rules do not.
const people = { secretariat: 'sec', chair: 'm1', member: 'm2', 'non-member': 'stranger' };

describe('harm watch refusals and the machine', () => {
  const found = agreement({ explain: explainHarmWatchRefusal, states, commands: harmWatchCommands, payloads, people, time: (s) => later(s) });

  it(`agree in ${states.length} situations × ${harmWatchCommands.length} commands × 4 people`, () => {
    expect(new Set(states.map((s) => String(s.value)))).toEqual(new Set(['watching', 'gatheringEvidence', 'awaitingReview', 'publishingReview', 'suspended', 'stopped']));
    expect(found.cases).toBe(states.length * harmWatchCommands.length * 4);
    expect(found.disagreements).toEqual([]);
  });

  it('takes every command somewhere and refuses every command somewhere', () => {
    expect(found.neverTaken).toEqual([]);
    expect(found.neverRefused).toEqual([]);
  });
});

/**
 * Situations a harm watch can reach with a small alphabet of reports, triage, review steps and lifecycle
 * changes, found by @xstate/graph. Kept are the paths on which a report was triaged or a review recorded:
 * each checks the harm rules of shared/domain.md written here (low waits for the next review and is closed
 * only by it; medium is on an action plan; high and critical go to the board), that the watch's record of
 * its reviews and its state agree, that no notice goes to anyone but the boards and the reporter, and that
 * no timer is left behind. A path with nothing triaged and nothing reviewed checks none of that.
 */
import { describe, expect, it } from 'vitest';
import { harmWatchMachine, type HarmWatchEvent, type HarmWatchSnapshot } from '../../../machines/harmWatch/machine';
import { DAY, HOUR, REVIEW_TIMER, evidenceFailed, evidenceGathered, hw, published, reviewDue, watchInput } from '../../support/harmWatchFixtures';
import { label, modelPaths, topLevelStates } from '../../support/boardFixtures';
import { record, strangersNotified, strayTimers, type Recorded } from '../pathInvariants';

const later = (s: HarmWatchSnapshot) => new Date(Date.parse(s.context.clock) + HOUR).toISOString();

/** What may be sent in each state: one report and its triage, the review's steps, every lifecycle change. */
function alphabet(s: HarmWatchSnapshot): HarmWatchEvent[] {
  if (s.value === 'stopped') return [];
  const time = later(s);
  const untriaged = s.context.reports.find((r) => r.status === 'awaitingTriage');
  const events: HarmWatchEvent[] = [];
  if (s.context.reports.length === 0) events.push(hw.report('r1', time));
  if (untriaged) {
    const due = new Date(Date.parse(time) + 30 * DAY).toISOString();
    events.push(hw.triage(untriaged.reportId, 'low', time), hw.triage(untriaged.reportId, 'medium', time, { description: 'Reword the page', dueAt: due }), hw.triage(untriaged.reportId, 'critical', time));
  }
  if (s.value === 'watching') events.push(reviewDue);
  if (s.value === 'gatheringEvidence') events.push(evidenceGathered(), evidenceFailed());
  if (s.value === 'awaitingReview') events.push(hw.record('low', time));
  if (s.value === 'publishingReview') events.push(published(s.context.current?.reviewId));
  for (const change of ['iterated', 'suspended', 'rolledBack', 'reinstated', 'retired'] as const) events.push(hw.lifecycle(change, time));
  return events;
}

/** The state, the report's status, whether the watch is suspended, and how many reviews are done (up to 2). */
const situation = (s: HarmWatchSnapshot) =>
  JSON.stringify([
    s.value,
    s.context.reports.map((r) => r.status).join(',') || 'no report',
    s.context.suspended,
    Math.min(s.context.reviewsDone, 2),
    s.context.current?.evidence ? (s.context.current.evidence.problem ? 'problem' : 'evidence') : null,
  ]);

const paths = modelPaths(harmWatchMachine, { input: watchInput(), events: alphabet, serializeState: situation });

const reviewing: readonly unknown[] = ['gatheringEvidence', 'awaitingReview', 'publishingReview'];
const afterTriage = { low: 'carriedToReview', medium: 'actionPlan', high: 'escalated', critical: 'escalated' } as const;

/** A short name for an event in a test title, with the triage's severity and the lifecycle change. */
function name(event: HarmWatchEvent): string {
  const e = event as { type: string; severity?: string; change?: string };
  return [label(e), e.severity, e.change].filter(Boolean).join(' ');
}

/** Who a harm watch may tell: the two boards and whoever reported the harm. */
const mayBeTold = (s: HarmWatchSnapshot) => new Set(['product-board', 'initiative-board', ...s.context.reports.flatMap((r) => (r.reportedBy ? [r.reportedBy] : []))]);

function check(r: Recorded<HarmWatchSnapshot>) {
  const s = r.final;
  const { context } = s;
  expect(strayTimers(r)).toEqual([]);
  expect(strangersNotified(r, mayBeTold(s))).toEqual([]);
  // While it runs, a deadline is set exactly while there is something to be late for: the next review while watching, a triage while a report awaits it, an action while its plan is open.
  if (s.status === 'active') {
    const pending = new Set(r.pendingTimers.map((t) => t.id));
    expect(pending.has(REVIEW_TIMER)).toBe(s.value === 'watching');
    for (const report of context.reports) {
      expect(pending.has(`triage-${report.reportId}`), `triage timer of ${report.reportId}`).toBe(report.status === 'awaitingTriage');
      expect(pending.has(`action-${report.reportId}`), `action timer of ${report.reportId}`).toBe(report.status === 'actionPlan');
    }
  }
  // A retirement may cut a review short: the stopped watch keeps what it had.
  if (s.value !== 'stopped') {
    expect(context.current !== undefined).toBe(reviewing.includes(s.value));
    expect(context.current?.evidence !== undefined).toBe(s.value === 'awaitingReview' || s.value === 'publishingReview');
    expect(context.pendingRecord !== undefined).toBe(s.value === 'publishingReview');
  }
  expect(context.retired).toBe(s.value === 'stopped');
  expect(s.status).toBe(s.value === 'stopped' ? 'done' : 'active');
  if (s.value === 'suspended') expect(context.suspended).toBe(true);
  if (s.value === 'watching') expect(context.suspended).toBe(false);
  expect(context.reviews).toHaveLength(context.reviewsDone);
  for (const report of context.reports) {
    if (!report.triage) expect(report.status).toBe('awaitingTriage');
    // A low harm is closed only by the review that took it up; a medium one stays on its plan; a critical one is with the board.
    else if (report.addressedIn) {
      expect(report.triage.severity).toBe('low');
      expect(report.status).toBe('closed');
      expect(context.reviews.map((r) => r.decisionId)).toContain(report.addressedIn);
    } else expect(report.status).toBe(afterTriage[report.triage.severity]);
  }
}

const recorded = paths.map((path) => ({ path, ...record(harmWatchMachine, watchInput(), path.events) }));
const kept = recorded.filter((r) => r.final.context.reports.some((report) => report.triage) || r.final.context.reviewsDone > 0);

describe('harm watch paths', () => {
  it('finds 306 distinct situations, 270 of them with a report triaged or a review recorded', () => {
    expect(paths).toHaveLength(306);
    expect(kept).toHaveLength(270);
    // The notice check has something to check: triage answers, escalations and reminders go out on these.
    expect(kept.filter((r) => r.notices.length > 0)).toHaveLength(234);
  });

  it('reaches every state but the transient resuming on a kept path', () => {
    const reached = [...new Set(kept.map((p) => String(p.final.value)))].sort();
    expect(reached).toEqual(topLevelStates(harmWatchMachine).filter((state) => state !== 'resuming'));
    expect(reached).toEqual(['awaitingReview', 'gatheringEvidence', 'publishingReview', 'stopped', 'suspended', 'watching']);
  });

  for (const r of kept) {
    it(`keeps each harm where its severity sends it, by ${r.path.events.map(name).join(', ')}`, () => check(r));
  }
});

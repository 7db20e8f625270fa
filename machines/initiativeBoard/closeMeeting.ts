/**
 * The end of a quarter's meeting as one pure function: every item on the agenda is
 * decided under the rules it was opened with, approved decisions take effect in
 * order (a later one sees an earlier one's change), the minutes are written, and
 * deferred items are carried. The machine assigns, publishes and sends on what this
 * returns, so the whole close can be tested without running the machine.
 */
import { later } from '../kernel/clock';
import { compositionStatus, describeComposition } from '../kernel/composition';
import { minutesId } from '../kernel/ids';
import { newestFitting, type Window } from '../kernel/size';
import type { Principle } from '../productBoard/schema';
import type { ProductBoardPolicyChanges } from '../productBoard/policy';
import { applyDecision, approved, audience, carried, decideItem, type Effects } from './decisions';
import type { InitiativeDecisionRecord, InitiativeMinutesRecord } from './records';
import type { InitiativeContext } from './types';

/** Sent to the product board when the guiding principles change. */
export interface PrinciplesChanged {
  readonly type: 'principles.changed';
  readonly initiativeBoardId: string;
  readonly productBoardId: string;
  readonly principles: readonly Principle[];
  readonly decisionIds: readonly string[];
}

/** Sent to the product board when a governance decision changes its policy. */
export interface ProductBoardPolicyChanged {
  readonly type: 'productBoardPolicy.changed';
  readonly initiativeBoardId: string;
  readonly productBoardId: string;
  readonly changes: ProductBoardPolicyChanges;
  readonly decisionId: string;
}

export interface MeetingClosed {
  /** The context's fields the close changes. */
  readonly assign: Partial<InitiativeContext>;
  /** Each decision and the minutes, with the actor id that publishes it (`publish-<decisionId>`). */
  readonly publish: readonly { readonly id: string; readonly record: InitiativeDecisionRecord | InitiativeMinutesRecord }[];
  /** What the linked product board is told, in order. */
  readonly emit: readonly (PrinciplesChanged | ProductBoardPolicyChanged)[];
}

/**
 * Funding priorities and withdrawn resources the board shows: the newest 20 that fit in 20 KB each.
 * No rule reads them (a withdrawal is checked against what is recognised now), and the register keeps every decision.
 */
export const PAST_DECISIONS_KEPT: Window = { count: 20, bytes: 20_000 };

/** Closes the quarter's meeting at `endedAt` (when its timer fired; the clock never goes back). */
export function closeMeeting(context: InitiativeContext, endedAt: string): MeetingClosed {
  const ctx = { ...context, clock: later(endedAt, context.clock) };
  let state: Effects = { principles: ctx.principles, strategy: ctx.strategy, recognised: ctx.recognised, withdrawn: ctx.withdrawn, funding: ctx.funding, policy: ctx.policy, roster: ctx.roster };
  const decisions = ctx.agenda.map((item) => {
    const decision = decideItem(ctx, item);
    if (!approved(decision)) return decision;
    const applied = applyDecision(state, decision);
    state = applied.state;
    return { ...decision, effect: applied.effect };
  });
  const minutes = minutesOf(ctx, decisions);
  const records = [...decisions, minutes];
  const ids = records.map((r) => `publish-${r.decisionId}`);
  const principleChanges = decisions.filter((d) => approved(d) && d.proposal.decision === 'principle').map((d) => d.decisionId);
  const emit: (PrinciplesChanged | ProductBoardPolicyChanged)[] = [];
  if (principleChanges.length && ctx.productBoardId)
    emit.push({ type: 'principles.changed', initiativeBoardId: ctx.roster.boardId, productBoardId: ctx.productBoardId, principles: state.principles, decisionIds: principleChanges });
  for (const d of decisions)
    if (approved(d) && d.proposal.decision === 'governance' && d.proposal.productBoard && ctx.productBoardId)
      emit.push({ type: 'productBoardPolicy.changed', initiativeBoardId: ctx.roster.boardId, productBoardId: ctx.productBoardId, changes: d.proposal.productBoard, decisionId: d.decisionId });
  return {
    assign: {
      ...state,
      // What the board decided in the past is in the register; it shows the latest.
      funding: newestFitting(state.funding, PAST_DECISIONS_KEPT),
      withdrawn: newestFitting(state.withdrawn, PAST_DECISIONS_KEPT),
      composition: compositionStatus(state.roster, state.policy.composition),
      agenda: [],
      later: [...ctx.agenda.filter((_, n) => decisions[n]!.outcome === 'deferred').map((i) => carried(i, ctx.quarter.meetingId)), ...ctx.later],
      lastMeeting: {
        meetingId: ctx.quarter.meetingId,
        endedAt: ctx.clock,
        decisions: decisions.map((d) => ({ decisionId: d.decisionId, itemId: d.itemId, title: d.title, outcome: d.outcome, ...(d.deferredBecause ? { deferredBecause: d.deferredBecause } : {}), ...(d.effect ? { effect: d.effect } : {}) })),
      },
      quartersHeld: ctx.quartersHeld + 1,
      inFlight: [...ctx.inFlight, ...ids],
      clock: ctx.clock,
    },
    publish: records.map((record, n) => ({ id: ids[n]!, record })),
    emit,
  };
}

function minutesOf(ctx: InitiativeContext, decisions: readonly InitiativeDecisionRecord[]): InitiativeMinutesRecord {
  const present = new Set(ctx.attendance?.present ?? []);
  // This quarter's: made or answered since the last meeting ended.
  const since = ctx.lastMeeting?.endedAt ? Date.parse(ctx.lastMeeting.endedAt) : -Infinity;
  const quarterProgress = (ctx.strategy?.progress ?? []).filter((p) => p.meetingId === ctx.quarter.meetingId);
  return {
    decisionId: minutesId(ctx.quarter.meetingId),
    kind: 'initiativeMinutes',
    boardId: ctx.roster.boardId,
    meeting: ctx.quarter,
    ...(ctx.attendance ? { attendance: ctx.attendance } : {}),
    apologies: ctx.roster.members.filter((m) => !present.has(m.id)).map((m) => m.id),
    livedExperiencePresent: ctx.roster.members.filter((m) => m.livedExperience && present.has(m.id)).length,
    composition: ctx.composition,
    compositionSummary: describeComposition(ctx.composition),
    items: decisions.map((d) => ({ itemId: d.itemId, title: d.title, decision: d.proposal.decision, outcome: d.outcome, ...(d.deferredBecause ? { deferredBecause: d.deferredBecause } : {}) })),
    submissions: ctx.submissions
      .filter((s) => Date.parse(s.triage?.at ?? s.submittedAt) >= since)
      .map((s) => ({ submissionId: s.submissionId, status: s.status, ...(s.triage ? { reason: s.triage.reason } : {}) })),
    actionsCarried: ctx.actions.filter((a) => !a.completed).map((a) => ({ actionId: a.actionId, text: a.text, owner: a.owner, ...(a.dueAt ? { dueAt: a.dueAt } : {}) })),
    ...(ctx.closeMoved ? { votingExtended: ctx.closeMoved } : {}),
    // Where each KPI got to this quarter, for good: the board's state keeps only the last two years.
    ...(ctx.kpiTracking && quarterProgress.length ? { kpiProgress: quarterProgress } : {}),
    notify: audience(ctx),
  };
}


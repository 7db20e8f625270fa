/**
 * Builders for the harm watch machine, driven purely with XState's
 * `initialTransition` / `transition` (no Temporal): a product live since T0,
 * the commands people send, and the events the engine sends when a timer
 * fires or an invoked actor finishes.
 */
import { initialTransition, transition } from 'xstate';
import { harmWatchMachine, type HarmWatchEvent, type HarmWatchInput, type HarmWatchSnapshot } from '../../machines/harmWatch/machine';
import type { Evidence } from '../../machines/harmWatch/rules';
import type { HarmLevel, HarmWatchCommand, Severity } from '../../machines/harmWatch/schema';
import { DAY, T0, at, engine } from './boardFixtures';

export { DAY, T0, at };
export const HOUR = DAY / 24;

export const product = { id: 'p1', name: 'P1' } as const;

export const watchInput = (extra: Partial<HarmWatchInput> = {}): HarmWatchInput => ({ product, boardId: 'product-board', liveSince: T0, ...extra });

/** The watch of a product live since T0, and the actions its opening asks of the host. */
export const openWatchWithActions = (extra: Partial<HarmWatchInput> = {}) => initialTransition(harmWatchMachine, watchInput(extra));
export const openWatch = (extra: Partial<HarmWatchInput> = {}) => openWatchWithActions(extra)[0];

/** One event, with the actions it asks of the host. */
export const step = (s: HarmWatchSnapshot, event: HarmWatchEvent) => transition(harmWatchMachine, s, event);

// ---------------------------------------------------------------- commands

type Command<T extends HarmWatchCommand['type']> = Extract<HarmWatchCommand, { type: T }>;
type Plan = NonNullable<Command<'harm.triaged'>['actionPlan']>;

export const hw = {
  /** A harm report; anonymous unless `by` is given. */
  report: (reportId: string, time = at(DAY), extra: Partial<Omit<Command<'harm.reported'>, 'type' | 'at' | 'reportId'>> = {}): HarmWatchEvent => ({
    type: 'harm.reported',
    reportId,
    summary: `Harm ${reportId}: users misled by the eligibility checker`,
    ...extra,
    at: time,
  }),
  flag: (reportId: string, by: string, time = at(DAY), reason: Command<'harm.flagged'>['reason'] = 'spam'): HarmWatchEvent => ({ type: 'harm.flagged', by, reportId, reason, at: time }),
  moderate: (reportId: string, outcome: Command<'harm.moderated'>['outcome'], time = at(2 * DAY), extra: Partial<Omit<Command<'harm.moderated'>, 'type' | 'at'>> = {}): HarmWatchEvent => ({
    type: 'harm.moderated',
    by: 'sec',
    reportId,
    outcome,
    reason: `The secretariat ${outcome} it.`,
    ...extra,
    at: time,
  }),
  triage: (reportId: string, severity: Severity, time = at(2 * DAY), actionPlan?: Plan, by = 'sec'): HarmWatchEvent => ({
    type: 'harm.triaged',
    by,
    reportId,
    severity,
    note: `Judged ${severity}`,
    ...(actionPlan ? { actionPlan } : {}),
    at: time,
  }),
  complete: (reportId: string, time = at(10 * DAY), by = 'sec'): HarmWatchEvent => ({ type: 'action.completed', by, reportId, evidence: 'https://example.org/fix', at: time }),
  record: (worstHarm: HarmLevel, time = at(35 * DAY), extra: Partial<Omit<Command<'review.recorded'>, 'type' | 'at' | 'worstHarm'>> = {}): HarmWatchEvent => ({
    type: 'review.recorded',
    by: 'rev',
    benefits: ['Claims take half the time'],
    harms: worstHarm === 'none' ? [] : [`A ${worstHarm} harm`],
    worstHarm,
    ...extra,
    at: time,
  }),
  lifecycle: (change: Command<'lifecycle.changed'>['change'], time: string, decisionId = `d-${change}`): HarmWatchEvent => ({ type: 'lifecycle.changed', change, decisionId, at: time }),
};

/** An action plan due `days` after T0. */
export const plan = (days = 30): Plan => ({ description: 'Reword the eligibility page', dueAt: at(days * DAY), owner: 'team' });

// ---------------------------------------------------------------- the engine's events

/** The watching state's timer to the next review, firing. */
export const reviewDue = engine<HarmWatchEvent>('xstate.after.untilNextReview.harmWatch.watching');
export const REVIEW_TIMER = 'xstate.after.untilNextReview.harmWatch.watching';

export const evidence = (gatheredAt = at(30 * DAY)): Evidence => ({ gatheredAt, items: [{ source: 'feedback', summary: '12 complaints about wording', at: at(20 * DAY) }] });
export const evidenceGathered = (output: Evidence = evidence()) => engine<HarmWatchEvent>('xstate.done.actor.gatherEvidence', { output });
export const evidenceFailed = (message = 'analytics down') => engine<HarmWatchEvent>('xstate.error.actor.gatherEvidence', { error: { message } });
export const published = (decisionId = 'review-p1-1', publishedAt = at(35 * DAY)) => engine<HarmWatchEvent>('xstate.done.actor.publishDecision', { output: { decisionId, publishedAt, location: 'register' } });
export const publishFailed = engine<HarmWatchEvent>('xstate.error.actor.publishDecision', { error: { message: 'register down' } });
export const triageDue = (reportId: string) => engine<HarmWatchEvent>('triage.due', { reportId });
export const actionDue = (reportId: string) => engine<HarmWatchEvent>('action.due', { reportId });
export const reminderDue = engine<HarmWatchEvent>('review.reminderDue');
export const reviewOverdue = engine<HarmWatchEvent>('review.overdue');

// ---------------------------------------------------------------- reading actions

interface ActionLike {
  readonly type: string;
  readonly params?: unknown;
}

/** The timers an action list cancels, by id. */
export const cancels = (actions: readonly ActionLike[]) => actions.filter((a) => a.type === 'xstate.cancel').map((a) => (a.params as { sendId: string }).sendId);

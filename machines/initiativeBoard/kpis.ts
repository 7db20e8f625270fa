/**
 * The strategy's key performance indicators, tracked (issue 18 item 2): a KPI the board decides carries
 * where it stands (its baseline), its target and the date to reach it; the secretariat records each
 * quarter where it has got to, with evidence; the papers of every meeting show each KPI's trend and
 * every open action with its owner and due date, naming the overdue ones, whose owners are told.
 *
 * Boards opened before this (the `kpi-tracking` patch) decided KPIs as a name and a target in words; those
 * still parse and are shown as they were, and such a board keeps its papers as they were.
 */
import { z } from 'zod';
import { isoDate, limits, list, nameText, personId, reasonText, text } from '../kernel/schema';
import type { Action } from './types';

const measure = (what: string) => {
  const range = `${what} is a number from 0 to ${limits.numbers.measure.toLocaleString('en-GB')}`;
  return z.number({ error: range }).min(0, range).max(limits.numbers.measure, range);
};

/**
 * A KPI: its name, and either a target in words (as boards decided them before tracking, which still parse as
 * they did) or, tracked, a baseline, a target and the date to reach it, as numbers of what it counts (`unit`).
 */
export const kpiSchema = z
  .strictObject({
    name: nameText("the KPI's name"),
    target: z.union([measure("the KPI's target"), text("the KPI's target", { max: limits.text.short })], {
      error: "the KPI's target is a number (with a baseline and a date) or, on a board that does not track its KPIs, words",
    }),
    baseline: measure("the KPI's baseline").optional(),
    by: isoDate("the KPI's date").optional(),
    /** What it counts, for people reading it ("households", "%"). */
    unit: nameText("the KPI's unit", { before: { max: limits.text.label } }).optional(),
  })
  .superRefine((k, ctx) => {
    if (typeof k.target === 'number') {
      if (k.baseline === undefined) ctx.addIssue({ code: 'custom', path: ['baseline'], message: 'a KPI with a number for its target needs its baseline: where it stands now' });
      if (k.by === undefined) ctx.addIssue({ code: 'custom', path: ['by'], message: 'a KPI with a number for its target needs its date: when it should be reached' });
    }
  });
export const kpiList = list(kpiSchema, 'KPIs', { max: limits.lists.kpis, unique: (k) => k.name, key: 'KPI' }).default([]);

export type Kpi = z.output<typeof kpiSchema>;
/** A KPI the board can track: where it stands, where it should be, and by when. */
export type TrackedKpi = Kpi & { readonly target: number; readonly baseline: number; readonly by: string };

export const isTracked = (k: Kpi): k is TrackedKpi => typeof k.target === 'number';

/** The payload of the secretariat's quarterly record of one KPI. */
export const kpiProgressPayload = z.strictObject({
  by: personId,
  kpi: nameText("the KPI's name"),
  value: measure('the value reached'),
  evidence: reasonText('the evidence', { empty: 'say where the figure comes from' }),
});

/** Where one KPI stood at one quarter's record: the latest record of that quarter counts. */
export interface KpiProgress {
  readonly kpi: string;
  /** The quarter it was recorded in, by its meeting. */
  readonly meetingId: string;
  readonly value: number;
  readonly evidence: string;
  readonly by: string;
  readonly at: string;
}

/** Records kept per KPI in the board's state: two years of quarters. Each meeting's minutes keep that quarter's in the register. */
export const PROGRESS_KEPT = 8;

/** `progress` with `record` in it: it replaces a record of the same KPI in the same quarter (a correction), and only the newest quarters are kept. */
export function withProgress(progress: readonly KpiProgress[], record: KpiProgress): KpiProgress[] {
  const others = progress.filter((p) => !(p.kpi === record.kpi && p.meetingId === record.meetingId));
  const mine = [...others.filter((p) => p.kpi === record.kpi), record].slice(-PROGRESS_KEPT);
  return [...others.filter((p) => p.kpi !== record.kpi), ...mine];
}

const number = (n: number, unit?: string) => `${n.toLocaleString('en-GB')}${unit ? ` ${unit}` : ''}`;

/** One KPI as a line of the papers and the status: its baseline, target and date, each quarter's figure in turn, and how far it has to go. */
export function kpiTrend(k: Kpi, progress: readonly KpiProgress[]): string {
  if (!isTracked(k)) return `${k.name}: ${k.target}`;
  const values = progress.filter((p) => p.kpi === k.name);
  const head = `${k.name}: from ${number(k.baseline, k.unit)} to ${number(k.target, k.unit)} by ${k.by.slice(0, 10)}`;
  if (!values.length) return `${head}; no progress recorded yet`;
  const latest = values.at(-1)!.value;
  const rising = k.target >= k.baseline;
  const reached = rising ? latest >= k.target : latest <= k.target;
  const left = Math.abs(k.target - latest);
  return `${head}; ${values.map((p) => number(p.value)).join(' → ')}${reached ? ' — target reached' : ` — ${number(left, k.unit)} to go`}`;
}

/** The line a strategy decision's effect gives a KPI. */
export const kpiWords = (k: Kpi): string => (isTracked(k) ? `${k.name}: ${number(k.baseline, k.unit)} → ${number(k.target, k.unit)} by ${k.by.slice(0, 10)}` : `${k.name} → ${k.target}`);

/** Open actions whose due date has passed by `at`. */
export const overdueActions = (actions: readonly Action[], at: string): Action[] => actions.filter((a) => !a.completed && a.dueAt !== undefined && Date.parse(a.dueAt) <= Date.parse(at));

/** An action as the papers list it: who owns it and by when, and whether it is overdue. */
export const actionLine = (a: Action, at: string): string =>
  `${a.actionId} ${a.text} (owner ${a.owner}${a.dueAt ? `, due ${a.dueAt.slice(0, 10)}` : ''})${overdueActions([a], at).length ? ' — OVERDUE' : ''}`;

// ── The line people type for a tracked KPI, on the command line and in the portal's form ──

/** "Households reached: 1200 -> 5000 by 2027-12-31", an optional unit after the target ("5000 households"). */
const KPI_LINE = /^(?<name>[^:]+):\s*(?<baseline>-?[\d,.]+)\s*(?:->|→|to)\s*(?<target>-?[\d,.]+)\s*(?<unit>[^\d\s][^]*?)?\s+by\s+(?<by>\d{4}-\d{2}-\d{2})\s*$/i;

export const kpiLineHint = 'its name, a colon, where it stands now, an arrow, its target and the date to reach it, for example "Households reached: 1200 -> 5000 households by 2027-12-31"';

/** A typed KPI line as the payload's KPI, or why it cannot be read. */
export function kpiFromLine(line: string): { readonly kpi: TrackedKpi } | { readonly problem: string } {
  const m = KPI_LINE.exec(line.trim());
  const n = (s: string) => Number(s.replace(/,/g, ''));
  if (!m?.groups || Number.isNaN(n(m.groups.baseline!)) || Number.isNaN(n(m.groups.target!)))
    return { problem: `Write each KPI as ${kpiLineHint}; this one could not be read: ${line.slice(0, 80)}` };
  const { name, baseline, target, unit, by } = m.groups;
  return { kpi: { name: name!.trim(), baseline: n(baseline!), target: n(target!), by: `${by}T00:00:00.000Z`, ...(unit?.trim() ? { unit: unit.trim() } : {}) } };
}

/** The line that gives `k` back, so that a form can be filled with the KPIs it sent. */
export const kpiLineOf = (k: Kpi): string => (isTracked(k) ? `${k.name}: ${k.baseline} -> ${k.target}${k.unit ? ` ${k.unit}` : ''} by ${k.by.slice(0, 10)}` : `${k.name}: ${k.target}`);

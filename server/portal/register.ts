/**
 * The register as a reader scans it: each entry of any kind (a gate decision, minutes, a harm review,
 * an initiative decision, the answer to a submission) as one line with its board, product, outcome and
 * date, and the filters the register page offers. The entries' own types come from the machines that
 * make them (store/records.ts); only their words are made here.
 */
import { z } from 'zod';
import { recordId } from '../../machines/kernel/schema';
import type { RegisterEntry } from '../../store/records';
import { moderationHeading } from '../../machines/kernel/moderation';

export type BoardName = 'product' | 'initiative';

export interface EntryLine {
  readonly decisionId: string;
  readonly kind: RegisterEntry['kind'];
  readonly heading: string;
  readonly board: BoardName;
  readonly productId?: string;
  /** In words: "approved with conditions", "minutes", "no harm found". */
  readonly outcome: string;
  readonly publishedAt: string;
}

/** "approvedWithConditions" → "approved with conditions". */
export const inWords = (name: string): string => name.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();

/** One line of the register for `entry`. */
export function lineOf(entry: RegisterEntry): EntryLine {
  const base = { decisionId: entry.decisionId, kind: entry.kind, publishedAt: entry.publishedAt };
  switch (entry.kind) {
    case 'gateReview':
      return { ...base, board: 'product', productId: entry.product.id, heading: `${entry.product.name ?? entry.product.id}: the ${inWords(entry.gate)} gate`, outcome: inWords(entry.outcome) };
    case 'minutes':
      return { ...base, board: 'product', heading: `Minutes of the product board meeting`, outcome: 'minutes' };
    case 'harmReview':
      return { ...base, board: 'product', productId: entry.product.id, heading: `${entry.product.name}: benefits and harms review`, outcome: entry.worstHarm === 'none' ? 'no harm found' : `worst harm ${inWords(entry.worstHarm)}` };
    case 'initiativeDecision':
      return { ...base, board: 'initiative', heading: entry.title, outcome: inWords(entry.outcome) };
    case 'initiativeMinutes':
      return { ...base, board: 'initiative', heading: 'Minutes of the initiative board meeting', outcome: 'minutes' };
    case 'submissionTriage':
      return { ...base, board: 'initiative', heading: `Answer to a submission: ${entry.title}`, outcome: inWords(entry.outcome) };
    case 'moderation':
      return {
        ...base,
        board: entry.subject === 'submission' ? 'initiative' : 'product',
        ...(entry.product ? { productId: entry.product.id } : {}),
        heading: moderationHeading(entry),
        outcome: entry.outcome === 'merged' ? 'merged' : entry.outcome,
      };
  }
}

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date is written as year, month and day, e.g. 2026-12-31').optional().or(z.literal('').transform(() => undefined));

/** The register page's filters, as its form sends them (an empty field filters nothing). */
export const registerFilters = z.strictObject({
  board: z.enum(['', 'product', 'initiative'], { error: 'choose the product board, the initiative board, or both' }).optional(),
  product: recordId.optional().or(z.literal('').transform(() => undefined)),
  outcome: z.string().max(60, 'an outcome is a few words').optional(),
  from: day,
  to: day,
  page: z.coerce.number().int().min(1).max(100_000).catch(1).default(1),
});
export type RegisterFilters = z.output<typeof registerFilters>;

/** Lines on one page of the register: enough to scan, few enough to draw quickly on a phone. */
export const LINES_PER_PAGE = 50;

/** One page of `lines`, and the pages around it as the pagination component links them. */
export function pageOf<T>(lines: readonly T[], page: number): { lines: T[]; page: number; pages: number } {
  const pages = Math.max(1, Math.ceil(lines.length / LINES_PER_PAGE));
  const at = Math.min(page, pages);
  return { lines: lines.slice((at - 1) * LINES_PER_PAGE, at * LINES_PER_PAGE), page: at, pages };
}

/**
 * The register as its pages read it: every entry's line drawn once, newest first, and the outcomes and
 * products the filters offer. Made once per register read (./keptRegister.ts keeps it while nothing is
 * appended), so a request only filters and slices what is already in words.
 */
export interface RegisterLines {
  /** Newest first. */
  readonly lines: readonly EntryLine[];
  /** Each outcome any line has, in alphabetical order. */
  readonly outcomes: readonly string[];
  /** Each product any line names, in alphabetical order. */
  readonly products: readonly string[];
}

/** The lines of `entries` (oldest first, as the register holds them). */
export function registerLines(entries: readonly RegisterEntry[]): RegisterLines {
  const lines = entries.map(lineOf).reverse();
  return {
    lines,
    outcomes: [...new Set(lines.map((l) => l.outcome))].sort(),
    products: [...new Set(lines.flatMap((l) => (l.productId ? [l.productId] : [])))].sort(),
  };
}

/** The lines that pass `filters`, in the order given (newest first from registerLines). */
export function filtered(lines: readonly EntryLine[], filters: RegisterFilters): EntryLine[] {
  return lines.filter(
    (line) =>
      (!filters.board || line.board === filters.board) &&
      (!filters.product || line.productId === filters.product) &&
      (!filters.outcome || line.outcome === filters.outcome) &&
      (!filters.from || line.publishedAt.slice(0, 10) >= filters.from) &&
      (!filters.to || line.publishedAt.slice(0, 10) <= filters.to),
  );
}

/**
 * What the product board's subscribers are told when a benefit and harm review is published: the
 * product, the benefits and harms found and how serious the worst is, what happens next, and where to
 * read the whole review. Dates are left as `{name}` for delivery to write in each reader's zone.
 */
import type { Notification } from '../kernel/effects';
import { remedyWords, type HarmReviewRecord } from './rules';
import type { HarmLevel } from './schema';

export type ReviewNotice = Pick<Notification, 'subject' | 'body' | 'dates' | 'boardId'>;

/** Put to the product board at once, as the watch does on publishing a review that found a high or critical harm. */
const escalated = (r: HarmReviewRecord, level: 'high' | 'critical') =>
  `The worst harm found is ${level}, so it goes to the product board at once: the board decides by written procedure whether to ${remedyWords[r.remedy ?? 'suspension']}. The initiative board is told too.`;

/** What follows a review, by the worst harm it found (shared/domain.md, "Post-deployment benefit and harm reviews"). */
const whatHappensNext: { readonly [L in HarmLevel]: (r: HarmReviewRecord) => string } = {
  none: () => 'No harm was found. The product stays live, and its next review follows on its date.',
  low: () => 'The worst harm found is low: it is looked at again in the next review.',
  medium: () => 'The worst harm found is medium: it calls for an action plan with an owner and a due date, which the secretariat follows up.',
  high: (r) => escalated(r, 'high'),
  critical: (r) => escalated(r, 'critical'),
};

const bullets = (lines: readonly string[]) => lines.map((line) => `- ${line}`).join('\n');

/** The subject a review is told under: the product and the worst harm, so a reader sees at once whether to open it. */
export const reviewSubject = (r: HarmReviewRecord): string =>
  `Benefit and harm review of ${r.product.name}: ${r.worstHarm === 'none' ? 'no harm found' : `worst harm ${r.worstHarm}`}`;

/**
 * The notice of a published benefit and harm review.
 *
 * @example
 * reviewNotice(record).subject // 'Benefit and harm review of Rent watch: worst harm medium'
 */
export function reviewNotice(r: HarmReviewRecord): ReviewNotice {
  const found = [
    `${r.product.name} has had its benefit and harm review, recorded on {recorded}${r.overdue ? ', after its deadline of {due}' : ''}.`,
    r.benefits.length ? `Benefits found:\n${bullets(r.benefits)}` : 'No benefits were recorded.',
    r.harms.length ? `Harms found (the worst rated ${r.worstHarm}):\n${bullets(r.harms)}` : r.worstHarm === 'none' ? 'No harms were found.' : `The worst harm was rated ${r.worstHarm}.`,
    ...(r.summary ? [`The reviewer's summary: ${r.summary}`] : []),
    ...(r.reportsTakenUp.length ? [`Harm reports it took up:\n${bullets(r.reportsTakenUp.map((t) => `${t.summary} (report ${t.reportId})`))}`] : []),
  ];
  const next = whatHappensNext[r.worstHarm](r);
  const where = [
    `Read the whole review, with its evidence, in the register: govern register --product ${r.product.id}`,
    `See the product's next review and open harm reports: govern harm watch --product ${r.product.id}`,
    `Reference: ${r.decisionId}.`,
  ];
  return {
    subject: reviewSubject(r),
    body: [...found, `What happens next: ${next}`, ...where].join('\n'),
    dates: { recorded: r.recordedAt, due: r.dueAt },
    boardId: r.boardId,
  };
}

/**
 * Gate reviews: members vote, declare interests and commission assessments; the secretariat or the
 * chair closes voting; anyone reads where a review stands.
 */
import { voteChoices, type VoteChoice } from '../../machines/kernel/voting';
import type { CastingVote } from '../../machines/gateReview/rules';

type CastingChoice = CastingVote['choice'];
import { formatReviews, formatView } from '../format';
import { isoDate, optional, required } from './args';
import { flag, repeated, sent, value } from './options';
import { toReview } from './send';
import { command } from './table';

export const vote = command({
  words: ['vote'],
  group: 'Board members',
  usage: 'REVIEW_ID --choice CHOICE [--reason TEXT] [--condition TEXT]... [--change]',
  notes: [`choices: ${voteChoices.join(', ')}`],
  options: { ...sent, choice: value, reason: value, condition: repeated, change: flag },
  positionals: 1,
  run(invocation) {
    const { values, actor } = invocation;
    return toReview(invocation, values.change ? 'changeVote' : 'castVote', {
      by: actor('member'),
      // The review checks the choice, so a wrong one gets the engine's refusal (exit 1), as the README shows.
      choice: required(values, 'choice', voteChoices.join(', ')) as VoteChoice,
      ...optional(values, 'reason'),
      ...(values.condition ? { conditions: values.condition } : {}),
    });
  },
});

export const interest = command({
  words: ['interest'],
  group: 'Board members',
  usage: 'REVIEW_ID --interest TEXT',
  summary: 'declare a conflict of interest (recuses you)',
  options: { ...sent, interest: value },
  positionals: 1,
  run(invocation) {
    const { values, actor } = invocation;
    return toReview(invocation, 'declareInterest', { by: actor('member'), interest: required(values, 'interest', 'what the interest is') });
  },
});

export const castingVote = command({
  words: ['casting-vote'],
  group: 'Board members',
  usage: 'REVIEW_ID --choice approve|reject [--reason TEXT]',
  options: { ...sent, choice: value, reason: value },
  positionals: 1,
  run(invocation) {
    const { values, actor } = invocation;
    return toReview(invocation, 'castCastingVote', { by: actor('chair'), choice: required(values, 'choice', 'approve or reject') as CastingChoice, ...optional(values, 'reason') });
  },
});

export const assessmentCommission = command({
  words: ['assessment', 'commission'],
  group: 'Board members',
  usage: 'REVIEW_ID --assessor NAME --question TEXT --due ISO_DATE',
  options: { ...sent, assessor: value, question: value, due: value },
  positionals: 1,
  run(invocation) {
    const { values, actor } = invocation;
    return toReview(invocation, 'commissionAssessment', {
      by: actor('member'),
      assessor: required(values, 'assessor', 'who will assess (a person or an organisation)'),
      question: required(values, 'question', 'what the board wants to know'),
      dueAt: isoDate(values, 'due', 'when the report is due'),
    });
  },
});

export const assessmentReport = command({
  words: ['assessment', 'report'],
  group: 'Secretariat',
  usage: 'REVIEW_ID --report URL [--summary TEXT]',
  options: { ...sent, report: value, summary: value },
  positionals: 1,
  run(invocation) {
    const { values, actor } = invocation;
    return toReview(invocation, 'reportAssessment', { by: actor('secretariat'), report: required(values, 'report', 'a link to the report'), ...optional(values, 'summary') });
  },
});

export const close = command({
  words: ['close'],
  group: 'Secretariat',
  usage: 'REVIEW_ID ',
  summary: 'close voting now and decide (secretariat or chair)',
  options: sent,
  positionals: 1,
  run(invocation) {
    return toReview(invocation, 'closeVoting', { by: invocation.actor('secretariat or chair') });
  },
});

export const publishAgain = command({
  words: ['publish-again'],
  group: 'Secretariat',
  usage: 'REVIEW_ID ',
  summary: 'retry publishing a decision the register refused (secretariat)',
  options: sent,
  positionals: 1,
  run(invocation) {
    return toReview(invocation, 'retryPublication', { by: invocation.actor('secretariat') });
  },
});

export const status = command({
  words: ['status'],
  group: 'Anyone',
  usage: 'REVIEW_ID',
  summary: 'where a gate review stands',
  options: {},
  positionals: 1,
  async run({ positional, client }) {
    const view = await (await client()).status(positional(0, 'a review id', 'gr-benefits-map-discovery-1'));
    return { json: view, text: formatView(view) };
  },
});

export const reviews = command({
  words: ['reviews'],
  group: 'Anyone',
  usage: '[--product PRODUCT_ID] [--status STATE]',
  summary: 'gate reviews',
  options: { product: value, status: value },
  async run({ values, client }) {
    const rows = await (await client()).listReviews({ ...optional(values, 'status'), ...optional(values, 'product', 'productId') });
    return { json: rows, text: formatReviews(rows) };
  },
});

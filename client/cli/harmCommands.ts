/**
 * Harms of live products and their benefit and harm reviews: anyone reports a harm and follows it,
 * the secretariat triages it and records the action plan done, members record a review.
 */
import { harmLevels, remedies, severities } from '../../machines/harmWatch/schema';
import { flagReasons, moderationOutcomes } from '../../machines/kernel/moderation';
import { UsageError } from '../errors';
import { formatDueReviews, formatHarmReport, formatHarmWatch } from '../format';
import { byUpdateOnly, delivery, isoDate, oneOf, optional, required } from './args';
import { repeated, sent, value } from './options';
import { toHarmWatch } from './send';
import { command, type Invocation } from './table';

const reportId = (invocation: Invocation<unknown>) => invocation.positional(0, 'a harm report id', 'harm-benefits-map-R1 --product benefits-map');
const liveProduct = (values: { readonly product?: string | undefined }) => required(values, 'product', 'the live product');

export const harmReport = command({
  words: ['harm', 'report'],
  group: 'Anyone',
  usage: '--product PRODUCT_ID --summary TEXT [--details TEXT]',
  notes: ['report a harm a live product caused; without a sign-in (govern login) the report is anonymous'],
  options: { ...sent, product: value, summary: value, details: value },
  async run({ values, client, sender }) {
    byUpdateOnly(delivery(values), 'harm report');
    const by = sender();
    const product = liveProduct(values);
    const summary = required(values, 'summary', 'what happened, in a sentence or more');
    const { reportId, triageBy } = await (await client()).reportHarm(product, { summary, ...optional(values, 'details'), ...(by ? { by } : {}) });
    const text = [
      `Harm report ${reportId} received${by ? ` from ${by}` : ' (anonymous)'}: keep this id to follow your report.`,
      `The secretariat will triage it by ${triageBy}.`,
      `Follow it with: govern harm status ${reportId} --product ${product}`,
    ].join('\n');
    return { json: { reportId, triageBy, productId: product, anonymous: !by }, text };
  },
});

export const harmStatus = command({
  words: ['harm', 'status'],
  group: 'Anyone',
  usage: 'REPORT_ID --product PRODUCT_ID',
  summary: 'follow a harm report',
  options: { product: value },
  positionals: 1,
  async run(invocation) {
    const id = reportId(invocation);
    const report = await (await invocation.client()).harmReport(liveProduct(invocation.values), id);
    return { json: report, text: formatHarmReport(report) };
  },
});

export const harmWatch = command({
  words: ['harm', 'watch'],
  group: 'Anyone',
  usage: '--product PRODUCT_ID',
  summary: "a live product's next review, review under way, open harm reports",
  options: { product: value },
  positionals: 1,
  async run({ values, positional, client }) {
    const view = await (await client()).harmWatch(values.product ?? positional(0, 'a product id', '--product benefits-map'));
    return { json: view, text: formatHarmWatch(view) };
  },
});

export const harmTriage = command({
  words: ['harm', 'triage'],
  group: 'Secretariat',
  usage: [`REPORT_ID --product PRODUCT_ID --severity ${severities.join('|')} --note TEXT`, `[--plan TEXT --plan-due ISO_DATE [--owner TEXT]] [--remedy ${remedies.join('|')}]`],
  notes: [
    'low: taken up by the next review; medium: needs --plan and --plan-due;',
    'high, critical: the product board decides at once, by written procedure, whether to suspend',
    'the product or roll it back (--remedy rollback puts the roll back to it; suspension by default)',
  ],
  options: { ...sent, product: value, severity: value, note: value, plan: value, 'plan-due': value, owner: value, remedy: value },
  positionals: 1,
  run(invocation) {
    const { values, actor } = invocation;
    const id = reportId(invocation);
    const product = liveProduct(values);
    if ((values['plan-due'] || values.owner) && !values.plan) throw new UsageError('--plan-due and --owner go with --plan (the action plan)');
    const actionPlan = values.plan ? { description: values.plan, dueAt: isoDate(values, 'plan-due', 'when the action plan is due'), ...optional(values, 'owner') } : undefined;
    return toHarmWatch(invocation, 'triageHarm', product, {
      by: actor('secretariat'),
      reportId: id,
      severity: oneOf(values, 'severity', severities, 'how serious the harm is'),
      note: required(values, 'note', 'why this severity, and what happens next'),
      ...(actionPlan ? { actionPlan } : {}),
      ...(values.remedy ? { remedy: oneOf(values, 'remedy', remedies, 'what the product board is asked to decide') } : {}),
    }, id);
  },
});

export const harmDone = command({
  words: ['harm', 'done'],
  group: 'Secretariat',
  usage: 'REPORT_ID --product PRODUCT_ID --evidence TEXT',
  summary: 'an action plan is done',
  options: { ...sent, product: value, evidence: value },
  positionals: 1,
  run(invocation) {
    const { values, actor } = invocation;
    const id = reportId(invocation);
    return toHarmWatch(invocation, 'completeAction', liveProduct(values), { by: actor('secretariat'), reportId: id, evidence: required(values, 'evidence', 'a link or a description of what was done') }, id);
  },
});

export const harmFlag = command({
  words: ['harm', 'flag'],
  group: 'Anyone',
  usage: `REPORT_ID --product PRODUCT_ID --reason ${flagReasons.join('|')}`,
  notes: ['flag a harm report as spam, abuse, personal details or a repeat, once; signed in (govern login)', 'enough flags hide it from the public, never from the board, until the secretariat looks'],
  options: { ...sent, product: value, reason: value },
  positionals: 1,
  run(invocation) {
    const { values, actor } = invocation;
    const id = reportId(invocation);
    return toHarmWatch(invocation, 'flagHarm', liveProduct(values), { by: actor('person signed in'), reportId: id, reason: oneOf(values, 'reason', flagReasons, 'why you flag it') }, id);
  },
});

export const harmModerate = command({
  words: ['harm', 'moderate'],
  group: 'Secretariat',
  usage: `REPORT_ID --product PRODUCT_ID --outcome ${moderationOutcomes.join('|')} --reason TEXT [--into REPORT_ID (merged)]`,
  notes: ['decide what the public sees of a flagged report: keep it, merge it into the one it repeats, or remove it;', 'the board still reads it and its triage goes on; the reason is published and told to the reporter'],
  options: { ...sent, product: value, outcome: value, reason: value, into: value },
  positionals: 1,
  run(invocation) {
    const { values, actor } = invocation;
    const id = reportId(invocation);
    return toHarmWatch(invocation, 'moderateHarm', liveProduct(values), {
      by: actor('secretariat'),
      reportId: id,
      outcome: oneOf(values, 'outcome', moderationOutcomes, 'what the public sees of it'),
      reason: required(values, 'reason', 'why, for the register and the reporter'),
      ...optional(values, 'into'),
    }, id);
  },
});

export const reviewRecord = command({
  words: ['review', 'record'],
  group: 'Board members',
  usage: [`--product PRODUCT_ID --worst ${harmLevels.join('|')}`, `[--benefit TEXT]... [--harm TEXT]... [--summary TEXT] [--remedy ${remedies.join('|')}]`],
  notes: ['record a benefit and harm review once its evidence is gathered (the secretariat may too)'],
  options: { ...sent, product: value, worst: value, benefit: repeated, harm: repeated, summary: value, remedy: value },
  // The reminder names the product after "record"; --product works too.
  positionals: 1,
  run(invocation) {
    const { values, args, actor } = invocation;
    const productId = values.product ?? args[0];
    if (!productId) throw new UsageError('--product is required: the live product reviewed');
    return toHarmWatch(invocation, 'recordReview', productId, {
      by: actor('board member or secretariat'),
      worstHarm: oneOf(values, 'worst', harmLevels, 'the worst harm found'),
      benefits: values.benefit ?? [],
      harms: values.harm ?? [],
      ...optional(values, 'summary'),
      ...(values.remedy ? { remedy: oneOf(values, 'remedy', remedies, 'what the board is asked to decide on a high or critical harm') } : {}),
    });
  },
});

export const reviewsDue = command({
  words: ['reviews', 'due'],
  group: 'Anyone',
  usage: '',
  summary: 'benefit and harm reviews due or overdue, across live products',
  options: {},
  async run({ client }) {
    const due = await (await client()).dueReviews();
    return { json: due, text: formatDueReviews(due) };
  },
});

/**
 * What the initiative board is asked to decide, as the secretariat's forms ask it: the proposal's fields (a
 * principle, the strategy and its KPIs, a recognition with its good-data card, a withdrawal, a funding priority),
 * read into the proposal the board's schema parses, and where each of its problems is shown. Shared by the form
 * that proposes an item (quarter.ts) and the one that accepts a submission (triage.ts); the fields are drawn by
 * views/proposal-fields.njk.
 */
import { resourceKinds } from '../../../../machines/initiativeBoard/schema';
import { cardParts, type GoodDataCard } from '../../../../machines/initiativeBoard/goodDataCard';
import { kpiFromLine, kpiLineHint, kpiLineOf, type Kpi, type TrackedKpi } from '../../../../machines/initiativeBoard/kpis';
import type { InitiativeView } from '../../../../machines/initiativeBoard/view';
import { lines, problemAt, type Problem, type Typed } from '../../forms';

/** What the board may be asked to decide from this form, in the form's words; a governance change goes by the command line. */
export const decisionWords = {
  principle: 'Adopt or revise a guiding principle',
  strategy: 'Set the strategy and its KPIs',
  recognition: 'Recognise a resource as part of the infrastructure',
  withdrawal: 'Withdraw the recognition of a resource',
  funding: 'Set a funding priority for a gap',
} as const;
type FormDecision = keyof typeof decisionWords;

/** The form's field for each part of a good-data card, and what it says beside the heading. */
const cardFields = {
  describes: { name: 'cardDescribes' },
  source: { name: 'cardSource', hint: 'Who collects or publishes it, and from what.' },
  contact: { name: 'cardContact', hint: 'A team or a contact page (https://…), not a person’s email address: the register is public.' },
  methods: { name: 'cardMethods', hint: 'How it was collected, cleaned or built, and its known limits.' },
  licence: { name: 'cardLicence', hint: 'For example CC BY 4.0 or the Open Government Licence.' },
} as const satisfies Record<keyof GoodDataCard, { name: string; hint?: string }>;

/** The proposal's fields, as the forms name them. */
export const proposalNames = [
  'decision', 'principleAction', 'principleId', 'principleTitle', 'principleText', 'focus', 'kpis',
  'resourceId', 'resourceKind', 'resourceName', 'resourceUrl', ...Object.values(cardFields).map((f) => f.name), 'withdrawResource', 'gap', 'priority',
] as const;
export type ProposalForm = Typed<(typeof proposalNames)[number]>;

/** Where the board's refusal of a proposal of each kind goes: the field that names what it is about. */
export const refusedAtOf: Readonly<Record<string, string>> = { principle: 'principleId', strategy: 'kpis', recognition: 'resourceId', withdrawal: 'withdrawResource' };

/**
 * The KPIs typed one on each line, each read by the board's own parser (kpiFromLine): a baseline, a target and a
 * date, so the board can follow it. The first line it cannot read is the problem, in its words.
 */
function kpisOf(typedKpis: string): { kpis: TrackedKpi[]; problem?: string } {
  const kpis: TrackedKpi[] = [];
  for (const line of lines(typedKpis)) {
    const read = kpiFromLine(line);
    if ('problem' in read) return { kpis, problem: read.problem };
    kpis.push(read.kpi);
  }
  return { kpis };
}

/** The KPIs as the form's text box holds them, one line each, to fill it again with what a proposal says. */
export const kpiLines = (kpis: readonly Kpi[]): string => kpis.map(kpiLineOf).join('\n');

/** The proposal the form describes: only the fields of the decision chosen go with it. */
function proposalOf(form: ProposalForm, kpis: readonly TrackedKpi[]): Record<string, unknown> {
  const given = (value: string) => (value.trim() ? value.trim() : undefined);
  switch (form.decision as FormDecision | '') {
    case 'principle':
      return { decision: 'principle', action: given(form.principleAction), principle: { id: given(form.principleId), title: given(form.principleTitle), ...(given(form.principleText) ? { text: given(form.principleText) } : {}) } };
    case 'strategy':
      return { decision: 'strategy', focus: given(form.focus), kpis };
    case 'recognition':
      return {
        decision: 'recognition',
        resource: {
          id: given(form.resourceId),
          kind: given(form.resourceKind),
          name: given(form.resourceName),
          ...(given(form.resourceUrl) ? { url: given(form.resourceUrl) } : {}),
          // Always sent: a part left empty is named on its own field, in the card's words.
          card: Object.fromEntries(cardParts.map(([part]) => [part, given(form[cardFields[part].name])])),
        },
      };
    case 'withdrawal':
      return { decision: 'withdrawal', resourceId: given(form.withdrawResource) };
    case 'funding':
      return { decision: 'funding', gap: given(form.gap), priority: given(form.priority) };
    default:
      return {};
  }
}

/**
 * The proposal a form describes, or the problem with its KPIs: a line the board's parser cannot read is named at
 * the KPIs' field, and nothing is sent. Only the fields of the decision chosen go with it.
 */
export function proposalFrom(form: ProposalForm): { proposal: Record<string, unknown> } | { problem: Problem } {
  if (form.decision !== 'strategy') return { proposal: proposalOf(form, []) };
  const { kpis, problem } = kpisOf(form.kpis);
  if (problem !== undefined) return { problem: problemAt('kpis', problem) };
  return { proposal: proposalOf(form, kpis) };
}

/** Which field shows a problem the board's schema finds in the proposal, by its path in the payload under `at` ("proposal"). */
export const proposalFieldsAt = (at: string): Record<string, string> => ({
  [at]: 'decision',
  [`${at}.decision`]: 'decision',
  [`${at}.action`]: 'principleAction',
  [`${at}.principle.id`]: 'principleId',
  [`${at}.principle.title`]: 'principleTitle',
  [`${at}.principle.text`]: 'principleText',
  [`${at}.focus`]: 'focus',
  [`${at}.kpis`]: 'kpis',
  [`${at}.resource.id`]: 'resourceId',
  [`${at}.resource.kind`]: 'resourceKind',
  [`${at}.resource.name`]: 'resourceName',
  [`${at}.resource.url`]: 'resourceUrl',
  ...Object.fromEntries(cardParts.map(([part]) => [`${at}.resource.card.${part}`, cardFields[part].name])),
  [`${at}.resourceId`]: 'withdrawResource',
  [`${at}.gap`]: 'gap',
  [`${at}.priority`]: 'priority',
});

/** What a form's radios left unchosen say, for the proposal's fields. */
export const proposalUnchosen = {
  principleAction: 'Choose whether the principle is adopted or revised',
  resourceKind: 'Choose what kind of resource it is',
  withdrawResource: 'Choose the recognised resource to withdraw',
  priority: 'Choose the priority: high, medium or low',
} as const;

/** What views/proposal-fields.njk draws its choices from, for the board as it stands. */
export const proposalChoices = (view: InitiativeView) => ({
  decisions: Object.entries(decisionWords).map(([value, text]) => ({ value, text })),
  kpiHint: `One on each line: ${kpiLineHint}.`,
  actions: [
    { value: 'adopt', text: 'Adopt a new principle' },
    { value: 'revise', text: 'Revise a principle in force' },
  ],
  principleIds: view.principles.map((p) => p.id).join(', ') || 'none is in force',
  kinds: resourceKinds.map((k) => ({ value: k, text: k.charAt(0).toUpperCase() + k.slice(1) })),
  cardParts: cardParts.map(([part, heading]) => ({ heading, ...cardFields[part] })),
  recognised: view.recognised.map((r) => ({ value: r.id, text: `${r.name} (${r.id})` })),
  priorities: ['high', 'medium', 'low'].map((p) => ({ value: p, text: p.charAt(0).toUpperCase() + p.slice(1) })),
});

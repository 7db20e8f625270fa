/**
 * PROPOSAL: the options that say what the initiative board is asked to decide, shared by
 * `initiative submit`, `initiative triage` and `initiative propose`, and the help lines that explain them.
 */
import { gates } from '../../machines/kernel/lifecycle';
import { initiativeDecisionTypes, policyChangesSchema } from '../../machines/initiativeBoard/policy';
import { productBoardPolicyChangesSchema } from '../../machines/productBoard/policy';
import { resourceKinds, type Proposal } from '../../machines/initiativeBoard/schema';
import { cardParts, type GoodDataCard } from '../../machines/initiativeBoard/goodDataCard';
import { UsageError } from '../errors';
import { oneOf, optional, readJsonAs, required, wholeNumber } from './args';
import { kpiFromLine, kpiLineHint } from '../../machines/initiativeBoard/kpis';
import { repeated, value } from './options';
import type { Values } from './table';

/** The options of a PROPOSAL. */
export const proposalOptions = {
  decision: value,
  action: value,
  id: value,
  'principle-title': value,
  'principle-text': value,
  focus: value,
  kpi: repeated,
  resource: value,
  kind: value,
  name: value,
  url: value,
  describes: value,
  'comes-from': value,
  contact: value,
  methods: value,
  licence: value,
  gap: value,
  priority: value,
  changes: value,
  'product-board-changes': value,
  seats: value,
} as const;

/** How the help explains PROPOSAL, after the initiative board's commands. */
export const proposalHelp = [
  `PROPOSAL: --decision ${initiativeDecisionTypes.join('|')} and`,
  '  principle:   --action adopt|revise --id ID --principle-title TEXT [--principle-text TEXT]',
  '  strategy:    --focus TEXT [--kpi "NAME: BASELINE -> TARGET [UNIT] by YYYY-MM-DD"]…',
  '               e.g. --kpi "Households reached: 1200 -> 5000 households by 2027-12-31"',
  `  recognition: --resource ID --kind ${resourceKinds.join('|')} --name TEXT [--url URL] and its good-data card:`,
  '               --describes TEXT --comes-from TEXT --contact "TEAM OR https://…" --methods TEXT --licence NAME',
  '               (a recognised resource proposed again with a changed card puts the change to the board)',
  '  withdrawal:  --resource ID',
  '  funding:     --gap TEXT --priority high|medium|low',
  '  governance:  [--changes FILE.json] [--seats N] (this board)  [--product-board-changes FILE.json] (the product board)',
  '               each file names only the parts of the policy it changes, e.g. {"triageDays": 10}',
];

/** The option that gives each part of a good-data card. */
const cardOptions = { describes: 'describes', source: 'comes-from', contact: 'contact', methods: 'methods', licence: 'licence' } as const satisfies Record<keyof GoodDataCard, keyof typeof proposalOptions>;

/** The good-data card the options give: none when no part is given, every part once one is (the board says what a card needs). */
function card(values: Values<typeof proposalOptions>): { card?: GoodDataCard } {
  if (cardParts.every(([part]) => values[cardOptions[part]] === undefined)) return {};
  const parts = cardParts.map(([part, heading]) => [part, required(values, cardOptions[part], `the good-data card's "${heading}"`)] as const);
  return { card: Object.fromEntries(parts) as GoodDataCard };
}

/**
 * The proposal the options describe, or undefined when no --decision was given.
 *
 * @throws UsageError (exit 2) for a decision that is the product board's, or a missing or malformed part.
 * @example
 * const p = proposal(values); // { decision: 'funding', gap: 'debt advice map', priority: 'high' }
 */
export function proposal(values: Values<typeof proposalOptions>): Proposal | undefined {
  if (values.decision === undefined) return undefined;
  if (([...gates, 'gate'] as readonly string[]).includes(values.decision))
    throw new UsageError(
      `--decision "${values.decision}" is the product board's to decide, not the initiative board's: its secretariat requests it with "govern request --gate …". The initiative board decides: ${initiativeDecisionTypes.join(', ')}`,
    );
  const decision = oneOf(values, 'decision', initiativeDecisionTypes, 'what the board is asked to decide');
  switch (decision) {
    case 'principle':
      return {
        decision,
        action: oneOf(values, 'action', ['adopt', 'revise'] as const, 'adopt a new principle or revise one in force'),
        principle: { id: required(values, 'id', 'the principle id'), title: required(values, 'principle-title', "the principle's title"), ...optional(values, 'principle-text', 'text') },
      };
    case 'strategy':
      return {
        decision,
        focus: required(values, 'focus', 'the focus of the strategy (e.g. the campaign)'),
        kpis: (values.kpi ?? []).map((line) => {
          const read = kpiFromLine(line);
          if ('problem' in read) throw new UsageError(`--kpi "${line.slice(0, 80)}" should give ${kpiLineHint}`);
          return read.kpi;
        }),
      };
    case 'recognition':
      return {
        decision,
        resource: {
          id: required(values, 'resource', 'the resource id'),
          kind: oneOf(values, 'kind', resourceKinds, 'what it is'),
          name: required(values, 'name', 'its name'),
          ...optional(values, 'url'),
          ...card(values),
        },
      };
    case 'withdrawal':
      return { decision, resourceId: required(values, 'resource', 'the recognised resource id') };
    case 'funding':
      return { decision, gap: required(values, 'gap', 'the gap to fund'), priority: oneOf(values, 'priority', ['high', 'medium', 'low'] as const, 'its priority') };
    case 'governance': {
      const own = values.changes === undefined ? {} : { changes: readJsonAs(values.changes, policyChangesSchema, "a change to this board's policy") };
      const productBoard = values['product-board-changes'] === undefined ? {} : { productBoard: readJsonAs(values['product-board-changes'], productBoardPolicyChangesSchema, "a change to the product board's policy") };
      const count = wholeNumber(values, 'seats', '12');
      const seats = count === undefined ? {} : { seats: count };
      if (!Object.keys({ ...own, ...productBoard, ...seats }).length)
        throw new UsageError('a governance change needs --changes FILE.json (this board), --product-board-changes FILE.json (the product board) or --seats N');
      return { decision, ...own, ...productBoard, ...seats };
    }
  }
}

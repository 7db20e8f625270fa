/**
 * A product's lifecycle: registering it, asking the board for a gate, closing the conditions a
 * decision set, and reading where it stands.
 */
import { gates } from '../../machines/kernel/lifecycle';
import { productProcessId } from '../../machines/kernel/ids';
import { UsageError } from '../errors';
import { formatProduct } from '../format';
import { byUpdateOnly, colonPairs, delivery, isoDate, oneOf, optional, required } from './args';
import { flag, repeated, sent, value } from './options';
import { deliver } from './send';
import { command } from './table';

export const productRegister = command({
  words: ['product', 'register'],
  group: 'Secretariat',
  usage: '--id PRODUCT_ID --name "Name" [--description TEXT]',
  options: { ...sent, id: value, name: value, description: value },
  async run({ values, client, actor }) {
    byUpdateOnly(delivery(values), 'product register');
    const by = actor('secretariat');
    const product = { id: required(values, 'id', 'the product id'), name: required(values, 'name', 'the product name'), ...optional(values, 'description') };
    const view = await (await client()).registerProduct({ by, product });
    return { json: view, text: formatProduct(view) };
  },
});

export const productStatus = command({
  words: ['product', 'status'],
  group: 'Anyone',
  usage: 'PRODUCT_ID',
  summary: 'stage, the item before the board, open conditions',
  options: {},
  positionals: 1,
  async run({ positional, client }) {
    const view = await (await client()).product(positional(0, 'a product id', 'benefits-map'));
    return { json: view, text: formatProduct(view) };
  },
});

export const request = command({
  words: ['request'],
  group: 'Secretariat',
  usage: '--product PRODUCT_ID --gate GATE [--paper URL]... [--assess "principle: how it meets it"]...',
  notes: [`gates: ${gates.join(', ')}`, 'the chair may add --written --deadline ISO_DATE (at least 48 hours away, or the minimum the board policy sets) to decide between meetings by written procedure'],
  options: { ...sent, product: value, gate: value, paper: repeated, assess: repeated, written: flag, deadline: value },
  run({ values, client, actor }) {
    const productId = required(values, 'product', 'the product id');
    const gate = oneOf(values, 'gate', gates, 'the decision asked for');
    if (values.deadline && !values.written) throw new UsageError('--deadline goes with --written (a written procedure called by the chair)');
    const payload = {
      by: actor('secretariat (or, for --written, chair)'),
      gate,
      papers: values.paper ?? [],
      selfAssessment: colonPairs(values.assess, 'assess', 'principle: how the product meets it').map(([principle, assessment]) => ({ principle, assessment })),
      ...(values.written ? { procedure: 'written' as const, deadline: isoDate(values, 'deadline', 'when the written procedure closes') } : {}),
    };
    return deliver('requestGate', productProcessId(productId), delivery(values), async (v) => (await client()).requestGate(productId, payload, v), formatProduct);
  },
});

export const conditionClose = command({
  words: ['condition', 'close'],
  group: 'Secretariat',
  usage: 'CONDITION_ID --product PRODUCT_ID --evidence TEXT',
  options: { ...sent, product: value, evidence: value },
  positionals: 1,
  run({ values, positional, client, actor }) {
    const conditionId = positional(0, 'a condition id', 'gr-benefits-map-discovery-1-c1 --product benefits-map');
    const productId = required(values, 'product', 'the product the condition is on');
    const payload = { by: actor('secretariat'), conditionId, evidence: required(values, 'evidence', 'a link or a description of what was done') };
    return deliver('closeCondition', productProcessId(productId), delivery(values), async (v) => (await client()).closeCondition(productId, payload, v), formatProduct);
  },
});

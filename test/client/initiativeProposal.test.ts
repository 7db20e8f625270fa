/**
 * The command line's PROPOSAL for a recognition with its good-data card: the five options give the card, one
 * missing is named as a usage error before anything is sent, and the status prints each card beneath its resource.
 */
import { describe, expect, it } from 'vitest';
import { proposal, proposalHelp } from '../../client/cli/initiativeProposal';
import { UsageError } from '../../client/errors';
import { formatInitiative } from '../../client/initiativeFormat';
import { initiativeView } from '../../machines/initiativeBoard/view';
import { foodBanksCard } from '../support/initiativeFixtures';
import { openInitiative } from '../support/initiativeMachineFixtures';

const recognition = { decision: 'recognition', resource: 'food-banks', kind: 'dataset', name: 'Food banks' };
const cardOptions = {
  describes: foodBanksCard.describes,
  'comes-from': foodBanksCard.source,
  contact: foodBanksCard.contact,
  methods: foodBanksCard.methods,
  licence: foodBanksCard.licence,
};

describe('a recognition on the command line', () => {
  it('carries the good-data card its five options give', () => {
    expect(proposal({ ...recognition, ...cardOptions })).toEqual({ decision: 'recognition', resource: { id: 'food-banks', kind: 'dataset', name: 'Food banks', card: foodBanksCard } });
  });

  it('sends none when no part is given, so the board can say what a card needs', () => {
    expect(proposal(recognition)).toEqual({ decision: 'recognition', resource: { id: 'food-banks', kind: 'dataset', name: 'Food banks' } });
  });

  it('names the part that is missing once any is given', () => {
    const { licence: _licence, ...partial } = cardOptions;
    expect(() => proposal({ ...recognition, ...partial })).toThrow(UsageError);
    expect(() => proposal({ ...recognition, ...partial })).toThrow('--licence is required: the good-data card\'s "Licence"');
  });

  it('explains the card in the help', () => {
    expect(proposalHelp.join('\n')).toContain('--describes TEXT --comes-from TEXT --contact "TEAM OR https://…" --methods TEXT --licence NAME');
  });
});

describe('a strategy on the command line', () => {
  it('carries each --kpi as a tracked KPI: where it stands, its target with its unit, and the date', () => {
    expect(proposal({ decision: 'strategy', focus: 'housing', kpi: ['families reached: 1,200 -> 5,000 families by 2027-12-31'] })).toEqual({
      decision: 'strategy',
      focus: 'housing',
      kpis: [{ name: 'families reached', baseline: 1200, target: 5000, unit: 'families', by: '2027-12-31T00:00:00.000Z' }],
    });
  });

  it('names a --kpi it cannot read, and how to write one, before anything is sent', () => {
    expect(() => proposal({ decision: 'strategy', focus: 'housing', kpi: ['families reached: 5,000'] })).toThrow(UsageError);
    expect(() => proposal({ decision: 'strategy', focus: 'housing', kpi: ['families reached: 5,000'] })).toThrow(
      '--kpi "families reached: 5,000" should give its name, a colon, where it stands now, an arrow, its target and the date to reach it',
    );
  });
});

describe('the initiative board status', () => {
  it('prints each recognised resource with its card beneath it', () => {
    const s = openInitiative({}, { goodDataCards: true });
    const view = initiativeView({
      ...s,
      context: {
        ...s.context,
        recognised: [{ id: 'food-banks', kind: 'dataset', name: 'Food banks', card: foodBanksCard, decisionId: 'iiigb-D1', at: s.context.clock }],
      },
    } as typeof s);
    const printed = formatInitiative(view);
    expect(printed).toContain('Recognised:\n  food-banks (dataset) Food banks, by iiigb-D1\n    What it describes: Where food banks are');
    expect(printed).toContain('    Licence: CC BY 4.0');
  });
});

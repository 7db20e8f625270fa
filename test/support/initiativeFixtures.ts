/**
 * An initiative board for tests: twelve seats, four members with lived
 * experience of poverty (i2, i3, i4, i11), meeting the default composition
 * policy; the secretariat is "sec", the chair i1. It sends its guiding
 * principles to the product board "product-board".
 */
import type { InitiativeConfigInput } from '../../machines/initiativeBoard/schema';
import { defaultInitiativePolicy, type InitiativePolicy } from '../../machines/initiativeBoard/policy';
import type { GoodDataCard } from '../../machines/initiativeBoard/goodDataCard';

const member = (n: number, extra: Record<string, unknown> = {}) => ({ id: `i${n}`, name: `Initiative member ${n}`, organisationType: 'national' as const, ...extra });

export const INITIATIVE = 'iiigb';
export const livedExperience = ['i2', 'i3', 'i4', 'i11'];
export const withoutLivedExperience = ['i1', 'i5', 'i6', 'i7', 'i8', 'i9', 'i10', 'i12'];

export const initiativeConfig = (policy: Partial<InitiativePolicy> = {}): InitiativeConfigInput => ({
  roster: {
    boardId: INITIATIVE,
    seats: 12,
    chair: 'i1',
    secretariat: ['sec'],
    members: [
      member(1, { areas: ['employment'] }),
      member(2, { livedExperience: true, organisationType: 'community', areas: ['housing'] }),
      member(3, { livedExperience: true, disability: true, organisationType: 'local', areas: ['mental health'] }),
      member(4, { livedExperience: true, organisationType: 'community' }),
      ...[5, 6, 7, 8].map((n) => member(n)),
      member(9, { disability: true }),
      member(10),
      member(11, { livedExperience: true, organisationType: 'community' }),
      member(12),
    ],
  },
  policy: { ...defaultInitiativePolicy, ...policy },
  principles: [
    { id: 'good-data', title: 'Good data', text: 'Say what the data describes and where it comes from.' },
    { id: 'co-created', title: 'Co-created with communities' },
  ],
  productBoardId: 'product-board',
});

/** The revised first principle, as a decision would set it. */
export const revisedGoodData = { id: 'good-data', title: 'Good, documented data', text: 'Say what the data describes, where it comes from, who to contact, and how it was made.' };

/** The good-data card of the food bank dataset, as its volunteers would write it. */
export const foodBanksCard: GoodDataCard = {
  describes: 'Where food banks are, when they open, and what they ask of people who come.',
  source: 'Volunteers at each food bank, checked each month by the network.',
  contact: 'The food bank network’s data team, https://example.org/contact',
  methods: 'A shared form each food bank fills in; duplicates merged by postcode.',
  licence: 'CC BY 4.0',
};

/**
 * A good-data card: what the workshop named as the basis of trust in a dataset, model or service — what it
 * describes, where it comes from, who to contact, how it was made, and its licence. The initiative board
 * recognises a resource only with its card, shows the card with the decision, and a change to the card of a
 * recognised resource goes back to the board: the resource is recognised on the changed card only once the
 * board approves it (until then, on the card it approved).
 */
import { z } from 'zod';
import { limits, nameText, text } from '../kernel/schema';

// A part left out is told as one left empty: the same thing to a person filling in a card.
const part = (what: string, empty: string) => text(what, { max: limits.text.short, multiline: true, empty, required: empty, before: { max: limits.text.short } });

/** Anything shaped like an email address: the register is public, and the engine keeps no one's address. */
const emailLike = /[^\s@]+@[^\s@]+\.[^\s@]+/u;

const contactMissing = 'say who to contact about the resource: a team, or a contact page';
const licenceMissing = 'name the licence it is published under (for example "CC BY 4.0")';

export const goodDataCardSchema = z.strictObject({
  describes: part('what the resource describes', 'say what the resource describes'),
  source: part('where the resource comes from', 'say where the resource comes from'),
  contact: nameText('who to contact', { empty: contactMissing, required: contactMissing }).refine(
    // Only on text within its bound (a longer one is refused for its length): the pattern backtracks on long input.
    (contact) => contact.length > limits.text.name || !emailLike.test(contact),
    'who to contact is a team or a contact page (https://…), not an email address: the register is public and keeps no one’s address',
  ),
  methods: part('how the resource was made', 'say how the resource was made: its methods'),
  licence: nameText('the licence', { empty: licenceMissing, required: licenceMissing }),
});

export type GoodDataCard = z.output<typeof goodDataCardSchema>;

/** The card's parts, in the order people read them, each with its heading. */
export const cardParts = [
  ['describes', 'What it describes'],
  ['source', 'Where it comes from'],
  ['contact', 'Who to contact'],
  ['methods', 'How it was made'],
  ['licence', 'Licence'],
] as const satisfies readonly (readonly [keyof GoodDataCard, string])[];

/** Whether two cards say the same: a recognition proposed again with the same card changes nothing. */
export const sameCard = (a: GoodDataCard | undefined, b: GoodDataCard | undefined): boolean =>
  a === b || (a !== undefined && b !== undefined && cardParts.every(([key]) => a[key] === b[key]));

/** The card as lines of text, for a notice, the papers or the terminal. */
export const cardLines = (card: GoodDataCard): string[] => cardParts.map(([key, heading]) => `${heading}: ${card[key]}`);

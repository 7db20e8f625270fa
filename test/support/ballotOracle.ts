/**
 * An oracle for "nothing the engine says before close reveals a member's choice", independent of the
 * engine's code. It knows two things only: the secret of each vote, and who may be told it.
 *
 * - Every vote carries a reason (and, approving with conditions, a condition) that is a token made for
 *   that vote alone, so a text that carries it names the vote it came from. Before close, no text may
 *   carry a token, except the confirmation the engine sends the voter, to the voter alone; that one must
 *   carry the voter's own tokens and no one else's.
 * - The same commands are run in two worlds that differ only in the choices (and so in the tokens). Before
 *   close, everything the engine says, bar each voter's own confirmations, must be the same in both: a text
 *   that depends on a choice in any way (a word, a length, a count) differs between them somewhere.
 * - No sentence outside a voter's own confirmation names a member beside a choice ("Member 2 … approve").
 */
import { voteChoices } from '../../machines/kernel/voting';
import type { Said } from './pureHost';

/** One step's worth of what the engine said, in one world. */
export interface Heard {
  readonly label: string;
  readonly said: readonly Said[];
  /** Whether the votes were still secret once the step was taken (voting open, not yet counted). */
  readonly secret: boolean;
  /** For a vote the engine took: the voter and the tokens of the vote they cast. */
  readonly vote?: { readonly by: string; readonly tokens: readonly string[] };
}

export interface World {
  readonly heard: readonly Heard[];
  /** Every token given in this world, with the member whose vote it marks. */
  readonly owners: ReadonlyMap<string, string>;
}

/** How a member is named: their id and their name, each as a whole word. */
export type Names = ReadonlyMap<string, readonly string[]>;

const choiceWord = new RegExp(`\\b(${[...voteChoices, 'approve with conditions'].join('|')})\\b`, 'i');
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const wholeWord = (s: string) => new RegExp(`(?<![\\w-])${escape(s)}(?![\\w-])`);

/** The sentences a person reads in what was said: a refusal, an audit entry's reason, a notice's subject and body. */
function sentences(said: Said): string[] {
  const text =
    said.channel === 'refusal'
      ? said.text
      : said.channel === 'audit'
        ? ((JSON.parse(said.text) as { reason?: string }).reason ?? '')
        : said.channel === 'notice'
          ? (({ subject, body }: { subject: string; body: string }) => `${subject}\n${body}`)(JSON.parse(said.text) as { subject: string; body: string })
          : '';
  return text.split(/(?<=[.;:!?])\s+|\n/).filter((s) => s.trim() !== '');
}

const isConfirmationTo = (said: Said, heard: Heard): boolean =>
  said.channel === 'notice' && heard.vote !== undefined && said.to.length === 1 && said.to[0] === heard.vote.by;

const short = (text: string) => (text.length > 300 ? `${text.slice(0, 300)}…` : text);

/** What one world reveals before close: tokens where they may not be, members named beside a choice. */
function revealed(world: World, names: Names): string[] {
  const problems: string[] = [];
  for (const [n, heard] of world.heard.entries()) {
    if (!heard.secret) break;
    for (const said of heard.said) {
      const tokens = [...world.owners.keys()].filter((token) => said.text.includes(token));
      const where = `step ${n} (${heard.label}), ${said.channel}`;
      if (isConfirmationTo(said, heard)) {
        const others = tokens.filter((t) => world.owners.get(t) !== heard.vote!.by);
        if (others.length) problems.push(`${where}: ${heard.vote!.by}'s confirmation carries the votes of ${others.map((t) => world.owners.get(t)).join(', ')}: ${short(said.text)}`);
        const missing = heard.vote!.tokens.filter((t) => !said.text.includes(t));
        if (missing.length) problems.push(`${where}: ${heard.vote!.by}'s confirmation does not say what they voted: ${short(said.text)}`);
        continue;
      }
      if (tokens.length) problems.push(`${where} carries the vote of ${tokens.map((t) => world.owners.get(t)).join(', ')}: ${short(said.text)}`);
      for (const sentence of sentences(said)) {
        if (!choiceWord.test(sentence)) continue;
        const named = [...names.entries()].filter(([, ways]) => ways.some((w) => wholeWord(w).test(sentence))).map(([id]) => id);
        if (named.length) problems.push(`${where} names ${named.join(', ')} beside a choice: "${short(sentence)}"`);
      }
    }
  }
  return problems;
}

/** Where the two worlds' engines said different things before close (each voter's own confirmations aside). */
function differences(a: World, b: World): string[] {
  const problems: string[] = [];
  const steps = Math.min(a.heard.length, b.heard.length);
  for (let n = 0; n < steps; n++) {
    const [x, y] = [a.heard[n]!, b.heard[n]!];
    if (x.label !== y.label) return [...problems, `step ${n}: the worlds took different steps (${x.label} / ${y.label})`];
    if (x.secret !== y.secret) return [...problems, `step ${n} (${x.label}): voting closed in one world only`];
    if (!x.secret) break;
    const open = (h: Heard) => h.said.filter((s) => !isConfirmationTo(s, h));
    const [ox, oy] = [open(x), open(y)];
    if (x.said.length - ox.length !== y.said.length - oy.length) problems.push(`step ${n} (${x.label}): a confirmation was sent in one world only`);
    for (let k = 0; k < Math.max(ox.length, oy.length); k++) {
      const [sx, sy] = [ox[k], oy[k]];
      if (sx?.channel !== sy?.channel || sx?.text !== sy?.text)
        problems.push(`step ${n} (${x.label}): the ${sx?.channel ?? sy?.channel} depends on the choices:\n  ${short(sx?.text ?? '(nothing)')}\n  ${short(sy?.text ?? '(nothing)')}`);
    }
  }
  return problems;
}

/** Every way the engine let a choice out before close, in either world; none when it kept them. */
export function secretsLeaked(worlds: readonly [World, World], names: Names): string[] {
  return [...revealed(worlds[0], names), ...revealed(worlds[1], names), ...differences(worlds[0], worlds[1])];
}

/**
 * The `govern` command table: each command owns its words, options, usage, role group and handler;
 * parsing, dispatch and the help (./help.ts) all read the table, so none of them can drift from it.
 *
 * Parsed with node:util `parseArgs`, not commander: each command is parsed strictly against its own
 * options (an option of another command is refused with this command's usage), the help is our own,
 * grouped by role as the README quotes it, the exit codes are the README's (1 refused, 2 usage) rather
 * than a framework's, and it adds no dependency.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from '../errors';
import type { Db } from '../../store/database';
import { idAt } from './args';
import { devIdentity, type Governance, type Identity, type Mode } from './governance';

/** A command's options, as node:util parseArgs declares them. */
export type OptionsConfig = NonNullable<ParseArgsConfig['options']>;

/** Options every command takes: --json for machine-readable output, --help for its usage. */
export const globalOptions = { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } as const satisfies OptionsConfig;

type ParseConfig<O extends OptionsConfig> = { args: string[]; options: O & typeof globalOptions; strict: true; allowPositionals: true };

/** The parsed options of a command declaring `O` (plus the global ones), typed by parseArgs itself. */
export type Values<O extends OptionsConfig> = ReturnType<typeof parseArgs<ParseConfig<O>>>['values'];

/** What a command answers: `json` for --json, `text` otherwise. */
export type Output = { json: unknown; text: string };

/** What a handler is given. */
export interface Invocation<V> {
  readonly values: V;
  /** The positional arguments after the command's words. */
  readonly args: readonly string[];
  /** The positional at `index` after the words; missing, it is a usage error naming `what`, with an example. */
  positional(index: number, what: string, example: string): string;
  /** The engine (its API, or Temporal in development mode), reached on first use, so that every usage error comes before any connection. */
  client(): Promise<Governance>;
  /** Who sends the command: the signed-in person (development mode: --as); `role` says whose id it must be. */
  actor(role: string): string;
  /** Who sends a command anyone may send, or undefined for anonymous. */
  sender(): string | undefined;
  /** Through the API (the server checks who may) or straight to Temporal in development mode. */
  readonly mode: Mode;
  /** The engine's PostgreSQL, connected on first use: the register's commands need no Temporal connection. */
  database(): Promise<Db>;
  /** Asks the person at the terminal (`govern login`'s address and code); answers what they typed. */
  prompt(question: string): Promise<string>;
}

/** One command of the table, as written in the command files. */
export interface CommandSpec<O extends OptionsConfig> {
  /** The words that name it, e.g. ['board', 'appoint']. */
  readonly words: readonly string[];
  /** Other words it answers to; not shown in the help. */
  readonly aliases?: readonly (readonly string[])[];
  /** The role group it is listed under; one of its section's groups. */
  readonly group: string;
  /** The synopsis after the words; further lines continue it, aligned under the first. */
  readonly usage: string | readonly string[];
  /** What it does, beside the synopsis. */
  readonly summary?: string;
  /** Lines under the synopsis: allowed values, what follows. */
  readonly notes?: readonly string[];
  /** Its own options (the global --json and --help come on top). Any other option is refused. */
  readonly options: O;
  /** How many positional arguments it takes after its words (default none). */
  readonly positionals?: number;
  run(invocation: Invocation<Values<O>>): Promise<Output>;
}

/** A command with its option types erased, as the table holds it. */
export interface Command extends Omit<CommandSpec<OptionsConfig>, 'run'> {
  run(invocation: Invocation<Readonly<Record<string, unknown>>>): Promise<Output>;
}

/**
 * Declares a command; its handler's `values` are typed by its own options, so a handler cannot read an
 * option its command does not take.
 *
 * @example
 * const close = command({ words: ['close'], group: 'Secretariat', usage: 'REVIEW_ID --as ID', options: { as: { type: 'string' } }, positionals: 1, run: … });
 */
export function command<const O extends OptionsConfig>(spec: CommandSpec<O>): Command {
  return { ...spec, run: (invocation) => spec.run(invocation as unknown as Invocation<Values<O>>) };
}

/** A part of the help and of the table: the product board's commands, or the initiative board's. */
export interface Section {
  /** The words all its commands start with ([] for none); `govern <prefix> --help` prints the section. */
  readonly prefix: readonly string[];
  /** Its first line in the help, if any. */
  readonly title?: string;
  /** Its role groups, in the order the help lists them. */
  readonly groups: readonly string[];
  /** Its commands, in the order the help lists them within a group. */
  readonly commands: readonly Command[];
  /** Lines after its groups. */
  readonly footer?: readonly string[];
  /** A pointer added when an unknown sub-command follows these words, e.g. { review: 'For gate reviews see …' }. */
  readonly hints?: Readonly<Record<string, string>>;
}

/** A usage error with the usage that goes with it (the command's, its family's or the whole list). */
export class CommandUsageError extends UsageError {
  constructor(
    message: string,
    readonly usage: string,
  ) {
    super(message);
  }
}

/** Every word path a command answers to: its words, then its aliases. */
const namesOf = (c: Command): readonly (readonly string[])[] => [c.words, ...(c.aliases ?? [])];
/** Whether `words` begin with `prefix`. */
export const startsWith = (words: readonly string[], prefix: readonly string[]) => prefix.every((w, i) => words[i] === w);
/** Every command of the table, section by section. */
export const allCommands = (sections: readonly Section[]): Command[] => sections.flatMap((s) => s.commands);

/** The commands below `words` (longer than them), e.g. board open, board appoint… below ['board']. */
export const familyOf = (sections: readonly Section[], words: readonly string[]): Command[] =>
  allCommands(sections).filter((c) => c.words.length > words.length && startsWith(c.words, words));

/**
 * The command words: the leading arguments before the first option. Only the global flags (booleans)
 * may come before them, because any other option's arity depends on the command.
 */
export function commandWords(argv: readonly string[]): string[] {
  const words: string[] = [];
  for (const arg of argv) {
    if (arg === '--json' || arg === '--help' || arg === '-h') continue;
    if (arg.startsWith('-')) break;
    words.push(arg);
  }
  return words;
}

/** The command with the longest words that `words` start with, and the words it matched. */
export function findCommand(sections: readonly Section[], words: readonly string[]): { command: Command; name: readonly string[] } | undefined {
  let found: { command: Command; name: readonly string[] } | undefined;
  for (const command of allCommands(sections))
    for (const name of namesOf(command)) if (startsWith(words, name) && name.length > (found?.name.length ?? 0)) found = { command, name };
  return found;
}

/** Ties a family's sub-commands into a sentence: "open", "appoint" or "remove". */
export function familyChoices(family: readonly Command[], words: readonly string[], bare: boolean): string {
  const subs = [...new Set(family.map((c) => `"${c.words[words.length]}"`))];
  if (bare) subs.push('nothing');
  return subs.length === 1 ? subs[0]! : `${subs.slice(0, -1).join(', ')} or ${subs.at(-1)}`;
}

/** The hint the sections give for these words, after a space; empty when none. */
export function hintFor(sections: readonly Section[], words: readonly string[]): string {
  const hint = sections.map((s) => s.hints?.[words.join(' ')]).find(Boolean);
  return hint ? ` ${hint}` : '';
}

/** Parses `argv` strictly against `command`'s options; a parse error becomes a usage error with its usage. */
export function parseFor(sections: readonly Section[], command: Command, argv: readonly string[], usage: string) {
  try {
    return parseArgs({ args: [...argv], options: { ...command.options, ...globalOptions }, strict: true, allowPositionals: true });
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    if (typeof code !== 'string' || !code.startsWith('ERR_PARSE_ARGS')) throw err;
    throw new CommandUsageError(parseProblem(sections, command, err as Error), usage);
  }
}

/** Node's message, or for an unknown option one that names the commands it belongs to. */
function parseProblem(sections: readonly Section[], command: Command, err: Error): string {
  const unknown = /^Unknown option '(-{1,2})([^']+)'/.exec(err.message);
  if (!unknown) return err.message;
  const [, dashes, name] = unknown as unknown as [string, string, string];
  const owners = allCommands(sections).filter((c) => dashes === '--' && Object.hasOwn(c.options, name));
  const where = owners.length ? `; it is an option of ${owners.slice(0, 3).map((c) => `"govern ${c.words.join(' ')}"`).join(', ')}${owners.length > 3 ? ', …' : ''}` : '';
  return `"govern ${command.words.join(' ')}" does not take ${dashes}${name}${where}`;
}

/** Where nobody can be asked. */
const noPrompt = async (): Promise<string> => {
  throw new UsageError('This command asks questions at the terminal, and there is none here: give the answers as options.');
};

/** Binds a parsed command line to the handler's view of it. */
export function invocation<V>(
  values: V,
  name: readonly string[],
  positionals: readonly string[],
  client: () => Promise<Governance>,
  database: () => Promise<Db>,
  prompt: (question: string) => Promise<string> = noPrompt,
  identity: Identity = devIdentity,
): Invocation<V> {
  const args = positionals.slice(name.length);
  const as = values as { readonly as?: string };
  return {
    values,
    args,
    client,
    database,
    prompt,
    mode: identity.mode,
    actor: (role) => identity.actor(as, role),
    sender: () => identity.sender(as),
    positional: (index, what, example) => idAt([...name, ...args], name.length + index, what, example),
  };
}

/**
 * From a command line to a command's answer: find the command by its words, parse its own options
 * strictly, check its positionals, run its handler. Every usage error carries the usage that helps
 * most: the command's, its family's, or the whole list.
 */
import type { Db } from '../../store/database';
import { UsageError } from '../errors';
import { delivery } from './args';
import type { Governance, Identity } from './governance';
import { commandUsage, familyHelp, fullHelp, helpOn } from './help';
import { CommandUsageError, commandWords, familyChoices, familyOf, findCommand, hintFor, invocation, parseFor, type Command, type Output, type Section } from './table';

const isGlobalFlag = (arg: string) => arg === '--json' || arg === '--help' || arg === '-h';

/** A command line understood: the help it asks for, or the command it names with its parsed options. */
export type CommandLine =
  | { readonly help: string }
  | { readonly command: Command; readonly name: readonly string[]; readonly values: Readonly<Record<string, unknown>>; readonly positionals: readonly string[]; readonly usage: string };

/**
 * Reads `argv` against `sections` without running anything: the help it asks for, or its command with
 * options parsed strictly and positionals counted.
 *
 * @throws CommandUsageError for an unknown command, an option the command does not take, too many arguments.
 * @example
 * const line = parseCommandLine(governTable, ['vote', 'gr-1', '--as', 'm-ben', '--choice', 'approve']);
 */
export function parseCommandLine(sections: readonly Section[], argv: readonly string[]): CommandLine {
  const words = commandWords(argv);
  // `govern help vote` and `govern vote --help` read the same help.
  if (words[0] === 'help' || argv.includes('--help') || argv.includes('-h')) {
    const topic = words[0] === 'help' ? words.slice(1) : words;
    const help = helpOn(sections, topic);
    if (help === undefined) throw unknownCommand(sections, topic);
    return { help };
  }
  if (!words.length) {
    if (argv.every(isGlobalFlag)) return { help: fullHelp(sections) };
    throw new CommandUsageError('The command comes first, then its options, e.g. "govern board open".', fullHelp(sections));
  }

  const found = findCommand(sections, words);
  if (!found) throw unknownCommand(sections, words);
  const { command, name } = found;
  const usage = commandUsage(command);
  const { values, positionals } = parseFor(sections, command, argv, usage);
  const extra = positionals.length - name.length - (command.positionals ?? 0);
  if (extra > 0) {
    if (familyOf(sections, name).length) throw familyProblem(sections, name, positionals[name.length], true);
    const takes = command.positionals ? `${command.positionals} argument${command.positionals > 1 ? 's' : ''}` : 'no argument';
    throw new CommandUsageError(`"govern ${name.join(' ')}" takes ${takes}; "${positionals.at(-extra)}" is one too many`, usage);
  }
  return { command, name, values, positionals, usage };
}

/**
 * Runs the command `argv` names from `sections`; throws what the handler throws, and a
 * `CommandUsageError` for a malformed command line (before `client` or `database` is ever called).
 *
 * @example
 * const { text } = await dispatch(governTable, ['agenda'], () => GovernanceClient.connect(), () => connectDatabase(databaseSettings()));
 */
export async function dispatch(
  sections: readonly Section[],
  argv: readonly string[],
  client: () => Promise<Governance>,
  database: () => Promise<Db>,
  prompt?: (question: string) => Promise<string>,
  identity?: Identity,
): Promise<Output> {
  const line = parseCommandLine(sections, argv);
  if ('help' in line) return { json: { usage: line.help }, text: line.help };
  const { command, name, values, positionals, usage } = line;
  try {
    // A bad --via is refused before anything else the command reads.
    if ('via' in command.options) delivery(values as { via?: string });
    return await command.run(invocation(values, name, positionals, client, database, prompt, identity));
  } catch (err) {
    if (err instanceof UsageError && !(err instanceof CommandUsageError)) throw new CommandUsageError(err.message, usage);
    throw err;
  }
}

/** No command has these words: name the sub-commands of the longest family they start with, or say so. */
function unknownCommand(sections: readonly Section[], words: readonly string[]): CommandUsageError {
  for (let n = words.length; n > 0; n--) {
    const family = words.slice(0, n);
    if (familyOf(sections, family).length) return familyProblem(sections, family, words[n], false);
  }
  return new CommandUsageError(`Unknown command "${words[0] ?? ''}".`, fullHelp(sections));
}

function familyProblem(sections: readonly Section[], words: readonly string[], sub: string | undefined, bare: boolean): CommandUsageError {
  const choices = familyChoices(familyOf(sections, words), words, bare);
  const message = `"govern ${words.join(' ')}" takes ${choices}${sub === undefined ? '' : `, not "${sub}"`}.${hintFor(sections, words)}`;
  return new CommandUsageError(message, familyHelp(sections, words));
}

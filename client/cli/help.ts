/**
 * The help, generated from the command table: the whole list (`govern --help`), one section
 * (`govern initiative --help`), a family (`govern board --help`) or one command's usage (shown with
 * every usage error). No usage text is written by hand anywhere else.
 */
import { familyOf, findCommand, startsWith, type Command, type Section } from './table';

/** The first line of the whole list. */
export const programHeader = 'Usage: govern <command> [options]   (add --json for machine-readable output, --help to any command for its usage)';

/** Where a summary starts when the synopsis is short, as the README's examples align them. */
const summaryColumn = 42;
/** Beyond this a summary goes under the synopsis instead of beside it. */
const lineWidth = 120;

/** Where notes start, under the words. */
const noteColumn = 12;

/** A command's lines: its words and synopsis (continued aligned under it), its summary, then its notes. */
export function commandLines(command: Command, lead = '  '): string[] {
  const [first = '', ...more] = typeof command.usage === 'string' ? [command.usage] : command.usage;
  const words = command.words.join(' ');
  const head = `${lead}${words}${first ? ` ${first}` : ''}`;
  const under = ' '.repeat(lead.length + words.length + 1);
  const noteIndent = ' '.repeat(noteColumn);
  const lines = [head];
  if (command.summary) {
    if (head.length < summaryColumn - 2) lines[0] = head.padEnd(summaryColumn) + command.summary;
    else if (head.length + 3 + command.summary.length <= lineWidth) lines[0] = `${head}   ${command.summary}`;
    else more.push(command.summary);
  }
  return [...lines, ...more.map((line) => under + line), ...(command.notes ?? []).map((note) => noteIndent + note)];
}

/** One command's usage, as a usage error shows it. */
export function commandUsage(command: Command): string {
  return ['Usage:', ...commandLines(command, '  govern ')].join('\n');
}

/** The groups of `commands`, in `groups` order, each headed by its name; a blank line between groups. */
function groupBlocks(groups: readonly string[], commands: readonly Command[]): string[] {
  return groups
    .map((group) => ({ group, members: commands.filter((c) => c.group === group) }))
    .filter(({ members }) => members.length > 0)
    .map(({ group, members }) => [group, ...members.flatMap((c) => commandLines(c))].join('\n'));
}

/** One section: its title, its groups, its footer. */
export function sectionHelp(section: Section): string {
  const body = groupBlocks(section.groups, section.commands).join('\n\n');
  const titled = section.title ? `${section.title}\n${body}` : body;
  return section.footer?.length ? `${titled}\n\n${section.footer.join('\n')}` : titled;
}

/** The whole list: every section of the table. */
export function fullHelp(sections: readonly Section[]): string {
  return [programHeader, ...sections.map(sectionHelp)].join('\n\n');
}

/** The commands below `words`, grouped by role as their sections group them. */
export function familyHelp(sections: readonly Section[], words: readonly string[]): string {
  return sections.flatMap((s) => groupBlocks(s.groups, s.commands.filter((c) => startsWith(c.words, words)))).join('\n\n');
}

/**
 * The help on `words` (`govern help WORDS`, or WORDS … --help): the whole list for none, a section for its
 * prefix, a family for the words several commands start with, a command's usage for one command. Trailing
 * words that name nothing (a review id) are dropped; undefined when no command starts with the words.
 */
export function helpOn(sections: readonly Section[], words: readonly string[]): string | undefined {
  for (let n = words.length; n > 0; n--) {
    const topic = words.slice(0, n);
    const section = sections.find((s) => s.prefix.length && s.prefix.join(' ') === topic.join(' '));
    if (section) return sectionHelp(section);
    if (familyOf(sections, topic).length) return familyHelp(sections, topic);
    const found = findCommand(sections, topic);
    if (found && found.name.length === n) return commandUsage(found.command);
  }
  return words.length ? undefined : fullHelp(sections);
}

/**
 * People's addresses and how they want their mail: the secretariat records a person's address and
 * time zone (kept in PostgreSQL only, never in a process), each person chooses per board how often
 * notices come, and anyone reads the messages sent to them. None needs a Temporal connection.
 */
import { z } from 'zod';
import { describeIssues, nameText, personId, recordId } from '../../machines/kernel/schema';
import { emailAddress } from '../../mail/address';
import { isTimeZone } from '../../mail/dates';
import { readMailbox } from '../../store/deliveries';
import { migrateToLatest } from '../../store/migrations';
import { frequencies, preferencesOf, setPerson, setPreference } from '../../store/people';
import { UsageError } from '../errors';
import { required, wholeNumber } from './args';
import { asOption, value } from './options';
import { command } from './table';

const email = emailAddress;

const zone = z
  .string()
  .trim()
  .refine(isTimeZone, 'a time zone is a place name such as Europe/London, Europe/Paris or America/New_York (an IANA zone)');

const details = z.object({ person: personId, email: email.optional(), zone: zone.optional(), name: nameText('the name').optional() });

/** Parses with `schema`; a usage error lists each problem. */
function parsed<S extends z.ZodType>(schema: S, input: unknown, what: string): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw new UsageError(`${what}: ${describeIssues(result.error)}`);
  return result.data;
}

export const personSet = command({
  words: ['person', 'set'],
  group: 'Secretariat',
  usage: 'PERSON_ID [--email ADDRESS] [--zone ZONE] [--name NAME]',
  summary: "record a person's address, time zone (default Europe/London) and name for mail",
  notes: ['the address is kept in PostgreSQL only: processes name people by id; --email "" removes it'],
  options: { email: value, zone: value, name: value },
  positionals: 1,
  async run({ values, positional, database }) {
    const id = positional(0, 'the person id', 'm-ben --email ben@example.org');
    const removing = values.email !== undefined && values.email.trim() === '';
    if (values.email === undefined && values.zone === undefined && values.name === undefined) throw new UsageError('Give at least one of --email, --zone or --name, e.g. govern person set m-ben --email ben@example.org');
    const input = parsed(details, { person: id, ...(values.email !== undefined && !removing ? { email: values.email } : {}), ...(values.zone !== undefined ? { zone: values.zone } : {}), ...(values.name !== undefined ? { name: values.name } : {}) }, `Cannot set ${id}`);
    const db = await database();
    await migrateToLatest(db);
    const person = await setPerson(db, input.person, { ...(removing ? { email: null } : input.email ? { email: input.email } : {}), ...(input.zone ? { timeZone: input.zone } : {}), ...(input.name ? { name: input.name } : {}) });
    return {
      json: person,
      text: `${person.personId}${person.name ? ` (${person.name})` : ''}: mail ${person.email ? `to ${person.email}` : 'kept in the local mailbox (no address)'}, times in ${person.timeZone}.`,
    };
  },
});

export const mailPreferences = command({
  words: ['mail', 'preferences'],
  group: 'Anyone',
  usage: '[--board BOARD_ID immediate|daily|weekly|none]',
  summary: "how often a board's notices reach you by mail; without a choice, your choices",
  notes: ['immediate (the default): each as it happens; daily: one digest at 8 am your time; weekly: Mondays at 8 am; none: no mail (still in "govern notifications")'],
  options: { ...asOption, board: value },
  positionals: 1,
  async run({ values, args, database, actor }) {
    const who = parsed(personId, actor('person'), 'Cannot read who you are');
    const choice = args[0];
    const db = await database();
    await migrateToLatest(db);
    if (choice === undefined) {
      if (values.board !== undefined) throw new UsageError(`Say how often, e.g. govern mail preferences --board ${values.board} daily (${frequencies.join(', ')})`);
      const chosen = await preferencesOf(db, who);
      const lines = Object.entries(chosen).map(([board, frequency]) => `${board}: ${frequency}`);
      return { json: chosen, text: lines.length ? lines.join('\n') : `${who} gets every board's notices as they happen (immediate).` };
    }
    if (!(frequencies as readonly string[]).includes(choice)) throw new UsageError(`"${choice}" is not a choice: use one of ${frequencies.join(', ')}`);
    const board = parsed(recordId, required(values, 'board', 'the board the choice is for, e.g. product-board'), 'Cannot read --board');
    await setPreference(db, who, board, choice as (typeof frequencies)[number]);
    return { json: { personId: who, boardId: board, frequency: choice }, text: `${who} now gets ${board}'s notices ${describe(choice)}; this applies to notices from now on.` };
  },
});

const describe = (frequency: string) =>
  frequency === 'immediate' ? 'as they happen' : frequency === 'daily' ? 'in a daily digest at 8 am' : frequency === 'weekly' ? 'in a weekly digest on Mondays at 8 am' : 'by no mail';

export const mail = command({
  words: ['mail'],
  group: 'Anyone',
  usage: '[--last N]',
  summary: 'the messages sent to you, newest first (default the last 20, at most 500)',
  options: { ...asOption, last: value },
  async run({ values, database, actor }) {
    const who = parsed(personId, actor('person'), 'Cannot read who you are');
    const last = wholeNumber(values, 'last', '20') ?? 20;
    if (last < 1 || last > 500) throw new UsageError(`--last is ${last}: ask for 1 to 500 messages`);
    const messages = await readMailbox(await database(), who, last);
    return {
      json: messages.map((m) => ({ subject: m.subject, text: m.text, sentAt: m.sent_at.toISOString(), transport: m.transport })),
      text: messages.length
        ? messages.map((m) => `── ${m.sent_at.toISOString()} ${m.transport === 'smtp' ? 'sent by email' : 'kept here'}\nSubject: ${m.subject}\n\n${m.text.trimEnd()}`).join('\n\n')
        : `No messages for ${who}.`,
    };
  },
});

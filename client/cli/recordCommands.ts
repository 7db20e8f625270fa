/**
 * What the board has on record: its agenda, its meetings and who attended, and every command a
 * process received. The published register's commands are in ./registerCommands.ts.
 */
import { formatAgenda, formatAudit, formatMeeting } from '../format';
import { byUpdateOnly, commaList, delivery } from './args';
import { sent, value } from './options';
import { command } from './table';

export const agenda = command({
  words: ['agenda'],
  group: 'Anyone',
  usage: '',
  summary: 'the next meetings and the items on each',
  options: {},
  async run({ client }) {
    const next = await (await client()).agenda();
    return { json: next, text: formatAgenda(next) };
  },
});

export const meeting = command({
  words: ['meeting'],
  group: 'Anyone',
  usage: 'MEETING_ID',
  summary: 'a convened meeting: agenda, attendance',
  options: {},
  positionals: 1,
  async run({ positional, client }) {
    const view = await (await client()).meeting(positional(0, 'a meeting id', 'product-board-2027-01-10'));
    return { json: view, text: formatMeeting(view) };
  },
});

export const attendance = command({
  words: ['attendance'],
  group: 'Secretariat',
  usage: 'MEETING_ID --present MEMBER_ID,MEMBER_ID,...',
  options: { ...sent, present: value },
  positionals: 1,
  async run({ values, positional, client, actor }) {
    byUpdateOnly(delivery(values), 'attendance');
    const meetingId = positional(0, 'a meeting id', 'product-board-2027-01-10');
    const present = commaList(values, 'present', 'the members present, comma-separated');
    const view = await (await client()).recordAttendance(meetingId, { by: actor('secretariat'), present });
    return { json: view, text: view ? formatMeeting(view) : '' };
  },
});

export const audit = command({
  words: ['audit'],
  group: 'Anyone',
  usage: 'WORKFLOW_ID',
  summary: 'every command a process received (gr-…, product-…, board-…, meeting-…, harm-watch-…)',
  options: {},
  positionals: 1,
  async run({ positional, client }) {
    const entries = await (await client()).audit(positional(0, 'a workflow id', 'gr-benefits-map-discovery-1'));
    return { json: entries, text: formatAudit(entries) };
  },
});

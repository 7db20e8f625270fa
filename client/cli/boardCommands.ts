/**
 * The product board itself: its roster, chair, principles, policy and calendar (the secretariat's),
 * and who is sent its published decisions (anyone's).
 */
import { isSecretariat } from '../../machines/kernel/roster';
import { boardFile, loadBoard } from '../boardConfig';
import { CommandRefused, UsageError } from '../errors';
import { formatBoard, formatBoardRecovery, formatNotifications } from '../format';
import type { BoardCommandPayload } from '../governanceClient';
import { byUpdateOnly, commaList, delivery, isoDate, oneOf, optional, readJson, required } from './args';
import { asOption, flag, repeated, sent, value } from './options';
import { toBoard } from './send';
import { command } from './table';

export const boardStatus = command({
  words: ['board'],
  group: 'Anyone',
  usage: '',
  summary: 'roster, composition, principles, next meetings',
  options: {},
  async run({ client }) {
    const view = await (await client()).boardStatus();
    return { json: view, text: formatBoard(view) };
  },
});

export const boardOpen = command({
  words: ['board', 'open'],
  group: 'Secretariat',
  usage: '',
  summary: 'open the board process from the board file (safe to repeat)',
  options: sent,
  async run({ values, client, actor, mode }) {
    byUpdateOnly(delivery(values), 'board open');
    const by = actor('secretariat');
    const { roster } = loadBoard();
    // The board file founds the board, so its secretariat is who may open it. Through the API the
    // server checks it, against the board's roster as its process holds it once it runs.
    if (mode === 'dev' && !isSecretariat(roster, by))
      throw new CommandRefused(`${by} may not open ${roster.boardId}: only its secretariat (${roster.secretariat.join(', ')}) in ${boardFile()} may.`);
    const view = await (await client()).openBoard({ by });
    return { json: view, text: formatBoard(view) };
  },
});

export const boardRecover = command({
  words: ['board', 'recover'],
  group: 'Secretariat',
  usage: '[--reason TEXT]',
  summary: 'bring a stopped board back from its last good state',
  notes: ['when "board open" says the board stopped (terminated, failed…): Temporal resets it, nothing is lost'],
  options: { ...asOption, reason: value },
  async run({ values, client, actor, mode }) {
    const by = actor('secretariat');
    const { roster } = loadBoard();
    // As for opening: the board file founds the board, so its secretariat is who may bring it back (the server checks it through the API).
    if (mode === 'dev' && !isSecretariat(roster, by))
      throw new CommandRefused(`${by} may not recover ${roster.boardId}: only its secretariat (${roster.secretariat.join(', ')}) in ${boardFile()} may.`);
    const recovery = await (await client()).recoverBoard({ by, ...optional(values, 'reason') });
    return { json: recovery, text: formatBoardRecovery(recovery) };
  },
});

export const boardAppoint = command({
  words: ['board', 'appoint'],
  group: 'Secretariat',
  usage: ['--member MEMBER_ID --name "Name" [--technical | --non-technical]', '[--expertise AREA]... [--lived-experience] [--reference TEXT]'],
  options: { ...sent, member: value, name: value, technical: flag, 'non-technical': flag, expertise: repeated, 'lived-experience': flag, reference: value },
  run(invocation) {
    const { values, actor } = invocation;
    if (values.technical && values['non-technical']) throw new UsageError('--technical and --non-technical exclude each other');
    const technical = values.technical ? { technical: true } : values['non-technical'] ? { technical: false } : {};
    return toBoard(invocation, 'appointMember', {
      by: actor('secretariat'),
      member: {
        id: required(values, 'member', 'the new member id'),
        name: required(values, 'name', "the new member's name"),
        ...technical,
        ...(values.expertise ? { expertise: values.expertise } : {}),
        ...(values['lived-experience'] ? { livedExperience: true } : {}),
      },
      ...optional(values, 'reference'),
    });
  },
});

export const boardRemove = command({
  words: ['board', 'remove'],
  group: 'Secretariat',
  usage: 'MEMBER_ID --reason TEXT',
  options: { ...sent, reason: value },
  positionals: 1,
  run(invocation) {
    const { values, actor } = invocation;
    return toBoard(invocation, 'removeMember', { by: actor('secretariat'), memberId: invocation.positional(0, 'a member id', "m-ben --reason 'Resigned'"), reason: required(values, 'reason', 'why') });
  },
});

export const boardChair = command({
  words: ['board', 'chair'],
  group: 'Secretariat',
  usage: 'MEMBER_ID [--reference TEXT]',
  options: { ...sent, reference: value },
  positionals: 1,
  run(invocation) {
    const { values, actor } = invocation;
    return toBoard(invocation, 'appointChair', { by: actor('secretariat'), memberId: invocation.positional(0, 'a member id', 'm-amara'), ...optional(values, 'reference') });
  },
});

export const boardPolicy = command({
  words: ['board', 'policy'],
  group: 'Secretariat',
  usage: '--file policy.json [--keep SECTION,...] --reference TEXT',
  summary: 'replace the whole policy: the file gives every section, or --keep names those that stay as they are',
  options: { ...sent, file: value, keep: value, reference: value },
  run(invocation) {
    const { values, actor } = invocation;
    return toBoard(invocation, 'changePolicy', {
      by: actor('secretariat'),
      policy: readJson(required(values, 'file', 'a JSON file with the whole policy')) as BoardCommandPayload<'changePolicy'>['policy'],
      // The board checks the section names, so a wrong one gets its refusal, naming the sections there are.
      ...(values.keep === undefined ? {} : { keep: commaList(values, 'keep', 'the sections to keep') as BoardCommandPayload<'changePolicy'>['keep'] }),
      reference: required(values, 'reference', 'the decision that changed it'),
    });
  },
});

export const boardPrinciple = command({
  words: ['board', 'principle'],
  group: 'Secretariat',
  usage: '--id PRINCIPLE_ID --title TITLE [--text TEXT] --scope guiding|board --reference TEXT',
  options: { ...sent, id: value, title: value, text: value, scope: value, reference: value },
  run(invocation) {
    const { values, actor } = invocation;
    return toBoard(invocation, 'adoptPrinciple', {
      by: actor('secretariat'),
      scope: oneOf(values, 'scope', ['guiding', 'board'] as const, 'whose principle it is'),
      principle: { id: required(values, 'id', 'the principle id'), title: required(values, 'title', 'its title'), ...optional(values, 'text') },
      reference: required(values, 'reference', 'the decision that adopted it'),
    });
  },
});

export const boardPause = command({
  words: ['board', 'pause'],
  group: 'Secretariat',
  usage: '--reason TEXT',
  summary: 'stop convening meetings',
  options: { ...sent, reason: value },
  run(invocation) {
    return toBoard(invocation, 'pauseMeetings', { by: invocation.actor('secretariat'), reason: required(invocation.values, 'reason', 'why meetings pause') });
  },
});

export const boardResume = command({
  words: ['board', 'resume'],
  group: 'Secretariat',
  usage: '',
  options: sent,
  run(invocation) {
    return toBoard(invocation, 'resumeMeetings', { by: invocation.actor('secretariat') });
  },
});

export const boardCallMeeting = command({
  words: ['board', 'call-meeting'],
  group: 'Secretariat',
  usage: '--at ISO_DATE',
  options: { ...sent, at: value },
  run(invocation) {
    return toBoard(invocation, 'callMeeting', { by: invocation.actor('secretariat'), startsAt: isoDate(invocation.values, 'at', 'when the meeting starts') });
  },
});

export const subscribe = command({
  words: ['subscribe'],
  group: 'Anyone',
  usage: '',
  summary: 'be notified of published decisions',
  options: sent,
  run(invocation) {
    return toBoard(invocation, 'subscribe', { by: invocation.actor('person') });
  },
});

export const unsubscribe = command({
  words: ['unsubscribe'],
  group: 'Anyone',
  usage: '',
  summary: 'stop being notified',
  options: sent,
  run(invocation) {
    return toBoard(invocation, 'unsubscribe', { by: invocation.actor('person') });
  },
});

export const notifications = command({
  words: ['notifications'],
  group: 'Anyone',
  usage: '',
  summary: 'what the engine has sent you',
  options: asOption,
  async run({ client, actor }) {
    const list = await (await client()).notifications(actor('person'));
    return { json: list, text: formatNotifications(list) };
  },
});

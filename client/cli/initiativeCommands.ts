/**
 * `govern initiative …`: the initiative board's quarter, for anyone (submit, follow, agenda, minutes,
 * subscribe), the secretariat (triage, attendance, actions, research reports) and members (propose,
 * interest, vote, research). The same table as the product board's, under the word "initiative".
 */
import { engagementLevels } from '../../machines/initiativeBoard/schema';
import { flagReasons, moderationOutcomes } from '../../machines/kernel/moderation';
import type { InitiativeView } from '../../machines/initiativeBoard/view';
import { isSecretariat } from '../../machines/kernel/roster';
import { voteChoices } from '../../machines/kernel/voting';
import { initiativeProcessId } from '../../machines/kernel/ids';
import { CommandRefused, UsageError } from '../errors';
import { formatInitiativeEntry, formatSignalSent, isInitiativeEntry } from '../format';
import type { InitiativeClient, InitiativePayload } from '../initiativeClient';
import type { InitiativeDoor } from './governance';
import { initiativeFile, loadInitiativeBoard } from '../initiativeConfig';
import { formatInitiative, formatInitiativeRecovery, formatSubmission } from '../initiativeFormat';
import { byUpdateOnly, commaList, delivery, isoDate, oneOf, optional, required } from './args';
import { proposal, proposalHelp, proposalOptions } from './initiativeProposal';
import { asOption, flag, repeated, sent, value } from './options';
import type { Sender } from './send';
import { command, type Invocation, type Output, type Section } from './table';

const anyone = 'Anyone';
const secretariat = 'Secretariat';
const members = 'Members (and the secretariat)';

type InitiativeCommandName = Parameters<InitiativeClient['command']>[0];
const board = async (invocation: Invocation<unknown>): Promise<InitiativeDoor> => (await invocation.client()).initiative();
const show = (view: InitiativeView): Output => ({ json: view, text: formatInitiative(view) });
const itemId = (invocation: Invocation<unknown>) => invocation.positional(0, 'an item id', 'initiative-board-I4');

/** Sends a command; by Update it prints the board as it now stands, after `headline` (what the command did) when given. */
async function send<N extends InitiativeCommandName>(invocation: Sender, name: N, payload: InitiativePayload<N>, headline?: (view: InitiativeView) => string): Promise<Output> {
  const via = delivery(invocation.values);
  const initiative = await board(invocation);
  const view = await initiative.command(name, payload, via);
  if (!view) {
    const workflowId = initiativeProcessId(initiative.boardId);
    return { json: { sent: name, workflowId, via }, text: formatSignalSent(name, workflowId) };
  }
  return { json: view, text: `${headline ? `${headline(view)}\n` : ''}${formatInitiative(view)}` };
}

export const initiativeStatus = command({
  words: ['initiative'],
  aliases: [['initiative', 'agenda']],
  group: anyone,
  usage: '',
  summary: 'this quarter: stage, agenda, next quarter, submissions, actions',
  options: {},
  async run(invocation) {
    return show(await (await board(invocation)).status());
  },
});

export const initiativeSubmit = command({
  words: ['initiative', 'submit'],
  group: anyone,
  usage: '--title TEXT --text TEXT [PROPOSAL]',
  notes: ['raise an item; without a sign-in (govern login) the submission is anonymous (keep the id it prints)'],
  options: { ...sent, title: value, text: value, ...proposalOptions },
  async run(invocation) {
    const { values } = invocation;
    byUpdateOnly(delivery(values), 'initiative submit (you need the submission id it answers with)');
    const p = proposal(values);
    const submission = await (await board(invocation)).submit({
      title: required(values, 'title', 'a short title'),
      text: required(values, 'text', 'what you are raising and why'),
      ...(invocation.sender() ? { by: invocation.sender() } : {}),
      ...(p ? { proposal: p } : {}),
    });
    return { json: submission, text: `Submitted ${submission.submissionId}; the secretariat answers by ${submission.triageBy}.\nFollow it with: govern initiative follow ${submission.submissionId}` };
  },
});

export const initiativeFollow = command({
  words: ['initiative', 'follow'],
  group: anyone,
  usage: 'SUBMISSION_ID',
  summary: 'where your submission stands, and the published reason',
  options: {},
  positionals: 1,
  async run(invocation) {
    const submission = await (await board(invocation)).follow(invocation.positional(0, 'a submission id', 'initiative-board-S3'));
    return { json: submission, text: formatSubmission(submission) };
  },
});

export const initiativeMinutes = command({
  words: ['initiative', 'minutes'],
  group: anyone,
  usage: '',
  summary: "the board's published decisions, minutes and triage answers",
  options: {},
  async run(invocation) {
    const entries = (await (await board(invocation)).register()).filter(isInitiativeEntry);
    return { json: entries, text: entries.map(formatInitiativeEntry).join('\n\n') || 'Nothing published yet.' };
  },
});

export const initiativeSubscribe = command({
  words: ['initiative', 'subscribe'],
  group: anyone,
  usage: `--level ${engagementLevels.join('|')}`,
  summary: 'be sent published decisions',
  options: { ...sent, level: value },
  run(invocation) {
    const by = invocation.actor('stakeholder');
    const level = oneOf(invocation.values, 'level', engagementLevels, 'how you are engaged with the initiative');
    return send(invocation, 'subscribe', { by, level }, (v) => `${by} is subscribed (${level}) to ${v.boardId}: its published decisions and minutes will be sent to you (read them with "govern notifications").`);
  },
});

export const initiativeUnsubscribe = command({
  words: ['initiative', 'unsubscribe'],
  group: anyone,
  usage: '',
  options: sent,
  run(invocation) {
    const by = invocation.actor('stakeholder');
    return send(invocation, 'unsubscribe', { by }, (v) => `${by} is no longer subscribed to ${v.boardId}.`);
  },
});

export const initiativeOpen = command({
  words: ['initiative', 'open'],
  group: secretariat,
  usage: '',
  summary: 'open the board from its file (safe to repeat)',
  options: sent,
  async run(invocation) {
    byUpdateOnly(delivery(invocation.values), 'initiative open');
    const by = invocation.actor('secretariat');
    const config = loadInitiativeBoard();
    // Through the API the server checks it, against the board's roster as its process holds it.
    if (invocation.mode === 'dev' && !isSecretariat(config.roster, by))
      throw new CommandRefused(`${by} may not open ${config.roster.boardId}: only its secretariat (${config.roster.secretariat.join(', ')}) in ${initiativeFile()} may.`);
    return show(await (await board(invocation)).open({ by, config }));
  },
});

export const initiativeRecover = command({
  words: ['initiative', 'recover'],
  group: secretariat,
  usage: '[--reason TEXT]',
  summary: 'bring a stopped board back from its last good state',
  notes: ['when "initiative open" says the board stopped (terminated, failed…): Temporal resets it, nothing is lost'],
  options: { ...asOption, reason: value },
  async run(invocation) {
    const by = invocation.actor('secretariat');
    const config = loadInitiativeBoard();
    // As for opening: the board file founds the board, so its secretariat is who may bring it back (the server checks it through the API).
    if (invocation.mode === 'dev' && !isSecretariat(config.roster, by))
      throw new CommandRefused(`${by} may not recover ${config.roster.boardId}: only its secretariat (${config.roster.secretariat.join(', ')}) in ${initiativeFile()} may.`);
    const recovery = await (await board(invocation)).recover({ by, ...optional(invocation.values, 'reason') });
    return { json: recovery, text: formatInitiativeRecovery(recovery) };
  },
});

export const initiativeTriage = command({
  words: ['initiative', 'triage'],
  group: secretariat,
  usage: ['SUBMISSION_ID --outcome accepted|merged|declined --reason TEXT', '[--into ITEM_ID (merged)] [PROPOSAL (accepted, if the submission had none)]'],
  options: { ...sent, outcome: value, reason: value, into: value, ...proposalOptions },
  positionals: 1,
  run(invocation) {
    const { values, actor } = invocation;
    const p = proposal(values);
    return send(invocation, 'triageSubmission', {
      by: actor('secretariat'),
      submissionId: invocation.positional(0, 'a submission id', 'initiative-board-S3'),
      outcome: oneOf(values, 'outcome', ['accepted', 'merged', 'declined'] as const, 'the answer'),
      reason: required(values, 'reason', 'the reason, published with the answer'),
      ...optional(values, 'into', 'mergedInto'),
      ...(p ? { proposal: p } : {}),
    });
  },
});

const submissionOf = (view: InitiativeView, id: string) => view.submissions.find((s) => s.submissionId === id);

export const initiativeFlag = command({
  words: ['initiative', 'flag'],
  group: anyone,
  usage: `SUBMISSION_ID --reason ${flagReasons.join('|')}`,
  notes: ['flag a submission as spam, abuse, personal details or a repeat, once; signed in (govern login)', 'enough flags hide it from the public until the secretariat looks'],
  options: { ...sent, reason: value },
  positionals: 1,
  run(invocation) {
    const submissionId = invocation.positional(0, 'a submission id', 'initiative-board-S3');
    return send(
      invocation,
      'flagSubmission',
      { by: invocation.actor('person signed in'), submissionId, reason: oneOf(invocation.values, 'reason', flagReasons, 'why you flag it') },
      (view) => `Your flag on ${submissionId} is recorded${submissionOf(view, submissionId)?.withheld === 'hidden' ? '; it is now hidden from the public until the secretariat looks' : ''}.`,
    );
  },
});

export const initiativeModerate = command({
  words: ['initiative', 'moderate'],
  group: secretariat,
  usage: `SUBMISSION_ID --outcome ${moderationOutcomes.join('|')} --reason TEXT [--into SUBMISSION_ID (merged)]`,
  notes: ['keep a flagged submission, merge it into the one it repeats, or remove it; the reason is published and told to its author'],
  options: { ...sent, outcome: value, reason: value, into: value },
  positionals: 1,
  run(invocation) {
    const { values, actor } = invocation;
    const submissionId = invocation.positional(0, 'a submission id', 'initiative-board-S3');
    const outcome = oneOf(values, 'outcome', moderationOutcomes, 'what becomes of it');
    return send(
      invocation,
      'moderateSubmission',
      { by: actor('secretariat'), submissionId, outcome, reason: required(values, 'reason', 'why, for the register and the author'), ...optional(values, 'into') },
      () => `Submission ${submissionId} ${outcome === 'merged' ? `merged into ${values.into}` : outcome}; the decision and its reason go to the register.`,
    );
  },
});

export const initiativeAttendance = command({
  words: ['initiative', 'attendance'],
  group: secretariat,
  usage: '--present ID,ID,…',
  summary: 'while the meeting sits',
  options: { ...sent, present: value },
  run(invocation) {
    return send(invocation, 'recordAttendance', { by: invocation.actor('secretariat'), present: commaList(invocation.values, 'present', 'the members present, comma-separated') });
  },
});

export const initiativeChair = command({
  words: ['initiative', 'chair'],
  group: secretariat,
  usage: 'MEMBER_ID [--reference TEXT]',
  summary: 'appoint the chair',
  options: { ...sent, reference: value },
  positionals: 1,
  run(invocation) {
    const { values, actor } = invocation;
    return send(invocation, 'appointChair', { by: actor('secretariat'), memberId: invocation.positional(0, 'a member id', 'i-kofi'), ...optional(values, 'reference') });
  },
});

export const initiativeAction = command({
  words: ['initiative', 'action'],
  group: secretariat,
  usage: '--text TEXT --owner PERSON_ID --due ISO_DATE [--item ITEM_ID]',
  summary: 'carried until done; past its due date the papers name it and its owner is told',
  options: { ...sent, text: value, owner: value, due: value, item: value },
  run(invocation) {
    const { values, actor } = invocation;
    return send(invocation, 'recordAction', {
      by: actor('secretariat'),
      text: required(values, 'text', 'what is to be done'),
      owner: required(values, 'owner', 'who does it, by their id, so that they can be told when it is due'),
      ...(values.due === undefined ? {} : { dueAt: isoDate(values, 'due', 'when it is due') }),
      ...optional(values, 'item', 'itemId'),
    });
  },
});

export const initiativeKpi = command({
  words: ['initiative', 'kpi'],
  group: secretariat,
  usage: '"KPI NAME" --value NUMBER --evidence TEXT',
  notes: ["this quarter's figure for a KPI of the strategy in force; a second this quarter corrects the first"],
  options: { ...sent, value: value, evidence: value },
  positionals: 1,
  run(invocation) {
    const { values, actor } = invocation;
    const kpi = invocation.positional(0, "the KPI's name", '"Households reached"');
    const typed = required(values, 'value', 'the figure reached, a number');
    const figure = Number(typed.replace(/,/g, ''));
    if (!Number.isFinite(figure)) throw new UsageError(`--value "${typed.slice(0, 40)}" is not a number; give the figure reached, e.g. 2100`);
    return send(
      invocation,
      'recordKpiProgress',
      { by: actor('secretariat'), kpi, value: figure, evidence: required(values, 'evidence', 'where the figure comes from') },
      (view) => view.strategy?.trends.find((t) => t.startsWith(`${kpi}:`)) ?? `Recorded for ${kpi}.`,
    );
  },
});

export const initiativeActionDone = command({
  words: ['initiative', 'action-done'],
  group: secretariat,
  usage: 'ACTION_ID --evidence TEXT',
  options: { ...sent, evidence: value },
  positionals: 1,
  run(invocation) {
    const { values, actor } = invocation;
    return send(invocation, 'completeAction', { by: actor('secretariat'), actionId: invocation.positional(0, 'an action id', 'initiative-board-A2'), evidence: required(values, 'evidence', 'what was done') });
  },
});

export const initiativeResearchReport = command({
  words: ['initiative', 'research-report'],
  group: secretariat,
  usage: 'ITEM_ID --report URL [--summary TEXT]',
  options: { ...sent, report: value, summary: value },
  positionals: 1,
  run(invocation) {
    const { values, actor } = invocation;
    return send(invocation, 'reportResearch', { by: actor('secretariat'), itemId: itemId(invocation), report: required(values, 'report', 'a link to the report'), ...optional(values, 'summary') });
  },
});

export const initiativePropose = command({
  words: ['initiative', 'propose'],
  group: members,
  usage: '--title TEXT --text TEXT PROPOSAL [--referral (secretariat: from the product board)]',
  options: { ...sent, title: value, text: value, referral: flag, ...proposalOptions },
  run(invocation) {
    const { values, actor } = invocation;
    const p = proposal(values);
    if (!p) throw new UsageError('--decision is required: what the board is asked to decide');
    const payload = { by: actor('member or secretariat'), title: required(values, 'title', 'a short title'), text: required(values, 'text', 'the motion'), proposal: p, ...(values.referral ? { referredBy: 'productBoard' as const } : {}) };
    return send(invocation, 'proposeItem', payload, (v) => {
      // The new item has the highest number; it joins this quarter's agenda until the papers have gone out.
      const number = (i: { itemId: string }) => Number(i.itemId.slice(i.itemId.lastIndexOf('-I') + 2));
      const newest = [...v.agenda, ...v.nextAgenda].reduce((a, b) => (number(b) > number(a) ? b : a));
      const next = v.nextAgenda.includes(newest);
      return `Proposed ${newest.itemId}: on the agenda of ${next ? `the next quarter (this quarter's papers went out on ${v.quarter.papersDeadline})` : `the meeting of ${v.quarter.startsAt}`}.`;
    });
  },
});

export const initiativeInterest = command({
  words: ['initiative', 'interest'],
  group: members,
  usage: 'ITEM_ID --interest TEXT',
  summary: 'declare a conflict (recuses you)',
  options: { ...sent, interest: value },
  positionals: 1,
  run(invocation) {
    const { values, actor } = invocation;
    return send(invocation, 'declareInterest', { by: actor('member'), itemId: itemId(invocation), interest: required(values, 'interest', 'the interest') });
  },
});

export const initiativeVote = command({
  words: ['initiative', 'vote'],
  group: members,
  usage: `ITEM_ID --choice ${voteChoices.join('|')} [--reason TEXT] [--condition TEXT]… [--change]`,
  options: { ...sent, choice: value, reason: value, condition: repeated, change: flag },
  positionals: 1,
  run(invocation) {
    const { values, actor } = invocation;
    return send(invocation, values.change ? 'changeVote' : 'castVote', {
      by: actor('member'),
      itemId: itemId(invocation),
      choice: oneOf(values, 'choice', voteChoices, 'your vote'),
      ...optional(values, 'reason'),
      ...(values.condition?.length ? { conditions: values.condition } : {}),
    });
  },
});

export const initiativeCastingVote = command({
  words: ['initiative', 'casting-vote'],
  group: members,
  usage: 'ITEM_ID --choice approve|reject [--reason TEXT]',
  options: { ...sent, choice: value, reason: value },
  positionals: 1,
  run(invocation) {
    const { values, actor } = invocation;
    return send(invocation, 'castCastingVote', { by: actor('chair'), itemId: itemId(invocation), choice: oneOf(values, 'choice', ['approve', 'reject'] as const, 'the casting vote'), ...optional(values, 'reason') });
  },
});

export const initiativeResearch = command({
  words: ['initiative', 'research'],
  group: members,
  usage: 'ITEM_ID --researcher NAME --question TEXT --due ISO_DATE',
  summary: 'the item waits for it',
  options: { ...sent, researcher: value, question: value, due: value },
  positionals: 1,
  run(invocation) {
    const { values, actor } = invocation;
    return send(invocation, 'commissionResearch', {
      by: actor('member'),
      itemId: itemId(invocation),
      researcher: required(values, 'researcher', 'who will do it'),
      question: required(values, 'question', 'what the board wants to know'),
      dueAt: isoDate(values, 'due', 'when the report is due'),
    });
  },
});

/** The initiative board's commands, under `govern initiative`. */
export const initiativeCommands: Section = {
  prefix: ['initiative'],
  title: 'Initiative board (quarterly)   govern initiative <command> …',
  groups: [anyone, secretariat, members],
  commands: [
    initiativeStatus,
    initiativeSubmit,
    initiativeFollow,
    initiativeFlag,
    initiativeMinutes,
    initiativeSubscribe,
    initiativeUnsubscribe,
    initiativeOpen,
    initiativeRecover,
    initiativeTriage,
    initiativeModerate,
    initiativeAttendance,
    initiativeChair,
    initiativeAction,
    initiativeActionDone,
    initiativeKpi,
    initiativeResearchReport,
    initiativePropose,
    initiativeInterest,
    initiativeVote,
    initiativeCastingVote,
    initiativeResearch,
  ],
  footer: proposalHelp,
};

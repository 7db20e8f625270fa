/** How the `govern initiative` commands print the initiative board's status and submissions (its register entries: format.ts). */
import type { SubmissionView } from '../machines/initiativeBoard/view';
import { moderationLines } from '../machines/kernel/moderation';
import type { InitiativeItemView, InitiativeView } from '../machines/initiativeBoard/view';
import { dateInWords } from './dates';
import { cardLines } from '../machines/initiativeBoard/goodDataCard';
import { formatRecoveryHead } from './format';
import type { InitiativeRecovery } from './initiativeClient';

/** Where an item came from, naming who raised it unless they submitted anonymously. */
const sourceOf = (s: InitiativeItemView['source']): string =>
  s.kind === 'public' ? `from public submission ${s.submissionId}${s.by ? ` by ${s.by}` : ' (anonymous)'}` : s.kind === 'productBoard' ? `referred from the product board by ${s.by}` : `from ${s.kind} ${s.by}`;

const itemLine = (i: InitiativeItemView) =>
  `  ${i.itemId} (${i.proposal.decision}) ${i.title} — ${sourceOf(i.source)}; ${i.votes} vote(s)${i.voted.length ? ` (${i.voted.join(', ')})` : ''}${i.recusals.length ? `, ${i.recusals.length} recused` : ''}${i.merged.length ? `; merged ${i.merged.join(', ')}` : ''}${i.research ? `; research ${i.research.report ? 'in' : `due ${i.research.dueAt}`}` : ''}${i.deferredFrom.length ? `; deferred from ${i.deferredFrom.join(', ')}` : ''}`;

/** A submission; one answered in an earlier quarter comes from the register, which keeps neither who submitted it nor when. */
export const formatSubmission = (s: SubmissionView): string =>
  `${s.submissionId} "${s.title}" — ${s.status}${s.overdue ? ' (triage overdue)' : ''}` +
  (s.submittedAt ? `; submitted ${s.submittedAt}${s.submittedBy ? ` by ${s.submittedBy}` : ' anonymously'}; answer due by ${s.triageBy}` : '') +
  (s.triage ? `\n  ${s.triage.by} on ${s.triage.at}: ${s.triage.reason}${s.triage.itemId ? ` (item ${s.triage.itemId})` : ''}` : '') +
  (s.moderation ? `\n${moderationLines(s.moderation).join('\n')}` : '');

/** A recognised resource, its good-data card beneath it, and the item that puts a change of the card to the board. */
const recognisedLines = (r: InitiativeView['recognised'][number]): string[] => [
  `  ${r.id} (${r.kind}) ${r.name}${r.url ? ` ${r.url}` : ''}, by ${r.decisionId}${r.cardChangeBefore ? `; a change of its card is before the board (${r.cardChangeBefore})` : ''}`,
  ...(r.card ? cardLines(r.card).map((l) => `    ${l}`) : ['    no good-data card (recognised before cards)']),
];

export function formatInitiative(v: InitiativeView): string {
  return [
    `Initiative board ${v.boardId} — quarter of ${v.quarter.meetingId}: ${v.stage} (papers ${v.quarter.papersDeadline}, meets ${v.quarter.startsAt}–${v.quarter.endsAt})`,
    `Chair ${v.roster.chair}; secretariat ${v.roster.secretariat.join(', ')}; ${v.compositionSummary}`,
    `Agenda:`,
    ...(v.agenda.length ? v.agenda.map(itemLine) : ['  no items yet']),
    ...(v.nextAgenda.length ? ['Next quarter:', ...v.nextAgenda.map(itemLine)] : []),
    `Submissions awaiting triage: ${v.submissions.filter((s) => s.status === 'awaitingTriage').map((s) => `${s.submissionId}${s.overdue ? ' (overdue)' : ''}`).join(', ') || 'none'}`,
    ...(v.submissions.some((s) => s.moderation?.hiddenSince)
      ? [`Hidden for their flags until the secretariat moderates them: ${v.submissions.filter((s) => s.moderation?.hiddenSince).map((s) => s.submissionId).join(', ')}`]
      : []),
    `Open actions: ${v.actions.filter((a) => !a.completed).map((a) => `${a.actionId} ${a.text} (${a.owner}${a.dueAt ? `, due ${a.dueAt.slice(0, 10)}` : ''})${a.overdue ? ' OVERDUE' : ''}`).join('; ') || 'none'}`,
    `Principles: ${v.principles.map((p) => p.id).join(', ') || 'none'}`,
    `Recognised:${v.recognised.length ? '' : ' none'}`,
    ...v.recognised.flatMap(recognisedLines),
    ...(v.strategy ? [`Strategy: ${v.strategy.focus} (${v.strategy.decisionId})`, ...v.strategy.trends.map((t) => `  KPI ${t}`)] : []),
    ...(v.lastMeeting ? [`Last meeting ${v.lastMeeting.meetingId}: ${v.lastMeeting.decisions.map((d) => `${d.itemId} ${d.outcome}`).join('; ') || 'no items'}`] : []),
  ].join('\n');
}

export function formatInitiativeRecovery(r: InitiativeRecovery): string {
  const head = formatRecoveryHead(`Initiative board "${r.view?.boardId ?? r.workflowId.replace(/^initiative-/, '')}"`, r);
  if (!r.view) return `${head}\nNo worker has answered yet; once one runs (npm start), see what it holds with "npx govern initiative".`;
  const v = r.view;
  return [
    head,
    `Recovered: ${v.agenda.length + v.nextAgenda.length} item(s) on its agendas, ${v.submissions.length} submission(s), ${v.actions.length} action(s), ${v.changes.length} change(s) in its log; this quarter's meeting ${v.quarter.meetingId} on ${dateInWords(v.quarter.startsAt)} (${v.stage}).`,
  ].join('\n');
}

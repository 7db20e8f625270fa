/** How the `govern initiative` commands print the initiative board's records and status. */
import type { RegisterEntry } from '../activities/decisionRegister';
import type { Submission } from '../machines/initiativeRules';
import type { InitiativeItemView, InitiativeView } from '../machines/initiativeView';

type InitiativeEntry = Extract<RegisterEntry, { kind: 'initiativeDecision' | 'initiativeMinutes' | 'submissionTriage' }>;

export const isInitiativeEntry = (e: RegisterEntry): e is InitiativeEntry =>
  e.kind === 'initiativeDecision' || e.kind === 'initiativeMinutes' || e.kind === 'submissionTriage';

/** Outcomes as the product board's register prints them: "APPROVED WITH CONDITIONS", not "APPROVEDWITHCONDITIONS". */
const outcomeLabel = (outcome: string) => outcome.replace(/([a-z])([A-Z])/g, '$1 $2').toUpperCase();

export function formatInitiativeEntry(e: InitiativeEntry): string {
  switch (e.kind) {
    case 'initiativeDecision':
      return [
        `${e.decisionId}: ${outcomeLabel(e.outcome)} — ${e.title} (${e.proposal.decision}, from ${e.source.kind}${'by' in e.source && e.source.by ? ` ${e.source.by}` : ''})`,
        `  ${e.explanation}`,
        ...(e.effect ? [`  effect: ${e.effect}`] : []),
        ...e.votes.map((v) => `  ${v.by}: ${v.choice}${v.reason ? ` — ${v.reason}` : ''}`),
        ...e.recusals.map((r) => `  ${r.by}: recused (${r.interest})`),
        ...e.conditions.map((c) => `  condition (${c.setBy}): ${c.text}`),
        ...(e.research ? [`  research by ${e.research.researcher}: ${e.research.report ? e.research.report.report : `not in (due ${e.research.dueAt})`}`] : []),
        ...(e.composition.met ? [] : [`  composition: below policy — needs ${e.composition.unmet.join('; ')}`]),
      ].join('\n');
    case 'initiativeMinutes':
      return [
        `${e.decisionId}: MINUTES of ${e.boardId} meeting ${e.meeting.startsAt} (published ${e.publishedAt})`,
        `  present: ${e.attendance?.present.join(', ') || 'not recorded'}; apologies: ${e.apologies.join(', ') || 'none'}; with lived experience of poverty present: ${e.livedExperiencePresent}`,
        ...e.items.map((i) => `  ${i.itemId} ${i.title} (${i.decision}): ${i.outcome}${i.deferredBecause ? ` (${i.deferredBecause})` : ''}`),
        ...e.submissions.map((s) => `  submission ${s.submissionId}: ${s.status}${s.reason ? ` — ${s.reason}` : ''}`),
        ...e.actionsCarried.map((a) => `  action carried: ${a.actionId} ${a.text} (${a.owner})`),
        `  ${e.compositionSummary}`,
      ].join('\n');
    case 'submissionTriage':
      return `${e.decisionId}: submission ${e.submissionId} "${e.title}" ${e.outcome.toUpperCase()} by ${e.triagedBy} on ${e.triagedAt} — ${e.reason}${e.itemId ? ` (item ${e.itemId})` : ''}`;
  }
}

/** Where an item came from, naming who raised it unless they submitted anonymously. */
const sourceOf = (s: InitiativeItemView['source']): string =>
  s.kind === 'public' ? `from public submission ${s.submissionId}${s.by ? ` by ${s.by}` : ' (anonymous)'}` : s.kind === 'productBoard' ? `referred from the product board by ${s.by}` : `from ${s.kind} ${s.by}`;

const itemLine = (i: InitiativeItemView) =>
  `  ${i.itemId} (${i.proposal.decision}) ${i.title} — ${sourceOf(i.source)}; ${i.votes} vote(s)${i.voted.length ? ` (${i.voted.join(', ')})` : ''}${i.recusals.length ? `, ${i.recusals.length} recused` : ''}${i.merged.length ? `; merged ${i.merged.join(', ')}` : ''}${i.research ? `; research ${i.research.report ? 'in' : `due ${i.research.dueAt}`}` : ''}${i.deferredFrom.length ? `; deferred from ${i.deferredFrom.join(', ')}` : ''}`;

/** A submission; one answered in an earlier quarter comes from the register, which keeps neither who submitted it nor when. */
export const formatSubmission = (s: Submission): string =>
  `${s.submissionId} "${s.title}" — ${s.status}${s.overdue ? ' (triage overdue)' : ''}` +
  (s.submittedAt ? `; submitted ${s.submittedAt}${s.submittedBy ? ` by ${s.submittedBy}` : ' anonymously'}; answer due by ${s.triageBy}` : '') +
  (s.triage ? `\n  ${s.triage.by} on ${s.triage.at}: ${s.triage.reason}${s.triage.itemId ? ` (item ${s.triage.itemId})` : ''}` : '');

export function formatInitiative(v: InitiativeView): string {
  return [
    `Initiative board ${v.boardId} — quarter of ${v.quarter.meetingId}: ${v.stage} (papers ${v.quarter.papersDeadline}, meets ${v.quarter.startsAt}–${v.quarter.endsAt})`,
    `Chair ${v.roster.chair}; secretariat ${v.roster.secretariat.join(', ')}; ${v.compositionSummary}`,
    `Agenda:`,
    ...(v.agenda.length ? v.agenda.map(itemLine) : ['  no items yet']),
    ...(v.nextAgenda.length ? ['Next quarter:', ...v.nextAgenda.map(itemLine)] : []),
    `Submissions awaiting triage: ${v.submissions.filter((s) => s.status === 'awaitingTriage').map((s) => `${s.submissionId}${s.overdue ? ' (overdue)' : ''}`).join(', ') || 'none'}`,
    `Open actions: ${v.actions.filter((a) => !a.completed).map((a) => `${a.actionId} ${a.text} (${a.owner})`).join('; ') || 'none'}`,
    `Principles: ${v.principles.map((p) => p.id).join(', ') || 'none'}; recognised: ${v.recognised.map((r) => `${r.id} (${r.kind})`).join(', ') || 'none'}`,
    ...(v.strategy ? [`Strategy: ${v.strategy.focus}`] : []),
    ...(v.lastMeeting ? [`Last meeting ${v.lastMeeting.meetingId}: ${v.lastMeeting.decisions.map((d) => `${d.itemId} ${d.outcome}`).join('; ') || 'no items'}`] : []),
  ].join('\n');
}

/** Plain-text renderings for the `govern` command line. */
import { moderationHeading, moderationLines, moderationSentence } from '../machines/kernel/moderation';
import { isDecision, type DecisionEntry, type RegisterEntry } from '../activities/decisionRegister';
import type { Notice } from '../store/notices';
import type { AgendaItem } from '../machines/productBoard/rules';
import type { BoardView } from '../machines/productBoard/view';
import type { Assessment } from '../machines/gateReview/rules';
import type { GateReviewView } from '../machines/gateReview/view';
import type { ReportStatus } from '../machines/harmWatch/rules';
import type { HarmReportView } from '../machines/harmWatch/view';
import type { HarmWatchView } from '../machines/harmWatch/view';
import type { MeetingView } from '../machines/boardMeeting/view';
import type { ProductView } from '../machines/product/view';
import type { AuditEntry } from '../workflows/host/commands';
import type { Agenda, BoardRecovery, DueReview, ReviewSummary } from './governanceClient';
import { dateInWords } from './dates';
import { stoppedVerb, type Recovery } from './recovery';
import { cardLines } from '../machines/initiativeBoard/goodDataCard';

/** A command sent by signal is not answered: where to see whether the process took it. */
export const formatSignalSent = (name: string, workflowId: string): string =>
  `Sent ${name} to ${workflowId} as a signal. A signal is not answered: check "govern audit ${workflowId}" to see whether it was accepted.`;

export function formatView(view: GateReviewView): string {
  const lines = [
    `Gate review ${view.reviewId}: ${view.product.name ?? view.product.id} ${view.product.stage} → ${view.gate} (${view.boardId})`,
    `State: ${view.state}. ${view.summary}`,
    `Requested by ${view.requestedBy} at ${view.openedAt}; voting closes ${view.votingClosesAt}`,
    `Voted: ${view.voted.length ? view.voted.join(', ') : 'nobody yet'}`,
  ];
  if (view.yetToVote.length && !view.decision) lines.push(`Yet to vote: ${view.yetToVote.map((m) => m.id).join(', ')}`);
  if (view.recusals.length) lines.push(`Recused: ${view.recusals.map((r) => `${r.by} (${r.interest})`).join(', ')}`);
  if (view.assessment && !view.decision) lines.push(`Assessment ${assessmentStatus(view.assessment)}`);
  if (view.decision) lines.push('', formatDecision(view.decision));
  return lines.join('\n');
}

/** Both boards' outcomes, as their registers print them. */
const outcomeLabel: Record<DecisionEntry['outcome'], string> = {
  approved: 'APPROVED',
  approvedWithConditions: 'APPROVED WITH CONDITIONS',
  rejected: 'REJECTED',
  deferred: 'DEFERRED',
};

export function formatDecision(d: Omit<DecisionEntry, 'publishedAt'> & { publishedAt?: string }): string {
  const lines = [
    `${d.decisionId}: ${outcomeLabel[d.outcome]} — ${d.product.id} ${d.product.stage} → ${d.gate}${d.publishedAt ? ` (published ${d.publishedAt})` : ''}`,
    `  ${d.explanation}`,
    ...ballotLines(d),
  ];
  if (d.castingVote) lines.push(`  casting vote by ${d.castingVote.by}: ${d.castingVote.choice}`);
  if (d.assessment) lines.push(`  assessment ${assessmentStatus(d.assessment)}`);
  if (d.composition) lines.push(...compositionLines(d.composition));
  if (d.procedure === 'written') lines.push('  decided by written procedure');
  return lines.join('\n');
}

/** How each member voted, who was recused, and the conditions set: the same lines for both boards' decisions. */
function ballotLines(d: Pick<DecisionEntry, 'votes' | 'recusals' | 'conditions'>): string[] {
  return [
    ...d.votes.map((v) => `  ${v.by}: ${v.choice}${v.reason ? ` — ${v.reason}` : ''}`),
    ...d.recusals.map((r) => `  ${r.by}: recused (${r.interest})`),
    ...d.conditions.map((c) => `  condition (${c.setBy}): ${c.text}`),
  ];
}

const compositionLines = (c: { readonly met: boolean; readonly unmet: readonly string[] }): string[] => (c.met ? [] : [`  composition: below policy — needs ${c.unmet.join('; ')}`]);

type InitiativeEntry = Extract<RegisterEntry, { kind: 'initiativeDecision' | 'initiativeMinutes' | 'submissionTriage' }>;

export const isInitiativeEntry = (e: RegisterEntry): e is InitiativeEntry =>
  e.kind === 'initiativeDecision' || e.kind === 'initiativeMinutes' || e.kind === 'submissionTriage';

export function formatInitiativeEntry(e: InitiativeEntry): string {
  switch (e.kind) {
    case 'initiativeDecision':
      return [
        `${e.decisionId}: ${outcomeLabel[e.outcome]} — ${e.title} (${e.proposal.decision}, from ${e.source.kind}${'by' in e.source && e.source.by ? ` ${e.source.by}` : ''})`,
        `  ${e.explanation}`,
        ...(e.effect ? [`  effect: ${e.effect}`] : []),
        ...(e.proposal.decision === 'recognition' && e.proposal.resource.card ? ['  good-data card:', ...cardLines(e.proposal.resource.card).map((l) => `    ${l}`)] : []),
        ...ballotLines(e),
        ...(e.research ? [`  research by ${e.research.researcher}: ${e.research.report ? e.research.report.report : `not in (due ${e.research.dueAt})`}`] : []),
        ...compositionLines(e.composition),
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

function assessmentStatus(a: Assessment): string {
  const state = a.report
    ? `received ${a.report.at} (${a.report.report}${a.report.summary ? `: ${a.report.summary}` : ''})`
    : a.overdue
      ? 'not received by its deadline'
      : `commissioned by ${a.commissionedBy}, due ${a.dueAt}: "${a.question}"`;
  return `by ${a.assessor}: ${state}`;
}

export function formatEntry(e: RegisterEntry): string {
  if (isDecision(e)) return formatDecision(e);
  if (e.kind === 'harmReview')
    return [
      `${e.decisionId}: BENEFIT AND HARM REVIEW of ${e.product.name} — worst harm ${e.worstHarm.toUpperCase()} (recorded ${e.recordedAt} by ${e.recordedBy}${e.overdue ? ', late' : ''})`,
      ...e.benefits.map((b) => `  benefit: ${b}`),
      ...e.harms.map((h) => `  harm: ${h}`),
      ...e.reportsTakenUp.map((r) => `  took up report ${r.reportId}: ${r.summary}`),
      `  evidence: ${e.evidence ? `${e.evidence.items.length} item(s)${e.evidence.problem ? ` (${e.evidence.problem})` : ''}` : 'none gathered'}`,
    ].join('\n');
  if (isInitiativeEntry(e)) return formatInitiativeEntry(e);
  if (e.kind === 'moderation') return `${e.decisionId}: ${moderationHeading(e)} on ${e.moderatedAt} — ${moderationSentence(e)}`;
  const present = e.attendance?.present ?? [];
  return [
    `${e.decisionId}: MINUTES of ${e.boardId} meeting ${e.meeting.startsAt} (published ${e.publishedAt})`,
    `  present: ${present.join(', ') || 'not recorded'}; apologies: ${e.apologies.join(', ') || 'none'}`,
    `  agenda: ${e.agenda.map((i) => `${i.itemId} (${i.productId}, ${i.gate})`).join('; ') || 'no items'}`,
    `  ${e.compositionSummary}`,
  ].join('\n');
}

const item = (i: AgendaItem) => `  ${i.itemId}: ${i.productName ?? i.productId} — ${i.gate}, requested by ${i.by}${i.carriedOverFrom ? `, carried over from ${i.carriedOverFrom}` : ''}; voting closes ${i.votingClosesAt}`;

export function formatBoard(b: BoardView): string {
  return [
    `Board ${b.boardId} (${b.state}${b.paused ? `: ${b.paused.reason}` : ''}) — chair ${b.roster.chair}; secretariat ${b.roster.secretariat.join(', ')}`,
    ...b.roster.members.map((m) => `  ${m.id.padEnd(10)} ${m.name}${m.technical === false ? ' (non-technical)' : ''}${m.expertise?.length ? ` — ${m.expertise.join(', ')}` : ''}`),
    b.compositionSummary,
    `Principles in force${b.principles.length ? ' (a request assesses each, by id or title):' : ': none'}`,
    ...b.principles.map((p) => `  ${p.id.padEnd(18)} ${p.title}`),
    `Products: ${b.products.join(', ') || 'none'}`,
    `Next meetings: ${b.upcomingMeetings.map((m) => `${m.meetingId} (papers by ${m.papersDeadline})`).join('; ') || 'none (paused)'}`,
    `Last change: ${b.changes.at(-1)?.change ?? '—'}`,
  ].join('\n');
}

export function formatProduct(p: ProductView): string {
  const lines = [
    `Product ${p.product.id} (${p.product.name}): ${p.stage}${p.suspended ? ', SUSPENDED' : ''}${p.stage === 'proposed' ? (p.prioritised ? ', prioritised' : ', not yet prioritised') : ''} — ${p.state}`,
    p.pending
      ? `Before the board: ${p.pending.reviewId} (${p.pending.gate})${p.pending.meetingId ? ` at meeting ${p.pending.meetingId}` : ' by written procedure'}; voting closes ${p.pending.votingClosesAt}`
      : `May request: ${p.mayRequest.join(', ') || 'nothing'}`,
    ...p.openConditions.map((c) => `  open condition ${c.conditionId}: ${c.text}`),
    ...p.decisions.slice(-5).map((d) => `  ${d.decisionId}: ${d.outcome}`),
  ];
  if (p.notice) lines.push(`Notice: ${p.notice}`);
  return lines.join('\n');
}

export function formatAgenda(a: Agenda): string {
  const lines = a.paused ? [`Meetings of ${a.boardId} are paused: ${a.paused.reason}`] : [];
  for (const { meeting, items } of a.meetings) lines.push(`${meeting.meetingId}: ${meeting.startsAt} (papers deadline ${meeting.papersDeadline})`, ...(items.length ? items.map(item) : ['  no items yet']));
  if (a.writtenProcedures.length) lines.push('Written procedures:', ...a.writtenProcedures.map(item));
  return lines.join('\n');
}

export function formatMeeting(m: MeetingView): string {
  return formatEntry({ ...m, publishedAt: m.state }).replace('MINUTES of', `${m.state.toUpperCase()} —`);
}

export function formatNotifications(list: Notice[]): string {
  return list.length ? list.map((n) => `${n.createdAt} ${n.subject}`).join('\n') : 'No notifications.';
}

export function formatReviews(rows: ReviewSummary[]): string {
  if (!rows.length) return 'No gate reviews yet.';
  return rows
    .map((r) => `${r.reviewId.padEnd(40)} ${(r.productId ?? '').padEnd(20)} ${(r.gate ?? '').padEnd(10)} ${(r.status ?? '').padEnd(16)} ${r.startedAt}`)
    .join('\n');
}

export function formatAudit(entries: AuditEntry[]): string {
  if (!entries.length) return 'No commands received yet.';
  return entries
    .map((e) => `${e.at} ${e.via.padEnd(6)} ${e.command.padEnd(20)} ${(e.by ?? '-').padEnd(10)} ${e.accepted ? 'accepted' : `REFUSED: ${e.reason}`}`)
    .join('\n');
}

const short = (text: string, max = 70) => (text.length > max ? `${text.slice(0, max - 1)}…` : text).replace(/\s+/g, ' ');

const reportStatusLabel: Record<ReportStatus, string> = {
  awaitingTriage: 'awaiting triage',
  carriedToReview: 'to be taken up by the next review',
  actionPlan: 'action plan under way',
  escalated: 'escalated to the product board',
  closed: 'closed',
};

/** One harm report, as its reporter or the secretariat follows it. */
export function formatHarmReport(r: HarmReportView): string {
  const lines = [
    `Harm report ${r.reportId}: ${reportStatusLabel[r.status]}`,
    `Reported ${r.reportedAt} ${r.reportedBy ? `by ${r.reportedBy}` : 'anonymously'}: ${r.summary}`,
  ];
  if (r.details) lines.push(`  details: ${r.details}`);
  if (r.triage) lines.push(`Triaged ${r.triage.severity.toUpperCase()} by ${r.triage.by} at ${r.triage.at}: ${r.triage.note}`);
  else lines.push(`Triage due by ${r.triageBy}${r.triageOverdue ? ' — OVERDUE: the board was told' : ''}`);
  const plan = r.actionPlan;
  if (plan) {
    lines.push(`Action plan${plan.owner ? ` (owner ${plan.owner})` : ''}, due ${plan.dueAt}: ${plan.description}`);
    if (plan.completed) lines.push(`  done by ${plan.completed.by} at ${plan.completed.at}: ${plan.completed.evidence}`);
    else if (plan.missed) lines.push('  NOT DONE by its due date: both boards were told');
  }
  if (r.status === 'escalated')
    lines.push(
      `The product board decides by written procedure whether to suspend the product or roll it back (put to it: ${r.triage?.remedy === 'rollback' ? 'roll back' : 'suspension'}); the initiative board was told. See "govern agenda" and "govern register".`,
    );
  if (r.addressedIn) lines.push(`Taken up by review ${r.addressedIn} (see "govern register").`);
  if (r.moderation) lines.push(...moderationLines(r.moderation));
  return lines.join('\n');
}

const watchStateLabel: Record<HarmWatchView['state'], string> = {
  resuming: 'resuming',
  watching: 'watching',
  gatheringEvidence: 'gathering evidence for a review',
  awaitingReview: 'awaiting a reviewer',
  publishingReview: 'publishing a review',
  suspended: 'SUSPENDED: reviews paused until the product is reinstated',
  stopped: 'stopped: the product is retired',
};

/** A live product's harm watch: its next review, the review under way, open reports, recent reviews. */
export function formatHarmWatch(w: HarmWatchView): string {
  const lines = [`Harm watch of ${w.productName} (${w.productId}, ${w.boardId}): ${watchStateLabel[w.state]}`, `Reviews counted from ${w.liveSinceOrIterated} (going live, or the latest iteration)`];
  if (w.nextReviewAt) lines.push(`Next review: ${w.nextReviewAt}`);
  const c = w.current;
  if (c) {
    const evidence = c.evidence ? `${c.evidence.items.length} evidence item(s)${c.evidence.problem ? ` (${c.evidence.problem})` : ''}` : 'evidence being gathered';
    lines.push(`Review under way: ${c.reviewId}, scheduled ${c.scheduledFor}, to be recorded by ${c.dueAt}${c.overdue ? ' — OVERDUE' : ''}; ${evidence}`);
    for (const item of c.evidence?.items ?? []) lines.push(`  ${item.at} ${item.source}: ${short(item.summary)}`);
  }
  lines.push(w.openReports.length ? `Open harm reports (${w.openReports.length}):` : 'Open harm reports: none');
  for (const r of w.openReports)
    lines.push(`  ${r.reportId.padEnd(28)} ${(r.triage?.severity ?? '-').padEnd(8)} ${reportStatusLabel[r.status]}${r.status === 'awaitingTriage' ? ` (by ${r.triageBy}${r.triageOverdue ? ', OVERDUE' : ''})` : ''} — ${short(r.summary, 50)}`);
  if (w.reviews.length) lines.push('Recent reviews:', ...w.reviews.slice(-5).map((r) => `  ${r.decisionId}: worst harm ${r.worstHarm}, recorded ${r.recordedAt} by ${r.recordedBy}${r.overdue ? ' (late)' : ''}`));
  return lines.join('\n');
}

/** Benefit and harm reviews across live products: those under way (overdue first marked), then the next of each. */
export function formatDueReviews(rows: DueReview[]): string {
  if (!rows.length) return 'No benefit and harm reviews are due: no product is live, or every live product is suspended.';
  return rows
    .map((r) =>
      r.underWay
        ? `${r.productId.padEnd(20)} ${(r.reviewId ?? '').padEnd(32)} to be recorded by ${r.dueAt}${r.overdue ? ' — OVERDUE' : ''}`
        : `${r.productId.padEnd(20)} ${'next review'.padEnd(32)} falls on ${r.dueAt}`,
    )
    .join('\n');
}

/** What a recovery did, for `govern board recover` and `govern initiative recover`: the first line. */
export function formatRecoveryHead(title: string, r: Recovery): string {
  const stopped = `${stoppedVerb[r.stopped.how]}${r.stopped.at ? ` at ${dateInWords(r.stopped.at)}` : ''}${r.stopped.reason ? ` (reason: ${r.stopped.reason})` : ''}`;
  const point = `event ${r.resetToEventId}${r.resetToAt ? `, ${dateInWords(r.resetToAt)}` : ''}${r.fromRunId === r.stopped.runId ? '' : `, of the earlier run ${r.fromRunId}`}`;
  return `${title} is running again (workflow ${r.workflowId}, run ${r.runId}). Its last run ${stopped}; Temporal reset it to its last good workflow task (${point}), so it holds everything it held then.`;
}

const meetingInWords = (m: { meetingId: string; startsAt: string; papersDeadline: string }) => `${m.meetingId} on ${dateInWords(m.startsAt)} (papers by ${dateInWords(m.papersDeadline)})`;
const noWorkerYet = (status: string) => `No worker has answered yet; once one runs (npm start), see what it holds with "${status}".`;

export function formatBoardRecovery(r: BoardRecovery): string {
  const head = formatRecoveryHead(`Board "${r.view?.boardId ?? r.workflowId.replace(/^board-/, '')}"`, r);
  if (!r.view) return `${head}\n${noWorkerYet('npx govern board')}`;
  const v = r.view;
  const next = v.upcomingMeetings[0];
  return [
    head,
    `Recovered: ${v.products.length} product(s), ${v.changes.length} change(s) in its log, ${v.agenda.length} item(s) on the agenda; ${next ? `next meeting ${meetingInWords(next)}` : v.paused ? `meetings paused (${v.paused.reason})` : 'no meeting ahead'}.`,
  ].join('\n');
}

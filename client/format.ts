/** Plain-text renderings for the `govern` command line. */
import { isDecision, type DecisionEntry, type RegisterEntry } from '../activities/decisionRegister';
import type { Delivered } from '../activities/outbox';
import type { AgendaItem } from '../machines/boardRules';
import type { BoardView } from '../machines/boardView';
import type { Assessment } from '../machines/gateReviewRules';
import type { GateReviewView } from '../machines/gateReviewView';
import type { MeetingView } from '../machines/meetingView';
import type { ProductView } from '../machines/productView';
import type { AuditEntry } from '../workflows/host/commands';
import type { Agenda, ReviewSummary } from './governanceClient';

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
    ...d.votes.map((v) => `  ${v.by}: ${v.choice}${v.reason ? ` — ${v.reason}` : ''}`),
    ...d.recusals.map((r) => `  ${r.by}: recused (${r.interest})`),
    ...d.conditions.map((c) => `  condition (${c.setBy}): ${c.text}`),
  ];
  if (d.castingVote) lines.push(`  casting vote by ${d.castingVote.by}: ${d.castingVote.choice}`);
  if (d.assessment) lines.push(`  assessment ${assessmentStatus(d.assessment)}`);
  if (d.composition && !d.composition.met) lines.push(`  composition: below policy — needs ${d.composition.unmet.join('; ')}`);
  if (d.procedure === 'written') lines.push('  decided by written procedure');
  return lines.join('\n');
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
    `Products: ${b.products.map((p) => p.id).join(', ') || 'none'}`,
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

export function formatNotifications(list: Delivered[]): string {
  return list.length ? list.map((n) => `${n.deliveredAt} ${n.subject}`).join('\n') : 'No notifications.';
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

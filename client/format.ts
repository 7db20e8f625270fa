/** Plain-text renderings for the `govern` command line. */
import type { RegisterEntry } from '../activities/decisionRegister';
import type { GateReviewView } from '../machines/gateReviewView';
import type { AuditEntry } from '../workflows/host/commands';
import type { ReviewSummary } from './governanceClient';

export function formatView(view: GateReviewView): string {
  const lines = [
    `Gate review ${view.reviewId}: ${view.product.name ?? view.product.id} ${view.product.stage} → ${view.gate} (${view.boardId})`,
    `State: ${view.state}. ${view.summary}`,
    `Requested by ${view.requestedBy} at ${view.openedAt}; voting closes ${view.votingClosesAt}`,
    `Voted: ${view.voted.length ? view.voted.join(', ') : 'nobody yet'}`,
  ];
  if (view.yetToVote.length && !view.decision) lines.push(`Yet to vote: ${view.yetToVote.map((m) => m.id).join(', ')}`);
  if (view.recusals.length) lines.push(`Recused: ${view.recusals.map((r) => `${r.by} (${r.interest})`).join(', ')}`);
  if (view.decision) lines.push('', formatDecision(view.decision));
  return lines.join('\n');
}

const outcomeLabel: Record<RegisterEntry['outcome'], string> = {
  approved: 'APPROVED',
  approvedWithConditions: 'APPROVED WITH CONDITIONS',
  rejected: 'REJECTED',
  deferred: 'DEFERRED',
};

export function formatDecision(d: Omit<RegisterEntry, 'publishedAt'> & { publishedAt?: string }): string {
  const lines = [
    `${d.decisionId}: ${outcomeLabel[d.outcome]} — ${d.product.id} ${d.product.stage} → ${d.gate}${d.publishedAt ? ` (published ${d.publishedAt})` : ''}`,
    `  ${d.explanation}`,
    ...d.votes.map((v) => `  ${v.by}: ${v.choice}${v.reason ? ` — ${v.reason}` : ''}`),
    ...d.recusals.map((r) => `  ${r.by}: recused (${r.interest})`),
    ...d.conditions.map((c) => `  condition (${c.setBy}): ${c.text}`),
  ];
  if (d.castingVote) lines.push(`  casting vote by ${d.castingVote.by}: ${d.castingVote.choice}`);
  return lines.join('\n');
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
    .map((e) => `${e.at} ${e.via.padEnd(6)} ${e.command.padEnd(16)} ${(e.by ?? '-').padEnd(10)} ${e.accepted ? 'accepted' : `REFUSED: ${e.reason}`}`)
    .join('\n');
}

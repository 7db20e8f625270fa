/**
 * What people are told when a record they follow is published: a subject and
 * a body in plain words, with where to read the whole record.
 */
import type { PublishedRecord } from './decisionRegister';

// Each body names a govern command that exists: the initiative board's records are read with
// "govern initiative minutes" (govern register has no --board option).

export function noticeOf(record: PublishedRecord): { subject: string; body: string } {
  switch (record.kind) {
    case 'gateReview':
      return {
        subject: `Decision ${record.decisionId}: ${record.outcome} (${record.product.name ?? record.product.id}, ${record.gate})`,
        body: `${record.explanation}\nRead it in the register: govern register --product ${record.product.id}`,
      };
    case 'initiativeDecision':
      return {
        subject: `Initiative board decision ${record.decisionId}: ${record.outcome} (${record.title})`,
        body: `${record.explanation}${record.effect ? `\n${record.effect}` : ''}\nRead it in the register: govern initiative minutes`,
      };
    case 'initiativeMinutes':
      return {
        subject: `Minutes of the ${record.boardId} meeting on ${record.meeting.startsAt}`,
        body: `${record.items.map((i) => `${i.itemId} ${i.title}: ${i.outcome}`).join('\n') || 'No items.'}\n${record.compositionSummary}\nRead them in the register: govern initiative minutes`,
      };
    case 'submissionTriage':
      return {
        subject: `Your submission ${record.submissionId} was ${record.outcome}`,
        body: `"${record.title}": ${record.reason}${record.itemId ? `\nIt is now agenda item ${record.itemId}.` : ''}\nFollow it with: govern initiative follow ${record.submissionId}`,
      };
    default:
      return { subject: `Published ${record.decisionId}`, body: `Read it in the register: govern register` };
  }
}

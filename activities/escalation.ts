/**
 * Escalating a high or critical harm: the product board is asked, by written
 * procedure called in its chair's name, to suspend the product or (when the
 * triage asked for it) to roll it back, and both boards are told, with the
 * other choice open to them. Idempotent: a retry finds the item already
 * before the board and only re-sends notices the outbox already holds.
 */
import { getClient } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { Escalation } from '../machines/harmWatchMachine';
import type { Remedy } from '../machines/harmWatchSchema';
import { boardProcessId, boardStatusQuery } from '../workflows/boardMessages';
import { productProcessId, requestGate } from '../workflows/productMessages';
import { deliver } from './outbox';
import { explainFailure } from '../client/processes';
import { CommandRefused } from '../client/errors';

/** What each remedy asks of the board, in words. */
const remedyWords: Record<Remedy, string> = {
  suspension: 'suspend the product until a reinstatement decision',
  rollback: 'roll it back to the version before its latest change, keeping it live',
};

export async function escalateHarm(outboxDir: string, e: Escalation, client: Client = getClient()): Promise<{ reviewId?: string; note?: string }> {
  const board = await client.workflow.getHandle(boardProcessId(e.boardId)).query(boardStatusQuery);
  const chair = board.roster.chair;
  // Escalations scheduled before roll back existed carry no remedy: they asked for a suspension.
  const asked: Remedy = (e.remedy as Remedy | undefined) ?? 'suspension';
  const other: Remedy = asked === 'rollback' ? 'suspension' : 'rollback';
  let outcome: { reviewId?: string; note?: string };
  try {
    const view = await client.workflow.getHandle(productProcessId(e.productId)).executeUpdate(requestGate.update, {
      args: [{ by: chair, gate: asked, procedure: 'written', deadline: e.decideBy, papers: [], selfAssessment: [] }],
    });
    outcome = { reviewId: view.pending!.reviewId };
  } catch (err) {
    const explained = await explainFailure(client, { noun: 'product', id: e.productId, hint: '' }, err);
    if (!(explained instanceof CommandRefused)) throw err;
    // Already before the board (a retry, or another item): the board is seized of the product either way.
    if (!/already has .* before the board|is suspended|is retired/.test(explained.message))
      throw ApplicationFailure.create({ type: 'EscalationRefused', message: explained.message });
    outcome = { note: explained.message };
  }
  await deliver(outboxDir, {
    notificationId: `escalation-${e.subjectId}`,
    to: [...board.roster.members.map((m) => m.id), ...board.roster.secretariat, 'initiative-board'],
    subject: `Escalated ${e.severity} harm on ${e.productId}: the product board decides by written procedure whether to suspend it or roll it back`,
    body:
      `${e.summary}\nPut to the board: ${remedyWords[asked]}. Vote by ${e.decideBy}${outcome.reviewId ? ` on ${outcome.reviewId}` : ''}.\n` +
      `Or ${remedyWords[other]}: reject this item, and the chair requests the ${other} gate by written procedure.`,
  });
  return outcome;
}

/**
 * Escalating a high or critical harm: the product board is asked, by written
 * procedure called in its chair's name, to suspend the product or (when the
 * triage asked for it) to roll it back, and both boards are told, with the
 * other choice open to them. Idempotent: a retry finds the item already
 * before the board and only re-sends notices the database already holds (once per recipient). A
 * refusal is final (retrying cannot change the product's answer): both boards
 * are told it, with what the chair can do. Anything else (the product or the
 * board it asks could not answer: `Unavailable`, the server away) is thrown,
 * and Temporal retries the escalation.
 */
import { getClient } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import { escalationNotice, escalationRequest, remedyOf, type Escalation } from '../machines/harmWatch/rules';
import { boardProcessId, productProcessId } from '../machines/kernel/ids';
import { boardStatusQuery } from '../workflows/productBoard/messages';
import { productStatusQuery, requestGate } from '../workflows/product/messages';
import { CommandRefused, readFailure } from '../workflows/host/failures';
import type { Db } from '../store/database';
import { recordNotification } from '../store/notices';
import type { CommandSigner } from '../trust/commandSigner';
import { proofFromThisWorkflow } from './processCommands';

/**
 * The harm watch decides what is asked and what is said (harmWatchRules); this asks the board for its chair, requests, and tells.
 *
 * @throws whatever is not the product's refusal (an `Unavailable` placement, an unreachable server): retried by Temporal.
 * @example
 * await escalateHarm(store.db, escalation); // → { reviewId: 'gr-benefits-map-suspension-4' }
 */
export async function escalateHarm(db: Db, e: Escalation, signer: CommandSigner, client: Client = getClient()): Promise<{ reviewId?: string; note?: string }> {
  const { roster } = await client.workflow.getHandle(boardProcessId(e.boardId)).query(boardStatusQuery);
  let outcome: { reviewId?: string; note?: string };
  try {
    const request = escalationRequest(e, roster.chair);
    // Signed by the worker in the harm watch's name, which the product takes a suspension request from.
    const proof = await proofFromThisWorkflow(signer, productProcessId(e.productId), requestGate.name, request);
    const receipt = await client.workflow.getHandle(productProcessId(e.productId)).executeUpdate(requestGate.update, { args: [request, proof] });
    outcome = { reviewId: receipt.created! };
  } catch (err) {
    const failure = readFailure(err, { noun: 'product', id: e.productId });
    // Only a refusal is an answer; a transient failure must stay one, so the escalation is tried again.
    if (!(failure instanceof CommandRefused)) throw failure ?? err;
    // A retry finds its own item before the board; any other refusal is told to both boards.
    const { pending } = await client.workflow
      .getHandle(productProcessId(e.productId))
      .query(productStatusQuery)
      .catch(() => ({ pending: undefined }));
    outcome = pending?.gate === remedyOf(e) ? { reviewId: pending.reviewId } : { note: failure.message };
  }
  await recordNotification(db, escalationNotice(e, roster, outcome.reviewId, outcome.note));
  return outcome;
}

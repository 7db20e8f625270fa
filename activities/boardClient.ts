/**
 * Activities that ask the board process for what only it knows: a place on
 * its agenda, or whether a person holds a role. A refusal is an answer, not a
 * fault: it comes back as `{ refused }` (so the worker logs no failure and
 * Temporal retries nothing), and the asking process refuses its own command.
 * A board that could not answer is not a refusal: that is thrown and retried,
 * and once the retries run out the asking process says `Unavailable`.
 */
import { getClient } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import { isMember, isSecretariat } from '../machines/kernel/roster';
import { isRefusal, type Refusal } from '../machines/kernel/effects';
import type { AgendaRequest, Placement } from '../machines/product/schema';
import { boardProcessId } from '../machines/kernel/ids';
import { boardStatusQuery, placeItem } from '../workflows/productBoard/messages';
import type { BoardView } from '../machines/productBoard/view';
import { CommandRefused, InvalidCommand, NotFound, readFailure } from '../workflows/host/failures';
import type { CommandSigner } from '../trust/commandSigner';
import { proofFromThisWorkflow } from './processCommands';

async function ask<T>(boardId: string, question: () => Promise<T>): Promise<T | Refusal> {
  try {
    return await question();
  } catch (err) {
    const failure = readFailure(err, { noun: 'board', id: boardId });
    if (failure instanceof CommandRefused || failure instanceof InvalidCommand) return { refused: failure.message };
    if (failure instanceof NotFound) return { refused: `Board ${boardId} is not running; start it with "govern board open".` };
    throw failure ?? err; // transient (or a bug): retried
  }
}

/**
 * Puts an item on the board's agenda (idempotent by item id: a retry gets the same place) and
 * returns the place with the board as it stands, or the board's reason for refusing it.
 * Anything else (the server unreachable) throws and is retried.
 *
 * The place comes from the Update's receipt, read from the state the placement left (a query a
 * moment later may find the item gone to its meeting); the item is the one sent, which the board
 * keeps as it was sent (the product parsed it already); the board's facts are read by query.
 */
export async function placeOnAgenda({ boardId, item }: AgendaRequest, signer: CommandSigner, client: Client = getClient()): Promise<Placement | Refusal> {
  const board = client.workflow.getHandle(boardProcessId(boardId));
  // Signed afresh on every attempt: the board places an item once by its id, and answers a retry with the same place.
  const proof = await proofFromThisWorkflow(signer, boardProcessId(boardId), placeItem.name, item);
  const receipt = await ask(boardId, () => board.executeUpdate(placeItem.update, { args: [item, proof] }));
  if (isRefusal(receipt)) return receipt;
  if (!receipt.placed) throw new Error(`Board ${boardId} accepted item ${item.itemId} but did not say where it went`);
  const view = await ask(boardId, () => board.query(boardStatusQuery));
  if (isRefusal(view)) return view;
  return { item: { ...item, ...receipt.placed }, board: boardFacts(view) };
}

export const boardFacts = (view: BoardView): Placement['board'] => ({
  roster: view.roster,
  policy: view.policy,
  principles: view.principles,
  composition: view.composition,
  subscribers: view.subscribers,
});

export interface RoleCheck {
  readonly boardId: string;
  readonly personId: string;
  /** `reviewer`: a member or the secretariat. */
  readonly role: 'secretariat' | 'member' | 'chair' | 'reviewer';
  /** What the person tried to do, for the refusal: "close a condition". */
  readonly action: string;
  /**
   * Also answer the board's subscribers, for a command whose outcome they are told of (a benefit and harm
   * review). Left out, the answer is nothing, as it always was, so older histories read the same.
   */
  readonly withSubscribers?: true;
}

/** A role held, when the check asked for the board's subscribers: their person ids (their addresses stay in PostgreSQL). */
export interface RoleHeld {
  readonly subscribers: readonly string[];
}

/**
 * Checks that a person holds a role on the board now: nothing when they do (or, asked `withSubscribers`,
 * the board's subscribers of the moment), the reason when they do not.
 *
 * Reads the board's status query, so it changes nothing and may run any number of times. A board that
 * is not running is a refusal; one that cannot be reached throws, and Temporal retries (5 attempts).
 *
 * @example
 * await authorise({ boardId: 'product-board', personId: 'm-chen', role: 'reviewer', action: 'record a review', withSubscribers: true });
 * // → { subscribers: ['p-zoe'] }, or { refused: 'm-chen may not record a review: on board product-board only …' }
 */
export async function authorise({ boardId, personId, role, action, withSubscribers }: RoleCheck, client: Client = getClient()): Promise<Refusal | RoleHeld | undefined> {
  const view = await ask(boardId, () => client.workflow.getHandle(boardProcessId(boardId)).query(boardStatusQuery));
  if (isRefusal(view)) return view;
  const secretariat = isSecretariat(view.roster, personId);
  const member = isMember(view.roster, personId);
  const holds = { secretariat, chair: view.roster.chair === personId, member, reviewer: member || secretariat }[role];
  if (!holds) {
    const who = {
      secretariat: `the secretariat (${view.roster.secretariat.join(', ')})`,
      chair: `the chair (${view.roster.chair})`,
      member: 'its members',
      reviewer: `its members and the secretariat`,
    }[role];
    return { refused: `${personId} may not ${action}: on board ${boardId} only ${who} may.` };
  }
  return withSubscribers ? { subscribers: view.subscribers } : undefined;
}

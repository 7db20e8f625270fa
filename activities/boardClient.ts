/**
 * Activities that ask the board process for what only it knows: a place on
 * its agenda, or whether a person holds a role. A refusal is an answer, so it
 * is thrown as a non-retryable `Refused` failure that the asking process
 * turns into a refusal of its own command.
 */
import { getClient } from '@temporalio/activity';
import { WorkflowNotFoundError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { isMember, isSecretariat } from '../machines/board';
import type { AgendaRequest, Placement } from '../machines/productSchema';
import { boardProcessId, boardStatusQuery, placeItem } from '../workflows/boardMessages';
import type { BoardView } from '../machines/boardView';

const refused = (message: string) => ApplicationFailure.create({ type: 'Refused', message, nonRetryable: true });

async function ask<T>(boardId: string, question: () => Promise<T>): Promise<T> {
  try {
    return await question();
  } catch (err) {
    if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure) throw refused(err.cause.message);
    if (err instanceof WorkflowNotFoundError) throw refused(`Board ${boardId} is not running; start it with "govern board open".`);
    throw err;
  }
}

/**
 * Puts an item on the board's agenda (idempotent by item id: a retry gets the same place) and
 * returns the place with the board as it stands. Throws `Refused` with the board's reason.
 */
export async function placeOnAgenda({ boardId, item }: AgendaRequest, client: Client = getClient()): Promise<Placement> {
  const view = await ask(boardId, () => client.workflow.getHandle(boardProcessId(boardId)).executeUpdate(placeItem.update, { args: [item] }));
  const placed = view.agenda.find((i) => i.itemId === item.itemId);
  if (!placed) throw new Error(`Board ${boardId} accepted item ${item.itemId} but it is not on its agenda`);
  return { item: placed, board: boardFacts(view) };
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
  readonly role: 'secretariat' | 'member' | 'chair';
  /** What the person tried to do, for the refusal: "close a condition". */
  readonly action: string;
}

/** Checks that a person holds a role on the board now. Throws `Refused` when they do not. */
export async function authorise({ boardId, personId, role, action }: RoleCheck, client: Client = getClient()): Promise<void> {
  const view = await ask(boardId, () => client.workflow.getHandle(boardProcessId(boardId)).query(boardStatusQuery));
  const holds = role === 'secretariat' ? isSecretariat(view.roster, personId) : role === 'chair' ? view.roster.chair === personId : isMember(view.roster, personId);
  if (!holds) {
    const who = role === 'secretariat' ? `the secretariat (${view.roster.secretariat.join(', ')})` : role === 'chair' ? `the chair (${view.roster.chair})` : 'its members';
    throw refused(`${personId} may not ${action}: on board ${boardId} only ${who} may.`);
  }
}

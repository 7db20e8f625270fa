/**
 * The `authorise` activity reads the board's status: a role held answers nothing, as it always did,
 * unless the check asks for the board's subscribers (a benefit and harm review), who are then answered
 * as the board has them at that moment: person ids, nothing else.
 */
import type { Client } from '@temporalio/client';
import { describe, expect, it } from 'vitest';
import { authorise, type RoleCheck } from '../../activities/boardClient';
import { boardMachine, type BoardEvent, type BoardSnapshot } from '../../machines/productBoard/machine';
import { boardView } from '../../machines/productBoard/view';
import { at, openBoard, run, HOUR } from '../support/boardFixtures';

/** The board as a client sees it: its status query answers with its view. */
const boardClient = (s: BoardSnapshot) => ({ workflow: { getHandle: () => ({ query: async () => boardView(s) }) } }) as unknown as Client;
const subscribe = (by: string, t: number): BoardEvent => ({ type: 'subscriber.added', by, at: at(t) });
const unsubscribe = (by: string, t: number): BoardEvent => ({ type: 'subscriber.removed', by, at: at(t) });
const board = run(boardMachine, openBoard()[0], subscribe('citizen-1', HOUR), subscribe('citizen-2', 2 * HOUR), unsubscribe('citizen-1', 3 * HOUR));

const check: RoleCheck = { boardId: 'product-board', personId: 'm2', role: 'reviewer', action: 'record a benefit and harm review' };

describe('authorise', () => {
  it('answers nothing for a role held when the subscribers are not asked for', async () => {
    expect(await authorise(check, boardClient(board))).toBeUndefined();
  });

  it('answers the board’s subscribers of the moment when the check asks for them', async () => {
    expect(await authorise({ ...check, withSubscribers: true }, boardClient(board))).toEqual({ subscribers: ['citizen-2'] });
    expect(await authorise({ ...check, withSubscribers: true }, boardClient(openBoard()[0]))).toEqual({ subscribers: [] });
  });

  it('refuses someone without the role, and tells them nothing of the subscribers', async () => {
    expect(await authorise({ ...check, personId: 'citizen-2', withSubscribers: true }, boardClient(board))).toEqual({
      refused: 'citizen-2 may not record a benefit and harm review: on board product-board only its members and the secretariat may.',
    });
  });
});

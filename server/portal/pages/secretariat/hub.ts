/**
 * The board-business page: each task a roster lets the person signed in do, from the tasks each page
 * module offers (./index.ts lists them), so a new page is offered by adding its task where it is served.
 */
import type { FastifyInstance } from 'fastify';
import { rolesOn, type BoardKind } from '../../../roles';
import type { Portal } from '../../plugin';
import type { Duty } from './duty';

/** A line on the board-business page: offered to whoever holds one of `for`'s duties on its board. */
export interface Task {
  readonly href: string;
  readonly text: string;
  readonly hint: string;
  readonly for: readonly (readonly [BoardKind, Duty])[];
}

export function hubPage(scope: FastifyInstance, portal: Portal, tasks: readonly Task[]): void {
  const { context, pages } = portal;
  scope.get('/secretariat', async (request, reply) => {
    const viewer = await portal.signedIn(request, reply);
    if (!viewer) return reply;
    const { answered } = await context.boards.rosters();
    const on = ([board, role]: readonly [BoardKind, Duty]) => answered.some((a) => a.board === board && rolesOn(a, viewer.personId).some((r) => r.role === role));
    const offered = tasks.filter((t) => t.for.some(on)).map(({ href, text, hint }) => ({ href, text, hint }));
    if (!offered.length)
      return pages.page(request, reply.code(403), 'message.njk', { title: 'This page is not for you', viewer }, {
        heading: 'This page is not for you',
        message: `It is for the secretariat and the chairs of the boards. Neither board's list of members and roles names you (${viewer.personId}) as such, so nothing is shown here.`,
      });
    return pages.page(request, reply, 'secretariat.njk', { title: 'Board business', viewer }, { tasks: offered });
  });
}

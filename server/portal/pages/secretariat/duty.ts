/**
 * Who may open a page of board business: what a board's roster says now (asked of the board's process,
 * as every role is: server/roles.ts), never what a request says. Anyone else gets a page saying so, and
 * nothing is done; the engine checks each command again in its own rules.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { rolesOn, type BoardAnswer, type BoardKind } from '../../../roles';
import type { ServerContext } from '../../../routes/context';
import type { Portal } from '../../plugin';
import type { Viewer } from '../../render';

export type Duty = 'secretariat' | 'chair';

/** A person on duty at one board: who, the board's roster as it answered, and the duties it gives them that the page asked for. */
export interface OnDuty {
  readonly viewer: Viewer;
  readonly answer: BoardAnswer;
  readonly holds: readonly Duty[];
}

/**
 * The duties the rosters of the boards that answer give `personId` now that these pages serve (for the
 * menu and the attendance pages): the secretariat of either board, the chair of either board (the
 * product board's settles ties and calls written procedures; the initiative board's gives casting votes).
 */
export async function dutiesOf(context: ServerContext, personId: string): Promise<Duty[]> {
  const { answered } = await context.boards.rosters();
  const roles = answered.flatMap((a) => rolesOn(a, personId));
  return [
    ...(roles.some((r) => r.role === 'secretariat') ? (['secretariat'] as const) : []),
    ...(roles.some((r) => r.role === 'chair') ? (['chair'] as const) : []),
  ];
}

export const boardWords: Readonly<Record<BoardKind, string>> = { productBoard: 'the product board', initiativeBoard: 'the initiative board' };

/** The two checks every page of board business starts with. */
export function dutyChecks(portal: Portal): {
  onDuty(request: FastifyRequest, reply: FastifyReply, board: BoardKind, duties: readonly Duty[]): Promise<OnDuty | undefined>;
  secretariatOfEither(request: FastifyRequest, reply: FastifyReply): Promise<Viewer | undefined>;
} {
  const { context, pages } = portal;
  /**
   * The person signed in and the roster of `board`, when that roster names them in one of `duties`;
   * otherwise undefined, after sending them to sign in, or a page saying the board does not answer,
   * or one saying this page is not theirs.
   */
  const onDuty = async (request: FastifyRequest, reply: FastifyReply, board: BoardKind, duties: readonly Duty[]): Promise<OnDuty | undefined> => {
    const viewer = await portal.signedIn(request, reply);
    if (!viewer) return undefined;
    const { answered } = await context.boards.rosters();
    const answer = answered.find((a) => a.board === board);
    if (!answer) {
      pages.page(request, reply.code(503), 'message.njk', { title: 'The board does not answer', viewer }, {
        heading: 'The board does not answer just now',
        message: `We could not ask ${boardWords[board]} who its secretariat and chair are, so this page cannot be shown. Nothing was done. Try again in a minute.`,
      });
      return undefined;
    }
    const holds = rolesOn(answer, viewer.personId)
      .map((r) => r.role)
      .filter((r): r is Duty => (duties as readonly string[]).includes(r));
    if (!holds.length) {
      const who = `${duties.map((d) => `the ${d}`).join(' or ')} of ${boardWords[board]}`;
      pages.page(request, reply.code(403), 'message.njk', { title: 'This page is not for you', viewer }, {
        heading: 'This page is not for you',
        message: `It is for ${who}. The board's list of members and roles does not name you (${viewer.personId}) as such, so nothing is shown here and nothing was done. If it should, ask the secretariat to record it.`,
      });
      return undefined;
    }
    return { viewer, answer, holds };
  };

  /** The person signed in, when a roster names them secretariat of either board; otherwise undefined after a page says why. */
  const secretariatOfEither = async (request: FastifyRequest, reply: FastifyReply): Promise<Viewer | undefined> => {
    const viewer = await portal.signedIn(request, reply);
    if (!viewer) return undefined;
    if ((await dutiesOf(context, viewer.personId)).includes('secretariat')) return viewer;
    pages.page(request, reply.code(403), 'message.njk', { title: 'This page is not for you', viewer }, {
      heading: 'This page is not for you',
      message: `It is for the secretariat of the boards. Neither board's list of members and roles names you (${viewer.personId}) as its secretariat, so nothing is shown here and nothing was done.`,
    });
    return undefined;
  };

  return { onDuty, secretariatOfEither };
}

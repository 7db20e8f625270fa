/**
 * What anyone may read, signed in or not: what the two boards are and when they next meet, the initiative
 * board's strategy in force and how each of its KPIs is going, and the decision register, as a list with
 * filters and a page per entry.
 *
 *   GET /                       the boards, their next meetings, and the strategy's KPIs
 *   GET /register               the register, newest first, filtered by board, product, outcome and date
 *   GET /register/:decisionId   one entry in full
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { recordId } from '../../../machines/kernel/schema';
import { parseInput } from '../../input';
import { governanceOf } from '../../routes/processes';
import { problemOfIssues } from '../forms';
import { withViewer, type Portal } from '../plugin';
import { filtered, inWords, lineOf, pageOf, registerFilters } from '../register';
import { boardIdOf } from '../../roles';
import { cardParts } from '../../../machines/initiativeBoard/goodDataCard';
import type { RegisterEntry } from '../../../store/records';
import { flaggedInWords } from '../moderation';

/** Whatever a board says of itself now, or why it cannot: the page shows the rest either way. */
async function answerOf<T>(ask: () => Promise<T>): Promise<{ value?: T; silent?: string }> {
  try {
    return { value: await ask() };
  } catch {
    return { silent: 'This board does not answer just now, so its next meeting is not shown. Try again later.' };
  }
}

export function publicPages(scope: FastifyInstance, portal: Portal): void {
  const { context, pages } = portal;

  scope.get('/', async (request, reply) => {
    const viewer = await portal.viewer(request);
    const governance = governanceOf(context);
    const product = boardIdOf(context.boards, 'productBoard');
    const initiative = boardIdOf(context.boards, 'initiativeBoard');
    const [agenda, quarter] = await Promise.all([
      product ? answerOf(() => governance.agenda(product)) : Promise.resolve({}),
      // Its next meeting, and the strategy it decided with each KPI's trend: the figures the secretariat records are for anyone to follow.
      initiative
        ? answerOf(async () => {
            const view = await governance.initiative(initiative).status();
            return { ...view.quarter, ...(view.strategy ? { strategy: { focus: view.strategy.focus, decisionId: view.strategy.decisionId, trends: view.strategy.trends } } : {}) };
          })
        : Promise.resolve({}),
    ]);
    return pages.page(request, reply, 'home.njk', { title: 'Home', ...withViewer(viewer) }, { agenda, quarter });
  });

  scope.get('/register', async (request, reply) => {
    const viewer = await portal.viewer(request);
    const asked = registerFilters.safeParse(request.query ?? {});
    const { lines, outcomes, products } = await portal.registerLines();
    if (!asked.success)
      return pages.page(request, reply.code(400), 'register.njk', { title: 'Decisions', ...withViewer(viewer), problem: problemOfIssues(asked.error, { board: 'board', product: 'product', outcome: 'outcome', from: 'from', to: 'to' }, 'board') }, {
        lines: [],
        outcomes,
        products,
        filters: request.query ?? {},
      });
    const shown = pageOf(filtered(lines, asked.data), asked.data.page);
    // The pagination's links keep the filters; only the page changes.
    const linkTo = (page: number) => `/register?${new URLSearchParams({ ...Object.fromEntries(Object.entries(asked.data).filter(([k, v]) => k !== 'page' && v)), page: String(page) } as Record<string, string>)}`;
    return pages.page(request, reply, 'register.njk', { title: 'Decisions', ...withViewer(viewer) }, {
      ...shown,
      outcomes,
      products,
      filters: asked.data,
      pagination: shown.pages > 1 ? {
        ...(shown.page > 1 ? { previous: { href: linkTo(shown.page - 1) } } : {}),
        ...(shown.page < shown.pages ? { next: { href: linkTo(shown.page + 1) } } : {}),
        items: Array.from({ length: shown.pages }, (_, i) => ({ number: i + 1, href: linkTo(i + 1), current: i + 1 === shown.page })),
      } : undefined,
    });
  });

  scope.get('/register/:decisionId', async (request, reply) => {
    const { decisionId } = parseInput(z.strictObject({ decisionId: recordId.max(300) }), request.params, 'Cannot show that entry');
    const viewer = await portal.viewer(request);
    const entry = (await portal.register()).find((e) => e.decisionId === decisionId);
    if (!entry)
      return pages.page(request, reply.code(404), 'message.njk', { title: 'No such entry', ...withViewer(viewer) }, {
        heading: 'No such entry',
        message: `The register has no entry ${decisionId}. Look for it in the list of decisions.`,
      });
    return pages.page(request, reply, 'entry.njk', { title: lineOf(entry).heading, ...withViewer(viewer) }, {
      entry,
      line: lineOf(entry),
      words: inWords,
      card: goodDataCardOf(entry),
      // A moderation decision's flags in words: how many and why, never who (the record keeps no more).
      flagged: entry.kind === 'moderation' ? flaggedInWords(entry.flags, entry.flagReasons) : undefined,
    });
  });
}

/** The good-data card a recognition was decided on, as rows for the page: what the board saw with its decision. */
function goodDataCardOf(entry: RegisterEntry): { key: { text: string }; value: { text: string } }[] | undefined {
  const card = entry.kind === 'initiativeDecision' && entry.proposal.decision === 'recognition' ? entry.proposal.resource.card : undefined;
  return card && cardParts.map(([part, heading]) => ({ key: { text: heading }, value: { text: card[part] } }));
}

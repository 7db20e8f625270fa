/**
 * The decisions as an Atom feed, for anyone who follows them in a feed reader or another system:
 * the newest entries of the register, each linking to its page. Written by the `feed` package, which
 * makes the XML; it marks titles and summaries as HTML, so a text a person wrote (a submission's
 * title) is escaped as HTML first, by the same escape the pages use, or a feed reader would run its markup.
 *
 *   GET /register/feed.atom   the latest decisions, newest first
 */
import type { FastifyInstance } from 'fastify';
import { Feed } from 'feed';
import nunjucks from 'nunjucks';
import type { Portal } from '../plugin';
import { serviceName } from '../render';

/** Nunjucks' own escape filter: the one every page applies to what it shows. */
const escape = new nunjucks.Environment().getFilter('escape') as (text: string) => unknown;
/** Text as HTML that shows it as it is. */
const asHtml = (text: string): string => String(escape(text));

/** A reader polls the feed; the newest entries are all it needs. */
const FEED_ENTRIES = 50;

export function feedPages(scope: FastifyInstance, portal: Portal): void {
  const { context } = portal;
  const site = context.settings.publicUrl;

  scope.get('/register/feed.atom', async (_request, reply) => {
    const lines = (await portal.registerLines()).lines.slice(0, FEED_ENTRIES);
    const feed = new Feed({
      id: `${site}/register`,
      title: `${serviceName}: decisions of the boards`,
      link: `${site}/register`,
      feedLinks: { atom: `${site}/register/feed.atom` },
      updated: lines[0] ? new Date(lines[0].publishedAt) : new Date(0),
      copyright: 'Published openly by the boards.',
      generator: false,
    });
    for (const line of lines)
      feed.addItem({
        id: `${site}/register/${line.decisionId}`,
        title: asHtml(line.heading),
        link: `${site}/register/${line.decisionId}`,
        date: new Date(line.publishedAt),
        description: asHtml(`The ${line.board} board: ${line.outcome}.`),
      });
    return reply.type('application/atom+xml; charset=utf-8').send(feed.atom1());
  });
}

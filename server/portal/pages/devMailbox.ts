/**
 * The local mailbox: on one's own machine, with no mail server, the sign-in codes and the messages
 * the engine would have mailed, so a newcomer who ran `npm start` can sign in as each person the
 * board files name and try every role from the browser.
 *
 *   GET /dev/mailbox     the last sign-in codes, then everyone's latest messages
 *
 * Served only when both hold: no SMTP_URL (the codes go to the server's terminal: `shown` is the
 * terminal sender's memory of them) and the server listens on a loopback address, so only this
 * machine can open it — the same people who can read that terminal. An organisation's server, with
 * its mail server or on a network address, has no such page: the address answers "page not found".
 */
import type { FastifyInstance } from 'fastify';
import { readWholeMailbox } from '../../../store/deliveries';
import { isLoopback } from '../../settings';
import { withViewer, type Portal } from '../plugin';

/** Everyone's latest messages the page shows: enough for a few people trying the roles. */
export const mailboxMessagesShown = 50;

export const devMailboxPath = '/dev/mailbox';

/** Whether this server shows the local mailbox (see the module's comment). */
export const servesDevMailbox = (context: Portal['context']): boolean => context.codes.kind === 'terminal' && context.codes.shown !== undefined && isLoopback(context.settings.host);

export function devMailboxPages(scope: FastifyInstance, portal: Portal): void {
  const shown = portal.context.codes.shown;
  if (!servesDevMailbox(portal.context) || !shown) return;
  scope.get(devMailboxPath, async (request, reply) => {
    const [viewer, messages] = await Promise.all([portal.viewer(request), readWholeMailbox(portal.context.db, mailboxMessagesShown)]);
    // Never kept by a browser or a proxy: a code on this page signs someone in.
    void reply.header('cache-control', 'no-store');
    return portal.pages.page(request, reply, 'dev-mailbox.njk', { title: 'Local mailbox', ...withViewer(viewer) }, {
      codes: shown().map((c) => ({ to: c.to, code: `${c.code.slice(0, 3)} ${c.code.slice(3)}`, validFor: c.validFor, at: c.at.toISOString() })),
      messages: messages.map((m) => ({ personId: m.person_id, subject: m.subject, text: m.text, at: m.sent_at.toISOString() })),
      limit: mailboxMessagesShown,
    });
  });
}

/**
 * Signing in from a browser, by the same code and the same rules as the API (../../signIn/byCode.ts):
 * give an address, get a code by email, type it, and come back to the page that asked.
 *
 *   GET  /sign-in?then=/me     the address form
 *   POST /sign-in              sends a code; the code form
 *   POST /sign-in/code         checks it; a session cookie, then back to `then`
 *   POST /sign-out             ends the session everywhere
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { emailAddress } from '../../../mail/address';
import { revokeSession } from '../../../store/sessions';
import { limitOf } from '../../routes/context';
import { clearSessionCookie, sessionCookie, signIn } from '../../session';
import { checkCode, typedCode, sendCode } from '../../signIn/byCode';
import { problemOfIssues, problemOfRefusal, typed } from '../forms';
import { devMailboxPath, servesDevMailbox } from './devMailbox';
import { withViewer, type Portal } from '../plugin';

/** A page on this server to go back to: a path, never another site (an open redirect would lend our name to a phishing link). */
const localPath = z
  .string()
  .max(300)
  .regex(/^\/(?![/\\])[^\s]*$/)
  .catch('/me');

const addressForm = z.strictObject({ email: emailAddress, then: localPath });
const codeForm = z.strictObject({ email: emailAddress, code: typedCode, then: localPath });

export function signInPages(scope: FastifyInstance, portal: Portal): void {
  const { context, pages } = portal;
  const { policy, db } = context;
  // On one's own machine with no mail server, the code page says where the code is instead of "we emailed".
  const mailbox = servesDevMailbox(context) ? devMailboxPath : undefined;

  scope.get('/sign-in', async (request, reply) => {
    const viewer = await portal.viewer(request);
    const then = localPath.parse((request.query as { then?: unknown } | undefined)?.then);
    return pages.page(request, reply, 'sign-in.njk', { title: 'Sign in', ...withViewer(viewer) }, { form: { email: '', then } });
  });

  scope.post('/sign-in', { config: limitOf(policy.perClient.codeRequests) }, async (request, reply) => {
    const form = typed(request.body, ['email', 'then']);
    const asked = addressForm.safeParse(form);
    if (!asked.success) return pages.page(request, reply.code(400), 'sign-in.njk', { title: 'Sign in', problem: problemOfIssues(asked.error, { email: 'email' }, 'email') }, { form });
    try {
      const sent = await sendCode(context, asked.data.email);
      return pages.page(request, reply, 'sign-in-code.njk', { title: 'Type the code we sent', done: sent.message }, { form: { email: sent.email, code: '', then: asked.data.then }, mailbox });
    } catch (err) {
      const problem = problemOfRefusal(err, 'email');
      if (!problem) throw err;
      return pages.page(request, reply.code(400), 'sign-in.njk', { title: 'Sign in', problem }, { form });
    }
  });

  scope.post('/sign-in/code', { config: limitOf(policy.perClient.codeTries) }, async (request, reply) => {
    const form = typed(request.body, ['email', 'code', 'then']);
    const given = codeForm.safeParse(form);
    if (!given.success) return pages.page(request, reply.code(400), 'sign-in-code.njk', { title: 'Type the code we sent', problem: problemOfIssues(given.error, { code: 'code', email: 'code' }, 'code') }, { form, mailbox });
    try {
      const owner = await checkCode(context, given.data);
      await signIn(reply, db, policy, { ...owner, client: 'browser', method: 'email' });
      return reply.redirect(given.data.then, 303);
    } catch (err) {
      const problem = problemOfRefusal(err, 'code');
      if (!problem) throw err;
      return pages.page(request, reply.code(400), 'sign-in-code.njk', { title: 'Type the code we sent', problem }, { form: { ...form, code: '' }, mailbox });
    }
  });

  scope.post('/sign-out', async (request, reply) => {
    const token = request.cookies[sessionCookie];
    if (token) await revokeSession(db, token);
    void clearSessionCookie(reply);
    return pages.page(request, reply, 'message.njk', { title: 'Signed out' }, { heading: 'You are signed out', message: 'That sign-in no longer works anywhere. Sign in again when you need to.' });
  });
}

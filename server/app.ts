/**
 * The HTTP server: Fastify 5, chosen because it is well kept (an OpenJS Foundation project with
 * releases every few weeks), fast, validates and bounds what it reads (a body limit, JSON only here),
 * and has first-party plugins for the two things sign-in needs, signed cookies (@fastify/cookie) and
 * per-client rate limits (@fastify/rate-limit). Express 5 would need third-party pieces for both.
 *
 * This builds the server without listening, for run.ts and the tests: every refusal of the API is
 * JSON `{ error, message }` (errors.ts), every answer is sent with Cache-Control: no-store (it may
 * hold a token or a person's page), and every route is limited per client. The portal's pages are
 * served beside the API, in their own scope (portal/plugin.ts).
 */
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyInstance } from 'fastify';
import { ApiError, fromEngine, fromFramework } from './errors';
import { portalRoutes } from './portal/plugin';
import type { ServerContext } from './routes/context';
import { boardRoutes } from './routes/boards';
import { meRoutes } from './routes/me';
import { anonymousLimit } from './routes/context';
import { processRoutes } from './routes/processes';
import { recordRoutes } from './routes/records';
import { reviewRoutes } from './routes/reviews';
import { oidcRoutes } from './routes/oidc';
import { codeRoutes } from './routes/signInCode';
import { signOutRoutes } from './routes/signOut';

/** No request the API takes needs more: the largest is a command carrying a whole board policy (a few KB). */
const bodyLimit = 16 * 1024;

/**
 * The server for `context`, ready to listen.
 *
 * @example
 * const app = await buildServer(context);
 * await app.listen({ host: '127.0.0.1', port: 8080 });
 */
export async function buildServer(context: ServerContext, options: { readonly report?: (line: string) => void } = {}): Promise<FastifyInstance> {
  const report = options.report ?? ((line: string) => console.error(line));
  const app = Fastify({
    logger: false,
    bodyLimit,
    // Only the reverse proxies named may say who the client is; otherwise X-Forwarded-For is the client's own claim.
    trustProxy: context.settings.trustProxy.length ? [...context.settings.trustProxy] : false,
    return503OnClosing: true,
    routerOptions: { maxParamLength: 200 },
  });
  // JSON only: a form or text/plain body is what another site's page can send without asking first.
  app.removeContentTypeParser('text/plain');

  await app.register(cookie, { secret: context.keys.cookieSecret });
  await app.register(rateLimit, {
    global: true,
    max: context.policy.perClient.api.max,
    timeWindow: context.policy.perClient.api.windowMs,
    errorResponseBuilder: (_request, limit) =>
      new ApiError(429, 'TooManyRequests', `Too many requests from your network address: wait and try again in ${limit.after}.`, {}),
  });

  app.addHook('onSend', async (_request, reply, payload) => {
    // Only a file named by its content (the portal's stylesheet) says it may be kept.
    if (!reply.hasHeader('cache-control')) void reply.header('cache-control', 'no-store');
    void reply.header('x-content-type-options', 'nosniff');
    return payload;
  });

  app.setErrorHandler((err, request, reply) => {
    const known = err instanceof ApiError ? err : (fromEngine(err) ?? fromFramework(err as { code?: string; statusCode?: number }));
    if (known) return reply.code(known.status).headers(known.headers).send({ error: known.error, message: known.message });
    report(`The server failed on ${request.method} ${request.url.split('?')[0]}: ${(err as Error).stack ?? String(err)}`);
    return reply.code(500).send({ error: 'ServerError', message: 'Something went wrong on our side, and nothing was changed. Try again in a minute; if it keeps happening, tell the secretariat.' });
  });

  // One count of what is sent without a sign-in, shared by the API's commands and the portal's public forms.
  const anonymousPosts = anonymousLimit(app, context.policy.perClient.anonymousPosts);
  const portal = await portalRoutes(app, context, anonymousPosts);
  app.setNotFoundHandler((request, reply) =>
    request.url.startsWith('/api/')
      ? reply.code(404).send({ error: 'NotFound', message: `There is nothing at ${request.method} ${request.url.split('?')[0]!.slice(0, 200)}. What the engine answers is listed in its README.` })
      : portal.notFound(request, reply),
  );

  codeRoutes(app, context);
  oidcRoutes(app, context);
  meRoutes(app, context);
  signOutRoutes(app, context);
  processRoutes(app, context, anonymousPosts);
  boardRoutes(app, context);
  reviewRoutes(app, context);
  recordRoutes(app, context);
  return app;
}

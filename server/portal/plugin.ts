/**
 * The portal: server-rendered pages on the API's server, for people who will never open a terminal.
 * Every page works with JavaScript off; every action is a form that ends on a confirmation; the
 * commands go through the same door as the API's (the governance client, signed for the person
 * signed in), so a page can do nothing the API would refuse.
 *
 * It lives in its own Fastify scope, because it reads what the API must not: form posts. A form can
 * be sent from another site's page, so each carries a token tied to the browser (@fastify/csrf-protection,
 * the double-submit pattern with a signed __Host- cookie) and each post must come from our own origin.
 * @fastify/helmet sets the content security policy (scripts and styles from this server only, no inline
 * script) and the other headers a page needs.
 */
import csrf from '@fastify/csrf-protection';
import formbody from '@fastify/formbody';
import helmet from '@fastify/helmet';
import type { FastifyInstance, FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import type { RegisterEntry } from '../../store/records';
import { sessionWithNameOf } from '../../store/sessions';
import { ApiError } from '../errors';
import type { ServerContext } from '../routes/context';
import { sessionCookie } from '../session';
import { devMailboxPages } from './pages/devMailbox';
import { feedPages } from './pages/feed';
import { flagPages } from './pages/flags';
import { memberPages } from './pages/member';
import { noticePages } from './pages/notices';
import { openDataPages } from './pages/openData';
import { productPages } from './pages/products';
import { dutiesOf, secretariatPages, type Duty } from './pages/secretariat/index';
import { publicPages } from './pages/public';
import { signInPages } from './pages/signIn';
import { submissionPages } from './pages/submissions';
import { keptFor, keptRegister } from './keptRegister';
import { registerLines, type RegisterLines } from './register';
import { renderer, zoneFor, type Renderer, type Viewer } from './render';
import { portalStylesheet } from './stylesheet';

/** This module's folder. */
const here = dirname(fileURLToPath(import.meta.url));

const require = createRequire(import.meta.url);
const govukDist = join(dirname(require.resolve('govuk-frontend/package.json')), 'dist', 'govuk');

/** What every page module is given. */
export interface Portal {
  readonly context: ServerContext;
  readonly pages: Renderer;
  /** The person signed in by this browser, if any (a session that ended counts as none). */
  viewer(request: FastifyRequest): Promise<Viewer | undefined>;
  /** The register, oldest first (read again only when something was appended: ./keptRegister.ts). */
  register(): Promise<readonly RegisterEntry[]>;
  /** The same register as its pages list it, each line drawn once per read (./register.ts). */
  registerLines(): Promise<RegisterLines>;
  /** The person signed in, or undefined after sending them to sign in (then back to this page). */
  signedIn(request: FastifyRequest, reply: FastifyReply): Promise<Viewer | undefined>;
  /** The zone a page writes dates and reads typed days in for `viewer`: theirs, else the service's (GOVERN_TIME_ZONE). */
  zoneOf(viewer: Viewer | undefined): string;
  /** The limit on what is sent without a sign-in, for a public form's post (counted with the API's: server/routes/context.ts). */
  readonly anonymousPosts: preHandlerAsyncHookHandler;
}

/** A page's address to come back to after signing in: a path on this server only. */
export const backTo = (request: FastifyRequest): string => (request.method === 'GET' ? request.url : (request.headers.referer && new URL(request.headers.referer).pathname) || '/me');

/**
 * Serves the portal's pages on `app`; answers the page for an address nobody serves, for app.ts's
 * not-found handler (the API's own addresses keep their JSON answer).
 */
export async function portalRoutes(app: FastifyInstance, context: ServerContext, anonymousPosts: preHandlerAsyncHookHandler): Promise<{ notFound(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> }> {
  const pages = renderer(context.settings.timeZone);
  let viewerOf: Portal['viewer'] = async () => undefined;
  await app.register(async (scope) => {
    await scope.register(formbody, { bodyLimit: 16 * 1024 });
    const secure = context.settings.publicUrl.startsWith('https:');
    await scope.register(helmet, {
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'data:'],
          fontSrc: ["'self'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
          baseUri: ["'none'"],
          objectSrc: ["'none'"],
          ...(secure ? { upgradeInsecureRequests: [] } : {}),
        },
      },
      hsts: secure,
      // Not helmet's no-referrer: with it a browser sends "Origin: null" on our own form posts, and
      // the origin check below could not tell them from another site's.
      referrerPolicy: { policy: 'same-origin' },
    });
    await scope.register(csrf, {
      sessionPlugin: '@fastify/cookie',
      cookieKey: '__Host-govern-form',
      cookieOpts: { path: '/', sameSite: 'lax', httpOnly: true, secure: true, signed: true },
    });

    // The menu's roles from rosters at most a few seconds old, rather than two board queries on every page.
    const menuContext: ServerContext = { ...context, boards: { boards: context.boards.boards, rosters: keptFor(menuRostersMs, () => context.boards.rosters()) } };
    const viewer = async (request: FastifyRequest): Promise<Viewer | undefined> => {
      const token = request.cookies[sessionCookie];
      if (!token) return undefined;
      const signedIn = await sessionWithNameOf(context.db, token);
      if (!signedIn) return undefined;
      const { personId } = signedIn.session;
      const duties = await menuDuties(menuContext, personId);
      return { personId, ...(signedIn.name ? { name: signedIn.name } : {}), ...(duties.length ? { duties } : {}), ...(signedIn.timeZone ? { timeZone: signedIn.timeZone } : {}) };
    };
    const register = keptRegister(context.db, (entries) => ({ entries, lines: registerLines(entries) }));
    const portal: Portal = {
      context,
      pages,
      viewer,
      register: async () => (await register()).entries,
      registerLines: async () => (await register()).lines,
      anonymousPosts,
      zoneOf: (viewer) => zoneFor(viewer, context.settings.timeZone),
      async signedIn(request, reply) {
        const found = await viewer(request);
        if (!found) void reply.redirect(`/sign-in?then=${encodeURIComponent(backTo(request))}`, 303);
        return found;
      },
    };

    // A post must come from one of our pages: the token says so, and a browser that sends Origin must name us.
    scope.addHook('preHandler', async (request, reply) => {
      if (request.method !== 'POST') return;
      const origin = request.headers.origin;
      if (origin !== undefined && origin !== new URL(context.settings.publicUrl).origin)
        throw new ApiError(403, 'WrongOrigin', `This form was sent from a page of ${origin.slice(0, 100)}, not of this service: nothing was done.`);
      await new Promise<void>((resolve, reject) => scope.csrfProtection(request, reply, (err?: Error) => (err ? reject(err) : resolve())));
    });

    scope.setErrorHandler((err, request, reply) => errorPage(portal, err, request, reply));
    viewerOf = viewer;

    assets(scope);
    publicPages(scope, portal);
    signInPages(scope, portal);
    memberPages(scope, portal);
    noticePages(scope, portal);
    submissionPages(scope, portal);
    productPages(scope, portal);
    flagPages(scope, portal);
    feedPages(scope, portal);
    openDataPages(scope, portal);
    secretariatPages(scope, portal);
    devMailboxPages(scope, portal);
  });
  return {
    async notFound(request, reply) {
      return pages.page(request, reply.code(404), 'message.njk', { title: 'Page not found', ...withViewer(await viewerOf(request).catch(() => undefined)) }, {
        heading: 'Page not found',
        message: 'There is nothing at this address. If you typed it, check it; if you followed a link, go to the home page and look from there.',
      });
    },
  };
}

/** How old the rosters behind the menu may be. */
const menuRostersMs = 5_000;

/** How long a page waits for the rosters to decide its menu: a board that does not answer must not slow every page. */
const menuWaitMs = 1_000;

/** The duties the menu offers, or none when the boards are slow or silent (the pages themselves ask again, and say so). */
const menuDuties = (context: ServerContext, personId: string): Promise<Duty[]> =>
  Promise.race([dutiesOf(context, personId).catch(() => []), new Promise<Duty[]>((resolve) => setTimeout(() => resolve([]), menuWaitMs).unref())]);

/** `{ viewer }` when someone is signed in, for a page's frame. */
export const withViewer = (viewer: Viewer | undefined): { viewer?: Viewer } => (viewer ? { viewer } : {});

/** The stylesheet (by its hash, kept for good), the components' script and images, and ours. */
function assets(scope: FastifyInstance): void {
  const forever = 'public, max-age=31536000, immutable';
  const sheet = portalStylesheet();
  const files: Record<string, { readonly type: string; readonly body: Buffer | string }> = {
    [`style-${sheet.hash}.css`]: { type: 'text/css; charset=utf-8', body: sheet.css },
    'govuk-frontend.min.js': { type: 'text/javascript; charset=utf-8', body: readFileSync(join(govukDist, 'govuk-frontend.min.js')) },
    'portal.js': { type: 'text/javascript; charset=utf-8', body: readFileSync(join(here, 'assets', 'portal.js')) },
  };
  scope.get('/assets/:file', async (request, reply) => {
    const file = files[(request.params as { file: string }).file];
    if (!file) throw new ApiError(404, 'NotFound', 'There is no such file.');
    // Every other answer is no-store (app.ts); a file named by its content may be kept.
    return reply.type(file.type).header('cache-control', forever).send(file.body);
  });
}

/** The words of a failure on a page: a refusal as it is, anything else as "something went wrong". */
function errorPage(portal: Portal, err: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const code = (err as { code?: string }).code;
  if (code === 'FST_CSRF_INVALID_TOKEN' || code === 'FST_CSRF_MISSING_SECRET')
    return portal.pages.page(request, reply.code(403), 'message.njk', { title: 'The form had expired' }, {
      heading: 'The form had expired',
      message: 'Nothing was done. The page you sent it from was too old, or came from somewhere else. Go back, reload the page, and send it again.',
    });
  if (err instanceof ApiError && err.status < 500)
    return portal.pages.page(request, reply.code(err.status), 'message.njk', { title: 'That did not work' }, { heading: 'That did not work', message: err.message });
  if ((err as { statusCode?: number }).statusCode === 413)
    return portal.pages.page(request, reply.code(413), 'message.njk', { title: 'Too long' }, { heading: 'What you sent is too long', message: 'Nothing was done. Send less text (a form takes at most 16 KB), and try again.' });
  console.error(`The portal failed on ${request.method} ${request.url.split('?')[0]}: ${(err as Error).stack ?? String(err)}`);
  return portal.pages.page(request, reply.code(500), 'message.njk', { title: 'Something went wrong' }, {
    heading: 'Something went wrong on our side',
    message: 'Nothing was changed. Try again in a minute; if it keeps happening, tell the secretariat.',
  });
}

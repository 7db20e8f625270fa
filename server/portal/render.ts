/**
 * Turning a page's data into HTML: Nunjucks (Mozilla's template engine, the one the GOV.UK Design
 * System's components are written in), autoescaping everything a page shows unless a template says
 * otherwise, which none of ours does for text a person wrote. Every page gets what the layout needs:
 * who is signed in, the form token, the menu, the time zone.
 */
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { FastifyReply, FastifyRequest } from 'fastify';
import nunjucks from 'nunjucks';
import { dateInWords, dayInWords, zoneInWords } from './dates';
import type { Problem } from './forms';
import { keepComponents } from './keptComponents';
import { inWords } from './register';
import { portalStylesheet } from './stylesheet';

/** This module's folder. */
const here = dirname(fileURLToPath(import.meta.url));

const require = createRequire(import.meta.url);
const govukFrontend = join(dirname(require.resolve('govuk-frontend/package.json')), 'dist');

/** The portal's name in its header and every title. */
export const serviceName = 'Insight governance';

export interface Viewer {
  readonly personId: string;
  readonly name?: string;
  /** What the boards' rosters name this person now, on either board: for the menu only (each page asks the roster again). */
  readonly duties?: readonly ('secretariat' | 'chair')[];
  /** The zone the person chose (store/people.ts); none for someone the store does not know yet. */
  readonly timeZone?: string;
}

/** What the layout shows, beside the page's own data. */
export interface PageFrame {
  readonly title: string;
  readonly viewer?: Viewer;
  readonly problem?: Problem;
  /** A confirmation shown at the top of the page. */
  readonly done?: string;
}

export interface Renderer {
  page(request: FastifyRequest, reply: FastifyReply, template: string, frame: PageFrame, data?: Readonly<Record<string, unknown>>): FastifyReply;
}

/**
 * The form token, made only when a page writes it (Nunjucks writes a value by its toString), once:
 * a page with no form makes no HMAC and sets no cookie.
 */
const tokenWhenDrawn = (make: () => string): { toString(): string } => {
  let token: string | undefined;
  return { toString: () => (token ??= make()) };
};

/** The zone a page's dates are written and its typed days read in: the reader's own, else the service's. */
export const zoneFor = (viewer: Viewer | undefined, serviceZone: string): string => viewer?.timeZone ?? serviceZone;

/**
 * A renderer for pages in each reader's zone, `serviceZone` for whoever has none.
 *
 * @example
 * const pages = renderer('Europe/London');
 * return pages.page(request, reply, 'home.njk', { title: 'Home', viewer }, { meetings });
 */
export function renderer(serviceZone: string): Renderer {
  const env = new nunjucks.Environment(new nunjucks.FileSystemLoader([join(here, 'views'), govukFrontend], { noCache: false }), {
    autoescape: true,
    throwOnUndefined: false,
    trimBlocks: true,
    lstripBlocks: true,
  });
  // Nunjucks calls a filter with the page's context as `this`: its `zone` is the reader's (set in page() below).
  type Drawn = { readonly ctx?: { readonly zone?: string } } | undefined;
  const zoneOf = (drawn: Drawn) => drawn?.ctx?.zone ?? serviceZone;
  env.addFilter('when', function (this: Drawn, iso: string | undefined) {
    return dateInWords(iso, zoneOf(this));
  });
  env.addFilter('day', function (this: Drawn, iso: string | undefined) {
    return dayInWords(iso, zoneOf(this));
  });
  keepComponents(env);
  env.addFilter('words', (name: string | undefined) => (name ? inWords(name) : ''));
  // Radio items with the one the person chose checked again (a refused form loses nothing).
  env.addFilter('selectedChoice', (items: readonly { value: string; text: string }[], chosen: string) => items.map((item) => ({ ...item, checked: item.value === chosen })));
  const styleHash = portalStylesheet().hash;

  return {
    page(request, reply, template, frame, data = {}) {
      const path = request.url.split('?')[0]!;
      const zone = zoneFor(frame.viewer, serviceZone);
      const menu = [
        { href: '/', text: 'Home' },
        { href: '/register', text: 'Decisions' },
        { href: '/products', text: 'Products' },
        { href: '/submit', text: 'Raise something' },
        { href: '/report-harm', text: 'Report a harm' },
        { href: '/follow', text: 'Follow a reference' },
        frame.viewer ? { href: '/me', text: 'Your page' } : { href: '/sign-in', text: 'Sign in' },
        // Only for whom a roster names secretariat or chair; the pages refuse anyone else whatever the menu shows.
        ...(frame.viewer?.duties?.includes('secretariat') ? [{ href: '/secretariat', text: 'Secretariat' }] : frame.viewer?.duties?.includes('chair') ? [{ href: '/secretariat', text: 'Chair' }] : []),
      ];
      const navigation = menu.map((item) => ({ ...item, active: item.href === '/' ? path === '/' : path.startsWith(item.href) }));
      const html = env.render(template, {
        ...data,
        title: frame.title,
        person: frame.viewer,
        problem: frame.problem,
        done: frame.done,
        // The form token comes from the portal's scope; a page drawn outside it (not found) has no forms.
        csrf: 'generateCsrf' in reply ? tokenWhenDrawn(() => reply.generateCsrf()) : undefined,
        navigation,
        serviceName,
        zone,
        zoneName: zoneInWords(zone),
        styleHash,
      });
      return reply.type('text/html; charset=utf-8').send(html);
    },
  };
}

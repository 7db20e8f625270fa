/**
 * What the boards send a person, and how they read its dates: for anyone signed in, a member of a
 * board or someone who signed up with just an email. Subscribing is each board's own command (the
 * board keeps who is subscribed, and refuses in its own words); how often mail comes and the zone its
 * dates are written in are the person's details in PostgreSQL (store/people.ts), never in a process.
 *
 *   GET  /subscribe            for someone not signed in: an email, then the code, then the choices below
 *   GET  /me/notices           each board: subscribed or not (the initiative board: how you are engaged), and how often; your time zone
 *   POST /me/notices/:boardId  saves one board's choices; then a confirmation
 *   POST /me/time-zone         saves your time zone; then a confirmation, its dates already in it
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { boardProcessId, initiativeProcessId } from '../../../machines/kernel/ids';
import { engagementLevels } from '../../../machines/initiativeBoard/schema';
import { frequencies, preferencesOf, setPerson, setPreference } from '../../../store/people';
import type { Frequency } from '../../../store/schema';
import { ApiError } from '../../errors';
import { parseInput } from '../../input';
import type { BoardKind } from '../../roles';
import { governanceOf } from '../../routes/processes';
import type { ServerContext } from '../../routes/context';
import { zoneInWords, zoneNamed } from '../dates';
import { sendFromForm } from '../formCommand';
import { problemAt, problemsAt, typed, type Problem } from '../forms';
import type { Portal } from '../plugin';
import type { Viewer } from '../render';
import { confirmations } from './secretariat/done';

interface Choice {
  readonly value: string;
  readonly text: string;
}

/** Where a person stands with one board now. */
interface Standing {
  /** One of the board's `choices`: whether (or as what) the person is subscribed. */
  readonly subscription: string;
  readonly member: boolean;
}

/** What subscribing means on one kind of board: its choices, how to read where a person stands, and the command that changes it. */
interface Subscriptions {
  readonly name: string;
  readonly about: string;
  readonly legend: string;
  readonly choices: readonly Choice[];
  /** The words when no choice was made. */
  readonly unchosen: string;
  standing(context: ServerContext, boardId: string, personId: string): Promise<Standing>;
  /** The board's command that takes the person from `now` to `wanted`, or none when they are the same. */
  change(now: string, wanted: string): { readonly command: string; readonly payload: Readonly<Record<string, unknown>> } | undefined;
  readonly workflowId: (boardId: string) => string;
  /** What the confirmation says of `subscription`. */
  said(subscription: string): string;
}

const notSubscribed = 'none';

const levelWords: Readonly<Record<(typeof engagementLevels)[number], string>> = {
  user: 'I use its data, models or services',
  member: 'I have signed up to its shared values, and want its news',
  contributor: 'I contribute to its work',
  connector: 'I connect other people and organisations to it',
  anchorPartner: 'My organisation is one of its anchor partners',
};

const subscriptions: Readonly<Record<BoardKind, Subscriptions>> = {
  productBoard: {
    name: 'The product board',
    about: 'It decides at each stage gate of a product whether it may go on, and suspends or rolls back a product that does harm.',
    legend: 'Do you want its published decisions?',
    choices: [
      { value: 'yes', text: 'Yes, send me its decisions' },
      { value: notSubscribed, text: 'No' },
    ],
    unchosen: 'Choose whether you want the product board’s decisions',
    async standing(context, boardId, personId) {
      const view = await governanceOf(context).boardStatus(boardId);
      return { subscription: view.subscribers.includes(personId) ? 'yes' : notSubscribed, member: view.roster.members.some((m) => m.id === personId) };
    },
    change: (now, wanted) => (now === wanted ? undefined : { command: wanted === 'yes' ? 'subscribe' : 'unsubscribe', payload: {} }),
    workflowId: boardProcessId,
    said: (s) => (s === 'yes' ? 'You are subscribed to the product board’s decisions.' : 'You are not subscribed to the product board’s decisions.'),
  },
  initiativeBoard: {
    name: 'The initiative board',
    about: 'It sets the principles and strategy, recognises datasets, models and services, decides funding priorities, and answers what anyone raises.',
    legend: 'How are you engaged with the initiative?',
    choices: [...engagementLevels.map((level) => ({ value: level, text: levelWords[level] })), { value: notSubscribed, text: 'Do not send me its decisions and minutes' }],
    unchosen: 'Choose how you are engaged with the initiative, or that you do not want its decisions',
    async standing(context, boardId, personId) {
      const view = await governanceOf(context).initiative(boardId).status();
      return { subscription: view.subscribers.find((s) => s.id === personId)?.level ?? notSubscribed, member: view.roster.members.some((m) => m.id === personId) };
    },
    change: (now, wanted) => (now === wanted ? undefined : wanted === notSubscribed ? { command: 'unsubscribe', payload: {} } : { command: 'subscribe', payload: { level: wanted } }),
    workflowId: initiativeProcessId,
    said: (s) =>
      s === notSubscribed
        ? 'You are not subscribed to the initiative board’s decisions and minutes.'
        : `You are subscribed to the initiative board’s decisions and minutes, as someone who says: “${levelWords[s as keyof typeof levelWords]}”.`,
  },
};

const frequencyWords: Readonly<Record<Frequency, string>> = {
  immediate: 'An email for each one, as it happens',
  daily: 'One email a day, with everything of that day',
  weekly: 'One email a week, with everything of that week',
  none: 'No email: I will read them on my page',
};

const frequencyChoices: readonly Choice[] = frequencies.map((value) => ({ value, text: frequencyWords[value] }));

const boardParams = z.strictObject({ boardId: z.string().max(200) });

/** A form as typed, for the page to show again. */
type BoardForm = Readonly<Record<'subscription' | 'frequency', string>>;

export function noticePages(scope: FastifyInstance, portal: Portal): void {
  const { context, pages } = portal;
  const done = confirmations(pages, { href: '/me/notices', text: 'Back to what we send you' });

  /** Each board this server serves, as the page shows it: where the person stands, or why the board cannot say. */
  const boardsFor = async (personId: string) => {
    const chosen = await preferencesOf(context.db, personId);
    return Promise.all(
      context.boards.boards.map(async ({ boardId, board }) => {
        const kind = subscriptions[board];
        const frequency = chosen[boardId] ?? 'immediate';
        try {
          return { boardId, kind, frequency, ...(await kind.standing(context, boardId, personId)) };
        } catch {
          return { boardId, kind, frequency, silent: `${kind.name} does not answer just now, so your choices for it cannot be shown or changed. Try again later.` };
        }
      }),
    );
  };

  const noticesPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    viewer: Viewer,
    extra: { readonly status?: number; readonly problem?: Problem; readonly refused?: { readonly boardId: string; readonly form: BoardForm }; readonly zone?: string } = {},
  ) => {
    const boards = await boardsFor(viewer.personId);
    return pages.page(request, reply.code(extra.status ?? 200), 'notices.njk', { title: 'What we send you', viewer, ...(extra.problem ? { problem: extra.problem } : {}) }, {
      zoneForm: { zone: extra.zone ?? portal.zoneOf(viewer) },
      zoneNow: zoneInWords(portal.zoneOf(viewer)),
      frequencies: frequencyChoices,
      boards: boards.map((b) => ({
        ...b,
        // A refused form shows what was chosen, not what is saved.
        form: extra.refused?.boardId === b.boardId ? extra.refused.form : { subscription: 'subscription' in b ? b.subscription : '', frequency: b.frequency },
      })),
    });
  };

  scope.get('/subscribe', async (request, reply) => {
    const viewer = await portal.viewer(request);
    if (viewer) return reply.redirect('/me/notices', 303);
    return pages.page(request, reply, 'subscribe.njk', { title: 'Be told of the boards’ decisions' }, { form: { email: '', then: '/me/notices' } });
  });

  scope.get('/me/notices', async (request, reply) => {
    const viewer = await portal.signedIn(request, reply);
    if (!viewer) return reply;
    return noticesPage(request, reply, viewer);
  });

  scope.post('/me/notices/:boardId', async (request, reply) => {
    const { boardId } = parseInput(boardParams, request.params, 'Cannot change what that board sends you');
    const viewer = await portal.signedIn(request, reply);
    if (!viewer) return reply;
    const served = context.boards.boards.find((b) => b.boardId === boardId);
    if (!served) throw new ApiError(404, 'NotFound', `This service has no board called ${boardId}. Go back to what we send you, and choose again.`);
    const kind = subscriptions[served.board];
    const form = typed(request.body, ['subscription', 'frequency']);
    const field = (name: keyof BoardForm) => `${boardId}-${name}`;
    const again = (problem: Problem, status: number) => noticesPage(request, reply, viewer, { status, problem, refused: { boardId, form } });

    // Both choices are checked before either is saved: a refused form changes nothing.
    const frequency = frequencies.find((f) => f === form.frequency);
    const unchosen = [
      ...(kind.choices.some((c) => c.value === form.subscription) ? [] : [[field('subscription'), kind.unchosen] as const]),
      ...(frequency ? [] : [[field('frequency'), `Choose how often we write to you about ${kind.name.toLowerCase()}`] as const]),
    ];
    if (unchosen.length || !frequency) return again(problemsAt(unchosen), 400);

    const now = await kind.standing(context, boardId, viewer.personId);
    const change = kind.change(now.subscription, form.subscription);
    if (change) {
      const sent = await sendFromForm(context, {
        workflowId: kind.workflowId(boardId),
        command: change.command,
        payload: change.payload,
        by: viewer.personId,
        fields: { level: field('subscription') },
        field: field('subscription'),
      });
      if (sent.problem) return again(sent.problem, sent.status);
    }
    const before = (await preferencesOf(context.db, viewer.personId))[boardId] ?? 'immediate';
    if (frequency !== before) await setPreference(context.db, viewer.personId, boardId, frequency);
    return done(request, reply, viewer, change || frequency !== before ? 'Your choices are saved' : 'Nothing needed changing', [
      kind.said(form.subscription),
      `How we write to you about ${kind.name.toLowerCase()}: ${frequencyWords[frequency].toLowerCase()}.`,
      ...(now.member ? [`You sit on ${kind.name.toLowerCase()}, so you are sent its business as a member whatever you chose here.`] : []),
    ]);
  });

  scope.post('/me/time-zone', async (request, reply) => {
    const viewer = await portal.signedIn(request, reply);
    if (!viewer) return reply;
    const { zone: typedZone } = typed(request.body, ['zone']);
    const zone = zoneNamed(typedZone);
    if (!zone)
      return noticesPage(request, reply, viewer, {
        status: 400,
        zone: typedZone,
        problem: problemAt(
          'zone',
          typedZone.trim()
            ? `We do not know the time zone “${typedZone.trim().slice(0, 64)}”. Type the city you live in or near, for example London, Paris or New York, or a zone such as Europe/Paris`
            : 'Type the city you live in or near, for example London, Paris or New York',
        ),
      });
    await setPerson(context.db, viewer.personId, { timeZone: zone });
    // Drawn in the new zone at once: this page, and every page and email from now on.
    return done(request, reply, { ...viewer, timeZone: zone }, 'Your time zone is saved', [
      `Dates on these pages and in our emails are written in ${zoneInWords(zone)}.`,
    ]);
  });
}

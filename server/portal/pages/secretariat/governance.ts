/**
 * A governance item, for the initiative board's secretariat: the initiative board's policy changes only
 * by its own decision (and it may change the product board's too), so a change is proposed as an item
 * the board votes on at its meeting, by its governance rule. The form is the board's policy as it is now
 * (./policyForm.ts); the item names only the sections that differ, and says so in its confirmation.
 *
 *   GET  /secretariat/quarter/governance                    the initiative board's policy and seats, as a form
 *   POST /secretariat/quarter/governance                    proposes the change (item.proposed, decision governance)
 *   GET  /secretariat/quarter/governance/product-board      the product board's policy, as a form
 *   POST /secretariat/quarter/governance/product-board      proposes that change
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { initiativeProcessId } from '../../../../machines/kernel/ids';
import { ApiError } from '../../../errors';
import { boardIdOf } from '../../../roles';
import type { ServerContext } from '../../../routes/context';
import { governanceOf } from '../../../routes/processes';
import { dateInWords } from '../../dates';
import { sendFromForm } from '../../formCommand';
import { problemAt, problemsAt, typed, type Problem, type Typed } from '../../forms';
import type { Portal } from '../../plugin';
import { ruleInWords } from '../../policyWords';
import { confirmations } from './done';
import { dutyChecks, type OnDuty } from './duty';
import type { Task } from './hub';
import type { InitiativePolicy } from '../../../../machines/initiativeBoard/policy';
import type { ProductBoardPolicy } from '../../../../machines/productBoard/policy';
import { initiativePolicyForm, productBoardPolicyForm, type PolicyForm } from './policyForm';

export const governanceTasks: readonly Task[] = [
  {
    href: '/secretariat/quarter/governance',
    text: 'Propose a change to how a board is governed',
    hint: 'The initiative board’s policy or seats, or the product board’s policy: an item the initiative board votes on at its meeting.',
    for: [['initiativeBoard', 'secretariat']],
  },
];

/** Whose governance an item changes: the form it is proposed with, and where the change goes in the proposal. */
interface Target<TPolicy> {
  readonly path: string;
  readonly heading: string;
  readonly form: PolicyForm<TPolicy>;
  /** The policy held now, and the seats when the form offers them (the initiative board's own). */
  now(context: ServerContext, duty: OnDuty): Promise<{ readonly policy: TPolicy; readonly seats?: number }>;
  /** The proposal's key for the policy's changes. */
  readonly changesAt: 'changes' | 'productBoard';
}

const initiativeTarget: Target<InitiativePolicy> = {
  path: '/secretariat/quarter/governance',
  heading: 'Propose a change to the initiative board’s governance',
  form: initiativePolicyForm,
  async now(context, duty) {
    const view = await governanceOf(context).initiative(duty.answer.boardId).status();
    return { policy: view.policy, seats: view.roster.seats };
  },
  changesAt: 'changes',
};

const productBoardTarget: Target<ProductBoardPolicy> = {
  path: '/secretariat/quarter/governance/product-board',
  heading: 'Propose a change to the product board’s governance',
  form: productBoardPolicyForm,
  async now(context) {
    const boardId = boardIdOf(context.boards, 'productBoard');
    if (!boardId) throw new ApiError(404, 'NotFound', 'This service runs no product board, so there is no product board policy to change here.');
    return { policy: (await governanceOf(context).boardStatus(boardId)).policy };
  },
  changesAt: 'productBoard',
};

/** Each page links to the other's. */
const targetLinks = [initiativeTarget, productBoardTarget].map((t) => ({ href: t.path, text: t.heading }));

/** The headings of the form's groups that hold `sections`, for the confirmation. */
const headingsOf = (form: Pick<PolicyForm<unknown>, 'groups'>, sections: readonly string[]): string[] => form.groups.filter((g) => g.fields.some((f) => sections.includes(f.path[0]))).map((g) => g.heading.toLowerCase());

export function governancePages(scope: FastifyInstance, portal: Portal): void {
  targetPages(scope, portal, initiativeTarget);
  targetPages(scope, portal, productBoardTarget);
}

/** One board's form and its post: a function of the board's policy type, so the form and the policy it reads agree. */
function targetPages<TPolicy>(scope: FastifyInstance, portal: Portal, target: Target<TPolicy>): void {
  const { context, pages } = portal;
  const { onDuty } = dutyChecks(portal);
  const secretariat = (request: FastifyRequest, reply: FastifyReply) => onDuty(request, reply, 'initiativeBoard', ['secretariat']);
  const done = confirmations(pages, { href: '/secretariat/quarter', text: 'Back to the quarter' });
  const names = ['title', 'text', 'seats', ...target.form.fields.map((f) => f.id)];

  const proposePage = async (request: FastifyRequest, reply: FastifyReply, duty: OnDuty, extra: { form?: Typed<string>; problem?: Problem; status?: number } = {}) => {
    const now = await target.now(context, duty);
    const form = extra.form ?? { title: '', text: '', seats: now.seats === undefined ? '' : String(now.seats), ...target.form.values(now.policy) };
    return pages.page(
      request,
      reply.code(extra.status ?? 200),
      'governance-propose.njk',
      { title: target.heading, viewer: duty.viewer, ...(extra.problem ? { problem: extra.problem } : {}) },
      { form, heading: target.heading, action: target.path, groups: target.form.groups, seats: now.seats !== undefined, others: targetLinks.filter((t) => t.href !== target.path) },
    );
  };

  scope.get(target.path, async (request, reply) => {
    const duty = await secretariat(request, reply);
    if (!duty) return reply;
    return proposePage(request, reply, duty);
  });

  scope.post(target.path, async (request, reply) => {
    const duty = await secretariat(request, reply);
    if (!duty) return reply;
    const form = typed(request.body, names);
    const again = (problem: Problem, status = 400) => proposePage(request, reply, duty, { form, problem, status });
    const { policy, problems } = target.form.read(form);
    if (problems.length) return again(problemsAt(problems));
    const now = await target.now(context, duty);
    const changes = target.form.changes(now.policy, policy);
    const seats = now.seats !== undefined && form.seats!.trim() !== String(now.seats) ? (/^\s*\d{1,3}\s*$/.test(form.seats!) ? Number(form.seats) : form.seats!.trim()) : undefined;
    if (!Object.keys(changes).length && seats === undefined)
      return again(problemAt(target.form.fields[0]!.id, 'Change at least one setting: every field still says what the policy says now, so there is nothing for the board to decide'));
    const sent = await sendFromForm(context, {
      workflowId: initiativeProcessId(duty.answer.boardId),
      command: 'proposeItem',
      payload: {
        title: form.title!.trim(),
        text: form.text!.trim(),
        proposal: { decision: 'governance', ...(Object.keys(changes).length ? { [target.changesAt]: changes } : {}), ...(seats !== undefined ? { seats } : {}) },
      },
      by: duty.viewer.personId,
      fields: { title: 'title', text: 'text', 'proposal.seats': 'seats', ...target.form.fieldPaths(`proposal.${target.changesAt}`) },
      field: 'title',
      // The board refuses fewer seats than members sitting; any other refusal is of the item as a whole.
      refusedAt: (message) => (seats !== undefined && /\bseats\b/.test(message) ? 'seats' : 'title'),
    });
    if (sent.problem) return again(sent.problem, sent.status);
    const view = await governanceOf(context).initiative(duty.answer.boardId).status();
    const next = view.nextAgenda.some((i) => i.itemId === sent.receipt?.created);
    const changed = [...headingsOf(target.form, Object.keys(changes)), ...(seats !== undefined ? [`seats (${seats})`] : [])];
    return done(request, reply, duty.viewer, 'The governance item is proposed', [
      `“${form.title!.trim()}” is item ${sent.receipt?.created ?? ''} on the agenda of ${next ? 'the next quarter’s meeting' : `this quarter’s meeting, on ${dateInWords(view.quarter.startsAt, portal.zoneOf(duty.viewer))}`}.`,
      `It changes ${changed.join(', ')}. If the board passes it, by ${ruleInWords(view.policy.passing.governance ?? view.policy.passing.default)}, the change applies to items opened after it.`,
    ]);
  });
}

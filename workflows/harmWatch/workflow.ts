/**
 * Watching a live product for benefits and harms as a durable process: the
 * harm watch machine, run by the host. It lives as long as the product is
 * live, so it continues as new between reviews to keep its history short.
 */
import { betweenReviews, harmWatchMachine, type HarmWatchInput } from '../../machines/harmWatch/machine';
import { harmWatchOpeningSchema } from '../../machines/harmWatch/schema';
import { describeIssues, parsePayload } from '../../machines/kernel/schema';
import { explainHarmWatchRefusal, harmWatchBoardView, harmWatchReceipt, harmWatchView, type HarmWatchView } from '../../machines/harmWatch/view';
import { tellsSubscribers } from '../../machines/harmWatch/rules';
import { activityOptions } from '../activityOptions';
import { completeAction, flagHarm, harmWatchBoardStatusQuery, harmWatchCommands, harmWatchStatusQuery, lifecycleChanged, moderateHarm, recordReview, reportHarm, triageHarm } from './messages';
import { productProcessId } from '../../machines/kernel/ids';
import { runProcess } from '../host/runProcess';
import type { Trust } from '../host/trust';
import type { ProcessDefinition } from '../host/processDefinition';
import { boardRole } from '../productBoard/roleCheck';
import { harmWatchSearchAttributes } from '../searchAttributes';
import { HARM_REVIEWS_TO_SUBSCRIBERS_PATCH } from '../patches';

/** History events after which the watch continues as new, between reviews. */
export const HARM_WATCH_HISTORY_LIMIT = 200;

export const harmWatchProcess: ProcessDefinition<typeof harmWatchMachine, HarmWatchInput, HarmWatchView> = {
  noun: 'harm watch',
  machine: harmWatchMachine,
  open: (args, now, bounds) => {
    if (!(args?.product?.id && args.boardId && args.liveSince)) return { refusal: 'A harm watch needs a live product, its board and when it went live.' };
    // A date or policy the machine cannot read would set every timer to nothing: refuse it at the start.
    const problems = parsePayload(harmWatchOpeningSchema, args, bounds);
    if (!problems.success) return { refusal: `The harm watch of ${args.product.id} cannot start: ${describeIssues(problems.error)}.` };
    // Asked once, here: a run started since (a continued one included, being new) tells the subscribers; an older history replays without.
    const reviewsToSubscribers = bounds.patched?.(HARM_REVIEWS_TO_SUBSCRIBERS_PATCH) ?? false;
    return { input: { ...args, openedAt: now.toISOString(), strict: bounds.strictRules, reviewsToSubscribers } };
  },
  commands: harmWatchCommands,
  explainRefusal: explainHarmWatchRefusal,
  statusQuery: harmWatchStatusQuery,
  boardStatusQuery: harmWatchBoardStatusQuery,
  view: (snapshot) => harmWatchView(snapshot),
  boardView: harmWatchBoardView,
  receipt: harmWatchReceipt,
  // Anyone may report or flag a harm: past 80% of the budget the rest is kept for triage and reviews.
  openToAnyone: [reportHarm.name, flagHarm.name],
  // The product this watch watches tells it of every change to the product's life.
  fromProcesses: { [lifecycleChanged.name]: (snapshot) => productProcessId(snapshot.context.product.id) },
  searchAttributes: (snapshot) => harmWatchSearchAttributes({ productId: snapshot.context.product.id, boardId: snapshot.context.boardId }, String(snapshot.value)),
  activities: {
    gatherEvidence: activityOptions.gatherEvidence,
    publishDecision: activityOptions.publishDecision,
    notify: activityOptions.notify,
    escalateHarm: activityOptions.escalateHarm,
    authorise: activityOptions.authorise,
  },
  enrichments: {
    // Triage and follow-up are the secretariat's; a review is recorded by a board member or the secretariat.
    [triageHarm.name]: boardRole('secretariat', 'triage a harm report'),
    [completeAction.name]: boardRole('secretariat', 'record an action plan as done'),
    [moderateHarm.name]: boardRole('secretariat', 'moderate a harm report'),
    // The same check answers the board's subscribers, who are told of the review once it is published.
    [recordReview.name]: boardRole('reviewer', 'record a benefit and harm review', { withSubscribers: (snapshot) => tellsSubscribers(snapshot.context) }),
  },
  continueAsNew: {
    afterEvents: HARM_WATCH_HISTORY_LIMIT,
    quiet: betweenReviews,
    args: (snapshot, previous) => ({ ...previous, resume: { ...snapshot.context, runs: snapshot.context.runs + 1 } }),
  },
};

/** Watches a live product until it is retired. */
export async function harmWatch(input: HarmWatchInput, trust?: Trust): Promise<void> {
  await runProcess(harmWatchProcess, input, trust);
}

/**
 * The `patched()` ids of behaviours added after release, asked once as a process opens
 * (see ProcessDefinition.open). A run started before a patch replays with it off; one
 * started since has it on for its whole life. An id never changes once released.
 */

/** Gate reviews: a written procedure announced to every member, a reminder to members yet to vote, a confirmation to each voter. */
export const VOTE_NOTICES_PATCH = 'vote-notices';

/** Product board meetings: the minutes told to the board's subscribers when they are published. */
export const MINUTES_TO_SUBSCRIBERS_PATCH = 'minutes-to-subscribers';

/**
 * Initiative board runs: a confirmation to each voter, and the closing-soon reminder to members yet to vote on
 * an item. Asked by every run, a continued one included: a board opened before it has the notices from its next run on.
 */
export const INITIATIVE_VOTE_NOTICES_PATCH = 'initiative-vote-notices';

/**
 * Harm watches: each benefit and harm review told to the product board's subscribers when it is published
 * (the board's role check on the reviewer answers them too). A watch continues as new into a run that asks
 * again and, being new, has it on: so a watch started before the patch tells them from its next run.
 */
export const HARM_REVIEWS_TO_SUBSCRIBERS_PATCH = 'harm-reviews-to-subscribers';

/**
 * Product board and initiative board runs: the one eligibility rule (machines/kernel/eligibility.ts). The
 * initiative board freezes each item's roster as voting on it opens, refuses a member removed during the vote
 * or appointed after it opened, and names the removed in the record; the product board tells the gate reviews
 * it placed items for when it removes a member. Asked by every run, a continued one included: a board opened
 * before it has the rule from its next run on (items opened before it keep the live roster's count).
 */
export const ONE_ELIGIBILITY_RULE_PATCH = 'one-eligibility-rule';

/**
 * Products: a product continues as new between decisions once its history passes PRODUCT_HISTORY_LIMIT, as a
 * board and a harm watch do, for it lives until it retires. Asked by the host as every run opens (see
 * `continueAsNew.patch`): a product started before never renews, so its one history replays as it ran.
 */
export const PRODUCT_CONTINUES_AS_NEW_PATCH = 'product-continues-as-new';

/**
 * Initiative board runs: the good-data card (machines/initiativeBoard/goodDataCard.ts). A recognition is proposed
 * only with the resource's card, and proposing a recognised resource again with a changed card puts the change
 * to the board. Asked by every run, a continued one included; a run recorded before takes recognitions as it did.
 */
export const GOOD_DATA_CARDS_PATCH = 'good-data-cards';

/**
 * Initiative board runs: KPIs tracked (machines/initiativeBoard/kpis.ts). A strategy's KPIs each carry a baseline,
 * a target and a date; the secretariat records each quarter's figure; an action needs a due date and an owner
 * named by id; the papers show each KPI's trend and each action's owner and due date, and the owners of overdue
 * actions are told. Asked by every run, a continued one included; a run recorded before keeps its papers.
 */
export const KPI_TRACKING_PATCH = 'kpi-tracking';

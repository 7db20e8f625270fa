/**
 * Every identity the engine makes: the workflow id of each process, and the
 * ids of the reviews, items, records and notices the processes create.
 *
 * Ids are durable. They are written in workflow histories (child workflow ids,
 * actor ids, activity inputs), in the register's file names and in people's
 * outboxes, and people quote them back. So a format here never changes once
 * released: a recorded history replays only if the id it computed is computed
 * again, and a retried activity is idempotent only if its record keeps its id.
 *
 * Pure strings: machines, workflows, activities and the client all import this
 * module, which imports nothing.
 */

// ── Processes: workflow ids, so operators find a process by what it governs ──

/** A product board's process. */
export const boardProcessId = (boardId: string): string => `board-${boardId}`;

/** A product's lifecycle process, started by its board. */
export const productProcessId = (productId: string): string => `product-${productId}`;

/** A product board meeting's process, started by its board at the papers deadline; `meetingId` is {@link meetingIdOn}'s. */
export const meetingProcessId = (meetingId: string): string => `meeting-${meetingId}`;

/** A live product's harm watch, started by the product when it goes live. */
export const harmWatchProcessId = (productId: string): string => `harm-watch-${productId}`;

/** An initiative board's process: also the only sender a product board takes its guiding principles and policy amendments from. */
export const initiativeProcessId = (boardId: string): string => `initiative-${boardId}`;

// ── Reviews ──────────────────────────────────────────────────────────────────

/**
 * The gate review a product asks for with its `n`-th request (1, 2, …): the board's agenda item,
 * the review's workflow id and its decision's id. Counted by the product, so a replay computes it again.
 */
export const gateReviewId = (productId: string, gate: string, n: number): string => `gr-${productId}-${gate}-${n}`;

/**
 * A gate review opened on its own, outside a product's lifecycle (the client's `requestGateReview`):
 * no count to number it by, so a unique suffix (8 hex digits of a UUID) takes the count's place.
 */
export const standaloneGateReviewId = (productId: string, gate: string, unique: string): string => `gr-${productId}-${gate}-${unique}`;

/** A live product's `n`-th benefit and harm review: also the review's record id in the register. */
export const harmReviewId = (productId: string, n: number): string => `review-${productId}-${n}`;

/** A harm report: `R<n>` numbered by its watch (ids chosen by the client, a random suffix, are in histories before the engine named reports). */
export const harmReportId = (productId: string, unique: string): string => `harm-${productId}-${unique}`;

// ── Meetings and items ───────────────────────────────────────────────────────

/** A board meeting, `<boardId>-<YYYY-MM-DD>`: boards meet at most once a day. */
export const meetingIdOn = (boardId: string, startsAt: Date): string => `${boardId}-${startsAt.toISOString().slice(0, 10)}`;

/** An initiative board's `n`-th submission from the public. */
export const initiativeSubmissionId = (boardId: string, n: number): string => `${boardId}-S${n}`;

/** An initiative board's `n`-th agenda item. */
export const initiativeItemId = (boardId: string, n: number): string => `${boardId}-I${n}`;

/** An initiative board's `n`-th recorded action. */
export const initiativeActionId = (boardId: string, n: number): string => `${boardId}-A${n}`;

// ── Records in the register ──────────────────────────────────────────────────

/** The minutes of a meeting, of either board. */
export const minutesId = (meetingId: string): string => `minutes-${meetingId}`;

/** An initiative board decision: the item, decided at that meeting (an item deferred is decided again at a later one). */
export const initiativeDecisionId = (meetingId: string, itemId: string): string => `${meetingId}-${itemId}`;

/** The initiative board's answer to a submission. */
export const triageDecisionId = (submissionId: string): string => `triage-${submissionId}`;

/** The `n`-th condition of an approval. */
export const conditionId = (decisionId: string, n: number): string => `${decisionId}-c${n}`;

// ── Notices (one per recipient's outbox: the id keeps a retried send from telling twice) ──

/** The papers of a meeting, of either board. */
export const papersNoticeId = (meetingId: string): string => `papers-${meetingId}`;

/** A published record, told to its subscribers. */
export const decisionNoticeId = (decisionId: string): string => `decision-${decisionId}`;

/**
 * The reminder to members who have not voted, sent once, a set time before voting on the review or item closes.
 * An initiative item is keyed by its decision at that meeting ({@link initiativeDecisionId}): a deferred item is voted on again at the next.
 */
export const votingReminderNoticeId = (reviewOrItemId: string): string => `voting-reminder-${reviewOrItemId}`;

/** The confirmation of the `n`-th vote recorded on a review or item at a meeting (1, 2, …; a changed vote is another), told only to its voter. */
export const voteRecordedNoticeId = (reviewOrItemId: string, voter: string, n: number): string => `vote-recorded-${reviewOrItemId}-${voter}-${n}`;

/** Every member told that a written procedure has opened, with its deadline. */
export const writtenProcedureNoticeId = (reviewId: string): string => `written-procedure-${reviewId}`;

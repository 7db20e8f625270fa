/**
 * What the register holds: every record a process publishes, as the register keeps it. The types
 * come from the machines that make the records; the store, the activities and the client share them.
 */
import type { DecisionRecord } from '../machines/gateReview/rules';
import type { MinutesRecord } from '../machines/boardMeeting/machine';
import type { HarmReviewRecord } from '../machines/harmWatch/rules';
import type { InitiativeDecisionRecord, InitiativeMinutesRecord, TriageRecord } from '../machines/initiativeBoard/records';
import type { ModerationRecord } from '../machines/kernel/moderation';

/** Every record a process publishes, some with the people to tell. */
export type PublishedRecord = DecisionRecord | MinutesRecord | HarmReviewRecord | InitiativeDecisionRecord | InitiativeMinutesRecord | TriageRecord | ModerationRecord;

/** What the register keeps: both boards' decisions, minutes, harm reviews, answers to submissions and moderation decisions; not who was told. */
export type RegisteredRecord = PublishedRecord extends infer R ? (R extends { notify?: unknown } ? Omit<R, 'notify'> : R) : never;

/** A record as the register keeps it, plus when it was first published. */
export type RegisterEntry = RegisteredRecord & { readonly publishedAt: string };

/** A gate review decision as the register keeps it. */
export type DecisionEntry = Extract<RegisterEntry, { kind: 'gateReview' }>;

export const isDecision = (entry: RegisterEntry): entry is DecisionEntry => entry.kind === 'gateReview';

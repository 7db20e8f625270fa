/**
 * Which kind of process a workflow id names, read from its prefix (machines/kernel/ids.ts), with the
 * command table, status query and words for errors each kind has. The HTTP API sends a person's
 * command to any process through this one table, and the "every command" tests read it, so a command
 * added to a process's messages.ts is served (or refused, when only processes send it) with no other change.
 */
import type { QueryDefinition } from '@temporalio/common';
import { z } from 'zod';
import { boardProcessId, harmWatchProcessId, initiativeProcessId, meetingProcessId, productProcessId } from '../machines/kernel/ids';
import { meetingCommands, meetingStatusQuery } from '../workflows/boardMeeting/messages';
import { gateReviewCommands, statusForQuery, statusQuery } from '../workflows/gateReview/messages';
import { harmWatchBoardStatusQuery, harmWatchCommands, harmWatchStatusQuery } from '../workflows/harmWatch/messages';
import type { AnyCommand } from '../workflows/host/commands';
import { initiativeCommands, initiativeStatusForQuery, initiativeStatusQuery } from '../workflows/initiativeBoard/messages';
import { productCommands, productStatusQuery } from '../workflows/product/messages';
import { boardCommands, boardStatusQuery } from '../workflows/productBoard/messages';
import type { ProcessRef } from './processes';

export type ProcessKindName = 'gateReview' | 'productBoard' | 'product' | 'boardMeeting' | 'harmWatch' | 'initiativeBoard';

export interface ProcessKind {
  readonly kind: ProcessKindName;
  /** The workflow id prefix, from the id function in machines/kernel/ids.ts. */
  readonly prefix: string;
  readonly commands: readonly AnyCommand[];
  readonly status: QueryDefinition<unknown, [], string>;
  /** The view as one signed-in reader may see it, for a kind whose view depends on who reads it (a vote's count). */
  readonly statusFor?: QueryDefinition<unknown, [string], string>;
  /** The view the board of the kind reads in full, for a kind whose public view withholds some of it (a harm watch's moderated reports), and which board. */
  readonly boardStatus?: { readonly query: QueryDefinition<unknown, [], string>; readonly board: 'productBoard' };
  /** "gate review", "board"…, and what to do when there is none. */
  readonly noun: string;
  /** Whether errors name the process by its workflow id (a review's id is its workflow id) rather than by what it governs (the product, the board). */
  readonly namedByWorkflowId?: true;
  readonly hint: string;
}

/** The prefix an id function puts before an id, e.g. "board-" for boardProcessId. */
const prefixOf = (id: (x: string) => string) => id('');

/** Every kind of process people send commands to, longest prefix first so that none shadows another. */
export const processKinds: readonly ProcessKind[] = (
  [
    { kind: 'gateReview', prefix: 'gr-', commands: gateReviewCommands, status: statusQuery, statusFor: statusForQuery, noun: 'gate review', namedByWorkflowId: true, hint: 'List the reviews with "govern reviews", or see the product with "govern product status".' },
    { kind: 'productBoard', prefix: prefixOf(boardProcessId), commands: boardCommands, status: boardStatusQuery, noun: 'board', hint: 'The secretariat opens it with "govern board open".' },
    { kind: 'product', prefix: prefixOf(productProcessId), commands: productCommands, status: productStatusQuery, noun: 'product', hint: 'Register it first with "govern product register".' },
    { kind: 'boardMeeting', prefix: prefixOf(meetingProcessId), commands: meetingCommands, status: meetingStatusQuery, noun: 'meeting', hint: 'A meeting is convened at its papers deadline; see the calendar with "govern agenda".' },
    { kind: 'harmWatch', prefix: prefixOf(harmWatchProcessId), commands: harmWatchCommands, status: harmWatchStatusQuery, boardStatus: { query: harmWatchBoardStatusQuery, board: 'productBoard' }, noun: 'harm watch for product', hint: 'A product has one once it is live; see "govern product status".' },
    { kind: 'initiativeBoard', prefix: prefixOf(initiativeProcessId), commands: initiativeCommands, status: initiativeStatusQuery, statusFor: initiativeStatusForQuery, noun: 'initiative board', hint: 'The secretariat opens it with "govern initiative open" (npm start opens it).' },
  ] satisfies ProcessKind[]
).sort((a, b) => b.prefix.length - a.prefix.length);

/** The kind of process `workflowId` names, or undefined for an id no process of the engine has. */
export const kindOf = (workflowId: string): ProcessKind | undefined => processKinds.find((k) => workflowId.startsWith(k.prefix) && workflowId.length > k.prefix.length);

/** What to say of an id no process has. */
export const unknownProcess = (workflowId: string): string =>
  `No process has the id ${workflowId.slice(0, 200)}: a process id starts with ${[...processKinds].reverse().map((k) => k.prefix).join(', ')} (see "govern reviews" and "govern product status").`;

/** The words an error about `workflowId` needs. */
export const refOf = (kind: ProcessKind, workflowId: string): ProcessRef => ({
  noun: kind.noun,
  // As the GovernanceClient's own methods say it: "No product benefits-map", "No gate review gr-1".
  id: kind.namedByWorkflowId ? workflowId : workflowId.slice(kind.prefix.length),
  hint: kind.hint,
});

/** A command's `by` field (who sends it), when its payload is an object that has one. */
const byField = (command: AnyCommand): z.ZodType | undefined => (command.schema instanceof z.ZodObject ? (command.schema.shape as Record<string, z.ZodType>).by : undefined);

/** Whether the command names who sends it (`by`): the API fills it in from the sign-in. */
export const namesSender = (command: AnyCommand): boolean => byField(command) !== undefined;

/**
 * Whether anyone may send the command without an account: its schema lets `by` be left out
 * (a public submission, a harm report). The schema is the one source of that rule.
 */
export const anyoneMaySend = (command: AnyCommand): boolean => byField(command)?.safeParse(undefined).success === true;

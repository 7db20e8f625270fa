/**
 * Everything the durable host needs to run one kind of process. A process is
 * its machine plus the few functions that connect it to Temporal; no process
 * logic lives here.
 */
import type { ActivityOptions, SearchAttributeUpdatePair } from '@temporalio/common';
import type { ParentClosePolicy, QueryDefinition } from '@temporalio/workflow';
import type { AnyStateMachine, EventFromLogic, InputFrom, OutputFrom, SnapshotFrom } from 'xstate';
import type { AnyCommand } from './commands';

/** The machine's input, or the reason the start request cannot open the process. */
export type Opening<TMachine extends AnyStateMachine> = { input: InputFrom<TMachine> } | { refusal: string };

export interface ProcessDefinition<TMachine extends AnyStateMachine, TArgs, TView> {
  /** What people call one of these, in error messages: "gate review". */
  readonly noun: string;
  readonly machine: TMachine;
  /** Validates the workflow's argument and makes the machine's input; `now` is workflow time. */
  readonly open: (args: TArgs, now: Date) => Opening<TMachine>;
  readonly commands: readonly AnyCommand[];
  /** Why the snapshot will not take the event, in words the sender can act on; undefined when it will. */
  readonly explainRefusal: (snapshot: SnapshotFrom<TMachine>, event: EventFromLogic<TMachine>) => string | undefined;
  readonly statusQuery: QueryDefinition<TView, [], string>;
  readonly view: (snapshot: SnapshotFrom<TMachine>) => TView;
  /**
   * What an accepted Update answers, when not the whole view. Every answer is kept in the
   * history, so a process whose view grows (a board's quarter) answers with a small receipt
   * and callers read the view by query.
   */
  readonly receipt?: (snapshot: SnapshotFrom<TMachine>) => unknown;
  /** The search attributes that reflect the snapshot; upserted when they change. */
  readonly searchAttributes: (snapshot: SnapshotFrom<TMachine>) => SearchAttributeUpdatePair[];
  /** Options for each activity the machine invokes, by actor source name (= activity name). */
  readonly activities: Readonly<Record<string, ActivityOptions>>;
  /** Actors that are processes of their own: started as child workflows, their result the actor's output. */
  readonly children?: Readonly<Record<string, ChildProcess>>;
  /**
   * Commands that need facts only another process holds (the board's roster, a place on its
   * agenda): before the event reaches the machine, the host runs this activity and adds its
   * answer to the event. The activity refuses a command by answering `{ refused: reason }`.
   */
  readonly enrichments?: Readonly<Record<string, Enrichment<TMachine>>>;
  /** Where events the machine emits go: a Signal to another process, by its workflow id. */
  readonly emitted?: (event: { type: string } & Record<string, unknown>) => OutgoingSignal | undefined;
  /**
   * A process that lives for years continues as new once its history passes `afterEvents` (or
   * the server suggests it), at a moment `quiet` allows; `args` carries its state into the next run.
   */
  readonly continueAsNew?: {
    readonly afterEvents: number;
    readonly quiet: (snapshot: SnapshotFrom<TMachine>) => boolean;
    /** A process that renews on its own calendar (a quarter, say): once this holds, it renews at the first quiet moment whatever its history's length. */
    readonly due?: (snapshot: SnapshotFrom<TMachine>) => boolean;
    readonly args: (snapshot: SnapshotFrom<TMachine>, previous: TArgs) => TArgs;
    /**
     * For a process that learnt to continue as new after it was released: the patch id that
     * marks runs started since. A run started before never renews, so its history replays as it ran.
     */
    readonly patch?: string;
  };
}

export interface OutgoingSignal {
  readonly workflowId: string;
  readonly signal: string;
  readonly payload: unknown;
}

export interface ChildProcess {
  readonly workflowType: string;
  readonly workflowId: (input: any) => string;
  readonly parentClosePolicy?: ParentClosePolicy;
}

export interface Enrichment<TMachine extends AnyStateMachine> {
  readonly activity: string;
  readonly input: (snapshot: SnapshotFrom<TMachine>, event: EventFromLogic<TMachine>) => unknown;
  /** The fields to add to the event, from the activity's answer. */
  readonly merge: (answer: any) => Record<string, unknown>;
}

export type ProcessResult<TMachine extends AnyStateMachine> = OutputFrom<TMachine>;

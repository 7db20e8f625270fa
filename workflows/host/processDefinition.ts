/**
 * Everything the durable host needs to run one kind of process. A process is
 * its machine plus the few functions that connect it to Temporal; no process
 * logic lives here.
 */
import type { ActivityOptions, SearchAttributeUpdatePair } from '@temporalio/common';
import type { ParentClosePolicy, QueryDefinition } from '@temporalio/workflow';
import type { AnyStateMachine, EmittedFrom, EventFromLogic, InputFrom, OutputFrom, SnapshotFrom, StateMachine } from 'xstate';
import type { z } from 'zod';
import type { AnyCommand, Command, Receipt } from './commands';

/** The machine's input, or the reason the start request cannot open the process. */
export type Opening<TMachine extends AnyStateMachine> = { input: InputFrom<TMachine> } | { refusal: string };

export interface ProcessDefinition<TMachine extends AnyStateMachine, TArgs, TView> {
  /** What people call one of these, in error messages: "gate review". */
  readonly noun: string;
  readonly machine: TMachine;
  /**
   * Validates the workflow's argument and makes the machine's input; `now` is workflow time. Parse with
   * `parsePayload(schema, args, { strict })`: `strict` is off for a run that continues an earlier one or is a
   * child of another process (what they carry was accepted already) and for runs started before the bounds.
   *
   * `strictRules` goes into the machine's input as its `strict` flag: on in every run started with the
   * patch STRICT_RULES_PATCH (a continued run or a child included), off for a run that replays an older history.
   *
   * `patched` is Temporal's, for a behaviour added after release: asked at open, it is true for a run started
   * since and false when replaying one started before, and the answer goes into the machine's input as a flag,
   * so the machine stays pure and an old run replays as it ran. Absent outside a workflow (a test of `open`).
   */
  readonly open: (
    args: TArgs,
    now: Date,
    input: { readonly strict: boolean; readonly strictRules: boolean; readonly patched?: (patchId: string) => boolean },
  ) => Opening<TMachine>;
  readonly commands: readonly AnyCommand[];
  /**
   * Why the snapshot will not take the event, in words the sender can act on; undefined exactly when
   * `snapshot.can(event)`. Built on `explainRefusal` in machines/kernel/admission.ts, so that the machine
   * alone decides; the host asks it once per Update attempt, in the validator (see runProcess).
   */
  readonly explainRefusal: (snapshot: SnapshotFrom<TMachine>, event: EventFromLogic<TMachine>) => string | undefined;
  readonly statusQuery: QueryDefinition<TView, [], string>;
  /**
   * The view as one reader may see it, for a process whose view depends on who reads it (a vote's count
   * under `hiddenUntilVoted`, machines/kernel/results.ts). Its argument is the person a door signed in
   * (the portal, the API); `statusQuery` is the view for nobody in particular. Not a boundary against
   * Temporal clients, who read the history itself (operators): a filter for the doors people use.
   */
  readonly statusForQuery?: QueryDefinition<TView, [string], string>;
  /**
   * The view the process's board reads, for a process that does not know its board's people (a harm watch:
   * moderation hides a report from the public, never from the board). A door that has checked the reader's
   * role asks it; `statusQuery` answers the public's view. As `statusForQuery`, a filter for the doors people
   * use, not a boundary against Temporal clients.
   */
  readonly boardStatusQuery?: QueryDefinition<TView, [], string>;
  readonly boardView?: (snapshot: SnapshotFrom<TMachine>) => TView;
  /** The view for `asker` (undefined: anyone); a view the same for everyone ignores it. */
  readonly view: (snapshot: SnapshotFrom<TMachine>, asker?: string) => TView;
  /**
   * What an accepted Update's receipt (see `Receipt`) says besides the command and the process:
   * the state as people call it (by default the machine's state, `cycle.agendaOpen` for a nested
   * one) and the id of what the command created, read from the snapshots before and after it.
   */
  readonly receipt?: (after: SnapshotFrom<TMachine>, before: SnapshotFrom<TMachine>, event: EventFromLogic<TMachine>) => Partial<Omit<Receipt, 'accepted' | 'processId'>>;
  /**
   * Commands anyone may send (a public submission, a harm report, a subscription): refused once they
   * would take the state past 80% of its budget, so that the rest stays for the process's own work
   * (workflows/host/budget.ts).
   */
  readonly openToAnyone?: readonly string[];
  /** The search attributes that reflect the snapshot; upserted when they change. */
  readonly searchAttributes: (snapshot: SnapshotFrom<TMachine>) => SearchAttributeUpdatePair[];
  /** Options for each activity the machine invokes, by actor source name (= activity name). */
  readonly activities: Readonly<Record<string, ActivityOptions>>;
  /** Actors that are processes of their own: started as child workflows, their result the actor's output. */
  readonly children?: Children<TMachine>;
  /**
   * Commands that need facts only another process holds (the board's roster, a place on its
   * agenda): before the event reaches the machine, the host runs this activity and adds its
   * answer to the event. The activity refuses a command by answering `{ refused: reason }`.
   */
  readonly enrichments?: Readonly<Record<string, Enrichment<TMachine>>>;
  /**
   * For each command another process sends (a command whose `senders` include processes): the workflow
   * id of the one process that may send it here, from the state and the payload. A proof signed by the
   * worker in any other workflow's name is refused; a command with no entry is taken from no process.
   */
  readonly fromProcesses?: { readonly [command: string]: (snapshot: SnapshotFrom<TMachine>, payload: unknown) => string | undefined };
  /** Where events the machine emits (its `setup({ types: { emitted } })`) go: a Signal to another process, by its workflow id (see `signalOf`). */
  readonly emitted?: (event: EmittedFrom<TMachine>) => OutgoingSignal | undefined;
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

/** A Signal of `command` to the process `workflowId`, its payload typed by the receiving machine's schema. */
export const signalOf = <TSchema extends z.ZodType>(workflowId: string, command: Command<string, string, TSchema, unknown>, payload: z.input<TSchema>): OutgoingSignal => ({
  workflowId,
  signal: command.name,
  payload,
});

/** The actors a machine's `setup({ actors })` declares. */
type ActorsOf<TMachine extends AnyStateMachine> =
  TMachine extends StateMachine<infer _C, infer _E, infer _Ch, infer TActor, infer _A, infer _G, infer _D, infer _V, infer _T, infer _I, infer _O, infer _Em, infer _M, infer _S, infer _TM>
    ? TActor
    : never;

/** The input the machine gives the actor it declares as `src`. */
export type ActorInput<TMachine extends AnyStateMachine, TSrc extends string> = InputFrom<Extract<ActorsOf<TMachine>, { src: TSrc }>['logic']>;

/** The machine's actors that are processes of their own, by source name, each told the actor's input. */
export type Children<TMachine extends AnyStateMachine> = { readonly [TSrc in ActorsOf<TMachine>['src']]?: ChildProcess<ActorInput<TMachine, TSrc>> };

/**
 * A child process, told the input the machine gives its actor. The host passes that input on
 * without knowing its type (it comes from the machine's own typed `spawnChild`), so `workflowId`
 * is declared as a method, letting `childProcessOf` see every child as a `ChildProcess<unknown>`.
 */
export interface ChildProcess<TInput> {
  readonly workflowType: string;
  /** The child's workflow id, from the input the machine gives the actor (see machines/kernel/ids.ts). */
  workflowId(input: TInput): string;
  readonly parentClosePolicy?: ParentClosePolicy;
  /**
   * A child that ends within days (a meeting), whose end the process waits for before it continues as
   * new, so that it reports to the run that started it. A child that runs for years (a product) does not.
   */
  readonly finishesBeforeRenewal?: boolean;
}

/** The child process a definition names for the actor `src`, as the host sees it; undefined for an activity. */
export function childProcessOf<TMachine extends AnyStateMachine>(children: Children<TMachine> | undefined, src: string): ChildProcess<unknown> | undefined {
  const bySource: Readonly<Partial<Record<string, ChildProcess<unknown>>>> = children ?? {};
  return bySource[src];
}

/**
 * `TAnswer` is what the activity answers when it does not refuse. The host knows the activity
 * only by name and passes on its answer, so `merge` is declared as a method: a definition states
 * the answer's type in its own `merge` (the activity's return type), and the host calls it with what came back.
 */
export interface Enrichment<TMachine extends AnyStateMachine, TAnswer = unknown> {
  readonly activity: string;
  readonly input: (snapshot: SnapshotFrom<TMachine>, event: EventFromLogic<TMachine>) => unknown;
  /** The fields to add to the event, from the activity's answer. */
  merge(answer: TAnswer): Record<string, unknown>;
}

export type ProcessResult<TMachine extends AnyStateMachine> = OutputFrom<TMachine>;

/**
 * The durable host: runs any process definition as a Temporal workflow.
 *
 * The machine is driven with XState's pure `initialTransition`/`transition`,
 * which return the next snapshot and the actions to carry out without running
 * them. The host is then the only place that touches time or the world:
 * delayed events become durable timers, invoked actors become activities, and
 * their completions come back as events. Everything else is the machine's.
 */
import {
  ActivityFailure,
  CancellationScope,
  allHandlersFinished,
  condition,
  continueAsNew,
  currentUpdateInfo,
  getExternalWorkflowHandle,
  isCancellation,
  log,
  patched,
  proxyActivities,
  setHandler,
  sleep,
  startChild,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { SearchAttributeUpdatePair } from '@temporalio/common';
import {
  initialTransition,
  transition,
  type AnyMachineSnapshot,
  type AnyStateMachine,
  type EmittedFrom,
  type EventFromLogic,
  type SnapshotFrom,
} from 'xstate';
import { describeIssues, parsePayload, personId } from '../../machines/kernel/schema';
import { isRefusal } from '../../machines/kernel/effects';
import { jsonBytes } from '../../machines/kernel/size';
import { readerId } from '../../machines/kernel/results';
import { auditQuery, type AnyCommand, type AuditEntry, type Receipt } from './commands';
import { BUDGET_WARNINGS, STATE_BUDGET_PATCH, budgetRefusal, budgetWarning, needsCheck, processBudget, warningLevel } from './budget';
import { FailureType, failureOf, refused } from './failures';
import { childProcessOf, type ProcessDefinition, type ProcessResult } from './processDefinition';
import { CommandTrust, rotateKeys, trustSchema, type Proven, type Trust } from './trust';
import { senderIdentity } from './senderIdentity';
import { hostActivityOptions } from '../activityOptions';
import type { Activities } from '../../activities';

/** Marks runs that hold every payload to the input bounds (see `strictInput`). */
export const BOUNDED_INPUT_PATCH = 'bounded-input';

/**
 * Marks runs that let what they started finish once they end. A machine that reaches its final state stops
 * its children, and the run completed there, abandoning a notice still in flight (a vote's confirmation
 * sent a moment before the decision); since this patch the host waits for such work before the run
 * completes. Asked only when a run ends with work in flight, so a run that never did replays unchanged.
 */
export const EFFECTS_OUTLIVE_END_PATCH = 'effects-outlive-end';

/**
 * Marks runs whose machines apply the rules that came with it (issue 12): the engine names what a
 * command creates (harm reports), and a written procedure's deadline is at least the policy's minimum
 * ahead. The flag reaches the machine at open (`strictRules`); a run started before replays as it ran.
 */
export const STRICT_RULES_PATCH = 'strict-rules';

/** Marks runs that continue as new only once their child processes have started, and the short-lived ones ended (see `childrenSettled`). */
export const RENEWS_ONCE_CHILDREN_SETTLE_PATCH = 'renews-once-children-settle';

/**
 * Marks runs that take a command only with a proof of its sender (./proof.ts, ./trust.ts), and send their
 * own commands to other processes through the worker, which signs them. A run started before takes
 * commands as it always did and replays so; a board or watch that continues as new asks again, and has it.
 */
export const SIGNED_COMMANDS_PATCH = 'signed-commands';

/** The audit log keeps the newest entries (at most 500, at most 64 KiB: it is a query answer too); history keeps everything. */
const AUDIT_LIMIT = 500;
const AUDIT_BYTES = 64 * 1024;

type ExecutableAction = ReturnType<typeof transition>[1][number];

export async function runProcess<TMachine extends AnyStateMachine, TArgs, TView>(
  def: ProcessDefinition<TMachine, TArgs, TView>,
  args: TArgs,
  given?: Trust,
): Promise<ProcessResult<TMachine>> {
  type Event = EventFromLogic<TMachine>;
  const now = () => new Date(Date.now()); // workflow time: deterministic on replay

  // Decided once, first, so that replaying a run started before the process could renew never renews.
  const renewal = def.continueAsNew && (def.continueAsNew.patch === undefined || patched(def.continueAsNew.patch)) ? def.continueAsNew : undefined;
  /**
   * Whether this run waits, before it continues as new, for its children to settle (see `childrenSettled`).
   * Decided once, first: a run started before renewed without waiting, and its history replays so.
   */
  const renewsOnceChildrenSettle = renewal !== undefined && patched(RENEWS_ONCE_CHILDREN_SETTLE_PATCH);

  /**
   * Whether this run holds input to the bounds of `machines/kernel/input.ts` (lengths, https links, no hidden
   * characters, dates and fractions in range). Decided once, first: a run started before the bounds replays
   * its history with them off, so every command it accepted then is accepted again, to the same value.
   */
  const strictInput = patched(BOUNDED_INPUT_PATCH);
  /** Whether this run refuses commands past its state budget (see `withinBudget`); decided once, first, like the bounds. */
  const budgeted = patched(STATE_BUDGET_PATCH);
  // What a continued run or a child process is given was accepted already, perhaps under looser rules.
  const { parent, continuedFromExecutionRunId } = workflowInfo();
  /** Whether the machine applies the rules of STRICT_RULES_PATCH; decided once, first, and given to it at open. */
  const strictRules = patched(STRICT_RULES_PATCH);
  /** Whether this run takes commands only with a proof of their sender; decided once, first, like the bounds. */
  const signedCommands = patched(SIGNED_COMMANDS_PATCH);
  // `patched` lets a definition turn on, at open, what runs started before a change never did (see ProcessDefinition.open).
  const opening = def.open(args, now(), { strict: strictInput && parent === undefined && continuedFromExecutionRunId === undefined, strictRules, patched });
  if ('refusal' in opening) throw refused(opening.refusal);

  const timers = new Map<string, CancellationScope>();
  const children = new Map<string, CancellationScope>();
  /** Work the machine started and, by ending, stopped caring about: left to finish before the run completes. */
  const finishing = new Set<string>();
  /** Child processes whose start was asked for and not yet confirmed. */
  let startingChildren = 0;
  /** Children the definition says finish before the process renews (`finishesBeforeRenewal`: a meeting) still running. */
  let finishingChildren = 0;
  /**
   * A run renews once every child start it asked for is confirmed, and once the children that report
   * their end to it (a meeting, a week long) have ended: a child started or ended after its parent's
   * run closed would report to no one (Temporal's time-skipping test server then stops its clock for
   * good, waiting to tell the closed run). Children that run for years (products) do not hold it.
   */
  const childrenSettled = () => !renewsOnceChildrenSettle || (startingChildren === 0 && finishingChildren === 0);
  const audit: AuditEntry[] = [];
  const auditSizes: number[] = [];
  let auditBytes = 0;
  let lastSearchAttributes = '';
  let fault: unknown;

  // ── Trust (./trust.ts): the keys this run takes proofs from, and the nonces it has seen ──

  const host = proxyActivities<Pick<Activities, 'trustedKeys'>>(hostActivityOptions.trustedKeys);
  const sender = proxyActivities<Pick<Activities, 'sendCommand'>>(hostActivityOptions.sendCommand);
  /** Undefined until known: in a run that takes unsigned commands, for ever; else until the worker answers `trustedKeys`. */
  let trust: CommandTrust | undefined;
  /** Commands this run sent other processes, through the worker, and not yet delivered: the run waits for them before it ends or renews. */
  let sending = 0;
  if (signedCommands) {
    // A run continued from an earlier one, and a child, are given what the run or parent before them trusted. Anything
    // else asks the worker: what a process trusts is never the choice of whoever asks Temporal to start it.
    const inherited = parent !== undefined || continuedFromExecutionRunId !== undefined ? trustSchema.safeParse(given) : undefined;
    if (inherited?.success) trust = new CommandTrust(inherited.data);
    else
      track(
        host.trustedKeys().then((keys) => {
          trust = new CommandTrust({ keys });
        }),
      );
  }
  /** Waits, only in a run that has not yet heard from the worker, until it knows whose signatures it takes. */
  const trustKnown = () => !signedCommands || trust !== undefined;

  // Typed loosely inside the host, which reads only what every machine snapshot has.
  let snapshot: AnyMachineSnapshot;
  const current = () => snapshot as SnapshotFrom<TMachine>;

  // ── The state budget (workflows/host/budget.ts): measured after every step, held to before every command ──

  const budget = processBudget;
  const budgetHolder = () => `the ${def.noun} ${workflowInfo().workflowId}`;
  /** What the process carries to its next run (its context, for one that never renews): what the budget limits. */
  const persisted = (s: AnyMachineSnapshot): unknown => (def.continueAsNew ? def.continueAsNew.args(s as SnapshotFrom<TMachine>, args) : s.context);
  let stateSize = 0;
  /** The highest warning given; a run that continues an earlier one starts at the level it inherits, which that run warned of. */
  let warnedAt: number | undefined = workflowInfo().continuedFromExecutionRunId === undefined ? -1 : undefined;

  /**
   * The step `withinBudget` worked out for a command, kept for `apply` when it takes that very event
   * on that very snapshot (the pure `transition` gives the same answer twice), so a command near the
   * budget is transitioned and measured once.
   */
  let foreseen: { readonly from: AnyMachineSnapshot; readonly event: Event; readonly step: ReturnType<typeof transition>; readonly size: number } | undefined;

  /** The step `event` takes from the snapshot: the one foreseen for it, or worked out now. */
  function stepFor(event: Event): { step: ReturnType<typeof transition>; size?: number } {
    const kept = foreseen;
    foreseen = undefined;
    return kept !== undefined && kept.from === snapshot && kept.event === event ? kept : { step: transition(def.machine, current(), event) };
  }

  /** Measures the state after a step (or takes the size foreseen); warns operators once as it passes 50%, 80% and 100% of its budget. */
  function measureState(size?: number): void {
    stateSize = size ?? jsonBytes(persisted(snapshot));
    const level = warningLevel(stateSize, budget);
    if (warnedAt === undefined) warnedAt = level;
    if (level <= warnedAt) return;
    warnedAt = level;
    log.warn(budgetWarning(budgetHolder(), stateSize, BUDGET_WARNINGS[level]!, budget));
  }

  /**
   * The command's admission, or a refusal when its event would take the state past the budget (past
   * 80% for a command anyone may send). The state it would leave is worked out with the pure
   * `transition` only when the state is near its budget or the payload is large (`needsCheck`), so
   * the common case costs nothing. A command that adds nothing is always taken: that is how a full
   * process is emptied. Only in runs started with the budget (`budgeted`).
   */
  function withinBudget(command: AnyCommand, payload: unknown, admission: ReturnType<typeof toEvent>): ReturnType<typeof toEvent> {
    if (!budgeted || 'refusal' in admission || !needsCheck(stateSize, jsonBytes(payload), budget)) return admission;
    let next: number;
    try {
      const step = transition(def.machine, current(), admission.event);
      next = jsonBytes(persisted(step[0] as AnyMachineSnapshot));
      foreseen = { from: snapshot, event: admission.event, step, size: next };
    } catch {
      return admission; // a machine that throws is a bug: `apply` fails the workflow task, as it always has
    }
    if (next <= stateSize) return admission;
    const refusal = budgetRefusal(budgetHolder(), command.name, next, def.openToAnyone?.includes(command.name) ?? false, budget);
    return refusal ? { type: FailureType.refused, refusal } : admission;
  }

  {
    const [first, actions] = initialTransition(def.machine, opening.input);
    snapshot = accept(first as AnyMachineSnapshot);
    carryOut(actions);
    measureState();
  }

  function apply(event: Event): void {
    const { step, size } = stepFor(event);
    const [next, actions] = step;
    snapshot = accept(next as AnyMachineSnapshot);
    carryOut(actions);
    measureState(size);
  }

  /**
   * A machine that throws is a bug, not a refusal: failing the workflow task keeps the last good
   * snapshot, shows the error to operators, and retries once a fixed worker is deployed.
   */
  function accept(next: AnyMachineSnapshot): AnyMachineSnapshot {
    if (next.status === 'error') throw next.error;
    return next;
  }

  function carryOut(actions: ExecutableAction[]): void {
    for (const action of actions) {
      const params = action.params as Record<string, any>;
      switch (action.type) {
        case 'xstate.raise':
          // Undelayed raises are consumed inside `transition`; only delayed ones reach us.
          if (params.delay !== undefined) startTimer(params.id ?? params.event.type, params.delay, params.event);
          break;
        case 'xstate.cancel':
          timers.get(params.sendId)?.cancel();
          timers.delete(params.sendId);
          break;
        case 'xstate.spawnChild':
          startActivity(params.id, params.src, params.input ?? params.actorRef?.options?.input);
          break;
        case 'xstate.emit':
          sendOut(params.event);
          break;
        case 'xstate.stopChild': {
          if (params.actorRef === undefined) {
            // XState stops every child as the machine ends, passing the child itself. The host did nothing with
            // those stops, and the run then completed without its children; since the patch it waits for them.
            const id = String(params.id);
            if (children.has(id) && patched(EFFECTS_OUTLIVE_END_PATCH)) finishing.add(id);
            break;
          }
          // The machine's own stopChild: it no longer wants the answer.
          const id = typeof params.actorRef === 'string' ? params.actorRef : params.actorRef.id;
          children.get(id)?.cancel();
          children.delete(id);
          break;
        }
        default:
          // Machines do no I/O: any other action is an assign already applied to the snapshot.
          break;
      }
    }
    reflectSearchAttributes();
  }

  function track(work: Promise<void>): void {
    work.catch((err) => {
      if (!isCancellation(err)) fault ??= err;
    });
  }

  function startTimer(id: string, delayMs: number, event: Event): void {
    const scope = new CancellationScope();
    timers.set(id, scope);
    track(
      scope.run(async () => {
        await sleep(Math.max(1, delayMs));
        if (timers.get(id) !== scope) return;
        timers.delete(id);
        // Stamped with when it fired: after an outage that is later than it was due, and a machine that reads no clock must know.
        apply({ ...event, at: now().toISOString() });
      }),
    );
  }

  /** An activity, or a child workflow for actors the definition names as processes of their own. */
  function actorWork(src: unknown, input: unknown): () => Promise<unknown> {
    const child = typeof src === 'string' ? childProcessOf(def.children, src) : undefined;
    if (child) {
      return async () => {
        startingChildren++;
        if (child.finishesBeforeRenewal) finishingChildren++;
        try {
          let handle;
          try {
            if (!trustKnown()) await condition(trustKnown);
            handle = await startChild(child.workflowType, {
              workflowId: child.workflowId(input),
              args: trust ? [input, trust.forChild()] : [input],
              ...(child.parentClosePolicy ? { parentClosePolicy: child.parentClosePolicy } : {}),
            });
          } finally {
            startingChildren--;
          }
          return await handle.result();
        } finally {
          if (child.finishesBeforeRenewal) finishingChildren--;
        }
      };
    }
    const activity = activityNamed(String(src));
    return () => activity(input);
  }

  /** The activity of that name with the options the definition gives it; a definition without them is a bug, not a refusal. */
  function activityNamed(name: string): (input: unknown) => Promise<unknown> {
    const options = def.activities[name];
    if (!options) throw new Error(`${def.noun}: actor ${name} has no activity options in the process definition`);
    return proxyActivities<Record<string, (input: unknown) => Promise<unknown>>>(options)[name]!;
  }

  function startActivity(id: string, src: unknown, input: unknown): void {
    const work = actorWork(src, input);
    const scope = new CancellationScope();
    children.set(id, scope);
    track(
      scope.run(async () => {
        let event: Event;
        try {
          event = { type: `xstate.done.actor.${id}`, output: await work() } as Event;
        } catch (err) {
          if (isCancellation(err)) throw err;
          event = { type: `xstate.error.actor.${id}`, error: describeError(err) } as Event;
        }
        if (children.get(id) !== scope) return; // the machine stopped caring
        children.delete(id);
        // The process has ended: its answer changes nothing (a failed notice is the activity's to report).
        if (finishing.delete(id)) return;
        apply(event);
      }),
    );
  }

  /**
   * Signals another process; one that no longer exists is logged, not a fault of this one. Since signed
   * commands, through the worker (`sendCommand`), which signs it in this workflow's name: a Signal this
   * code sent itself would carry no proof, and the other process would refuse it.
   */
  function sendOut(event: EmittedFrom<TMachine>): void {
    const outgoing = def.emitted?.(event);
    if (!outgoing) throw new Error(`${def.noun}: nowhere to send the emitted event ${event.type}`);
    const failed = (err: unknown) => log.warn(`Could not signal ${outgoing.signal} to ${outgoing.workflowId}: ${(err as Error).message}`);
    if (!signedCommands) {
      getExternalWorkflowHandle(outgoing.workflowId).signal(outgoing.signal, outgoing.payload).catch(failed);
      return;
    }
    sending++;
    sender
      .sendCommand(outgoing)
      .catch(failed)
      .finally(() => sending--);
  }

  function reflectSearchAttributes(): void {
    const pairs: SearchAttributeUpdatePair[] = def.searchAttributes(current());
    const key = JSON.stringify(pairs.map((p) => [p.key.name, p.value]));
    if (key === lastSearchAttributes) return;
    lastSearchAttributes = key;
    upsertSearchAttributes(pairs);
  }

  function remember(entry: AuditEntry): void {
    audit.push(entry);
    auditSizes.push(jsonBytes(entry) + 1);
    auditBytes += auditSizes.at(-1)!;
    while (audit.length > AUDIT_LIMIT || (audit.length > 1 && auditBytes > AUDIT_BYTES)) {
      audit.shift();
      auditBytes -= auditSizes.shift()!;
    }
  }

  /** Parses a payload into the machine's event, or says what is wrong with it. */
  function toEvent(command: AnyCommand, payload: unknown): { event: Event } | { refusal: string; type: FailureType } {
    const parsed = parsePayload(command.schema, payload, { strict: strictInput });
    if (!parsed.success)
      return { type: FailureType.invalidPayload, refusal: `${command.name}: ${describeIssues(parsed.error)}. Nothing was recorded.` };
    const event = { ...(parsed.data as object), type: command.eventType, at: now().toISOString() } as Event;
    const refusal = def.explainRefusal(current(), event);
    return refusal ? { type: FailureType.refused, refusal } : { event };
  }

  /**
   * The validator's answer, kept for the handler of the same Update, so that a command is parsed and
   * checked once per attempt. The SDK runs an Update's validator and then the start of its handler in
   * one synchronous step (`doUpdate` in @temporalio/workflow's internals: validate, accept, execute,
   * no await between), and the snapshot changes only in `apply`, called from handlers, timers and
   * activity completions, none of which can run inside that step: for a command without an
   * enrichment, nothing changes the snapshot between the two. The handler does not take that on
   * trust: it reuses the answer only for the same Update, the same snapshot object and the same
   * workflow time, everything `toEvent` reads (the payload is the Update's own), so reusing it is
   * indistinguishable from computing it again. That is also why it is replay-safe: on replay the SDK
   * runs no validators, the handler finds nothing kept and computes the same answer itself.
   */
  let validated: { readonly updateId: string; readonly snapshot: AnyMachineSnapshot; readonly at: string; readonly result: ReturnType<typeof toEvent> } | undefined;

  function validate(command: AnyCommand, payload: unknown): ReturnType<typeof toEvent> {
    // An enriched command's event is whole only in its handler, which checks it against the budget there.
    const result = def.enrichments?.[command.name] ? toEvent(command, payload) : withinBudget(command, payload, toEvent(command, payload));
    const updateId = currentUpdateInfo()?.id;
    validated = updateId !== undefined && !('refusal' in result) ? { updateId, snapshot, at: now().toISOString(), result } : undefined;
    return result;
  }

  /** The validator's answer for the Update being handled, taken once, as its handler starts. */
  function claimValidated(): typeof validated {
    const kept = validated;
    validated = undefined;
    return kept !== undefined && kept.updateId === currentUpdateInfo()?.id ? kept : undefined;
  }

  /** The kept answer while nothing it was computed from has changed; otherwise the answer computed now. */
  function checked(command: AnyCommand, payload: unknown, kept: typeof validated): ReturnType<typeof toEvent> {
    return kept !== undefined && kept.snapshot === snapshot && kept.at === now().toISOString() ? kept.result : toEvent(command, payload);
  }

  /**
   * The proof's verdict (./trust.ts) for a run that takes only proven commands; `{}` for a run started
   * before, and in a validator that runs before the worker has said which keys to trust (its handler waits).
   */
  function proofOf(command: AnyCommand, payload: unknown, proof: unknown): { proven?: Proven } | { refusal: string; type: FailureType } {
    if (!signedCommands || trust === undefined) return {};
    const expectedProcess = def.fromProcesses?.[command.name]?.(current(), payload);
    const verdict = trust.check({ workflowId: workflowInfo().workflowId, command, payload, proof, now: now(), ...(expectedProcess !== undefined ? { expectedProcess } : {}) });
    return 'refusal' in verdict ? { type: FailureType.refused, refusal: verdict.refusal } : { proven: verdict.proven };
  }

  /**
   * In a handler: the proof's verdict, its nonce remembered when it holds (whatever the machine then says:
   * a command refused for now must not be taken later by sending it again), the refusal kept in the audit.
   */
  function proveInHandler(command: AnyCommand, payload: unknown, proof: unknown, via: AuditEntry['via'], identity: string | undefined) {
    const verdict = proofOf(command, payload, proof);
    if ('refusal' in verdict) refusedProof(command, payload, via, identity, verdict.refusal);
    else if (verdict.proven) trust!.remember(verdict.proven, now());
    return verdict;
  }

  function refusedProof(command: AnyCommand, payload: unknown, via: AuditEntry['via'], identity: string | undefined, reason: string): void {
    log.warn(`Refused ${via} ${command.name} from ${identity ?? 'an unnamed client'}: ${reason}`);
    remember({ at: now().toISOString(), command: command.name, via, ...byOf(payload), accepted: false, reason, ...identityOf(identity) });
  }

  const identityOf = (identity: string | undefined) => (identity ? { identity } : {});
  const keyOf = (verdict: { proven?: Proven }) => (verdict.proven ? { key: verdict.proven.key } : {});

  /** Who sent a command, for the audit log: only a well-formed person id (a refused Signal may carry anything, of any size). */
  const byOf = (payload: unknown) => {
    const by = typeof payload === 'object' && payload ? (payload as { by?: unknown }).by : undefined;
    return personId.safeParse(by).success ? { by: by as string } : {};
  };

  /**
   * Commands with an enrichment wait for an activity between check and apply, so they take
   * turns: no other enriched command can slip in between one's check and its apply.
   */
  let turn: Promise<unknown> = Promise.resolve();
  const inTurn = <T>(work: () => Promise<T>): Promise<T> => {
    const run = turn.then(work);
    turn = run.catch(() => undefined);
    return run;
  };

  /** The command's event with the enrichment's answer added, or the reason it is refused. */
  async function admit(command: AnyCommand, payload: unknown, kept?: typeof validated): Promise<{ event: Event } | { refusal: string; type: FailureType }> {
    // Checked when its turn comes: an earlier enriched command may have changed the snapshot since the validator ran.
    const first = checked(command, payload, kept);
    const enrichment = def.enrichments?.[command.name];
    if ('refusal' in first || !enrichment) return first;
    const activity = activityNamed(enrichment.activity);
    let answer: unknown;
    try {
      answer = await activity(enrichment.input(current(), first.event));
    } catch (err) {
      const cause = err instanceof ActivityFailure ? err.cause : err;
      // The process it asks could not answer: refuse rather than fail the workflow task.
      const why = cause instanceof Error ? cause.message : String(cause);
      return { type: FailureType.unavailable, refusal: `${command.name} needs ${enrichment.activity}, which failed (${why}); nothing was recorded. Try again later.` };
    }
    if (isRefusal(answer)) return { type: FailureType.refused, refusal: answer.refused };
    const event = { ...first.event, ...enrichment.merge(answer) } as Event;
    const refusal = def.explainRefusal(current(), event);
    return refusal ? { type: FailureType.refused, refusal } : { event };
  }

  /** What an accepted Update answers: a receipt (commands.ts), never the view, which grows and would stay in the history. */
  function receiptOf(command: AnyCommand, before: SnapshotFrom<TMachine>, event: Event): Receipt {
    const said = def.receipt?.(current(), before, event) ?? {};
    return { ...said, accepted: command.name, processId: workflowInfo().workflowId, state: said.state ?? stateName(snapshot.value) };
  }

  const refuse = (result: { refusal: string; type: FailureType }) => failureOf(result.type, result.refusal);

  for (const command of def.commands) {
    const enriched = def.enrichments?.[command.name] !== undefined;
    const accept = (payload: unknown, event: Event, proven: { proven?: Proven }, identity: string | undefined): Receipt => {
      const before = current();
      apply(event);
      remember({ at: now().toISOString(), command: command.name, via: 'update', ...byOf(payload), accepted: true, ...keyOf(proven), ...identityOf(identity) });
      return receiptOf(command, before, event);
    };
    setHandler(
      command.update,
      async (payload: unknown, proof?: unknown) => {
        const identity = senderIdentity();
        let kept = claimValidated();
        // Only in a new process's first moments, before the worker has said which keys to trust; otherwise nothing
        // awaited comes between the validator and the apply of a command without an enrichment (see `validated`).
        if (!trustKnown()) {
          kept = undefined;
          await condition(trustKnown);
        }
        const proven = proveInHandler(command, payload, proof, 'update', identity);
        if ('refusal' in proven) throw refuse(proven);
        const result = enriched
          ? // Checked against the budget once the enrichment is in: only then is the event whole.
            await inTurn(async () => withinBudget(command, payload, await admit(command, payload, kept)))
          : // The validator's answer (see `validated`), or on replay this handler's own.
            checked(command, payload, kept);
        if ('refusal' in result) throw refuse(result);
        return accept(payload, result.event, proven, identity);
      },
      {
        validator: (payload: unknown, proof?: unknown) => {
          const proven = proofOf(command, payload, proof);
          if ('refusal' in proven) {
            // Refused before anything is written to the history: the audit (while the worker holds this run) and the worker's log keep it.
            refusedProof(command, payload, 'update', senderIdentity(), proven.refusal);
            throw refuse(proven);
          }
          const result = validate(command, payload);
          if ('refusal' in result) throw refuse(result);
        },
      },
    );
    setHandler(command.signal, async (payload: unknown, proof?: unknown) => {
      const identity = senderIdentity();
      if (!trustKnown()) await condition(trustKnown);
      const proven = proveInHandler(command, payload, proof, 'signal', identity);
      if ('refusal' in proven) return;
      const result = withinBudget(command, payload, enriched ? await inTurn(() => admit(command, payload)) : toEvent(command, payload));
      const entry = { at: now().toISOString(), command: command.name, via: 'signal' as const, ...byOf(payload), ...keyOf(proven), ...identityOf(identity) };
      if ('refusal' in result) {
        log.warn(`Refused signal ${command.name}: ${result.refusal}`);
        remember({ ...entry, accepted: false, reason: result.refusal });
        return;
      }
      apply(result.event);
      remember({ ...entry, accepted: true });
    });
  }

  /**
   * The host's own command (./trust.ts): a recorded change of the keys this run trusts, proven by a key
   * of the same use. A run that takes unsigned commands trusts no key, and refuses it.
   */
  const rotation = (payload: unknown, proof: unknown, via: AuditEntry['via'], identity: string | undefined): { refusal: string; type: FailureType } | { proven: Proven } => {
    if (!signedCommands)
      return { type: FailureType.refused, refusal: `The ${def.noun} ${workflowInfo().workflowId} started before signed commands and trusts no key yet: it will from its next run. Nothing was recorded.` };
    const verdict = proveInHandler(rotateKeys, payload, proof, via, identity);
    if ('refusal' in verdict) return verdict;
    const parsed = parsePayload(rotateKeys.schema, payload, { strict: true });
    const refusal = parsed.success ? trust!.rotationRefusal(parsed.data, verdict.proven!.use) : describeIssues(parsed.error);
    if (refusal !== undefined) {
      const reason = `rotateKeys was refused: ${refusal}. Nothing was recorded.`;
      remember({ at: now().toISOString(), command: rotateKeys.name, via, accepted: false, reason, ...identityOf(identity) });
      return { type: FailureType.refused, refusal: reason };
    }
    trust!.rotate(parsed.data!);
    remember({ at: now().toISOString(), command: rotateKeys.name, via, accepted: true, key: verdict.proven!.key, ...identityOf(identity) });
    return { proven: verdict.proven! };
  };
  setHandler(
    rotateKeys.update,
    async (payload: unknown, proof?: unknown) => {
      const identity = senderIdentity();
      if (!trustKnown()) await condition(trustKnown);
      const result = rotation(payload, proof, 'update', identity);
      if ('refusal' in result) throw refuse(result);
      return { accepted: rotateKeys.name, processId: workflowInfo().workflowId, state: stateName(snapshot.value) } satisfies Receipt;
    },
    {
      // A bad proof is refused before anything is written, as for every command.
      validator: (payload: unknown, proof?: unknown) => {
        const verdict = signedCommands ? proofOf(rotateKeys, payload, proof) : {};
        if ('refusal' in verdict) {
          refusedProof(rotateKeys, payload, 'update', senderIdentity(), verdict.refusal);
          throw refuse(verdict);
        }
      },
    },
  );
  setHandler(rotateKeys.signal, async (payload: unknown, proof?: unknown) => {
    const identity = senderIdentity();
    if (!trustKnown()) await condition(trustKnown);
    rotation(payload, proof, 'signal', identity);
  });
  setHandler(def.statusQuery, () => def.view(current()));
  // A query leaves no mark in history, so a run recorded before this handler existed replays the same.
  if (def.statusForQuery) setHandler(def.statusForQuery, (asker: unknown) => def.view(current(), readerId(asker)));
  const boardView = def.boardView;
  if (def.boardStatusQuery && boardView) setHandler(def.boardStatusQuery, () => boardView(current()));
  setHandler(auditQuery, () => [...audit]);

  const timeToRenew = () =>
    renewal !== undefined &&
    trustKnown() &&
    renewal.quiet(current()) &&
    (renewal.due?.(current()) === true || workflowInfo().historyLength >= renewal.afterEvents || workflowInfo().continueAsNewSuggested);
  for (;;) {
    await condition(() => snapshot.status !== 'active' || fault !== undefined || timeToRenew());
    if (fault !== undefined) throw fault;
    if (snapshot.status !== 'active' || !renewal) break;
    await condition(() => allHandlersFinished() && childrenSettled() && sending === 0);
    // A message handled while we waited may have made the process busy again.
    if (renewal.quiet(current())) {
      const next = renewal.args(current(), args);
      // The next run trusts what this one trusts, and remembers the nonces it saw, so a command cannot be taken twice across runs.
      if (trust) await continueAsNew<(a: TArgs, t: Trust) => Promise<unknown>>(next, trust.carried(now()));
      else await continueAsNew<(a: TArgs) => Promise<unknown>>(next);
    }
  }
  // Let accepted votes still in their handlers, the notices the process sent as it ended and the commands it sent other processes finish before the run closes.
  await condition(() => allHandlersFinished() && finishing.size === 0 && sending === 0);
  return snapshot.output as ProcessResult<TMachine>;
}

/** A machine state as people read it: `sitting`, or `cycle.agendaOpen` for a nested one. */
function stateName(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value !== 'object' || value === null) return String(value);
  return Object.entries(value as Record<string, unknown>)
    .map(([key, inner]) => `${key}.${stateName(inner)}`)
    .join(', ');
}

function describeError(err: unknown): { message: string; type?: string } {
  if (err instanceof Error) {
    const cause = (err as { cause?: { message?: string; type?: string } }).cause;
    return { message: cause?.message ?? err.message, ...(cause?.type ? { type: cause.type } : {}) };
  }
  return { message: String(err) };
}

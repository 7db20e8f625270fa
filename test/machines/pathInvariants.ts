/**
 * What a graph path can prove beyond "the machine reached what it reached": replaying a path found on the same
 * deterministic machine and comparing the state with itself proves nothing, so each path is replayed with every
 * action the machine asks of the host recorded, and checked against rules the machine does not compute for itself.
 * The replay starts from `initialTransition`, not the graph's snapshot, so the timers set on opening count too.
 */
import { initialTransition, transition, type AnyMachineSnapshot, type AnyStateMachine, type EventFromLogic, type InputFrom, type SnapshotFrom } from 'xstate';

interface Action {
  readonly type: string;
  readonly params?: unknown;
}

export interface Notice {
  readonly to: readonly string[];
  readonly subject?: string;
}

export interface Recorded<S> {
  /** The snapshot on opening, then after each event. */
  readonly snapshots: readonly S[];
  readonly final: S;
  /** Timers set and neither cancelled nor fired: their id and the event they would raise. */
  readonly pendingTimers: readonly { readonly id: string; readonly event: string }[];
  /** What every notice the machine asked the host to send was addressed to. */
  readonly notices: readonly Notice[];
}

/** Replays `events` from the machine's opening, keeping the timers it sets, cancels and receives, and the notices it sends. */
export function record<M extends AnyStateMachine>(machine: M, input: InputFrom<M>, events: readonly EventFromLogic<M>[]): Recorded<SnapshotFrom<M>> {
  const pending = new Map<string, string>();
  const notices: Notice[] = [];
  const apply = (actions: readonly Action[]) => {
    for (const action of actions) {
      const params = action.params as { id?: string; delay?: number; event?: { type: string }; sendId?: string; src?: unknown; input?: unknown } | undefined;
      if (action.type === 'xstate.raise' && params?.delay !== undefined) pending.set(params.id ?? params.event!.type, params.event!.type);
      if (action.type === 'xstate.cancel' && params?.sendId) pending.delete(params.sendId);
      if (action.type === 'xstate.spawnChild' && params?.src === 'notify') notices.push(params.input as Notice);
    }
  };
  let [s, actions] = initialTransition(machine, input);
  apply(actions);
  const snapshots: SnapshotFrom<M>[] = [s];
  for (const event of events) {
    // A delayed event arriving is its timer firing.
    for (const [id, type] of pending)
      if (type === event.type) {
        pending.delete(id);
        break;
      }
    [s, actions] = transition(machine, s, event);
    apply(actions);
    snapshots.push(s);
  }
  return { snapshots, final: s, pendingTimers: [...pending].map(([id, event]) => ({ id, event })), notices };
}

/**
 * Timers left behind: an `after` timer of a state the process has left (its id, `xstate.after.<delay>.<state
 * node id>`, names the state that set it), which would fire into a state that no longer expects it. A process's
 * own named timers (a triage or action deadline) may outlive a finished process: the host ends the run when the
 * machine finishes, and with it every timer still set.
 */
export function strayTimers(recorded: Recorded<AnyMachineSnapshot>): string[] {
  const active = new Set(recorded.final._nodes.map((n) => n.id));
  return recorded.pendingTimers
    .map((t) => t.id)
    .filter((id) => {
      const after = /^xstate\.after\.[^.]+\.(.+)$/.exec(id);
      return after !== null && !active.has(after[1]!);
    });
}

/** Everyone a notice names who is not among `known`. */
export const strangersNotified = (recorded: Recorded<unknown>, known: ReadonlySet<string>) => recorded.notices.flatMap((n) => n.to.filter((to) => !known.has(to)));

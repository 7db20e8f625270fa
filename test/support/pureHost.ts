/**
 * A process definition run the way workflows/host/runProcess.ts runs it, without Temporal, for tests that
 * must see everything the engine says: each command is parsed with its schema and explained or taken, as
 * an Update (a refusal or a receipt) or as a Signal (an audit entry); delayed events become timers that
 * fire when the clock reaches them, stamped with that moment; every actor the machine starts is an
 * activity that ends when the test says. After each step the test reads the view the `status` query
 * answers and the search attributes, as an operator would.
 *
 * Only the words a person or an operator reads are taken from the definition (its explanations, view,
 * receipt and search attributes); the host's own wording (an invalid payload's refusal, a receipt's
 * shape, an audit entry's fields) is copied from runProcess, where it has one source.
 */
import { initialTransition, transition, type AnyMachineSnapshot, type AnyStateMachine, type EventFromLogic, type SnapshotFrom } from 'xstate';
import { describeIssues, parsePayload } from '../../machines/kernel/schema';
import type { Notification } from '../../machines/kernel/effects';
import type { AnyCommand, AuditEntry, Receipt } from '../../workflows/host/commands';
import type { ProcessDefinition } from '../../workflows/host/processDefinition';

/** Something the engine said: to a sender, to whoever queries, or to the people a notice goes to. */
export type Said =
  | { readonly channel: 'refusal' | 'receipt' | 'audit' | 'view' | 'searchAttributes' | 'publication'; readonly text: string }
  | { readonly channel: 'notice'; readonly text: string; readonly to: readonly string[] };

type Action = ReturnType<typeof transition>[1][number];
/** The params of the actions the host carries out (XState leaves them untyped): a timer, its cancelling, a child started or stopped. */
interface ActionParams {
  readonly id?: string;
  readonly delay?: number;
  readonly event?: { readonly type: string };
  readonly sendId?: string;
  readonly src?: string;
  readonly input?: unknown;
  readonly actorRef?: string | { readonly id: string; readonly options?: { readonly input?: unknown } };
}

/** As runProcess names a state in a receipt: `sitting`, or `cycle.agendaOpen` for a nested one. */
function stateName(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value !== 'object' || value === null) return String(value);
  return Object.entries(value as Record<string, unknown>)
    .map(([key, inner]) => `${key}.${stateName(inner)}`)
    .join(', ');
}

export interface Taken {
  /** Whether the machine took the command. */
  readonly accepted: boolean;
  readonly said: readonly Said[];
}

/** The host of a definition, with its machine's and arguments' types: `HostOf<typeof gateReviewProcess>`. */
export type HostOf<D> = D extends ProcessDefinition<infer M, infer A, unknown> ? PureHost<M, A> : never;

/** Runs one process definition; its machine's snapshot and event types flow into every call the host makes. */
export class PureHost<M extends AnyStateMachine, A> {
  snapshot: SnapshotFrom<M>;
  private now: number;
  private readonly timers = new Map<string, { readonly due: number; readonly event: { type: string } }>();
  private readonly running = new Map<string, { readonly src: string; readonly input: unknown }>();
  private said: Said[] = [];

  constructor(
    private readonly def: ProcessDefinition<M, A, unknown>,
    args: A,
    openedAt: string,
    private readonly processId: string,
  ) {
    this.now = Date.parse(openedAt);
    const opening = def.open(args, new Date(openedAt), { strict: true, strictRules: true, patched: () => true });
    if ('refusal' in opening) throw new Error(`the process would not open: ${opening.refusal}`);
    const [first, actions] = initialTransition(def.machine, opening.input);
    this.snapshot = first;
    this.carryOut(actions);
  }

  /** The snapshot as every machine's is: its state value and status, whatever its context. */
  private get machineSnapshot(): AnyMachineSnapshot {
    return this.snapshot;
  }

  /** What was said as the process opened. */
  opened(): Said[] {
    return this.flush();
  }

  get time(): string {
    return new Date(this.now).toISOString();
  }

  /** The timers that fall due by `time`, each fired as the host fires it; what each firing said, one list per timer. */
  advanceTo(time: string): Said[][] {
    const until = Date.parse(time);
    const fired: Said[][] = [];
    for (;;) {
      const next = [...this.timers.entries()].sort(([, a], [, b]) => a.due - b.due)[0];
      if (!next || next[1].due > until) break;
      const [id, timer] = next;
      this.timers.delete(id);
      this.now = Math.max(this.now, timer.due);
      this.apply({ ...timer.event, at: this.time });
      fired.push(this.flush());
    }
    this.now = Math.max(this.now, until);
    return fired;
  }

  /** When the next timer falls due, if one is set. */
  nextTimer(): string | undefined {
    const due = Math.min(...[...this.timers.values()].map((t) => t.due));
    return Number.isFinite(due) ? new Date(due).toISOString() : undefined;
  }

  /** A command sent now, by Update or by Signal. */
  command(name: string, payload: unknown, via: 'update' | 'signal'): Taken {
    const command = this.def.commands.find((c: AnyCommand) => c.name === name);
    if (!command) throw new Error(`no command ${name}`);
    const parsed = parsePayload(command.schema, payload, { strict: true });
    let refusal: string | undefined;
    let event: EventFromLogic<M> | undefined;
    if (!parsed.success) refusal = `${command.name}: ${describeIssues(parsed.error)}. Nothing was recorded.`;
    else {
      // The command table pairs each schema with its machine event, so the parsed payload is that event.
      const taken = { ...(parsed.data as object), type: command.eventType, at: this.time } as EventFromLogic<M>;
      event = taken;
      refusal = this.def.explainRefusal(this.snapshot, taken);
    }
    const by = (payload as { by?: string }).by;
    const entry = { at: this.time, command: command.name, via, ...(by ? { by } : {}) };
    if (refusal !== undefined || !event) {
      this.say(via === 'update' ? { channel: 'refusal', text: refusal! } : { channel: 'audit', text: JSON.stringify({ ...entry, accepted: false, reason: refusal } satisfies AuditEntry) });
      this.sayState();
      return { accepted: false, said: this.flush() };
    }
    const before = this.snapshot;
    this.apply(event);
    const told = this.def.receipt?.(this.snapshot, before, event) ?? {};
    const receipt: Receipt = { ...told, accepted: command.name, processId: this.processId, state: told.state ?? stateName(this.machineSnapshot.value) };
    this.say(via === 'update' ? { channel: 'receipt', text: JSON.stringify(receipt) } : { channel: 'audit', text: JSON.stringify({ ...entry, accepted: true } satisfies AuditEntry) });
    this.sayState();
    return { accepted: true, said: this.flush() };
  }

  /** What the process would answer to `event` now, without sending it: a probe of its refusals. */
  explain(event: { readonly type: string; readonly [field: string]: unknown }): string | undefined {
    return this.def.explainRefusal(this.snapshot, { ...event, at: this.time } as EventFromLogic<M>);
  }

  /** Every activity under way ends: a notice fails when `failNotices` says so, everything else succeeds. */
  settle(failNotices = false): Said[] {
    for (const [id, { src, input }] of [...this.running.entries()]) {
      this.running.delete(id);
      if (src === 'notify' && failNotices) this.apply({ type: `xstate.error.actor.${id}`, error: { message: 'the notices table could not be written' } });
      else if (src === 'publishDecision') {
        const decisionId = (input as { decisionId: string }).decisionId;
        this.apply({ type: `xstate.done.actor.${id}`, output: { decisionId, publishedAt: this.time, location: `register/${decisionId}` } });
      } else this.apply({ type: `xstate.done.actor.${id}`, output: undefined });
    }
    return this.flush();
  }

  get busy(): boolean {
    return this.running.size > 0;
  }

  /** `event` is a command, a timer's event or an actor's end, all of which the machine declares. */
  private apply(event: { readonly type: string; readonly [field: string]: unknown }): void {
    const [next, actions] = transition(this.def.machine, this.snapshot, event as EventFromLogic<M>);
    this.snapshot = next;
    if (this.machineSnapshot.status === 'error') throw this.machineSnapshot.error;
    this.carryOut(actions);
    this.sayState();
  }

  private carryOut(actions: readonly Action[]): void {
    for (const action of actions) {
      const params = (action.params ?? {}) as ActionParams;
      switch (action.type) {
        case 'xstate.raise':
          if (params.delay !== undefined && params.event) this.timers.set(params.id ?? params.event.type, { due: this.now + Math.max(1, params.delay), event: params.event });
          break;
        case 'xstate.cancel':
          this.timers.delete(String(params.sendId));
          break;
        case 'xstate.spawnChild': {
          const input = params.input ?? (typeof params.actorRef === 'object' ? params.actorRef.options?.input : undefined);
          const src = String(params.src);
          this.running.set(String(params.id), { src, input });
          if (src === 'notify') {
            const notice = input as Notification;
            this.say({ channel: 'notice', to: notice.to, text: JSON.stringify(notice) });
          } else this.say({ channel: 'publication', text: JSON.stringify(input) });
          break;
        }
        case 'xstate.stopChild':
          if (params.actorRef !== undefined) this.running.delete(typeof params.actorRef === 'string' ? params.actorRef : params.actorRef.id);
          break;
        default:
          break;
      }
    }
  }

  /** The `status` query's answer and the search attributes, as anyone may read them after a step. */
  private sayState(): void {
    this.say({ channel: 'view', text: JSON.stringify(this.def.view(this.snapshot)) });
    this.say({ channel: 'searchAttributes', text: JSON.stringify(this.def.searchAttributes(this.snapshot).map((p) => [p.key.name, p.value])) });
  }

  private say(said: Said): void {
    this.said.push(said);
  }

  private flush(): Said[] {
    const said = this.said;
    this.said = [];
    return said;
  }
}

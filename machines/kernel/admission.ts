/**
 * One answer to "may this command happen now", read from the machine itself.
 * Which state takes which command is what the machine's transitions say (the
 * `on` keys of its active state nodes); whether this person may is the rule
 * its guard calls. A process's view only supplies the words: it describes
 * states and commands, and never decides which state takes what.
 */
import type { AnyMachineSnapshot, EventObject } from 'xstate';

/** A sentence for a refusal, or undefined when it has nothing to say. */
export type Sentence<TSnapshot, TEvent> = (snapshot: TSnapshot, event: TEvent) => string | undefined;

export interface RefusalWords<TSnapshot extends AnyMachineSnapshot, TEvent extends EventObject> {
  /** The rule the machine's guard calls: why this person may not, whatever the state. */
  readonly rule: Sentence<TSnapshot, TEvent>;
  /** What an event the process raises itself (a timer, an activity's answer) is, when it does not apply now. */
  readonly ownEvent?: (event: TEvent) => string | undefined;
  /** For a command no active state takes: what the command waits for, by event type ("not waiting for a casting vote"). */
  readonly commands?: Readonly<Partial<Record<TEvent['type'], Sentence<TSnapshot, TEvent>>>>;
  /** For a command no active state takes: the state's own sentence, by state path (`'publishing'`, `'cycle.inSession'`), inner states first. */
  readonly states?: Readonly<Record<string, Sentence<TSnapshot, TEvent>>>;
  /** Said only when the state and the rule are both silent. */
  readonly otherwise: (snapshot: TSnapshot, event: TEvent) => string;
}

/** As XState matches an event type against a transition's descriptor: exactly, `*`, or a `prefix.*` wildcard. */
function matchesDescriptor(type: string, descriptor: string): boolean {
  if (descriptor === type || descriptor === '*') return true;
  if (!descriptor.endsWith('.*')) return false;
  const tokens = type.split('.');
  return descriptor
    .split('.')
    .slice(0, -1)
    .every((token, i) => token === tokens[i]);
}

/**
 * Whether an active state node has a transition for this event type, guards aside: the machine's
 * own answer to "does this state take it". Forbidden transitions (no target, no actions) take nothing.
 */
export function takes(snapshot: AnyMachineSnapshot, type: string): boolean {
  if (snapshot.status !== 'active') return false;
  return snapshot._nodes.some((node) =>
    [...node.transitions].some(([descriptor, transitions]) => matchesDescriptor(type, descriptor) && transitions.some((t) => t.target !== undefined || t.actions.length > 0)),
  );
}

/** The sentence of the innermost active state that has one. */
function stateSentence<TSnapshot extends AnyMachineSnapshot, TEvent extends EventObject>(snapshot: TSnapshot, event: TEvent, states: RefusalWords<TSnapshot, TEvent>['states']): string | undefined {
  if (!states) return undefined;
  for (const node of [...snapshot._nodes].reverse()) {
    const sentence = node.path.length ? states[node.path.join('.')]?.(snapshot, event) : undefined;
    if (sentence !== undefined) return sentence;
  }
  return undefined;
}

/**
 * Why the process will not take `event` now, or undefined when it will (`snapshot.can(event)`; a finished
 * process takes nothing). A command no active state takes is answered with what it waits for or the
 * state's sentence; one a state takes but its guard refuses, with the rule the guard calls. The rule
 * also answers for a state that has nothing to say, and `otherwise` only when both are silent.
 */
export function explainRefusal<TSnapshot extends AnyMachineSnapshot, TEvent extends EventObject>(snapshot: TSnapshot, event: TEvent, words: RefusalWords<TSnapshot, TEvent>): string | undefined {
  if (snapshot.status === 'active' && snapshot.can(event)) return undefined;
  const own = words.ownEvent?.(event);
  if (own !== undefined) return own;
  if (!takes(snapshot, event.type)) {
    const type = event.type as TEvent['type'];
    const said = words.commands?.[type]?.(snapshot, event) ?? stateSentence(snapshot, event, words.states);
    if (said !== undefined) return said;
  }
  return words.rule(snapshot, event) ?? words.otherwise(snapshot, event);
}

/**
 * The host's handling of one command, as the property tests drive it: parse
 * the payload with the command's schema (a malformed one is refused with its
 * issues), stamp the event, ask the process to explain a refusal, and only
 * then transition. Each step checks what the host relies on: a refusal is a
 * sentence exactly when `snapshot.can(event)` is false, and a refused event
 * sent anyway changes nothing.
 *
 * Those checks alone hold by construction (the explanation starts from
 * `can()`, and XState changes nothing when `can()` is false). A process that
 * gives a `predict` — a model of its rules written in the test, without the
 * machine's guards, rules or `can()` — is held to it as well: the command is
 * refused exactly when the model says so, the refusal names the model's
 * reason, and a command the model lets through changes the snapshot.
 */
import fc from 'fast-check';
import { expect } from 'vitest';
import { transition, type AnyMachineSnapshot, type AnyStateMachine } from 'xstate';
import type { z } from 'zod';
import { describeIssues } from '../../machines/kernel/schema';
import type { AnyCommand } from '../../workflows/host/commands';
import { at, DAY } from './gateReviews';

export const HOUR = DAY / 24;

/** Words that mean a sentence was built from a missing value. */
const broken = /\bundefined\b|\bNaN\b|\[object Object\]|Invalid Date/;

/** A refusal people can act on: a non-empty sentence with no holes in it. */
export function expectSentence(refusal: string | undefined): asserts refusal is string {
  expect(typeof refusal).toBe('string');
  expect(refusal!.trim().length).toBeGreaterThan(10);
  expect(refusal).not.toMatch(broken);
}

/** The issues of a payload its schema refuses: one message per issue, none empty. */
export function expectIssues(error: z.ZodError): string {
  expect(error.issues.length).toBeGreaterThan(0);
  for (const issue of error.issues) expect(issue.message.trim()).not.toBe('');
  const described = describeIssues(error);
  expect(described.trim()).not.toBe('');
  return described;
}

/** What a model of the rules, written without the machine, expects of one command. */
export type Expected =
  | { readonly refused: false; /** The command restates what is recorded (the same vote again): nothing need change. */ readonly noChange?: boolean }
  | { readonly refused: true; /** What the refusal must say: its reason's category ("not a member", "closed"). */ readonly because: RegExp };

export interface HostedProcess<S extends AnyMachineSnapshot> {
  readonly machine: AnyStateMachine;
  readonly payloads: Readonly<Record<string, z.ZodType>>;
  readonly explain: (snapshot: S, event: never) => string | undefined;
  /** The test's own model of who may send what when; never the machine's guards, rules or `can()`. */
  readonly predict?: (snapshot: S, event: { type: string; [field: string]: unknown }) => Expected;
}

/** What happened to one command. */
export type Outcome = 'invalid' | 'refused' | 'taken';

type Actions = ReturnType<typeof transition>[1];

export interface Sent<S> {
  readonly next: S;
  readonly outcome: Outcome;
  /** What the host is asked to carry out: timers, children. */
  readonly actions: Actions;
}

/** Sends a command the way the host does and checks the host's assumptions; returns the next snapshot. */
export function sendCommand<S extends AnyMachineSnapshot>(process: HostedProcess<S>, snapshot: S, type: string, payload: unknown, time: string, extra: object = {}): Sent<S> {
  const schema = process.payloads[type];
  if (!schema) throw new Error(`no schema for ${type}`);
  const parsed = schema.safeParse(payload);
  if (!parsed.success) {
    expectIssues(parsed.error);
    return { next: snapshot, outcome: 'invalid', actions: [] };
  }
  const event = { ...(parsed.data as object), ...extra, type, at: time };
  return sendEvent(process, snapshot, event);
}

/** Sends an already-built command event, checking refusal and unchanged snapshot. */
export function sendEvent<S extends AnyMachineSnapshot>(process: HostedProcess<S>, snapshot: S, event: { type: string; [field: string]: unknown }): Sent<S> {
  // Asked first, from the snapshot before: the model cannot see what the machine made of the event.
  const expected = process.predict?.(snapshot, event);
  const refusal = process.explain(snapshot, event as never);
  const can = snapshot.can(event);
  expect(refusal === undefined, `explain and can() disagree on ${event.type}: ${refusal}`).toBe(can);
  const [next, actions] = transition(process.machine, snapshot, event);
  expect(next.status, `${event.type} put the machine in error: ${String(next.error)}`).not.toBe('error');
  if (expected) {
    const where = `${event.type} by ${String(event.by)} in ${JSON.stringify(snapshot.value)}`;
    expect(refusal !== undefined, `${where}: the model expects ${expected.refused ? `a refusal (${String((expected as { because: RegExp }).because)})` : 'it taken'}, the process says ${JSON.stringify(refusal)}`).toBe(expected.refused);
    if (expected.refused) expect(refusal, where).toMatch(expected.because);
    // Sent to the machine whatever the explanation said: a refusal the model predicts must leave it as it was.
    const changed = JSON.stringify([next.value, next.context]) !== JSON.stringify([snapshot.value, snapshot.context]);
    if (expected.refused) expect(changed, `${where} was refused but changed the snapshot`).toBe(false);
    else if (!expected.noChange) expect(changed, `${where} was taken but changed nothing`).toBe(true);
  }
  if (refusal === undefined) return { next: next as S, outcome: 'taken', actions };
  expectSentence(refusal);
  expect(next.value).toEqual(snapshot.value);
  expect(next.context).toEqual(snapshot.context);
  expect(actions).toEqual([]);
  return { next: snapshot, outcome: 'refused', actions: [] };
}

/** Sends an event only the engine sends (a timer, an activity's answer); it must never break the machine. */
export function sendEngineEvent<S extends AnyMachineSnapshot>(machine: AnyStateMachine, snapshot: S, event: { type: string }): S {
  return engineStep(machine, snapshot, event).next;
}

export function engineStep<S extends AnyMachineSnapshot>(machine: AnyStateMachine, snapshot: S, event: { type: string }): { next: S; actions: Actions } {
  const [next, actions] = transition(machine, snapshot, event);
  expect(next.status, `${event.type} put the machine in error: ${String(next.error)}`).not.toBe('error');
  return { next: next as S, actions };
}

// ---------------------------------------------------------------- arbitraries

/** People: mostly those the board knows, sometimes anyone at all. */
export const personFrom = (known: readonly string[]) =>
  fc.oneof({ weight: 9, arbitrary: fc.constantFrom(...known) }, { weight: 1, arbitrary: fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,11}$/) });

export const words = fc.string({ minLength: 1, maxLength: 30 }).filter((s) => s.trim().length > 0);

export const links = fc.constantFrom('https://example.org/papers/a', 'https://register.example.org/r/1', 'http://localhost:8080/report');

/** Time moves forward between commands, by nothing up to a few weeks. */
export const advance = fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 6 * HOUR }), fc.integer({ min: 1, max: 21 * DAY }));

/** An ISO time some way around `now`, for deadlines. */
export const isoAround = (now: number, before: number, after: number) => fc.integer({ min: -before, max: after }).map((d) => new Date(now + d).toISOString());

/** Values of the wrong type for almost any payload field. */
export const wrongValue = fc.oneof(fc.integer(), fc.constant(null), fc.boolean(), fc.constant({}), fc.double({ noNaN: false }));

/** Strings a person id may not be (after trimming). */
export const badPersonId = fc.oneof(
  fc.constantFrom('', '   ', '-lead', '.x', 'two words', 'émile', 'a/b', 'x'.repeat(101)),
  fc.string({ maxLength: 20 }).filter((s) => !/^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/.test(s.trim())),
);

/**
 * A malformed copy of a valid payload: an unknown field, a required field
 * dropped, a field of the wrong type, a person id that is not one, or no
 * object at all. Each breaks the schema on its own.
 */
export function malformed(schema: z.ZodType, valid: Record<string, unknown>) {
  const shape = (schema as unknown as { shape: Record<string, z.ZodType> }).shape;
  const keys = Object.keys(shape);
  const required = keys.filter((k) => !shape[k]!.safeParse(undefined).success);
  const mutations = [
    fc.string({ minLength: 1, maxLength: 12 }).filter((k) => !keys.includes(k) && k !== '__proto__').map((k) => ({ ...valid, [k]: 'extra' })),
    // `{}` is a valid object whose fields all have defaults: only values the field itself refuses.
    fc.tuple(fc.constantFrom(...keys), wrongValue).filter(([k, v]) => !shape[k]!.safeParse(v).success).map(([k, v]) => ({ ...valid, [k]: v })),
    fc.oneof(fc.constant(null), fc.integer(), fc.string(), fc.array(fc.anything(), { maxLength: 3 }), fc.constant(undefined)),
  ];
  if (required.length) mutations.push(fc.constantFrom(...required).map((k) => Object.fromEntries(Object.entries(valid).filter(([key]) => key !== k))));
  if (keys.includes('by')) mutations.push(badPersonId.map((by) => ({ ...valid, by })));
  return fc.oneof(...mutations);
}

/** Cumulative times from a list of advances, starting an hour after T0. */
export const timesFrom = (advances: readonly number[]) => {
  let t = HOUR;
  return advances.map((d) => at((t += d)));
};

// ---------------------------------------------------------------- agreement

export interface AgreementTable<S extends AnyMachineSnapshot> {
  readonly explain: (snapshot: S, event: never) => string | undefined;
  /** Reachable snapshots, found in the machine's graph. */
  readonly states: readonly S[];
  /** The process's own command table (`…Commands` in workflows/<process>/messages.ts). */
  readonly commands: readonly AnyCommand[];
  /** A payload of each command, by command name, as `by` would send it in that snapshot; each must pass the command's schema. */
  readonly payloads: Readonly<Record<string, (by: string, snapshot: S) => unknown>>;
  /** The people who send every command, by role. */
  readonly people: Readonly<Record<string, string>>;
  /** When the command arrives. */
  readonly time: (snapshot: S) => string;
  /** What the host adds to a command's event before the machine sees it (an enrichment's answer), if anything. */
  readonly enrich?: (snapshot: S, event: { type: string; [field: string]: unknown }) => { type: string; [field: string]: unknown };
}

export interface Agreement {
  /** Snapshots × commands × people. */
  readonly cases: number;
  /** Cases where the explanation and `snapshot.can` disagree, or a refusal is not a sentence; none when they agree. */
  readonly disagreements: readonly string[];
  /** Commands no case took, and commands no case refused: a table that never tries both says little. */
  readonly neverTaken: readonly string[];
  readonly neverRefused: readonly string[];
}

/**
 * Every reachable snapshot × every command the process declares × every person: the explanation is
 * undefined exactly when `snapshot.can(event)` (and the process has not finished), and a sentence otherwise. For a command the host
 * enriches, the explanation before the enrichment (the validator's) and after it (the re-check) both
 * agree with the machine's answer to the enriched event.
 */
export function agreement<S extends AnyMachineSnapshot>(table: AgreementTable<S>): Agreement {
  const disagreements: string[] = [];
  const taken: Record<string, number> = {};
  const refused: Record<string, number> = {};
  let cases = 0;
  const explain = table.explain as (snapshot: S, event: unknown) => string | undefined;
  for (const snapshot of table.states) {
    // The host never keeps a snapshot in error (it fails the workflow task instead): a graph that reaches one has an event the host would not send.
    if (snapshot.status === 'error') disagreements.push(`${JSON.stringify(snapshot.value)} is in error: ${String(snapshot.error)}`);
    for (const command of table.commands) {
      const payloadOf = table.payloads[command.name];
      if (!payloadOf) throw new Error(`no payload for ${command.name}`);
      for (const [role, person] of Object.entries(table.people)) {
        cases += 1;
        const event = { ...(command.schema.parse(payloadOf(person, snapshot)) as object), type: command.eventType, at: table.time(snapshot) };
        const sent = table.enrich ? table.enrich(snapshot, event) : event;
        // A finished process takes nothing (an actor drops events once its machine is done), though `can` still reads its root's transitions.
        const can = snapshot.status === 'active' && snapshot.can(sent);
        const where = `${command.name} by ${role} in ${JSON.stringify(snapshot.value)}`;
        for (const [when, explained] of sent === event ? [['', explain(snapshot, event)] as const] : [['before enrichment ', explain(snapshot, event)] as const, ['after enrichment ', explain(snapshot, sent)] as const]) {
          if ((explained === undefined) !== can) disagreements.push(`${where}: can() is ${can} but the explanation ${when}is ${JSON.stringify(explained)}`);
          else if (explained !== undefined && (explained.trim().length <= 10 || broken.test(explained))) disagreements.push(`${where}: ${JSON.stringify(explained)} is not a sentence`);
        }
        const counts = can ? taken : refused;
        counts[command.name] = (counts[command.name] ?? 0) + 1;
      }
    }
  }
  const names = table.commands.map((c) => c.name);
  return { cases, disagreements, neverTaken: names.filter((n) => !taken[n]), neverRefused: names.filter((n) => !refused[n]) };
}

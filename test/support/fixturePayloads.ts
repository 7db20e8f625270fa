/**
 * Every payload a schema parsed when the recorded histories were made: each
 * workflow's start argument and each Update and Signal it took, with the schema
 * the workflow parses it with. The replay tests use these to hold today's
 * schemas to what they accepted then.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { z } from 'zod';
import { boardConfigSchema } from '../../machines/productBoard/schema';
import { gateReviewRequestSchema } from '../../machines/gateReview/schema';
import { harmWatchOpeningSchema } from '../../machines/harmWatch/schema';
import { initiativeConfigSchema } from '../../machines/initiativeBoard/schema';
import { gateReviewCommands } from '../../workflows/gateReview/messages';
import { boardCommands } from '../../workflows/productBoard/messages';
import { productCommands } from '../../workflows/product/messages';
import { meetingCommands } from '../../workflows/boardMeeting/messages';
import { harmWatchCommands } from '../../workflows/harmWatch/messages';
import { initiativeCommands } from '../../workflows/initiativeBoard/messages';
import { BOUNDED_INPUT_PATCH, SIGNED_COMMANDS_PATCH } from '../../workflows/host/runProcess';
import { harmWatchProcessId, initiativeProcessId, productProcessId } from '../../machines/kernel/ids';

export const historiesDir = join(import.meta.dirname, '..', 'fixtures', 'histories');
/** What the payloads parsed to before input was bounded, recorded by scripts/recordFixturePayloads.ts. */
export const parsedBeforeBoundsFile = join(import.meta.dirname, '..', 'fixtures', 'payloadsParsedBeforeBounds.json');

export interface FixturePayload {
  /** `<file>#<event id> <kind> <name>`: unique, and says where to look. */
  readonly key: string;
  readonly schema: z.ZodType;
  readonly payload: unknown;
}

interface Payloads {
  readonly payloads?: readonly { readonly data?: string }[];
}
interface HistoryEvent {
  readonly eventId: string;
  readonly workflowExecutionStartedEventAttributes?: { workflowType: { name: string }; input?: Payloads };
  readonly workflowExecutionUpdateAcceptedEventAttributes?: { acceptedRequest: { input: { name: string; args?: Payloads } } };
  readonly workflowExecutionSignaledEventAttributes?: { signalName: string; input?: Payloads };
}

const commandsByWorkflow: Record<string, readonly { name: string; schema: z.ZodType }[]> = {
  gateReview: gateReviewCommands,
  productBoard: boardCommands,
  product: productCommands,
  boardMeeting: meetingCommands,
  harmWatch: harmWatchCommands,
  initiativeBoard: initiativeCommands,
};

/** What each workflow parses its start argument with, and which part of it; product and meeting starts are not parsed. */
const openings: Record<string, { schema: z.ZodType; part: (args: any) => unknown } | undefined> = {
  gateReview: { schema: gateReviewRequestSchema, part: (args) => args },
  productBoard: { schema: boardConfigSchema, part: (args) => args?.config },
  initiativeBoard: { schema: initiativeConfigSchema, part: (args) => args?.config },
  harmWatch: { schema: harmWatchOpeningSchema, part: (args) => args },
};

const decode = (p: Payloads | undefined): unknown[] => (p?.payloads ?? []).map((x) => (x.data === undefined ? undefined : JSON.parse(Buffer.from(x.data, 'base64').toString('utf8'))));

export const historyFiles = (): string[] => readdirSync(historiesDir).filter((f) => f.endsWith('.json')).sort();

interface MarkerEvent {
  readonly markerRecordedEventAttributes?: { readonly markerName?: string; readonly details?: Record<string, Payloads> };
}

/** The patches the recorded run was started with: its `core_patch` markers, by id. A history recorded before a patch has none of its marker. */
export function patchesIn(file: string): Set<string> {
  const events = (JSON.parse(readFileSync(join(historiesDir, file), 'utf8')) as { events: MarkerEvent[] }).events;
  const ids = events.flatMap((e) => Object.values(e.markerRecordedEventAttributes?.details ?? {}).flatMap((p) => decode(p) as { id?: string }[]));
  return new Set(ids.map((d) => d?.id).filter((id): id is string => typeof id === 'string'));
}

/**
 * The workflow id to replay a recorded history under. A run started since signed commands checks that each
 * command's proof names its own workflow id, so it replays only under the id it ran as, read from its start;
 * one recorded before replays under its file's name, as it always has.
 */
export function replayWorkflowId(file: string): string {
  if (!patchesIn(file).has(SIGNED_COMMANDS_PATCH)) return file;
  const events = (JSON.parse(readFileSync(join(historiesDir, file), 'utf8')) as { events: HistoryEvent[] }).events;
  const started = events[0]?.workflowExecutionStartedEventAttributes;
  const args = decode(started?.input)[0] as { product?: { id?: string }; config?: { roster?: { boardId?: string } } } | undefined;
  if (started?.workflowType.name === 'product' && args?.product?.id) return productProcessId(args.product.id);
  if (started?.workflowType.name === 'harmWatch' && args?.product?.id) return harmWatchProcessId(args.product.id);
  if (started?.workflowType.name === 'initiativeBoard' && args?.config?.roster?.boardId) return initiativeProcessId(args.config.roster.boardId);
  throw new Error(`${file} was recorded since signed commands: say here how its workflow id is read from its start (it is a ${started?.workflowType.name})`);
}

/** Every payload of the histories recorded before input was bounded (a history recorded since parses with the bounds on, and has nothing to hold to). */
export function fixturePayloads(): FixturePayload[] {
  const found: FixturePayload[] = [];
  for (const file of historyFiles().filter((f) => !patchesIn(f).has(BOUNDED_INPUT_PATCH))) {
    const events = (JSON.parse(readFileSync(join(historiesDir, file), 'utf8')) as { events: HistoryEvent[] }).events;
    const workflowType = events[0]?.workflowExecutionStartedEventAttributes?.workflowType.name;
    if (!workflowType) throw new Error(`${file} does not start with a workflow execution`);
    const commands = commandsByWorkflow[workflowType];
    if (!commands) throw new Error(`${file}: no commands known for workflow type ${workflowType}`);
    const command = (name: string) => {
      const found = commands.find((c) => c.name === name);
      if (!found) throw new Error(`${file}: ${workflowType} has no command ${name}`);
      return found.schema;
    };
    for (const e of events) {
      const started = e.workflowExecutionStartedEventAttributes;
      const opening = openings[workflowType];
      if (started && opening) found.push({ key: `${file}#${e.eventId} start ${workflowType}`, schema: opening.schema, payload: opening.part(decode(started.input)[0]) });
      const update = e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest.input;
      if (update) found.push({ key: `${file}#${e.eventId} update ${update.name}`, schema: command(update.name), payload: decode(update.args)[0] });
      const signal = e.workflowExecutionSignaledEventAttributes;
      if (signal) found.push({ key: `${file}#${e.eventId} signal ${signal.signalName}`, schema: command(signal.signalName), payload: decode(signal.input)[0] });
    }
  }
  return found;
}

/** A parse result as JSON keeps it: the data, or the issues' paths and messages. */
export type ParsedRecord = { readonly success: true; readonly data: unknown } | { readonly success: false; readonly issues: readonly { readonly path: readonly PropertyKey[]; readonly message: string }[] };

export function recordOf(result: ReturnType<z.ZodType['safeParse']>): ParsedRecord {
  return JSON.parse(
    JSON.stringify(result.success ? { success: true, data: result.data } : { success: false, issues: result.error.issues.map((i) => ({ path: i.path, message: i.message })) }),
  ) as ParsedRecord;
}

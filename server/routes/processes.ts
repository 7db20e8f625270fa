/**
 * A person's commands to any process, and what anyone may read of one, by its workflow id:
 *
 *   POST /api/processes/:workflowId/commands/:command   { payload, via? }  → { receipt, view } (by signal: { sent })
 *   GET  /api/processes/:workflowId                      → the process's view (its status query; signed in, as that person may see it)
 *   GET  /api/processes/:workflowId/audit                → every command it received, accepted or refused
 *
 * The process's kind comes from the id's prefix and the command from that kind's own table
 * (client/processKinds.ts), so every command people may send is served and none other: a command only
 * processes send (placeItem, setGuidingPrinciples, amendPolicy, lifecycleChanged) is refused here. The
 * sender is the signed-in person (../sender.ts); the engine's refusals come back as they are (../errors.ts).
 */
import type { FastifyInstance, preHandlerAsyncHookHandler } from 'fastify';
import { z } from 'zod';
import type { GovernanceClient } from '../../client/governanceClient';
import { kindOf, unknownProcess, type ProcessKind } from '../../client/processKinds';
import { recordId } from '../../machines/kernel/schema';
import { peopleMaySend, type AnyCommand } from '../../workflows/host/commands';
import { ApiError } from '../errors';
import { audienceOf } from '../roles';
import type { Audience } from '../../machines/kernel/moderation';
import { parseInput } from '../input';
import { inSendersName, signedInOrAnonymous } from '../sender';
import type { ServerContext } from './context';

/** A workflow id: the same letters as every id the engine makes (the kind is checked after). */
const workflowIdParam = recordId.max(200);
const commandParam = z.string().regex(/^[A-Za-z]{1,60}$/, 'a command is named in letters, e.g. castVote');

const commandBody = z.strictObject({
  payload: z.record(z.string().max(60), z.unknown(), { error: 'payload is an object: the fields the command takes, without "by" (the engine fills it in)' }).default({}),
  via: z.enum(['update', 'signal'], { error: 'via is "update" (wait for the verdict, the default) or "signal" (fire and forget)' }).default('update'),
});

/** The engine's client, or a refusal saying this server has none (a sign-in-only server in tests). */
export function governanceOf(context: ServerContext): GovernanceClient {
  if (!context.governance) throw new ApiError(503, 'Unavailable', 'This server does not reach the engine\'s processes just now; try again later, or tell the operator.');
  return context.governance;
}

/** The kind of process `workflowId` names. */
function processOf(workflowId: string): ProcessKind {
  const kind = kindOf(workflowId);
  if (!kind) throw new ApiError(404, 'NotFound', unknownProcess(workflowId));
  return kind;
}

/** The command `name` of `kind`'s table that people may send. */
export function peoplesCommand(kind: ProcessKind, name: string): AnyCommand {
  const command = kind.commands.find((c) => c.name === name);
  if (!command) throw new ApiError(404, 'UnknownCommand', `A ${kind.noun} takes no command "${name}"; it takes: ${kind.commands.filter(peopleMaySend).map((c) => c.name).join(', ')}.`);
  if (!peopleMaySend(command))
    throw new ApiError(403, 'ProcessesOnly', `${command.name} is sent by the engine's own processes, not by people: nothing was sent. A ${kind.noun} takes from people: ${kind.commands.filter(peopleMaySend).map((c) => c.name).join(', ')}.`);
  return command;
}

const idParams = z.strictObject({ workflowId: workflowIdParam });
const commandParams = z.strictObject({ workflowId: workflowIdParam, command: commandParam });

export function processRoutes(app: FastifyInstance, context: ServerContext, anonymousPosts: preHandlerAsyncHookHandler): void {
  const { db } = context;
  const publicUrl = context.settings.publicUrl;
  /** The board's view for a reader its roster names, of a kind that has one; the public's for everyone else. */
  const audienceFor = async (kind: ProcessKind, reader: string | undefined): Promise<Audience> => (kind.boardStatus ? audienceOf(context.boards, kind.boardStatus.board, reader) : 'public');

  app.post('/api/processes/:workflowId/commands/:command', { preHandler: anonymousPosts }, async (request) => {
    const params = parseInput(commandParams, request.params, 'Cannot send that command');
    const kind = processOf(params.workflowId);
    const command = peoplesCommand(kind, params.command);
    const body = parseInput(commandBody, request.body, `Cannot send ${command.name}`);
    const sender = await signedInOrAnonymous(request, db, publicUrl);
    const payload = inSendersName(command, body.payload, sender);
    // The view read back is the sender's own: under `hiddenUntilVoted` a voter sees the count their vote unlocked.
    const audience = await audienceFor(kind, sender);
    const { receipt, view } = await governanceOf(context).sendToProcess(params.workflowId, command, payload, body.via, sender, audience);
    if (body.via === 'signal') return { sent: command.name, workflowId: params.workflowId, via: 'signal', ...(sender ? { by: sender } : {}) };
    return { receipt, ...(view === undefined ? {} : { view }) };
  });

  app.get('/api/processes/:workflowId', async (request) => {
    const { workflowId } = parseInput(idParams, request.params, 'Cannot read that process');
    const kind = processOf(workflowId);
    // As the signed-in person may see it (a vote's count under the board's results visibility, a moderated
    // harm report if they sit on the board); anyone else, the public view.
    const reader = await signedInOrAnonymous(request, db, publicUrl);
    return governanceOf(context).processStatus(workflowId, reader, await audienceFor(kind, reader));
  });

  app.get('/api/processes/:workflowId/audit', async (request) => {
    const { workflowId } = parseInput(idParams, request.params, 'Cannot read that audit');
    processOf(workflowId);
    return governanceOf(context).audit(workflowId);
  });
}

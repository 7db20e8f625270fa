/**
 * The reproduction of issue 12, for every command of every process: on a real dev server, each
 * process running (a product board with a product and a gate review before it, a meeting, a harm
 * watch, an initiative board), every command its definition lists is sent with every field far past
 * its bound, as an Update and as a Signal. Every one is refused with words that say which field was
 * wrong (and never carry the text back), no process is terminated or failed, and Temporal logs no
 * payload warning (TMPRL1103). The commands come from each process's own command table, and the
 * processes from the worker's workflow types, so a new command or process is tried too.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as workflowTypes from '../../workflows';
import { auditQuery, peopleMaySend, type AnyCommand } from '../../workflows/host/commands';
import type { CommandProof } from '../../workflows/host/proof';
import { leavesOf, oversizedPayload } from '../support/oversizedPayload';
import { eventually } from '../support/productBoardRun';
import { FAILING_WARNINGS, loggedLines } from '../support/sdkWarnings';
import { startEveryProcess, type EveryProcess, type RunningProcess } from '../support/everyProcess';

const PRODUCT = 'oversize-map';
/** A Signal stays in the history: its payloads are kept smaller than an Update's, each field still past every bound. */
const SIGNAL_PAYLOAD_BYTES = 100_000;

let every: EveryProcess;
let env: TestWorkflowEnvironment;
let processes: readonly RunningProcess[];

beforeAll(async () => {
  every = await startEveryProcess(PRODUCT);
  ({ env, processes } = every);
});

afterAll(async () => {
  await every?.stop();
});

/**
 * An oversized payload as the API would send it: signed, and with no `by` (the API sets it to whoever is
 * signed in, within its bounds), so what is refused is the payload's own fields.
 */
async function signed(p: RunningProcess, command: AnyCommand, bytes?: number): Promise<[unknown, CommandProof]> {
  const { by: _by, ...payload } = oversizedPayload(command.schema, bytes) as Record<string, unknown>;
  return [payload, await every.trust.api.sign({ process: p.workflowId, command: command.name, payload })];
}

/** The fields a payload of the command has, as a refusal names them (`product.description`). */
const fieldsOf = (command: AnyCommand) => leavesOf(command.schema).map((leaf) => leaf.path.join('.'));

/**
 * What a refusal must be: it does not carry the oversized text back, and it names a field that was wrong
 * (for a command people send; one only processes send is refused for the key that signed it first).
 */
function expectPlainRefusal(message: string, command: AnyCommand, where: string): void {
  expect(message.length, `${where}: a refusal of ${message.length} characters`).toBeLessThan(8_000);
  expect(message, `${where} carries the text back`).not.toMatch(/x{200}/);
  if (!peopleMaySend(command)) return expect(message, where).toMatch(/only another process of the engine sends/);
  expect(
    fieldsOf(command).some((field) => message.includes(`${field}:`)),
    `${where} names no field it refused: ${message}`,
  ).toBe(true);
}

describe('oversized fields on every command of every process', () => {
  it('runs one of every process the worker registers', () => {
    expect(processes.map((p) => p.type).sort()).toEqual(Object.keys(workflowTypes).sort());
  });

  it('refuses every command sent by Update, saying which field was wrong, and records nothing', async () => {
    let sent = 0;
    for (const p of processes) {
      const handle = env.client.workflow.getHandle(p.workflowId);
      const before = JSON.stringify(await handle.query(p.def.statusQuery));
      for (const command of p.def.commands) {
        const where = `${p.type}.${command.name} by Update`;
        const refusal = await handle.executeUpdate(command.update, { args: await signed(p, command) }).then(
          () => undefined,
          (err: unknown) => err,
        );
        expect(refusal, `${where} was accepted`).toBeInstanceOf(WorkflowUpdateFailedError);
        const message = ((refusal as WorkflowUpdateFailedError).cause as Error | undefined)?.message ?? '';
        expectPlainRefusal(message, command, where);
        sent++;
      }
      expect(JSON.stringify(await handle.query(p.def.statusQuery)), `${p.type} changed`).toBe(before);
    }
    console.log(`${sent} oversized Updates refused across ${processes.length} processes`);
    expect(sent).toBe(processes.reduce((n, p) => n + p.def.commands.length, 0));
  });

  it('refuses every command sent by Signal, keeping the refusal in the audit log without the text', async () => {
    for (const p of processes) {
      const handle = env.client.workflow.getHandle(p.workflowId);
      for (const command of p.def.commands) await handle.signal(command.signal, ...(await signed(p, command, SIGNAL_PAYLOAD_BYTES)));
      const audit = await eventually(
        () => handle.query(auditQuery),
        (entries) => entries.filter((e) => e.via === 'signal').length >= p.def.commands.length,
        `${p.type}'s audit log to hold every signal`,
      );
      const signals = audit.filter((e) => e.via === 'signal');
      // In any order: a command that waits for an activity (a role check) is handled in its turn.
      expect(signals.map((e) => e.command).sort()).toEqual(p.def.commands.map((c) => c.name).sort());
      for (const entry of signals) {
        expect(entry.accepted, `${p.type}.${entry.command} by Signal`).toBe(false);
        expect(entry).not.toHaveProperty('by');
        expectPlainRefusal(entry.reason ?? '', p.def.commands.find((c) => c.name === entry.command)!, `${p.type}.${entry.command} by Signal`);
      }
    }
  });

  it('leaves every process running, and Temporal warned of no payload', async () => {
    for (const p of processes) {
      const { status } = await env.client.workflow.getHandle(p.workflowId).describe();
      expect(status.name, p.type).toBe('RUNNING');
    }
    // Core's logs reach the logger a moment late.
    await new Promise((resolve) => setTimeout(resolve, 500));
    // The logger does record: the workers' own warnings of the refused Signals are there.
    expect(loggedLines().filter((line) => line.message.startsWith('Refused signal ')).length).toBe(processes.reduce((n, p) => n + p.def.commands.length, 0));
    expect(loggedLines().filter((line) => FAILING_WARNINGS.test(line.message))).toEqual([]);
  });
});

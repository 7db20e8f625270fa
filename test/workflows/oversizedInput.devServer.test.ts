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
import type { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BoardConfig } from '../../client/boardConfig';
import type { GovernanceClient } from '../../client/governanceClient';
import { meetingAt } from '../../machines/kernel/calendar';
import { compositionStatus } from '../../machines/kernel/composition';
import { harmWatchProcessId, initiativeProcessId, meetingProcessId, productProcessId } from '../../machines/kernel/ids';
import { defaultHarmPolicy } from '../../machines/harmWatch/policy';
import { defaultProductBoardPolicy } from '../../machines/productBoard/policy';
import * as workflowTypes from '../../workflows';
import { meetingProcess } from '../../workflows/boardMeeting/workflow';
import { meetingWorkflowType } from '../../workflows/boardMeeting/messages';
import { gateReviewProcess } from '../../workflows/gateReview/workflow';
import { gateReviewWorkflowType } from '../../workflows/gateReview/messages';
import { harmWatchProcess } from '../../workflows/harmWatch/workflow';
import { harmWatchWorkflowType } from '../../workflows/harmWatch/messages';
import { auditQuery, type AnyCommand } from '../../workflows/host/commands';
import type { ProcessDefinition } from '../../workflows/host/processDefinition';
import { initiativeBoardProcess } from '../../workflows/initiativeBoard/workflow';
import { initiativeWorkflowType } from '../../workflows/initiativeBoard/messages';
import { productProcess } from '../../workflows/product/workflow';
import { productWorkflowType } from '../../workflows/product/messages';
import { productBoardProcess } from '../../workflows/productBoard/workflow';
import { boardWorkflowType } from '../../workflows/productBoard/messages';
import { TASK_QUEUE } from '../../workflows/taskQueue';
import { INITIATIVE, initiativeConfig } from '../support/initiativeFixtures';
import { leavesOf, oversizedPayload } from '../support/oversizedPayload';
import { eventually, foundingBoard, fullSelfAssessment, pendingReview } from '../support/productBoardRun';
import { FAILING_WARNINGS, loggedLines } from '../support/sdkWarnings';
import { governanceOn, startDevServer } from '../support/temporal';

const DAY = 86_400_000;
const PRODUCT = 'oversize-map';
/** A Signal stays in the history: its payloads are kept smaller than an Update's, each field still past every bound. */
const SIGNAL_PAYLOAD_BYTES = 100_000;

let env: TestWorkflowEnvironment;
let governance: GovernanceClient;
let worker: Worker;
let running: Promise<void>;

/** Each process the worker runs, by its workflow type: its definition and the workflow id of the one running here. */
const processes: { type: string; def: ProcessDefinition<never, never, unknown>; workflowId: () => string }[] = [];
let reviewId = '';

beforeAll(async () => {
  env = await startDevServer();
  const setup = await governanceOn(env, undefined, foundingBoard as BoardConfig);
  governance = setup.governance;
  worker = await setup.startWorker();
  running = worker.run();

  await governance.openBoard({ by: 'sec' });
  await governance.registerProduct({ by: 'sec', product: { id: PRODUCT, name: 'Oversize map' } });
  await governance.requestGate(PRODUCT, { by: 'sec', gate: 'prioritisation', selfAssessment: fullSelfAssessment });
  reviewId = await pendingReview(governance, PRODUCT);
  await governance.initiative(INITIATIVE).open({ by: 'sec', config: initiativeConfig() });

  // A meeting ten days out (its papers are circulated, then it waits), and a harm watch on a live product.
  const meeting = meetingAt('product-board', new Date(Date.now() + 10 * DAY), defaultProductBoardPolicy.meetings);
  const { roster } = foundingBoard as BoardConfig;
  await env.client.workflow.start(meetingWorkflowType, {
    workflowId: meetingProcessId(meeting.meetingId),
    taskQueue: TASK_QUEUE,
    args: [{ meeting, boardId: 'product-board', roster, composition: compositionStatus(roster, defaultProductBoardPolicy.composition), agenda: [] }],
  });
  await env.client.workflow.start(harmWatchWorkflowType, {
    workflowId: harmWatchProcessId(PRODUCT),
    taskQueue: TASK_QUEUE,
    args: [{ product: { id: PRODUCT, name: 'Oversize map' }, boardId: 'product-board', liveSince: new Date().toISOString(), policy: defaultHarmPolicy }],
  });

  const defs = { productBoardProcess, productProcess, gateReviewProcess, meetingProcess, harmWatchProcess, initiativeBoardProcess } as unknown as Record<string, ProcessDefinition<never, never, unknown>>;
  processes.push(
    { type: boardWorkflowType, def: defs.productBoardProcess!, workflowId: () => 'board-product-board' },
    { type: productWorkflowType, def: defs.productProcess!, workflowId: () => productProcessId(PRODUCT) },
    { type: gateReviewWorkflowType, def: defs.gateReviewProcess!, workflowId: () => reviewId },
    { type: meetingWorkflowType, def: defs.meetingProcess!, workflowId: () => meetingProcessId(meeting.meetingId) },
    { type: harmWatchWorkflowType, def: defs.harmWatchProcess!, workflowId: () => harmWatchProcessId(PRODUCT) },
    { type: initiativeWorkflowType, def: defs.initiativeBoardProcess!, workflowId: () => initiativeProcessId(INITIATIVE) },
  );
  for (const p of processes) await eventually(() => env.client.workflow.getHandle(p.workflowId()).query(p.def.statusQuery), () => true, `${p.type} to answer`);
  // Settled, so that what each process shows before and after the refused commands can be compared.
  await eventually(() => env.client.workflow.getHandle(meetingProcessId(meeting.meetingId)).query(meetingProcess.statusQuery), (m) => m.state === 'awaitingMeeting', 'the papers to be circulated');
  await eventually(() => governance.harmWatch(PRODUCT), (w) => w.state === 'watching', 'the harm watch to watch');
});

afterAll(async () => {
  worker?.shutdown();
  await running;
  await env?.teardown();
});

/** The fields a payload of the command has, as a refusal names them (`product.description`). */
const fieldsOf = (command: AnyCommand) => leavesOf(command.schema).map((leaf) => leaf.path.join('.'));

/** What a refusal must be: it names a field that was wrong and does not carry the oversized text back. */
function expectPlainRefusal(message: string, command: AnyCommand, where: string): void {
  expect(message.length, `${where}: a refusal of ${message.length} characters`).toBeLessThan(8_000);
  expect(message, `${where} carries the text back`).not.toMatch(/x{200}/);
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
      const handle = env.client.workflow.getHandle(p.workflowId());
      const before = JSON.stringify(await handle.query(p.def.statusQuery));
      for (const command of p.def.commands) {
        const where = `${p.type}.${command.name} by Update`;
        const refusal = await handle.executeUpdate(command.update, { args: [oversizedPayload(command.schema)] }).then(
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
      const handle = env.client.workflow.getHandle(p.workflowId());
      for (const command of p.def.commands) await handle.signal(command.signal, oversizedPayload(command.schema, SIGNAL_PAYLOAD_BYTES));
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
      const { status } = await env.client.workflow.getHandle(p.workflowId()).describe();
      expect(status.name, p.type).toBe('RUNNING');
    }
    // Core's logs reach the logger a moment late.
    await new Promise((resolve) => setTimeout(resolve, 500));
    // The logger does record: the workers' own warnings of the refused Signals are there.
    expect(loggedLines().filter((line) => line.message.startsWith('Refused signal ')).length).toBe(processes.reduce((n, p) => n + p.def.commands.length, 0));
    expect(loggedLines().filter((line) => FAILING_WARNINGS.test(line.message))).toEqual([]);
  });
});

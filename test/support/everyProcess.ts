/**
 * One of every process the worker runs, on a real dev server, for the suites that try every command of
 * every process (oversized input, forgery): a product board with a product and a gate review before it,
 * a meeting, a harm watch and an initiative board. The processes come with their definitions, so a
 * suite takes each process's commands from its own table.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import type { BoardConfig } from '../../client/boardConfig';
import type { GovernanceClient } from '../../client/governanceClient';
import { meetingAt } from '../../machines/kernel/calendar';
import { compositionStatus } from '../../machines/kernel/composition';
import { harmWatchProcessId, initiativeProcessId, meetingProcessId, productProcessId } from '../../machines/kernel/ids';
import { defaultHarmPolicy } from '../../machines/harmWatch/policy';
import { defaultProductBoardPolicy } from '../../machines/productBoard/policy';
import { meetingProcess } from '../../workflows/boardMeeting/workflow';
import { meetingWorkflowType } from '../../workflows/boardMeeting/messages';
import { gateReviewProcess } from '../../workflows/gateReview/workflow';
import { gateReviewWorkflowType } from '../../workflows/gateReview/messages';
import { harmWatchProcess } from '../../workflows/harmWatch/workflow';
import { harmWatchWorkflowType } from '../../workflows/harmWatch/messages';
import type { ProcessDefinition } from '../../workflows/host/processDefinition';
import { initiativeBoardProcess } from '../../workflows/initiativeBoard/workflow';
import { initiativeWorkflowType } from '../../workflows/initiativeBoard/messages';
import { productProcess } from '../../workflows/product/workflow';
import { productWorkflowType } from '../../workflows/product/messages';
import { productBoardProcess } from '../../workflows/productBoard/workflow';
import { boardWorkflowType } from '../../workflows/productBoard/messages';
import { TASK_QUEUE } from '../../workflows/taskQueue';
import { INITIATIVE, initiativeConfig } from './initiativeFixtures';
import { eventually, foundingBoard, fullSelfAssessment, pendingReview } from './productBoardRun';
import { governanceOn, startDevServer } from './temporal';
import type { TestTrust } from './trust';

const DAY = 86_400_000;

/** A process running here: its workflow type, its definition, its workflow id. */
export interface RunningProcess {
  readonly type: string;
  readonly def: ProcessDefinition<never, never, unknown>;
  readonly workflowId: string;
}

export interface EveryProcess {
  readonly env: TestWorkflowEnvironment;
  readonly governance: GovernanceClient;
  readonly trust: TestTrust;
  readonly processes: readonly RunningProcess[];
  stop(): Promise<void>;
}

/**
 * Starts a dev server and a worker, and one of every process, each settled (answering, its papers
 * circulated, its watch watching) so that what it shows before and after a suite's commands compares.
 *
 * @example
 * const every = await startEveryProcess('oversize-map');
 */
export async function startEveryProcess(productId: string): Promise<EveryProcess> {
  const env = await startDevServer();
  const setup = await governanceOn(env, undefined, foundingBoard as BoardConfig);
  const { governance } = setup;
  const worker: Worker = await setup.startWorker();
  const running = worker.run();

  await governance.openBoard({ by: 'sec' });
  await governance.registerProduct({ by: 'sec', product: { id: productId, name: `Product ${productId}` } });
  await governance.requestGate(productId, { by: 'sec', gate: 'prioritisation', selfAssessment: fullSelfAssessment });
  const reviewId = await pendingReview(governance, productId);
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
    workflowId: harmWatchProcessId(productId),
    taskQueue: TASK_QUEUE,
    args: [{ product: { id: productId, name: `Product ${productId}` }, boardId: 'product-board', liveSince: new Date().toISOString(), policy: defaultHarmPolicy }],
  });

  const defs = { productBoardProcess, productProcess, gateReviewProcess, meetingProcess, harmWatchProcess, initiativeBoardProcess } as unknown as Record<string, ProcessDefinition<never, never, unknown>>;
  const processes: RunningProcess[] = [
    { type: boardWorkflowType, def: defs.productBoardProcess!, workflowId: 'board-product-board' },
    { type: productWorkflowType, def: defs.productProcess!, workflowId: productProcessId(productId) },
    { type: gateReviewWorkflowType, def: defs.gateReviewProcess!, workflowId: reviewId },
    { type: meetingWorkflowType, def: defs.meetingProcess!, workflowId: meetingProcessId(meeting.meetingId) },
    { type: harmWatchWorkflowType, def: defs.harmWatchProcess!, workflowId: harmWatchProcessId(productId) },
    { type: initiativeWorkflowType, def: defs.initiativeBoardProcess!, workflowId: initiativeProcessId(INITIATIVE) },
  ];
  for (const p of processes) await eventually(() => env.client.workflow.getHandle(p.workflowId).query(p.def.statusQuery), () => true, `${p.type} to answer`);
  await eventually(() => env.client.workflow.getHandle(meetingProcessId(meeting.meetingId)).query(meetingProcess.statusQuery), (m) => m.state === 'awaitingMeeting', 'the papers to be circulated');
  await eventually(() => governance.harmWatch(productId), (w) => w.state === 'watching', 'the harm watch to watch');
  return {
    env,
    governance,
    trust: setup.trust,
    processes,
    async stop() {
      worker.shutdown();
      await running;
      await env.teardown();
    },
  };
}

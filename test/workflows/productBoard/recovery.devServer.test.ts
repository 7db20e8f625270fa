/**
 * A board whose last run stopped is never founded again by `npm start` (issue 12: a terminated board
 * came back empty, its products orphaned), and `govern board recover` brings it back with everything
 * it held, by Temporal's reset. On the dev server: the Java time-skipping server implements no reset.
 * It runs in real time, so the meeting called before the termination falls 40 s out.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BoardConfig } from '../../../client/boardConfig';
import { runGovern } from '../../../client/cli/run';
import type { GovernanceClient } from '../../../client/governanceClient';
import { ProcessStopped } from '../../../client/recovery';
import { boardProcessId, initiativeProcessId, meetingProcessId, productProcessId } from '../../../machines/kernel/ids';
import { boardWorkflowType } from '../../../workflows/productBoard/messages';
import { TASK_QUEUE } from '../../../workflows/taskQueue';
import { openBoards } from '../../../worker/openBoards';
import { INITIATIVE, initiativeConfig } from '../../support/initiativeFixtures';
import { eventually, foundingBoard, fullSelfAssessment } from '../../support/productBoardRun';
import { governanceOn, startDevServer } from '../../support/temporal';

const SECOND = 1000;

// Papers due at the meeting's start, so a meeting can be called 40 s ahead.
const board: BoardConfig = { ...(foundingBoard as BoardConfig), policy: { ...foundingBoard.policy, meetings: { ...foundingBoard.policy.meetings!, papersDeadlineDays: 0 } } as BoardConfig['policy'] };

let env: TestWorkflowEnvironment;
let governance: GovernanceClient;
let worker: Worker;
let running: Promise<void>;

/** What npm start prints, kept instead. */
const logged = () => {
  const lines: string[] = [];
  return { lines, log: { log: (line: string) => lines.push(line), error: (line: string) => lines.push(line) } };
};

beforeAll(async () => {
  env = await startDevServer();
  const setup = await governanceOn(env, undefined, board);
  governance = setup.governance;
  worker = await setup.startWorker();
  running = worker.run();
});

afterAll(async () => {
  worker?.shutdown();
  await running;
  await env?.teardown();
});

describe('a board whose last run was terminated', () => {
  it('is not founded again by npm start, and comes back from govern board recover with its products, changes and calendar', async () => {
    // Founded by the opening step npm start runs.
    const first = logged();
    const opened = await openBoards(governance, { initiative: initiativeConfig(), log: first.log });
    expect(opened.map((o) => o.outcome)).toEqual(['open', 'open']);
    expect(first.lines[0]).toMatch(/^Board "product-board" is open \(workflow board-product-board, founded from .+\)\.$/);

    for (const id of ['benefits-map', 'food-banks']) await governance.registerProduct({ by: 'sec', product: { id, name: id } });
    await governance.boardCommand('removeMember', { by: 'sec', memberId: 'm7', reason: 'Resigned' });
    await governance.boardCommand('appointMember', { by: 'sec', member: { id: 'm8', name: 'Member 8', technical: true, expertise: ['ethics', 'law'] } });
    const called = new Date(Math.ceil((Date.now() + 40 * SECOND) / SECOND) * SECOND).toISOString();
    await governance.boardCommand('callMeeting', { by: 'sec', startsAt: called });
    const before = await governance.boardStatus();
    expect(before.products).toEqual(['benefits-map', 'food-banks']);
    expect(before.upcomingMeetings[0]!.startsAt).toBe(called);
    const meetingId = before.upcomingMeetings[0]!.meetingId;

    // The server kills the board, as it did after an oversized continue-as-new.
    const dead = await env.client.workflow.getHandle(boardProcessId('product-board')).describe();
    await env.client.workflow.getHandle(boardProcessId('product-board')).terminate('Continue-as-new input exceeds the 2 MB limit');

    // npm start's opening step refuses to found a new board over it, and says how to recover.
    const second = logged();
    const refused = await openBoards(governance, { initiative: initiativeConfig(), log: second.log });
    expect(refused.map((o) => o.outcome)).toEqual(['stopped', 'open']);
    expect(refused[0]!.error).toBeInstanceOf(ProcessStopped);
    expect(refused[0]!.message).toMatch(
      /^Board "product-board" stopped: its last run was terminated at \w+day \d{1,2} \w+ \d{4}, \d\d:\d\d UTC \(reason: Continue-as-new input exceeds the 2 MB limit\)\. Nothing was opened\. To bring it back with everything it held, run: npx govern board recover \(signed in as sec\) \(or, from the Temporal UI, reset board-product-board to its last good workflow task\)\.\nThe worker keeps running for the processes that need it \(products, reviews, meetings\); the product board was not founded again\.$/,
    );
    expect(second.lines[0]).toBe(refused[0]!.message);
    const after = await env.client.workflow.getHandle(boardProcessId('product-board')).describe();
    expect([after.runId, after.status.name]).toEqual([dead.runId, 'TERMINATED']);
    // `govern board open` (the same client method) refuses the same way.
    await expect(governance.openBoard({ by: 'sec' })).rejects.toThrow(/^Board "product-board" stopped: its last run was terminated at /);

    // The secretariat recovers it with the CLI.
    const dir = mkdtempSync(join(tmpdir(), 'board-file-'));
    writeFileSync(join(dir, 'board.json'), JSON.stringify({ roster: board.roster, policy: board.policy, principles: board.principles }));
    const boardFileBefore = process.env.GOVERN_BOARD_FILE;
    process.env.GOVERN_BOARD_FILE = join(dir, 'board.json');
    let stdout = '';
    let stderr = '';
    const io = { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) }, connect: () => Promise.resolve(governance), mode: 'dev' as const }; // straight to Temporal, --as: development mode
    try {
      expect(await runGovern(['board', 'recover', '--as', 'm1'], io)).toBe(1);
      expect(stderr).toContain('m1 may not recover product-board: only its secretariat (sec)');
      expect(await runGovern(['board', 'recover', '--as', 'sec'], io)).toBe(0);
    } finally {
      if (boardFileBefore === undefined) delete process.env.GOVERN_BOARD_FILE;
      else process.env.GOVERN_BOARD_FILE = boardFileBefore;
    }
    expect(stdout).toMatch(
      /^Board "product-board" is running again \(workflow board-product-board, run [\w-]+\)\. Its last run was terminated at .+ UTC \(reason: Continue-as-new input exceeds the 2 MB limit\); Temporal reset it to its last good workflow task \(event \d+, .+ UTC\), so it holds everything it held then\.\nRecovered: 2 product\(s\), \d+ change\(s\) in its log, 0 item\(s\) on the agenda; next meeting product-board-\d{4}-\d\d-\d\d on .+\.\n$/,
    );

    expect(stdout).toContain(`Recovered: 2 product(s), ${before.changes.length} change(s) in its log`);

    // A new run of the same history: running, reset to a point before the termination.
    const recovered = await env.client.workflow.getHandle(boardProcessId('product-board')).describe();
    expect(recovered.status.name).toBe('RUNNING');
    expect(recovered.runId).not.toBe(dead.runId);
    const deadHistory = await env.client.workflow.getHandle(boardProcessId('product-board'), dead.runId).fetchHistory();
    const resetTo = Number(/event (\d+)/.exec(stdout)![1]);
    expect(resetTo).toBeLessThan(Number(deadHistory.events!.at(-1)!.eventId));

    // Everything it held: products, change log, the calendar with the called meeting.
    const now = await governance.boardStatus();
    expect(now.products).toEqual(before.products);
    // The run goes back to its last completed workflow task and takes that task again: the call of the
    // meeting it carried is recorded again, at the time of the recovery; every earlier change is as it was.
    expect(now.changes.slice(0, -1)).toEqual(before.changes.slice(0, -1));
    expect(now.changes.map(({ by, change }) => ({ by, change }))).toEqual(before.changes.map(({ by, change }) => ({ by, change })));
    expect(now.roster).toEqual(before.roster);
    expect(now.upcomingMeetings).toEqual(before.upcomingMeetings);
    // Its meeting timer came back with it: the called meeting is convened when its papers fall due.
    const convened = await eventually(() => governance.boardStatus(), (v) => v.convened.some((m) => m.meetingId === meetingId), 'the called meeting to be convened', 1_600);
    expect(convened.convened.find((m) => m.meetingId === meetingId)!.startsAt).toBe(called);
    await eventually(() => governance.meeting(meetingId), () => true, `workflow ${meetingProcessId(meetingId)}`);

    // A product registered before the termination still reaches its board: its request is placed on the agenda.
    await governance.requestGate('benefits-map', { by: 'sec', gate: 'prioritisation', selfAssessment: fullSelfAssessment });
    const placed = await eventually(() => governance.boardStatus(), (v) => v.agenda.some((i) => i.productId === 'benefits-map'), 'the item on the agenda');
    expect(placed.agenda.find((i) => i.productId === 'benefits-map')!.gate).toBe('prioritisation');
    expect((await governance.product('benefits-map')).pending?.gate).toBe('prioritisation');
    expect((await env.client.workflow.getHandle(productProcessId('benefits-map')).describe()).status.name).toBe('RUNNING');

    // Recovering a running board refuses: nothing to recover.
    await expect(governance.recoverBoard({ by: 'sec' })).rejects.toThrow('Board "product-board" is running; there is nothing to recover.');
  });

  it('refuses to found a board over a run that failed, naming the failure', async () => {
    const config = { ...board, roster: { ...board.roster, boardId: 'failing-board' } };
    // No openedBy: the board's opening refuses it, and the run fails in its first task.
    await env.client.workflow.start(boardWorkflowType, { workflowId: boardProcessId('failing-board'), taskQueue: TASK_QUEUE, args: [{ config }] });
    await eventually(() => env.client.workflow.getHandle(boardProcessId('failing-board')).describe(), (d) => d.status.name === 'FAILED', 'the run to fail');
    await expect(governance.openBoard({ by: 'sec', config })).rejects.toThrow(
      /^Board "failing-board" stopped: its last run failed at .+ UTC \(reason: Opening the board: openedBy: .+\)\. Nothing was opened\. To bring it back with everything it held, run: npx govern board recover \(signed in as sec\) /,
    );
    expect((await env.client.workflow.getHandle(boardProcessId('failing-board')).describe()).status.name).toBe('FAILED');
  });
});

describe('an initiative board whose last run was terminated', () => {
  it('is not founded again by npm start, and comes back from recover with its submissions', async () => {
    const initiative = governance.initiative(INITIATIVE);
    const config = initiativeConfig();
    await initiative.open({ by: 'sec', config });
    const { submissions } = (await initiative.command('submitItem', { title: 'Map food banks', text: 'People cannot find them.' }))!;
    expect(submissions).toHaveLength(1);
    await env.client.workflow.getHandle(initiativeProcessId(INITIATIVE)).terminate('Continue-as-new input exceeds the 2 MB limit');

    const { log } = logged();
    const [, refused] = await openBoards(governance, { initiative: config, log });
    expect(refused!.outcome).toBe('stopped');
    expect(refused!.message).toMatch(
      /^Initiative board "iiigb" stopped: its last run was terminated at .+ UTC \(reason: Continue-as-new input exceeds the 2 MB limit\)\. Nothing was opened\. To bring it back with everything it held, run: npx govern initiative recover \(signed in as sec\) \(or, from the Temporal UI, reset initiative-iiigb to its last good workflow task\)\./,
    );
    expect((await env.client.workflow.getHandle(initiativeProcessId(INITIATIVE)).describe()).status.name).toBe('TERMINATED');

    const recovery = await initiative.recover({ by: 'sec' });
    expect(recovery.stopped.how).toBe('terminated');
    expect(recovery.view?.submissions.map((s) => s.submissionId)).toEqual(submissions.map((s) => s.submissionId));
    expect((await env.client.workflow.getHandle(initiativeProcessId(INITIATIVE)).describe()).status.name).toBe('RUNNING');
  });
});

/**
 * A product board holds to its budget however many products it has and however long it sits:
 * 5,000 products registered, then ten years of monthly meetings, with a meeting called, a member
 * replaced, someone subscribing and a product prioritised every year. Every run's input (what the
 * board carries across continue-as-new), every status answer and every Update answer stays within
 * `processBudget`, and each is printed against it; descriptions live with each product's own
 * process. A second board shows what happens at the edge: warnings at 50% and 80%, anyone's
 * subscription refused past 80%, the secretariat's command refused past 100%, and a command that
 * frees room still taken.
 *
 * The first 5,000 registrations are worked out by the board's own machine (pure `transition`, the
 * same code the host runs; see boardAfterRegistrations) and the board's process is started from the
 * state they leave, as a run continued from one that took them: starting 5,000 product processes on this machine's two cores
 * takes a quarter of an hour and says nothing about the board's budget. Ten more products are
 * registered through the running board, each starting its process with its description, and the
 * ten years run on the time-skipping server.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initialTransition, transition } from 'xstate';
import { CommandRefused } from '../../../client/errors';
import type { GovernanceClient } from '../../../client/governanceClient';
import { boardProcessId } from '../../../machines/kernel/ids';
import { limits } from '../../../machines/kernel/input';
import { jsonBytes } from '../../../machines/kernel/size';
import { boardMachine, CHANGES_KEPT } from '../../../machines/productBoard/machine';
import { boardConfigSchema } from '../../../machines/productBoard/schema';
import { processBudget } from '../../../workflows/host/budget';
import { auditQuery } from '../../../workflows/host/commands';
import { adoptPrinciple, boardWorkflowType, callMeeting, registerProduct, subscribe, unsubscribe } from '../../../workflows/productBoard/messages';
import { TASK_QUEUE } from '../../../workflows/taskQueue';
import { sendCommand } from '../../../client/processes';
import { againstBudget, kib, largestOf, runsOf } from '../../support/budgetProbe';
import { eventually, foundingBoard, fullSelfAssessment, pendingReview, skipTo } from '../../support/productBoardRun';
import { loggedLines } from '../../support/sdkWarnings';
import { governedTimeSkipping } from '../../support/temporal';
import { signedArgs } from '../../support/signed';

const SEEDED = 5_000;
const REGISTERED = 10;
const YEARS = 10;
const DAY = 86_400_000;
const YEAR = 365 * DAY;

let env: TestWorkflowEnvironment;
let governance: GovernanceClient;
let stop: () => Promise<void>;

beforeAll(async () => {
  ({ env, governance, stop } = await governedTimeSkipping());
}, 60_000);

afterAll(() => stop?.());

const productId = (n: number) => `product-${String(n).padStart(4, '0')}`;
const description = (n: number) => `Product ${n}: ${'a description as long as a registration may carry. '.repeat(200)}`.slice(0, limits.text.long);
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** Registrations worked out between two re-readings of the seed's snapshot from its state and context. */
const SEED_STRETCH = 200;

/**
 * The board's state once it has taken `count` registrations (each with the longest description), by
 * its own machine. Pure `transition` keeps every product process a registration spawned among the
 * snapshot's children (nothing runs to start them), and each spawn looks through all of them: 5,000
 * in one stretch took 7 s here. Every `perStretch` registrations the snapshot is read again from its
 * state and context alone (`resolveState`), without the children, which the board's state does not
 * hold: 2 s. (Resuming the board as the host does would count a run each time.) The state is the same
 * either way; the test checks it on a shorter seed.
 */
function boardAfterRegistrations(count: number, at: string, perStretch = SEED_STRETCH) {
  const config = boardConfigSchema.parse(foundingBoard);
  let [snapshot] = initialTransition(boardMachine, { config, openedAt: at, openedBy: 'sec', strict: true });
  for (let n = 1; n <= count; n++) {
    if (n % perStretch === 0) snapshot = boardMachine.resolveState({ value: snapshot.value, context: snapshot.context });
    const event = { type: 'product.registered' as const, by: 'sec', product: { id: productId(n), name: `Product ${n}`, description: description(n) }, at };
    [snapshot] = transition(boardMachine, snapshot, event);
  }
  expect(snapshot.context.products).toHaveLength(count);
  return snapshot.context;
}

describe('a product board with 5,000 products over ten years', () => {
  it('keeps every run, every status and every Update answer within its budget', async () => {
    const started = Date.now();
    const board = boardProcessId(foundingBoard.roster.boardId);
    const answers = largestOf();
    const receipts = largestOf();
    const openedAt = new Date(await env.currentTimeMs()).toISOString();
    // Seeding in stretches leaves the state one stretch leaves: shown on 2 × SEED_STRETCH + 50 registrations.
    expect(boardAfterRegistrations(2 * SEED_STRETCH + 50, openedAt)).toEqual(boardAfterRegistrations(2 * SEED_STRETCH + 50, openedAt, Infinity));
    const resume = boardAfterRegistrations(SEEDED, openedAt);
    await env.client.workflow.start(boardWorkflowType, { workflowId: board, taskQueue: TASK_QUEUE, args: [{ config: foundingBoard, openedBy: 'sec', resume }] });
    answers.note(await eventually(() => governance.boardStatus(), (b) => b.products.length === SEEDED, `${SEEDED} products on the board`), `status with ${SEEDED} products`);
    const seeding = Date.now() - started;

    const handle = env.client.workflow.getHandle(board);
    for (let n = SEEDED + 1; n <= SEEDED + REGISTERED; n++)
      receipts.note(
        await handle.executeUpdate(registerProduct.update, { args: await signedArgs(governance, board, registerProduct, { by: 'sec', product: { id: productId(n), name: `Product ${n}`, description: description(n) } }) }),
        `registerProduct ${productId(n)}`,
      );
    const registered = await eventually(() => governance.boardStatus(), (b) => b.products.length === SEEDED + REGISTERED, 'the registered products on the board');
    answers.note(registered, `status with ${SEEDED + REGISTERED} products`);
    // A registered product's process keeps its description; the board has only the id.
    const last = await eventually(() => governance.product(productId(SEEDED + REGISTERED)), () => true, 'the last product to start');
    expect(last.product.description).toBe(description(SEEDED + REGISTERED));
    expect(jsonBytes(registered)).toBeLessThan(jsonBytes(last.product.description) * SEEDED * 0.01);

    // Every year the secretariat calls a meeting, a member steps down and is appointed again (long
    // reasons and references), someone subscribes, and a product is prioritised at a meeting.
    for (let year = 1; year <= YEARS; year++) {
      const now = await env.currentTimeMs();
      const startsAt = new Date(now + 40 * DAY).toISOString();
      receipts.note(await handle.executeUpdate(callMeeting.update, { args: await signedArgs(governance, board, callMeeting, { by: 'sec', startsAt }) }), `callMeeting in year ${year}`);
      receipts.note(await handle.executeUpdate(subscribe.update, { args: await signedArgs(governance, board, subscribe, { by: `reader-${year}` }) }), `subscribe in year ${year}`);
      await governance.boardCommand('removeMember', { by: 'sec', memberId: 'm7', reason: `Year ${year}: ${'stepped down for a year of leave. '.repeat(200)}`.slice(0, limits.text.reason) });
      await governance.boardCommand('appointMember', {
        by: 'sec',
        member: { id: 'm7', name: 'Member 7', technical: false, expertise: ['ethics', 'law'] },
        reference: `Year ${year}: ${'appointed again by the decision of the board. '.repeat(200)}`.slice(0, limits.text.reason),
      });
      const prioritised = productId(SEEDED + year);
      await governance.requestGate(prioritised, { by: 'sec', gate: 'prioritisation', selfAssessment: fullSelfAssessment });
      const reviewId = await pendingReview(governance, prioritised);
      for (const by of ['m1', 'm2', 'm3', 'm4', 'm5']) await governance.send(reviewId, 'castVote', { by, choice: 'approve' });
      await skipTo(env, new Date(now + YEAR).toISOString());
      expect((await governance.product(prioritised)).prioritised, `${prioritised} prioritised at its meeting`).toBe(true);
      answers.note(await governance.boardStatus(), `status after year ${year}`);
      answers.note(await handle.query(auditQuery), `audit after year ${year}`);
    }
    const view = await governance.boardStatus();
    expect(view.products).toHaveLength(SEEDED + REGISTERED);
    expect(view.convened.length).toBe(24);
    expect(jsonBytes(view.changes)).toBeLessThanOrEqual(CHANGES_KEPT.bytes);

    const runs = await runsOf(env, board);
    const updateAnswers = runs.flatMap((r) => r.updateAnswers);
    console.log(
      [
        `product board, ${SEEDED + REGISTERED} products, ${YEARS} years, ${view.convened.length} meetings kept of ${12 * YEARS}+ convened; wall time ${seconds(Date.now() - started)} (seeding ${seconds(seeding)}):`,
        `each run's input (what it carried in), of ${runs.length}:`,
        ...againstBudget(runs.map((r, i) => ({ bytes: r.inputBytes, what: `run ${i + 1} (${r.events} events)` })), processBudget.state),
        'each query answer:',
        ...againstBudget(answers.all, processBudget.query),
        `Update answers in the histories: ${updateAnswers.length}, the largest ${updateAnswers.length ? Math.max(...updateAnswers) : 0} bytes (budget ${processBudget.receipt}); receipts read:`,
        ...againstBudget(receipts.all, processBudget.receipt),
      ].join('\n'),
    );
    expect(runs.length).toBeGreaterThan(1);
    for (const run of runs) expect(run.inputBytes, `run ${run.runId}`).toBeLessThanOrEqual(processBudget.state);
    expect(answers.largest.bytes).toBeLessThanOrEqual(processBudget.query);
    for (const bytes of updateAnswers) expect(bytes).toBeLessThanOrEqual(processBudget.receipt);
    expect(receipts.largest.bytes).toBeLessThanOrEqual(processBudget.receipt);
  }, 600_000);
});

describe('a product board at the edge of its budget', () => {
  const boardId = 'full-board';
  const config = { ...foundingBoard, roster: { ...foundingBoard.roster, boardId } };
  const workflowId = boardProcessId(boardId);
  const ref = { noun: 'board', id: boardId, hint: '' };
  const size = async () => jsonBytes(await governance.boardStatus(boardId));
  /** A principle as long as a principle may be: about 4 KB of the board's records each. */
  const principle = (n: number) => ({ id: `principle-${n}`, title: `Principle ${n}`, text: `${n}: ${'What the board holds its products to, at length. '.repeat(100)}`.slice(0, limits.text.reason) });
  const adopt = (n: number) => sendCommand(governance, ref, workflowId, adoptPrinciple, { by: 'sec', scope: 'board', principle: principle(n), reference: `Minute ${n}` });

  it('warns at 50% and 80%, refuses anyone past 80% and everyone past 100%, and takes what frees room', async () => {
    await governance.openBoard({ by: 'sec', config });
    await sendCommand(governance, ref, workflowId, subscribe, { by: 'early-reader' });

    // The secretariat records principles (about 4 KB each) until the board is over 80% of its budget.
    let adopted = 0;
    while ((await size()) <= 0.8 * processBudget.state) await adopt(++adopted);

    // Anyone may subscribe, but not now: the rest is kept for the board's own work.
    const refusal = /^The board board-full-board is not taking subscribe from anyone for now: its records would be [\d,]+ bytes of the 262,144 it may hold \(over 80%\), and the rest is kept for its own work\. Nothing was recorded/;
    await expect(sendCommand(governance, ref, workflowId, subscribe, { by: 'late-reader' })).rejects.toThrow(refusal);
    await governance.boardCommand('subscribe', { by: 'late-reader' }, { boardId, via: 'signal' });
    const audit = await eventually(() => env.client.workflow.getHandle(workflowId).query(auditQuery), (a) => a.at(-1)?.by === 'late-reader', 'the refused signal in the audit log');
    expect(audit.at(-1)).toMatchObject({ command: 'subscribe', via: 'signal', accepted: false, reason: expect.stringMatching(refusal) });

    // The secretariat's work goes on until the records are full; then it is refused too, and nothing changes.
    let refused: unknown;
    for (let n = adopted + 1; !refused; n++) {
      if (n > adopted + 20) throw new Error('the board never filled');
      refused = await adopt(n).then(() => undefined, (err: unknown) => err);
    }
    expect(refused).toBeInstanceOf(CommandRefused);
    expect((refused as Error).message).toMatch(/^The records of the board board-full-board are full: adoptPrinciple would take them to [\d,]+ bytes of the 262,144 it may hold; nothing was recorded\. Closing what is open/);
    const full = await size();
    expect(full).toBeLessThanOrEqual(processBudget.state);

    // What frees room is taken, full or not.
    await sendCommand(governance, ref, workflowId, unsubscribe, { by: 'early-reader' });
    expect(await size()).toBeLessThan(full);

    const warnings = loggedLines().filter((l) => l.message.startsWith('The board board-full-board holds'));
    expect(warnings.map((w) => w.message.match(/past (\d+)%/)?.[1])).toEqual(['50', '80']);
    console.log(`full board: ${kib(full)} held after ${adopted} principles; warned: ${warnings.map((w) => w.message).join(' | ')}`);
  }, 300_000);
});

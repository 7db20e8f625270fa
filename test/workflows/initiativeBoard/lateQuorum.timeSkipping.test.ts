/**
 * Late-quorum protection on the initiative board, on real durable timers (the Java time-skipping server):
 * under a policy of 24 hours, an item reaching quorum an hour into the quarter's meeting moves the end of
 * voting 24 hours on; a member votes the evening after the meeting, the meeting closes at the moved end, and
 * the register's decision says so. The oracle is the register in PostgreSQL and the runs' histories, which replay.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import type { InitiativeClient } from '../../../client/initiativeClient';
import { initiativeProcessId } from '../../../machines/kernel/ids';
import { INITIATIVE, initiativeConfig } from '../../support/initiativeFixtures';
import { eventually, skipTo } from '../../support/productBoardRun';
import { governedTimeSkipping, workflowBundle } from '../../support/temporal';

const HOUR = 3_600_000;
const plus = (iso: string, ms: number) => new Date(Date.parse(iso) + ms).toISOString();

describe('late quorum on the initiative board on the time-skipping server', () => {
  it('moves the end of voting when an item first reaches quorum at the meeting, and decides at the moved end', async () => {
    const { env, governance, stop } = await governedTimeSkipping();
    try {
      await moveTheClose(env, governance.initiative(INITIATIVE));
    } finally {
      await stop();
    }
  }, 240_000);
});

/** The board opened under a 24-hour rule, its item's quorum reached an hour into the meeting, and what follows. */
async function moveTheClose(env: TestWorkflowEnvironment, ini: InitiativeClient): Promise<void> {
  await ini.open({ by: 'sec', config: initiativeConfig({ lateQuorumHours: 24 }) });
  const { quarter } = await ini.status();
  const moved = plus(quarter.endsAt, 24 * HOUR);
  const { itemId } = await ini.propose({ by: 'i5', title: 'Campaign on housing', text: 'Focus next year on housing.', proposal: { decision: 'strategy', focus: 'Housing', kpis: [] } });
  await ini.command('castVote', { by: 'i1', itemId, choice: 'approve' });
  await skipTo(env, plus(quarter.startsAt, HOUR));
  for (const by of ['i2', 'i3', 'i5', 'i6', 'i7']) await ini.command('castVote', { by, itemId, choice: 'approve' });
  expect((await ini.status()).votingClosesAt).toBe(quarter.endsAt);
  const seventh = await ini.command('castVote', { by: 'i8', itemId, choice: 'reject' });
  expect(seventh?.votingClosesAt).toBe(moved);
  expect(seventh?.closeMoved).toMatchObject({ itemId, hours: 24, extendedFrom: quarter.endsAt, closesAt: moved });

  // The evening after the meeting: voting is still open.
  await skipTo(env, plus(quarter.endsAt, 6 * HOUR));
  expect((await ini.status()).stage).toBe('inSession');
  await ini.command('castVote', { by: 'i9', itemId, choice: 'reject' });

  await skipTo(env, plus(moved, 10 * 60_000));
  const decision = await eventually(
    () => ini.register(),
    (entries) => entries.some((e) => e.kind === 'initiativeDecision' && e.itemId === itemId),
    'the decision in the register',
  ).then((entries) => entries.find((e) => e.kind === 'initiativeDecision' && e.itemId === itemId));
  expect(decision).toMatchObject({ outcome: 'approved', decidedAt: moved, tally: { approve: 6, reject: 2, cast: 8 }, lateQuorum: { hours: 24, extendedFrom: quarter.endsAt, closesAt: moved } });

  // Each run's history (the quarter continues as new once it has turned) replays against the same code.
  const workflowId = initiativeProcessId(INITIATIVE);
  let runId = (await env.client.workflow.getHandle(workflowId).describe()).raw.workflowExecutionInfo?.firstRunId ?? undefined;
  let cancelled = 0;
  while (runId) {
    const history = await env.client.workflow.getHandle(workflowId, runId).fetchHistory();
    cancelled += (history.events ?? []).filter((e) => e.timerCanceledEventAttributes).length;
    // Replayed as the process it is: its proofs name it.
    await expect(Worker.runReplayHistory({ workflowBundle: await workflowBundle() }, history, workflowId)).resolves.toBeUndefined();
    runId = history.events?.at(-1)?.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId ?? undefined;
  }
  expect(cancelled).toBeGreaterThanOrEqual(1);
}

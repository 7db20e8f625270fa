/**
 * The one eligibility rule on the initiative board's process (the Java time-skipping server): the secretariat
 * removes a member who has voted on an item while voting is open; the member's next vote is refused in plain
 * words, their vote no longer counts, the quorum is of the eleven left, and the register's decision names them.
 * The runs' histories replay.
 */
import { Worker } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import { initiativeProcessId } from '../../../machines/kernel/ids';
import { INITIATIVE, initiativeConfig } from '../../support/initiativeFixtures';
import { eventually, skipTo } from '../../support/productBoardRun';
import { governedTimeSkipping, workflowBundle } from '../../support/temporal';

const HOUR = 3_600_000;
const plus = (iso: string, ms: number) => new Date(Date.parse(iso) + ms).toISOString();

describe('a member removed from the initiative board during a vote, on the time-skipping server', () => {
  it('is refused, no longer counted, out of the quorum and named in the decision', async () => {
    const { env, governance, stop } = await governedTimeSkipping();
    try {
      const ini = governance.initiative(INITIATIVE);
      await ini.open({ by: 'sec', config: initiativeConfig() });
      const { quarter } = await ini.status();
      const { itemId } = await ini.propose({ by: 'i5', title: 'Campaign on housing', text: 'Focus next year on housing.', proposal: { decision: 'strategy', focus: 'Housing', kpis: [] } });
      const frozen = (await ini.status()).agenda.find((i) => i.itemId === itemId)!;
      expect(frozen.electorate?.members).toHaveLength(12);

      await skipTo(env, plus(quarter.startsAt, HOUR));
      // Seven of twelve, one with lived experience among them: a quorum, until i8 leaves.
      for (const by of ['i1', 'i2', 'i3', 'i5', 'i6', 'i7', 'i8']) await ini.command('castVote', { by, itemId, choice: 'approve' });
      const after = await ini.command('removeMember', { by: 'sec', memberId: 'i8', reason: 'Resigned' });
      expect(after?.agenda.find((i) => i.itemId === itemId)?.voted).toEqual(['i1', 'i2', 'i3', 'i5', 'i6', 'i7']);
      await expect(ini.command('castVote', { by: 'i8', itemId, choice: 'reject' })).rejects.toThrow(
        new RegExp(`i8 was removed from the board at .*, while voting on ${itemId} was open: a member removed during a vote can no longer vote on it, and does not count toward its quorum\\. Nothing was recorded\\.`),
      );

      await skipTo(env, plus(quarter.endsAt, 10 * 60_000));
      const decision = await eventually(
        () => ini.register(),
        (entries) => entries.some((e) => e.kind === 'initiativeDecision' && e.itemId === itemId),
        'the decision in the register',
      ).then((entries) => entries.find((e) => e.kind === 'initiativeDecision' && e.itemId === itemId));
      // By hand: six votes of the eleven left; more than half of eleven is six.
      expect(decision).toMatchObject({ outcome: 'approved', tally: { cast: 6, eligible: 11, quorumNeeded: 6 }, removedDuringVote: [{ memberId: 'i8' }] });
      expect((decision as { explanation: string }).explanation).toMatch(/Removed from the board during the vote, so not counted and out of the quorum: i8 \(/);

      const workflowId = initiativeProcessId(INITIATIVE);
      let runId = (await env.client.workflow.getHandle(workflowId).describe()).raw.workflowExecutionInfo?.firstRunId ?? undefined;
      while (runId) {
        const history = await env.client.workflow.getHandle(workflowId, runId).fetchHistory();
        await expect(Worker.runReplayHistory({ workflowBundle: await workflowBundle() }, history, workflowId)).resolves.toBeUndefined();
        runId = history.events?.at(-1)?.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId ?? undefined;
      }
    } finally {
      await stop();
    }
  }, 240_000);
});

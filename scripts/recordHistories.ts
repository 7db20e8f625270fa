/**
 * Records workflow histories from real runs on a dev server, as replay fixtures.
 * Run after any change to workflow code that should be kept replay-compatible:
 *
 *   npx tsx scripts/recordHistories.ts
 *
 * It writes test/fixtures/histories/<scenario>.json; commit the files that are
 * new. Existing fixtures are kept (pass --overwrite to re-record): old histories
 * are the point, since running workflows started under old code must still replay.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { GovernanceClient } from '../client/governanceClient';
import { projectRoot, tools } from '../client/settings';
import { freshRegisterDir, governanceOn, startDevServer, testBoard } from '../test/support/temporal';

const outDir = join(projectRoot, 'test', 'fixtures', 'histories');
const overwrite = process.argv.includes('--overwrite');

type Scenario = (governance: GovernanceClient) => Promise<string>;

const scenarios: Record<string, Scenario> = {
  /** Updates and signals, a recusal, a changed vote, conditions, an early close. */
  'gateReview-approvedWithConditions': async (governance) => {
    const { reviewId } = await governance.requestGateReview({ productId: 'benefits-map', stage: 'discovery', gate: 'alpha', requestedBy: 'sec', reviewId: 'replay-conditions' });
    await governance.send(reviewId, 'castVote', { by: 'm1', choice: 'approve', reason: 'Clear need' });
    await governance.send(reviewId, 'declareInterest', { by: 'm7', interest: 'Advises the supplier' });
    await governance.send(reviewId, 'castVote', { by: 'm2', choice: 'approveWithConditions', conditions: ['Accessibility audit'] }, 'signal');
    await governance.send(reviewId, 'castVote', { by: 'm3', choice: 'reject' });
    await governance.send(reviewId, 'changeVote', { by: 'm3', choice: 'abstain', reason: 'Concerns answered' });
    await governance.send(reviewId, 'castVote', { by: 'mallory', choice: 'approve' }, 'signal'); // refused, kept in audit
    await governance.send(reviewId, 'closeVoting', { by: 'sec' });
    await governance.decision(reviewId);
    return reviewId;
  },
  /** The voting deadline passes as a durable timer, without quorum. */
  'gateReview-deferredAtDeadline': async (governance) => {
    const { reviewId } = await governance.requestGateReview({
      productId: 'rent-index', stage: 'proposed', gate: 'discovery', requestedBy: 'sec', reviewId: 'replay-deadline',
      votingClosesAt: new Date(Date.now() + 3_000),
    });
    await governance.send(reviewId, 'castVote', { by: 'm1', choice: 'approve' });
    await governance.decision(reviewId);
    return reviewId;
  },
  /** A tie settled by the chair: the casting-vote timer is started and cancelled. */
  'gateReview-castingVote': async (governance) => {
    const { reviewId } = await governance.requestGateReview({ productId: 'jobs-signal', stage: 'beta', gate: 'live', requestedBy: 'sec', reviewId: 'replay-casting' });
    for (const [by, choice] of [['m1', 'approve'], ['m2', 'reject'], ['m3', 'approve'], ['m4', 'reject']] as const)
      await governance.send(reviewId, 'castVote', { by, choice });
    await governance.send(reviewId, 'closeVoting', { by: 'm1' });
    await governance.send(reviewId, 'castCastingVote', { by: 'm1', choice: 'approve', reason: 'Benefits outweigh the risks' });
    await governance.decision(reviewId);
    return reviewId;
  },
};

mkdirSync(outDir, { recursive: true });
const env = await startDevServer();
try {
  const registerDir = freshRegisterDir();
  const { startWorker } = await governanceOn(env, registerDir);
  const worker = await startWorker();
  await worker.runUntil(async () => {
    for (const [name, scenario] of Object.entries(scenarios)) {
      const file = join(outDir, `${name}.json`);
      if (existsSync(file) && !overwrite) {
        console.log(`kept     ${file}`);
        continue;
      }
      const casting = { ...testBoard, policy: { ...testBoard.policy, chairHasCastingVote: true, passing: { default: { kind: 'majority' as const } } } };
      const governance = new GovernanceClient({ client: env.client, board: name.includes('casting') ? casting : testBoard, registerDir });
      const workflowId = await scenario(governance);
      // The CLI writes the same JSON an operator downloads from the Temporal UI.
      const json = execFileSync(tools().temporalCli, ['workflow', 'show', '--workflow-id', workflowId, '--output', 'json', '--address', env.address], { encoding: 'utf8' });
      writeFileSync(file, json.endsWith('\n') ? json : json + '\n');
      console.log(`recorded ${file} (${(JSON.parse(json) as { events: unknown[] }).events.length} events)`);
    }
  });
} finally {
  await env.teardown();
}

/**
 * Votes are secret until close (issue 14, point 4), on the real Temporal dev server with PostgreSQL: a
 * second vote sent by Update and by Signal, a vote with conditions that do not fit its choice sent by
 * Signal, and then everything anyone can read of the review before it is counted: the Update's refusal
 * and receipts, the `audit` and `status` queries, the search attributes and memo an operator filters on,
 * and every person's notices in PostgreSQL. No choice, reason or condition shows, bar each voter's own
 * confirmation; once voting closes, the status, the result and the register show every vote.
 */
import { randomBytes } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDecisions } from '../../../client/decisions';
import type { VoteChoice } from '../../../machines/kernel/voting';
import { readNotices } from '../../../store/notices';
import { auditQuery, type Receipt } from '../../../workflows/host/commands';
import { castVote, changeVote, closeVoting, statusQuery } from '../../../workflows/gateReview/messages';
import { members } from '../../support/gateReviews';
import { governanceOn, startDevServer } from '../../support/temporal';
import { signedArgs } from '../../support/signed';

let env: TestWorkflowEnvironment;

beforeAll(async () => {
  env = await startDevServer();
});

afterAll(async () => {
  await env?.teardown();
});

async function eventually<T>(read: () => Promise<T>, check: (value: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (check(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** A word that is one of the choices (`approved` and `rejected` are outcomes, said only after close). */
const choiceWord = /\b(approve|approveWithConditions|reject|abstain)\b/i;

describe('a gate review on the dev server keeps its votes secret until voting closes', () => {
  it('shows no choice, reason or condition in any refusal, receipt, audit entry, status, search attribute or notice before close, and every vote after', async () => {
    const { governance, startWorker, store } = await governanceOn(env);
    const worker = await startWorker();
    // Made for this run: a text that carries one came from that vote.
    const mark = (what: string) => `${what}-${randomBytes(4).toString('hex')}`;
    const secret = { m1: mark('m1-reason'), m2: mark('m2-reason'), m2Condition: mark('m2-condition'), m3: mark('m3-reason'), m3Changed: mark('m3-changed'), m4: mark('m4-reason') };

    await worker.runUntil(async () => {
      const { reviewId } = await governance.requestGateReview({ productId: 'secret-map', stage: 'discovery', gate: 'alpha', requestedBy: 'sec' });
      const handle = env.client.workflow.getHandle(reviewId);
      const update = async (command: typeof castVote | typeof changeVote, payload: Parameters<typeof governance.send<'castVote'>>[2]) =>
        (await handle.executeUpdate(command.update, { args: await signedArgs(governance, reviewId, command, payload) })) as Receipt;
      const refusalOf = async (sent: Promise<unknown>) => {
        const err = await sent.then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
        return ((err as WorkflowUpdateFailedError).cause as Error).message;
      };

      const receipts = [
        await update(castVote, { by: 'm1', choice: 'reject', reason: secret.m1 }),
        await update(castVote, { by: 'm3', choice: 'abstain', reason: secret.m3 }),
      ];
      await handle.signal(castVote.signal, ...(await signedArgs(governance, reviewId, castVote, { by: 'm2', choice: 'approveWithConditions', reason: secret.m2, conditions: [secret.m2Condition] })));

      // A second vote by Update: refused, saying that m1 voted and how to change it, not how.
      const secondByUpdate = await refusalOf(update(castVote, { by: 'm1', choice: 'approve', reason: 'Changed my mind' }));
      expect(secondByUpdate).toBe(
        `You have already voted on gate review ${reviewId}; a second vote was not recorded. To change your vote, add --change: govern vote ${reviewId} --as m1 --choice CHOICE --change (the changeVote command).`,
      );
      // A second vote by Signal, and conditions with a choice that takes none: kept in the audit, in the same words as anyone else's.
      await handle.signal(castVote.signal, ...(await signedArgs(governance, reviewId, castVote, { by: 'm2', choice: 'reject', reason: 'Changed my mind' })));
      await handle.signal(castVote.signal, ...(await signedArgs(governance, reviewId, castVote, { by: 'm4', choice: 'reject', reason: secret.m4, conditions: ['Publish the DPIA'] })));
      await handle.signal(castVote.signal, ...(await signedArgs(governance, reviewId, castVote, { by: 'm5', choice: 'approveWithConditions' })));
      receipts.push(await update(changeVote, { by: 'm3', choice: 'approve', reason: secret.m3Changed }));

      const audit = await eventually(() => handle.query(auditQuery), (a) => a.length === 7);
      // A refused Update is not in the audit (its sender heard the refusal); a refused Signal is, with its reason.
      expect(audit.map((e) => [e.command, e.via, e.by, e.accepted])).toEqual([
        ['castVote', 'update', 'm1', true],
        ['castVote', 'update', 'm3', true],
        ['castVote', 'signal', 'm2', true],
        ['castVote', 'signal', 'm2', false],
        ['castVote', 'signal', 'm4', false],
        ['castVote', 'signal', 'm5', false],
        ['changeVote', 'update', 'm3', true],
      ]);
      expect(audit[3]!.reason).toBe(secondByUpdate.replace('--as m1', '--as m2'));
      // Conditions with reject and approveWithConditions without any: one sentence, so it tells neither.
      expect(audit[4]!.reason).toBe('castVote: conditions: approveWithConditions needs at least one condition, and the other choices take none. Nothing was recorded.');
      expect(audit[5]!.reason).toBe(audit[4]!.reason);

      const status = await handle.query(statusQuery);
      expect([...status.voted].sort()).toEqual(['m1', 'm2', 'm3']);
      const described = await handle.describe();
      const searchAttributes = described.typedSearchAttributes.getAll().map((p) => [p.key.name, p.value]);
      expect(searchAttributes).toEqual(expect.arrayContaining([['GovStatus', 'awaitingVotes']]));

      // Each voter is told what they chose, alone; a changed vote too.
      const noticesOf = (person: string) => readNotices(store.db, person);
      const confirmations = await eventually(
        () => Promise.all(['m1', 'm2', 'm3'].map(noticesOf)),
        (n) => n.flat().filter((x) => x.notificationId.startsWith('vote-recorded-')).length === 4,
      );
      const own: Record<string, readonly string[]> = { m1: [secret.m1], m2: [secret.m2, secret.m2Condition], m3: [secret.m3, secret.m3Changed] };
      for (const [n, person] of ['m1', 'm2', 'm3'].entries()) {
        const told = confirmations[n]!.map((x) => `${x.subject}\n${x.body}`).join('\n');
        for (const [voter, marks] of Object.entries(own)) for (const m of marks) expect(told.includes(m), `whether ${person}'s notices carry ${voter}'s ${m}`).toBe(voter === person);
      }
      const everyoneElse = await Promise.all([...members.filter((m) => !['m1', 'm2', 'm3'].includes(m)), 'sec'].map(noticesOf));

      // Everything anyone but the voter can read before close: nothing of a choice, a reason or a condition.
      const readable = {
        secondByUpdate,
        receipts: JSON.stringify(receipts),
        audit: JSON.stringify(audit),
        status: JSON.stringify(status),
        searchAttributes: JSON.stringify(searchAttributes),
        memo: JSON.stringify(described.memo ?? {}),
        othersNotices: JSON.stringify(everyoneElse.flat()),
      };
      for (const [what, text] of Object.entries(readable)) {
        for (const m of Object.values(secret)) expect(text, `${what} carries ${m}`).not.toContain(m);
        if (what !== 'audit') expect(text, what).not.toMatch(choiceWord);
      }
      // The audit names the command and, for a refused one, the reason: the only choice word is the rule's own.
      expect(readable.audit.replaceAll('approveWithConditions needs at least one condition', '')).not.toMatch(choiceWord);

      // Once voting closes, the record shows every vote as it stood.
      await handle.executeUpdate(closeVoting.update, { args: await signedArgs(governance, reviewId, closeVoting, { by: 'sec' }) });
      const decision = await governance.decision(reviewId);
      const expected: { by: string; choice: VoteChoice; reason: string; conditions?: string[] }[] = [
        { by: 'm1', choice: 'reject', reason: secret.m1 },
        { by: 'm2', choice: 'approveWithConditions', reason: secret.m2, conditions: [secret.m2Condition] },
        { by: 'm3', choice: 'approve', reason: secret.m3Changed },
      ];
      const byVoter = (votes: readonly { by: string }[]) => [...votes].sort((a, b) => a.by.localeCompare(b.by));
      expect(byVoter(decision.votes)).toEqual(expected.map((v) => expect.objectContaining(v)));
      expect(byVoter((await handle.query(statusQuery)).decision!.votes)).toEqual(expected.map((v) => expect.objectContaining(v)));
      const [registered] = await readDecisions({ store, productId: 'secret-map' });
      expect(byVoter((registered as typeof decision).votes)).toEqual(expected.map((v) => expect.objectContaining(v)));
    });
  });
});

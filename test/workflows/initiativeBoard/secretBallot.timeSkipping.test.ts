/**
 * Votes on the initiative board's items are secret until its meeting ends (issue 14, point 4), on the
 * Java time-skipping server with PostgreSQL: votes by Update and by Signal and the chair's casting vote,
 * each reason and condition a token made for the run; a second vote by Update and by Signal, and a vote
 * whose conditions do not fit its choice by Signal. Before the meeting ends nothing anyone can read (the
 * refusal, the receipts, the audit and status queries, the search attributes, other people's notices)
 * carries a choice, a reason or a condition, and the status says only that the chair gave a casting vote.
 * Once the meeting has ended the register shows every vote and the casting vote.
 */
import { randomBytes } from 'node:crypto';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GovernanceClient } from '../../../client/governanceClient';
import type { InitiativeClient } from '../../../client/initiativeClient';
import type { InitiativeDecisionRecord } from '../../../machines/initiativeBoard/records';
import { initiativeProcessId } from '../../../machines/kernel/ids';
import { readNotices } from '../../../store/notices';
import { auditQuery, type Receipt } from '../../../workflows/host/commands';
import { castCastingVote, castVote, initiativeStatusQuery } from '../../../workflows/initiativeBoard/messages';
import { INITIATIVE, initiativeConfig } from '../../support/initiativeFixtures';
import type { TestStore } from '../../support/postgres';
import { eventually, skipTo } from '../../support/productBoardRun';
import { governedTimeSkipping } from '../../support/temporal';
import { signedArgs } from '../../support/signed';

let env: TestWorkflowEnvironment;
let governance: GovernanceClient;
let ini: InitiativeClient;
let store: TestStore;
let stop: () => Promise<void>;

beforeAll(async () => {
  ({ env, governance, store, stop } = await governedTimeSkipping());
  ini = governance.initiative(INITIATIVE);
  await ini.open({ by: 'sec', config: initiativeConfig({ chairHasCastingVote: true }) });
}, 120_000);

afterAll(() => stop?.());

const members = Array.from({ length: 12 }, (_, n) => `i${n + 1}`);
/** A word that is one of the choices (`approved` and `rejected` are outcomes, said only after close). */
const choiceWord = /\b(approve|approveWithConditions|reject|abstain)\b/i;

describe('the initiative board keeps the votes on an item secret until its meeting ends', () => {
  it('shows no choice, reason or condition before the meeting ends, the casting vote included, and every vote in the register after', async () => {
    const mark = (what: string) => `${what}-${randomBytes(4).toString('hex')}`;
    const secret = { i2: mark('i2-reason'), i3: mark('i3-reason'), i3Condition: mark('i3-condition'), i4: mark('i4-reason'), chair: mark('chair-reason') };
    const { quarter } = await ini.status();
    const { itemId } = await ini.propose({ by: 'i5', title: 'Fund a debt advice map', text: 'No one maps debt advice.', proposal: { decision: 'funding', gap: 'debt advice map', priority: 'high' } });
    const handle = env.client.workflow.getHandle(initiativeProcessId(INITIATIVE));

    const receipts: Receipt[] = [
      (await handle.executeUpdate(castVote.update, { args: await signedArgs(governance, initiativeProcessId(INITIATIVE), castVote, { by: 'i2', itemId, choice: 'reject', reason: secret.i2 }) })) as Receipt,
      (await handle.executeUpdate(castCastingVote.update, { args: await signedArgs(governance, initiativeProcessId(INITIATIVE), castCastingVote, { by: 'i1', itemId, choice: 'reject', reason: secret.chair }) })) as Receipt,
    ];
    await handle.signal(castVote.signal, ...(await signedArgs(governance, initiativeProcessId(INITIATIVE), castVote, { by: 'i3', itemId, choice: 'approveWithConditions', reason: secret.i3, conditions: [secret.i3Condition] })));

    // A second vote by Update: refused, saying that i2 voted and how to change it, not how.
    const refused = await handle.executeUpdate(castVote.update, { args: await signedArgs(governance, initiativeProcessId(INITIATIVE), castVote, { by: 'i2', itemId, choice: 'approve' }) }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(refused).toBeInstanceOf(WorkflowUpdateFailedError);
    const secondByUpdate = ((refused as WorkflowUpdateFailedError).cause as Error).message;
    expect(secondByUpdate).toBe(
      `You have already voted on ${itemId}; a second vote was not recorded. To change your vote before the meeting ends, add --change: govern initiative vote ${itemId} --as i2 --choice CHOICE --change (the changeVote command).`,
    );
    // A second vote by Signal, and conditions with a choice that takes none: kept in the audit, in words that tell neither choice.
    await handle.signal(castVote.signal, ...(await signedArgs(governance, initiativeProcessId(INITIATIVE), castVote, { by: 'i3', itemId, choice: 'reject' })));
    await handle.signal(castVote.signal, ...(await signedArgs(governance, initiativeProcessId(INITIATIVE), castVote, { by: 'i4', itemId, choice: 'abstain', reason: secret.i4, conditions: ['Name a maintainer'] })));

    const audit = await eventually(() => handle.query(auditQuery), (a) => a.length >= 6, 'the signals in the audit');
    const votes = audit.filter((e) => e.command !== 'proposeItem');
    expect(votes.map((e) => [e.command, e.via, e.by, e.accepted])).toEqual([
      ['castVote', 'update', 'i2', true],
      ['castCastingVote', 'update', 'i1', true],
      ['castVote', 'signal', 'i3', true],
      ['castVote', 'signal', 'i3', false],
      ['castVote', 'signal', 'i4', false],
    ]);
    expect(votes[3]!.reason).toBe(secondByUpdate.replace('--as i2', '--as i3'));
    expect(votes[4]!.reason).toBe('castVote: conditions: approveWithConditions needs at least one condition, and the other choices take none. Nothing was recorded.');

    const status = await handle.query(initiativeStatusQuery);
    expect(status.agenda).toEqual([expect.objectContaining({ itemId, voted: ['i2', 'i3'], votes: 2, castingVoteGiven: true })]);
    expect(status.agenda[0]).not.toHaveProperty('castingVote');
    const searchAttributes = (await handle.describe()).typedSearchAttributes.getAll().map((p) => [p.key.name, p.value]);

    // Each voter is told what they chose, alone; the chair's casting vote and the refused votes bring no notice.
    const noticesOf = (person: string) => readNotices(store.db, person);
    const told = await eventually(() => Promise.all(['i2', 'i3'].map(noticesOf)), (n) => n.every((x) => x.length === 1), 'a confirmation to each voter');
    expect(told.map((n) => n.map((x) => x.body.split('\n')[0]))).toEqual([['Your vote was recorded: reject.'], [`Your vote was recorded: approve with conditions, on these conditions: "${secret.i3Condition}".`]]);
    expect(`${told[0]![0]!.body}`).toContain(secret.i2);
    expect(`${told[1]![0]!.body}`).toContain(secret.i3);
    const everyoneElse = (await Promise.all([...members.filter((m) => m !== 'i2' && m !== 'i3'), 'sec'].map(noticesOf))).flat();

    // Everything anyone but the voter can read before the meeting ends: nothing of a choice, a reason or a condition.
    const readable = {
      secondByUpdate,
      receipts: JSON.stringify(receipts),
      audit: JSON.stringify(audit).replaceAll('approveWithConditions needs at least one condition', 'the rule'),
      status: JSON.stringify(status),
      searchAttributes: JSON.stringify(searchAttributes),
      othersNotices: JSON.stringify(everyoneElse),
      i2: JSON.stringify(told[0]),
      i3: JSON.stringify(told[1]),
    };
    for (const [what, text] of Object.entries(readable)) {
      const own = what === 'i2' ? [secret.i2] : what === 'i3' ? [secret.i3, secret.i3Condition] : [];
      for (const [who, m] of Object.entries(secret)) if (!own.includes(m)) expect(text, `${what} carries ${who}'s ${m}`).not.toContain(m);
      if (own.length === 0) expect(text, what).not.toMatch(choiceWord);
    }

    // Once the meeting has ended, the register shows every vote as it stood, and the chair's casting vote.
    await skipTo(env, new Date(Date.parse(quarter.endsAt) + 60_000).toISOString());
    const [decision] = (await eventually(() => ini.register(), (r) => r.some((e) => e.kind === 'initiativeDecision'), 'the decision in the register', 600)).filter(
      (e): e is InitiativeDecisionRecord & { publishedAt: string } => e.kind === 'initiativeDecision',
    );
    expect([...decision!.votes].sort((a, b) => a.by.localeCompare(b.by))).toEqual([
      expect.objectContaining({ by: 'i2', choice: 'reject', reason: secret.i2 }),
      expect.objectContaining({ by: 'i3', choice: 'approveWithConditions', reason: secret.i3, conditions: [secret.i3Condition] }),
    ]);
    expect(decision!.castingVote).toMatchObject({ by: 'i1', choice: 'reject', reason: secret.chair });
  }, 300_000);
});

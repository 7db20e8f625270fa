/**
 * What the initiative board refuses, on a real server: each refusal says what
 * was wrong and what to do, and leaves the board exactly as it was — by Update
 * (the caller hears it) and by Signal (kept in the audit log).
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CommandRefused, InvalidCommand, NotFound } from '../../../client/errors';
import type { GovernanceClient } from '../../../client/governanceClient';
import type { InitiativeClient } from '../../../client/initiativeClient';
import type { Proposal } from '../../../machines/initiativeBoard/schema';
import { initiativeProcessId } from '../../../machines/kernel/ids';
import { INITIATIVE, initiativeConfig } from '../../support/initiativeFixtures';
import { eventually } from '../../support/productBoardRun';
import { governedTimeSkipping } from '../../support/temporal';

let env: TestWorkflowEnvironment;
let governance: GovernanceClient;
let ini: InitiativeClient;
let stop: () => Promise<void>;
let itemId: string;
let submissionId: string;

const funding: Proposal = { decision: 'funding', gap: 'debt advice map', priority: 'high' };

beforeAll(async () => {
  ({ env, governance, stop } = await governedTimeSkipping());
  ini = governance.initiative(INITIATIVE);
  await ini.open({ by: 'sec', config: initiativeConfig() });
  itemId = (await ini.propose({ by: 'i2', title: 'Fund a debt advice map', text: 'No one maps debt advice.', proposal: funding })).itemId;
  submissionId = (await ini.submit({ title: 'Open the meetings', text: 'Let anyone watch.' })).submissionId;
  await ini.command('castVote', { by: 'i3', itemId, choice: 'approve' });
});

afterAll(() => stop?.());

/** Runs `act`, expects it refused with `error`, and checks the board is unchanged by it. */
async function refusedWithoutChange(act: () => Promise<unknown>, error: RegExp | typeof InvalidCommand | typeof CommandRefused, message?: RegExp): Promise<void> {
  const before = await ini.status();
  const refusal = act();
  await expect(refusal).rejects.toThrow(error);
  if (message) await expect(refusal).rejects.toThrow(message);
  expect(await ini.status()).toEqual(before);
}

describe('initiative board refusals', () => {
  it('refuses a vote from someone who is not a member, naming the members', async () => {
    await refusedWithoutChange(() => ini.command('castVote', { by: 'citizen-1', itemId, choice: 'approve' }), CommandRefused, /citizen-1 is not a member of the initiative board iiigb, so cannot vote on iiigb-I1\. Its members are: i1, i2/);
  });

  it('refuses triage by anyone but the secretariat, a member or the chair included', async () => {
    for (const by of ['i2', 'i1', 'citizen-1'])
      await refusedWithoutChange(() => ini.command('triageSubmission', { by, submissionId, outcome: 'declined', reason: 'Not for us.' }), CommandRefused, new RegExp(`^${by} may not triage a submission: only the secretariat of the initiative board iiigb \\(sec\\) may\\.`));
  });

  it('refuses a decision the initiative board may not take, and says whose it is', async () => {
    const gate = { decision: 'live' } as unknown as Proposal;
    await refusedWithoutChange(() => ini.propose({ by: 'i2', title: 'Put the map live', text: 'It is ready.', proposal: gate }), InvalidCommand, /"live" is the product board's to decide: ask its secretariat to request it/);
    await refusedWithoutChange(() => ini.submit({ title: 'Suspend the map', text: 'It shows addresses.', proposal: { decision: 'suspension' } as unknown as Proposal }), InvalidCommand, /"suspension" is the product board's to decide/);
    await refusedWithoutChange(() => ini.propose({ by: 'i2', title: 'Buy biscuits', text: 'For meetings.', proposal: { decision: 'catering' } as unknown as Proposal }), InvalidCommand, /the initiative board decides principle, strategy, recognition, withdrawal, funding, governance, not "catering"/);
  });

  it('refuses a proposal on a submission the secretariat declines or merges, which nothing would put to the board', async () => {
    await refusedWithoutChange(() => ini.command('triageSubmission', { by: 'sec', submissionId, outcome: 'declined', reason: 'Not for us.', proposal: funding }), InvalidCommand, /proposal: a proposal goes only with the accepted outcome/);
  });

  it('refuses a submission with no text, or only spaces', async () => {
    await refusedWithoutChange(() => ini.submit({ title: 'Something', text: '' }), InvalidCommand, /text: the text cannot be empty: say what is being raised/);
    await refusedWithoutChange(() => ini.submit({ title: 'Something', text: '   ' }), InvalidCommand, /say what is being raised/);
    await refusedWithoutChange(() => ini.submit({ title: 'Something' } as never), InvalidCommand, /text/);
  });

  it('refuses a second vote, pointing to --change, without saying what the first was', async () => {
    await refusedWithoutChange(() => ini.command('castVote', { by: 'i3', itemId, choice: 'reject' }), CommandRefused, /^You have already voted on iiigb-I1; a second vote was not recorded\. To change your vote before the meeting ends, add --change/);
  });

  it('refuses attendance before the meeting sits', async () => {
    await refusedWithoutChange(() => ini.command('recordAttendance', { by: 'sec', present: ['i1'] }), CommandRefused, /Attendance is recorded while the meeting sits/);
  });

  it('refuses to withdraw recognition of a resource that is not recognised', async () => {
    await refusedWithoutChange(() => ini.propose({ by: 'i2', title: 'Withdraw', text: 'Stale.', proposal: { decision: 'withdrawal', resourceId: 'nothing' } }), CommandRefused, /nothing is not recognised as part of the infrastructure/);
  });

  it('keeps a refused signal in the audit log, changing nothing', async () => {
    const before = await ini.status();
    await ini.command('triageSubmission', { by: 'i2', submissionId, outcome: 'declined', reason: 'Not for us.' }, 'signal');
    const audit = await eventually(() => governance.audit(initiativeProcessId(INITIATIVE)), (a) => a.some((x) => x.via === 'signal' && !x.accepted), 'the refused signal in the audit log');
    expect(audit.find((x) => x.via === 'signal' && !x.accepted)).toMatchObject({ command: 'triageSubmission', by: 'i2', reason: expect.stringMatching(/only the secretariat/) });
    expect(await ini.status()).toEqual(before);
  });

  it('says there is no such board', async () => {
    await expect(governance.initiative('no-such-board').status()).rejects.toThrow(NotFound);
  });
});

/**
 * Moderation of public input on real durable processes (the Java time-skipping server, PostgreSQL for the
 * register and the outboxes), as issue 18 item 4 asks: a submission to the initiative board hidden from the
 * public after three flags and restored by the secretariat, then flagged again and removed; a harm report on
 * a live product flagged and removed from public view while the product board still reads it, the harm
 * watch asking the board who may moderate. The oracle is what each reader's query answers, the register and
 * the outboxes; every run's history replays.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GovernanceClient } from '../../client/governanceClient';
import { harmWatchProcessId, initiativeProcessId } from '../../machines/kernel/ids';
import { INITIATIVE, initiativeConfig } from '../support/initiativeFixtures';
import { eventually, foundingBoard, goLive } from '../support/productBoardRun';
import { governedTimeSkipping, historiesOf, workflowBundle } from '../support/temporal';

const PRODUCT = 'rent-checker';
const WORDS = 'My neighbour at 4 Elm Road owes rent: publish it';

let env: TestWorkflowEnvironment;
let governance: GovernanceClient;
let stop: () => Promise<void>;

beforeAll(async () => {
  ({ env, governance, stop } = await governedTimeSkipping());
  await governance.initiative(INITIATIVE).open({ by: 'sec', config: initiativeConfig() });
}, 120_000);

afterAll(() => stop?.());

const replays = async (workflowId: string) => {
  const runs = await historiesOf(env, workflowId);
  for (const { history } of runs) await expect(Worker.runReplayHistory({ workflowBundle: await workflowBundle() }, history, workflowId)).resolves.toBeUndefined();
  return runs.length;
};

describe('moderation of public input on the time-skipping server', () => {
  it('hides a submission after three flags until the secretariat keeps it, and removes it when flagged again', async () => {
    const ini = governance.initiative(INITIATIVE);
    const { submissionId } = await ini.submit({ by: 'citizen-1', title: 'Debts on our street', text: WORDS });
    const publicly = async () => (await ini.status()).submissions.find((s) => s.submissionId === submissionId)!;
    const toTheBoard = async () => (await ini.status('sec')).submissions.find((s) => s.submissionId === submissionId)!;

    for (const by of ['resident-1', 'resident-2']) await ini.command('flagSubmission', { by, submissionId, reason: 'personalData' });
    expect((await publicly()).text, 'two flags hide nothing').toBe(WORDS);
    await expect(ini.command('flagSubmission', { by: 'resident-1', submissionId, reason: 'spam' })).rejects.toThrow('You have already flagged submission');
    await ini.command('flagSubmission', { by: 'resident-3', submissionId, reason: 'abuse' });
    expect(await publicly()).toMatchObject({ withheld: 'hidden', moderation: { flags: 3, reasons: ['abuse', 'personalData'] } });
    expect(JSON.stringify(await ini.status())).not.toContain(WORDS);
    // A member reads it, with who flagged it; the one who sent it, signed in but not on the board, reads what the public does.
    expect(await toTheBoard()).toMatchObject({ text: WORDS, moderation: { flaggedBy: [{ by: 'resident-1' }, { by: 'resident-2' }, { by: 'resident-3' }] } });
    expect((await ini.status('citizen-1')).submissions.find((s) => s.submissionId === submissionId)?.withheld).toBe('hidden');
    const hidden = await eventually(() => governance.notifications('sec'), (n) => n.some((x) => x.subject.includes(submissionId)), 'the secretariat to be told it is hidden');
    expect(hidden.find((x) => x.subject.includes(submissionId))!.subject).toBe(`Hidden until you look: submission ${submissionId} was flagged 3 times`);

    await expect(ini.command('moderateSubmission', { by: 'i2', submissionId, outcome: 'kept', reason: 'Fair' })).rejects.toThrow('only the secretariat');
    await ini.command('moderateSubmission', { by: 'sec', submissionId, outcome: 'kept', reason: 'It names a street, not a person; the board will answer it.' });
    expect((await publicly()).text, 'kept: shown again').toBe(WORDS);

    for (const by of ['resident-4', 'resident-5', 'resident-6']) await ini.command('flagSubmission', { by, submissionId, reason: 'personalData' });
    expect((await publicly()).withheld, 'three flags since the keep hide it again').toBe('hidden');
    await ini.command('moderateSubmission', { by: 'sec', submissionId, outcome: 'removed', reason: 'It gives a neighbour’s address and debts.' });
    expect(await toTheBoard()).toMatchObject({ withheld: 'removed', status: 'declined', triage: { decisionId: `moderation-${submissionId}-2` } });
    expect(JSON.stringify(await ini.status('sec')), "its words are gone from the board's state").not.toContain(WORDS);
    await expect(ini.command('flagSubmission', { by: 'resident-7', submissionId, reason: 'spam' })).rejects.toThrow('The secretariat already removed');

    const records = await eventually(() => governance.readRegister(), (r) => r.filter((e) => e.kind === 'moderation').length === 2, 'both decisions in the register');
    const decisions = records.filter((e) => e.kind === 'moderation');
    expect(decisions.map((d) => [d.decisionId, d.outcome, d.flags])).toEqual([
      [`moderation-${submissionId}-1`, 'kept', 3],
      [`moderation-${submissionId}-2`, 'removed', 6],
    ]);
    expect(JSON.stringify(decisions)).not.toContain('Elm Road');
    const told = await eventually(() => governance.notifications('citizen-1'), (n) => n.filter((x) => x.subject.startsWith('Your submission')).length === 2, 'the author to be told both');
    expect(told.map((x) => x.subject).filter((s) => s.startsWith('Your submission'))).toEqual([
      `Your submission ${submissionId}: kept by the secretariat`,
      `Your submission ${submissionId}: removed by the secretariat`,
    ]);
    expect(await replays(initiativeProcessId(INITIATIVE))).toBeGreaterThanOrEqual(1);
  }, 240_000);

  it('withholds a flagged harm report from the public, never from the board, and lets only its secretariat moderate it', async () => {
    await governance.openBoard({ by: 'sec', config: foundingBoard });
    await governance.registerProduct({ by: 'sec', product: { id: PRODUCT, name: 'Rent checker' } });
    await goLive(env, governance, PRODUCT);
    const { reportId } = await governance.reportHarm(PRODUCT, { by: 'tenant-1', summary: 'It told my landlord I had asked for help', details: 'The letter named me.' });
    for (const by of ['resident-1', 'resident-2', 'resident-3']) await governance.harmCommand(PRODUCT, 'flagHarm', { by, reportId, reason: 'spam' });
    expect(await governance.harmReport(PRODUCT, reportId)).toMatchObject({ withheld: 'hidden', moderation: { flags: 3 } });
    expect((await governance.harmReport(PRODUCT, reportId)).details).toBeUndefined();
    expect(await governance.harmReport(PRODUCT, reportId, 'board')).toMatchObject({ summary: 'It told my landlord I had asked for help', details: 'The letter named me.' });

    // The product board answers who its secretariat is: a member is refused.
    await expect(governance.harmCommand(PRODUCT, 'moderateHarm', { by: 'm2', reportId, outcome: 'removed', reason: 'Spam' })).rejects.toThrow(/secretariat/);
    await governance.harmCommand(PRODUCT, 'moderateHarm', { by: 'sec', reportId, outcome: 'removed', reason: 'Flagged as spam, but it is a real harm: kept from public view, triaged as any other.' });
    expect((await governance.harmReport(PRODUCT, reportId)).withheld).toBe('removed');
    expect((await governance.harmReport(PRODUCT, reportId, 'board')).summary).toBe('It told my landlord I had asked for help');
    // Its triage goes on.
    await governance.harmCommand(PRODUCT, 'triageHarm', { by: 'sec', reportId, severity: 'low', note: 'Take it up at the next review' });
    expect(await governance.harmReport(PRODUCT, reportId, 'board')).toMatchObject({ status: 'carriedToReview', moderation: { decisions: [{ outcome: 'removed' }] } });

    const record = await eventually(() => governance.readRegister(), (r) => r.some((e) => e.kind === 'moderation' && e.subjectId === reportId), 'the decision in the register');
    expect(record.find((e) => e.kind === 'moderation' && e.subjectId === reportId)).toMatchObject({ subject: 'harmReport', product: { id: PRODUCT }, outcome: 'removed', flags: 3, moderatedBy: 'sec' });
    await eventually(() => governance.notifications('tenant-1'), (n) => n.some((x) => x.subject === `Your harm report ${reportId}: removed by the secretariat`), 'the reporter to be told');
    expect(await replays(harmWatchProcessId(PRODUCT))).toBeGreaterThanOrEqual(1);
  }, 480_000);
});

/**
 * The board as a durable process: membership, policy and calendar changes are
 * recorded with who made them and when, the composition policy is checked on
 * each, and its status travels with the decisions taken while it holds.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GovernanceClient } from '../../../client/governanceClient';
import { defaultProductBoardPolicy } from '../../../machines/productBoard/policy';
import { decisionsReach, foundingBoard, fullSelfAssessment, pendingReview, skipTo } from '../../support/productBoardRun';
import { governedTimeSkipping } from '../../support/temporal';

let env: TestWorkflowEnvironment;
let governance: GovernanceClient;
let stop: () => Promise<void>;

beforeAll(async () => {
  ({ env, governance, stop } = await governedTimeSkipping());
  await governance.openBoard({ by: 'sec', config: foundingBoard });
});

afterAll(() => stop?.());

describe('the board as a durable process', () => {
  it('opens once, however often it is opened', async () => {
    const again = await governance.openBoard({ by: 'sec', config: foundingBoard });
    expect(again.changes).toHaveLength(1);
    expect(again.composition).toMatchObject({ met: true, filledSeats: 7, seats: 7 });
  });

  it('refuses an eighth member while all seven seats are filled', async () => {
    await expect(governance.boardCommand('appointMember', { by: 'sec', member: { id: 'm8', name: 'Eight' } })).rejects.toThrow(/all 7 seats filled; remove a member/);
  });

  it('records removals with who and when, and names the composition rule a vacancy breaks', async () => {
    await governance.boardCommand('removeMember', { by: 'sec', memberId: 'm4', reason: 'Resigned' });
    const view = (await governance.boardCommand('removeMember', { by: 'sec', memberId: 'm7', reason: 'Term ended' }))!;
    expect(view.changes.at(-1)).toMatchObject({ by: 'sec', change: expect.stringMatching(/^Removed m7: Term ended\. Below its composition policy/) });
    expect(Date.parse(view.changes.at(-1)!.at)).toBeGreaterThanOrEqual(Date.parse(view.changes[0]!.at));
    expect(view.composition).toMatchObject({ met: false, filledSeats: 5, unmet: ['ethics expertise (no member has it)'] });
  });

  it('keeps deciding below its policy, and each decision says which rule was unmet', async () => {
    await governance.registerProduct({ by: 'sec', product: { id: 'ledger', name: 'Ledger' } });
    await governance.requestGate('ledger', { by: 'sec', gate: 'prioritisation', selfAssessment: fullSelfAssessment });
    const reviewId = await pendingReview(governance, 'ledger');
    for (const by of ['m1', 'm2', 'm3']) await governance.send(reviewId, 'castVote', { by, choice: 'approve' });
    await skipTo(env, new Date(Date.parse((await governance.status(reviewId)).votingClosesAt) + 60_000).toISOString());
    await decisionsReach(governance, 'ledger', 1);
    const decision = await governance.decision(reviewId);
    expect(decision).toMatchObject({ outcome: 'approved', tally: { eligible: 5, quorumNeeded: 3 } });
    expect(decision.composition).toMatchObject({ met: false, unmet: ['ethics expertise (no member has it)'] });
  });

  it('meets its policy again once an ethics member is appointed', async () => {
    const view = (await governance.boardCommand('appointMember', { by: 'sec', member: { id: 'm8', name: 'Eight', technical: false, expertise: ['ethics'] }, reference: 'Nominated by the initiative board' }))!;
    expect(view.composition.met).toBe(true);
    expect(view.changes.at(-1)).toMatchObject({ by: 'sec', change: 'Appointed Eight (m8).', reference: 'Nominated by the initiative board' });
  });

  it('records a policy change with its reference and applies it to items opened afterwards', async () => {
    const policy = { ...defaultProductBoardPolicy, chairHasCastingVote: true };
    const view = (await governance.boardCommand('changePolicy', { by: 'sec', policy, reference: 'Board decision of the last meeting' }))!;
    expect(view.policy.chairHasCastingVote).toBe(true);
    expect(view.changes.at(-1)).toMatchObject({ change: 'Changed the policy; it applies to items opened from now on.', reference: 'Board decision of the last meeting' });
  });

  it('pauses its meetings, refusing new agenda items until they resume', async () => {
    await governance.boardCommand('pauseMeetings', { by: 'sec', reason: 'Recruiting members' });
    expect((await governance.agenda()).meetings).toEqual([]);
    await expect(governance.requestGate('ledger', { by: 'sec', gate: 'discovery', selfAssessment: fullSelfAssessment })).rejects.toThrow(/meetings of board product-board are paused \(Recruiting members\)/);
    await governance.boardCommand('resumeMeetings', { by: 'sec' });
    expect((await governance.agenda()).meetings.length).toBe(3);
  });

  it('holds a meeting the secretariat calls between scheduled ones', async () => {
    const now = await env.currentTimeMs();
    const startsAt = new Date(now + 8 * 86_400_000);
    startsAt.setUTCHours(10, 0, 0, 0);
    await expect(governance.boardCommand('callMeeting', { by: 'sec', startsAt: new Date(now + 86_400_000).toISOString() })).rejects.toThrow(/at least 7 days ahead/);
    await governance.boardCommand('callMeeting', { by: 'sec', startsAt: startsAt.toISOString() });
    const agenda = await governance.agenda();
    expect(agenda.meetings.map((m) => m.meeting.startsAt)).toContain(startsAt.toISOString());
    await governance.requestGate('ledger', { by: 'sec', gate: 'discovery', selfAssessment: fullSelfAssessment });
    expect((await governance.product('ledger')).pending!.votingClosesAt).toBe(new Date(startsAt.getTime() + 2 * 3_600_000).toISOString());
  });
});

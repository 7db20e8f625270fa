/**
 * A product board runs for years: once its history passes its limit it
 * continues as new while sitting, keeping its roster, products, agenda and
 * calendar, and the next meeting is still convened at its papers deadline.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { GovernanceClient } from '../../../client/governanceClient';
import { BOARD_HISTORY_LIMIT } from '../../../workflows/productBoard/workflow';
import { boardProcessId } from '../../../machines/kernel/ids';
import { eventually, foundingBoard, fullSelfAssessment, pendingReview, skipTo } from '../../support/productBoardRun';
import { governedTimeSkipping } from '../../support/temporal';

let env: TestWorkflowEnvironment;
let governance: GovernanceClient;
let stop: () => Promise<void>;

beforeAll(async () => {
  ({ env, governance, stop } = await governedTimeSkipping());
  await governance.openBoard({ by: 'sec', config: foundingBoard });
  await governance.registerProduct({ by: 'sec', product: { id: 'atlas', name: 'Atlas' } });
}, 60_000);

afterAll(() => stop?.());

it('continues as new past its history limit, keeping its state, and convenes the next meeting on time', async () => {
  await governance.requestGate('atlas', { by: 'sec', gate: 'prioritisation', selfAssessment: fullSelfAssessment });
  const reviewId = await pendingReview(governance, 'atlas');
  const before = await governance.boardStatus();
  expect(before.agenda.map((i) => i.itemId)).toEqual([reviewId]);

  // Subscribing and unsubscribing by signal: about an event each, until the board renews its run.
  let sent = 0;
  while ((await governance.boardStatus()).runs < 1) {
    if (sent > 10 * BOARD_HISTORY_LIMIT) throw new Error(`still the first run after ${sent} signals`);
    for (let n = 0; n < 100; n++, sent++) await governance.boardCommand(n % 2 ? 'unsubscribe' : 'subscribe', { by: 'fan' }, { via: 'signal' });
  }
  const after = await eventually(() => governance.boardStatus(), (b) => b.runs === 1 && b.subscribers.length === 0, 'the renewed board with every signal taken');
  expect({ ...after, changes: [], runs: 0 }).toEqual({ ...before, changes: [], runs: 0 });

  const events = (await env.client.workflow.getHandle(boardProcessId(before.boardId)).fetchHistory()).events ?? [];
  expect(events.length).toBeLessThan(BOARD_HISTORY_LIMIT);

  const meeting = before.upcomingMeetings[0]!;
  await skipTo(env, new Date(Date.parse(meeting.papersDeadline) + 60_000).toISOString());
  const convened = await eventually(() => governance.meeting(meeting.meetingId), () => true, `the meeting ${meeting.meetingId} to be convened`);
  expect(convened.agenda.map((i) => i.itemId)).toEqual([reviewId]);
}, 180_000);

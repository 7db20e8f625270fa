/**
 * Benefit and harm reviews told to the product board's subscribers (issue 13, point 4), on the Java
 * time-skipping server with the worker, the board, the product and its harm watch all real: each
 * published review reaches every subscriber of its moment exactly once, and no one else (board members,
 * the secretariat, people who never subscribed or who left). The watch continues as new between the two
 * reviews, and the continued run still tells them: it asks the patch afresh, as a new run has it on.
 * The oracle is PostgreSQL: the notices table, one row per notice and recipient.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GovernanceClient } from '../../../client/governanceClient';
import { addDays } from '../../../machines/harmWatch/policy';
import type { HarmWatchView } from '../../../machines/harmWatch/view';
import { harmWatchProcessId } from '../../../machines/kernel/ids';
import { HARM_REVIEWS_TO_SUBSCRIBERS_PATCH } from '../../../workflows/patches';
import type { TestStore } from '../../support/postgres';
import { eventually, foundingBoard, goLive, skipTo } from '../../support/productBoardRun';
import { governedTimeSkipping } from '../../support/temporal';

const PRODUCT = 'advice-finder';

let env: TestWorkflowEnvironment;
let governance: GovernanceClient;
let store: TestStore;
let stop: () => Promise<void>;
let liveSince: string;

beforeAll(async () => {
  ({ env, governance, store, stop } = await governedTimeSkipping());
  await governance.openBoard({ by: 'sec', config: foundingBoard });
  for (const by of ['citizen-1', 'citizen-2']) await governance.boardCommand('subscribe', { by });
  await governance.registerProduct({ by: 'sec', product: { id: PRODUCT, name: 'Advice finder' } });
  await goLive(env, governance, PRODUCT);
  liveSince = (await watch((w) => w.state === 'watching')).liveSinceOrIterated;
});

afterAll(() => stop?.());

const watch = (done: (w: HarmWatchView) => boolean, what = 'the harm watch') => eventually(() => governance.harmWatch(PRODUCT), done, what, 400);
const at = (days: number) => addDays(liveSince, days);
/** Everyone the test could tell, told or not: subscribers past and present, board members, the secretariat, a stranger. */
const PEOPLE = ['citizen-1', 'citizen-2', 'citizen-3', 'citizen-4', 'm1', 'm2', 'm3', 'm4', 'm5', 'm6', 'm7', 'sec', 'product-board'];

/** Who holds each review's notice, and how many times, straight from the notices table. */
async function told(): Promise<Record<string, string[]>> {
  const { rows } = await sql<{ notification_id: string; person_id: string }>`
    select notification_id, person_id from notices where notification_id like ${`decision-review-${PRODUCT}-%`} order by notification_id, person_id`.execute(store.db);
  const byReview: Record<string, string[]> = {};
  for (const row of rows) (byReview[row.notification_id] ??= []).push(row.person_id);
  return byReview;
}

/** Lets the review that falls on `date` gather its evidence, records it, and waits for it to be published. */
async function review(date: string, findings: { benefits: string[]; harms: string[]; worstHarm: 'none' | 'low' | 'medium' | 'high' | 'critical' }, reviews: number) {
  await skipTo(env, new Date(Date.parse(date) + 60_000).toISOString());
  await watch((v) => v.state === 'awaitingReview' && v.current?.scheduledFor === date, `the review of ${date}`);
  await governance.harmCommand(PRODUCT, 'recordReview', { by: 'm2', ...findings });
  return watch((v) => v.state === 'watching' && v.reviews.length === reviews, `review ${reviews} to be published`);
}

/** The patch ids a run of the watch recorded, read from its history's markers. */
async function patchesOf(runId: string): Promise<string[]> {
  const history = await env.client.workflow.getHandle(harmWatchProcessId(PRODUCT), runId).fetchHistory();
  return (history.events ?? []).flatMap((e) => {
    const data = e.markerRecordedEventAttributes?.details?.['patch-data']?.payloads?.[0]?.data;
    return data ? [(JSON.parse(Buffer.from(data).toString('utf8')) as { id: string }).id] : [];
  });
}

describe('benefit and harm reviews told to the product board’s subscribers', () => {
  it('sends the first review to each subscriber once, in plain words, and to no one else', async () => {
    await review(at(30), { benefits: ['Two advice centres send people to it'], harms: [], worstHarm: 'none' }, 1);
    const id = `decision-review-${PRODUCT}-1`;
    const byReview = await eventually(told, (t) => (t[id]?.length ?? 0) >= 2, 'the subscribers to be told');
    expect(byReview).toEqual({ [id]: ['citizen-1', 'citizen-2'] });

    const [notice] = (await governance.notifications('citizen-1')).filter((n) => n.notificationId === id);
    expect(notice!.subject).toBe('Benefit and harm review of Advice finder: no harm found');
    expect(notice!.body).toContain('Benefits found:\n- Two advice centres send people to it\nNo harms were found.');
    expect(notice!.body).toContain(`Read the whole review, with its evidence, in the register: govern register --product ${PRODUCT}`);
    // Not one of the people who did not subscribe, the reviewer and the board included, has it.
    for (const person of PEOPLE.filter((p) => !['citizen-1', 'citizen-2'].includes(p)))
      expect((await governance.notifications(person)).filter((n) => n.notificationId === id), person).toEqual([]);
    // The register keeps the review, not who was told.
    const [entry] = (await governance.readRegister()).filter((e) => e.kind === 'harmReview');
    expect(entry).not.toHaveProperty('notify');

    const { runId } = await env.client.workflow.getHandle(harmWatchProcessId(PRODUCT)).describe();
    expect(await patchesOf(runId)).toContain(HARM_REVIEWS_TO_SUBSCRIBERS_PATCH);
  });

  it('goes on telling the subscribers of the moment after the watch continues as new, each once', async () => {
    await governance.boardCommand('unsubscribe', { by: 'citizen-2' });
    await governance.boardCommand('subscribe', { by: 'citizen-3' });
    const firstRun = (await env.client.workflow.getHandle(harmWatchProcessId(PRODUCT)).describe()).runId;

    // Low harms reported and triaged until the watch's history passes its limit and it continues as new.
    await skipTo(env, at(40));
    const reports: string[] = [];
    for (let i = 1; (await governance.harmWatch(PRODUCT)).run === 1; i++) {
      expect(i, 'the watch to continue as new within 30 reports').toBeLessThanOrEqual(30);
      const { reportId } = await governance.reportHarm(PRODUCT, { summary: `Office ${i} listed with the wrong opening hours` });
      await governance.harmCommand(PRODUCT, 'triageHarm', { by: 'sec', reportId, severity: 'low', note: 'Take up at the next review' });
      reports.push(reportId);
    }
    console.log(`harm watch continued as new after ${reports.length} low harm reports`);
    const continued = await env.client.workflow.getHandle(harmWatchProcessId(PRODUCT)).describe();
    expect(continued.runId).not.toBe(firstRun);

    await review(at(90), { benefits: ['Used every week'], harms: ['Opening hours wrong for some offices'], worstHarm: 'low' }, 2);
    const second = `decision-review-${PRODUCT}-2`;
    const byReview = await eventually(told, (t) => (t[second]?.length ?? 0) >= 2, 'the subscribers of the moment to be told');
    expect(byReview).toEqual({ [`decision-review-${PRODUCT}-1`]: ['citizen-1', 'citizen-2'], [second]: ['citizen-1', 'citizen-3'] });

    const [notice] = (await governance.notifications('citizen-3')).filter((n) => n.notificationId === second);
    expect(notice!.subject).toBe('Benefit and harm review of Advice finder: worst harm low');
    expect(notice!.body).toContain('Harms found (the worst rated low):\n- Opening hours wrong for some offices');
    expect(notice!.body).toContain(`- Office 1 listed with the wrong opening hours (report ${reports[0]})`);
    expect(notice!.body).toContain('What happens next: The worst harm found is low: it is looked at again in the next review.');
    // The run that told them is a continued one, and it asked the patch itself.
    const { runId } = await env.client.workflow.getHandle(harmWatchProcessId(PRODUCT)).describe();
    expect(runId).not.toBe(firstRun);
    expect(await patchesOf(runId)).toContain(HARM_REVIEWS_TO_SUBSCRIBERS_PATCH);
    expect((await governance.harmWatch(PRODUCT)).run).toBeGreaterThan(1);
  });
});

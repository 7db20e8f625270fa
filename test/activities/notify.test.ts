/**
 * The notify and publishDecision activities write notices to PostgreSQL: once per notification and
 * recipient however often Temporal retries them and however many workers run, and each new notice
 * gets a message now, later in a digest, or none, as its recipient chose for its board.
 */
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { createActivities } from '../../activities';
import type { Notification } from '../../machines/kernel/effects';
import { readNotices } from '../../store/notices';
import { setPreference } from '../../store/people';
import { freshStore } from '../support/postgres';
import { freshDir } from '../support/temporal';
import { decision } from '../support/registerRecords';
import { readRegister } from '../../store/register';
import { harmWatchMachine } from '../../machines/harmWatch/machine';
import { run } from '../support/boardFixtures';
import { DAY, at, evidenceGathered, hw, openWatch, reviewDue } from '../support/harmWatchFixtures';
import { testTrust } from '../support/trust';

const reminder: Notification = {
  notificationId: 'vote-reminder-gr-1',
  to: ['m-ada', 'm-ben', 'm-ada'],
  subject: 'Reminder: voting on gr-1 closes {closes}',
  body: 'You have not voted yet.',
  dates: { closes: '2027-01-12T14:00:00.000Z' },
  link: '/reviews/gr-1',
  boardId: 'product-board',
};

const messages = async (db: Awaited<ReturnType<typeof freshStore>>['db']) =>
  (
    await sql<{ person_id: string; kind: string; notices: string }>`
      select d.person_id, d.kind, count(dn.notice_id)::text as notices from deliveries d join delivery_notices dn on dn.delivery_id = d.id
      group by d.id order by d.person_id`.execute(db)
  ).rows;

describe('notify', () => {
  it('records a notice once per recipient however often it is sent, each with one message', async () => {
    const store = await freshStore();
    const { notify } = createActivities({ store, evidenceDir: freshDir(), trust: testTrust().worker });
    for (let attempt = 0; attempt < 3; attempt++) await notify(reminder);
    expect((await readNotices(store.db, 'm-ada')).map((n) => [n.notificationId, n.subject, n.link, n.dates?.closes])).toEqual([
      ['vote-reminder-gr-1', 'Reminder: voting on gr-1 closes {closes}', '/reviews/gr-1', '2027-01-12T14:00:00.000Z'],
    ]);
    expect(await messages(store.db)).toEqual([
      { person_id: 'm-ada', kind: 'immediate', notices: '1' },
      { person_id: 'm-ben', kind: 'immediate', notices: '1' },
    ]);
  });

  it('keeps one notice per recipient when attempts race from two workers', async () => {
    const store = await freshStore();
    const workers = [createActivities({ store, evidenceDir: freshDir(), trust: testTrust().worker }), createActivities({ store: { db: store.connect(), signer: store.signer }, evidenceDir: freshDir(), trust: testTrust().worker })];
    await Promise.all(Array.from({ length: 20 }, (_, i) => workers[i % 2]!.notify(reminder)));
    const { rows } = await sql<{ n: string }>`select count(*)::text as n from notices`.execute(store.db);
    expect(rows[0]!.n).toBe('2');
    expect((await messages(store.db)).map((m) => m.notices)).toEqual(['1', '1']);
  });

  it('gives a notice no message now when its recipient chose a digest or none for its board', async () => {
    const store = await freshStore();
    await setPreference(store.db, 'm-ada', 'product-board', 'daily');
    await setPreference(store.db, 'm-ben', 'product-board', 'none');
    await setPreference(store.db, 'm-ben', 'initiative-board', 'weekly');
    await createActivities({ store, evidenceDir: freshDir(), trust: testTrust().worker }).notify({ ...reminder, to: ['m-ada', 'm-ben', 'm-chen'] });
    expect((await readNotices(store.db, 'm-ada'))[0]!.schedule).toBe('daily');
    expect((await readNotices(store.db, 'm-ben'))[0]!.schedule).toBe('none');
    expect(await messages(store.db)).toEqual([{ person_id: 'm-chen', kind: 'immediate', notices: '1' }]);
  });
});

describe('publishDecision', () => {
  it('tells the subscribers once, however often the publication is retried', async () => {
    const store = await freshStore();
    const { publishDecision } = createActivities({ store, evidenceDir: freshDir(), trust: testTrust().worker });
    const record = { ...decision('gr-9'), notify: ['citizen-1', 'm-ada'] };
    await publishDecision(record);
    await publishDecision(record);
    const told = await readNotices(store.db, 'citizen-1');
    expect(told.map((n) => n.notificationId)).toEqual(['decision-gr-9']);
    expect(told[0]!.subject).toContain('gr-9');
    expect(await messages(store.db)).toHaveLength(2);
  });

  it('tells the board’s subscribers of a benefit and harm review once, in its own words, and the register keeps the review without them', async () => {
    const store = await freshStore();
    const { publishDecision } = createActivities({ store, evidenceDir: freshDir(), trust: testTrust().worker });
    const reviewing = run(harmWatchMachine, openWatch({ reviewsToSubscribers: true }), reviewDue, evidenceGathered());
    const record = run(harmWatchMachine, reviewing, hw.record('medium', at(35 * DAY), { subscribers: ['citizen-1', 'citizen-2'] })).context.pendingRecord!;
    expect(record.notify).toEqual(['citizen-1', 'citizen-2']);
    await publishDecision(record);
    await publishDecision(record);
    for (const person of ['citizen-1', 'citizen-2']) {
      const told = await readNotices(store.db, person);
      expect(told.map((n) => [n.notificationId, n.subject, n.boardId, n.dates])).toEqual([
        ['decision-review-p1-1', 'Benefit and harm review of P1: worst harm medium', 'product-board', { recorded: at(35 * DAY), due: at(44 * DAY) }],
      ]);
    }
    expect(await readNotices(store.db, 'rev')).toEqual([]);
    const [entry] = await readRegister(store.db);
    expect(entry).toMatchObject({ decisionId: 'review-p1-1', kind: 'harmReview' });
    expect(entry).not.toHaveProperty('notify');
    expect(await messages(store.db)).toHaveLength(2);
  });
});

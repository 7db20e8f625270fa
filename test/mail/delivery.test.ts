/**
 * Mail on real parts: a real PostgreSQL (one per file) and a real SMTP server started here, whose
 * count of what arrived is the oracle. The loop is driven round by round with a clock the test sets,
 * so back-off and digest times are stepped through rather than waited for.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runGovern } from '../../client/cli/run';
import { startDeliveryLoop, type LoopOptions } from '../../mail/deliveryLoop';
import { smtpTransport, localMailbox } from '../../mail/transport';
import type { Notification } from '../../machines/kernel/effects';
import type { Db } from '../../store/database';
import { deliveryCounts, readMailbox } from '../../store/deliveries';
import { readNotices, recordNotification } from '../../store/notices';
import { setPerson, setPreference } from '../../store/people';
import { freshStore } from '../support/postgres';
import { TestSmtpServer } from '../support/smtp';

let smtp: TestSmtpServer;
beforeAll(async () => {
  smtp = await TestSmtpServer.start();
});
afterAll(() => smtp?.down());

const publicUrl = 'https://governance.example.org';
const secretariat = ['s-jo'];

function loopOn(db: Db, options: Partial<LoopOptions> = {}) {
  const transport = options.transport ?? smtpTransport(smtp.url, 'Governance <governance@example.org>', { timeoutMs: 5_000 });
  return startDeliveryLoop({ db, transport, publicUrl, secretariatOf: async () => secretariat, messageDomain: 'example.org', start: false, ...options });
}

let n = 0;
/** A person with an address of their own on this file's SMTP server. */
async function person(db: Db, zone?: string) {
  const id = `p-${++n}`;
  const email = `${id}@example.org`;
  await setPerson(db, id, { name: `Person ${n}`, email, ...(zone ? { timeZone: zone } : {}) });
  return { id, email };
}

const closing = (id: string, to: readonly string[]): Notification => ({
  notificationId: `vote-reminder-${id}`,
  to,
  subject: `Reminder: voting on ${id} closes {closes}`,
  body: `You have not voted on ${id} yet. Voting closes {closes}.`,
  dates: { closes: '2027-01-12T14:00:00.000Z' },
  link: `/reviews/${id}`,
  boardId: 'product-board',
});

describe('immediate delivery', () => {
  it('sends each notice once, counted at the SMTP server, however often it is recorded and with two workers sending', async () => {
    const store = await freshStore();
    const [ada, ben] = [await person(store.db), await person(store.db, 'America/New_York')];
    for (let attempt = 0; attempt < 3; attempt++) await recordNotification(store.db, closing('gr-once', [ada.id, ben.id]));
    const workers = [loopOn(store.db), loopOn(store.connect())];
    const rounds = await Promise.all(workers.map((w) => w.round()));
    expect(rounds.reduce((sum, r) => sum + r.sent, 0)).toBe(2);
    expect((await Promise.all(workers.map((w) => w.round()))).every((r) => r.sent === 0)).toBe(true);

    expect(smtp.to(ada.email)).toHaveLength(1);
    expect(smtp.to(ben.email)).toHaveLength(1);
    const [toAda] = smtp.to(ada.email);
    expect(toAda!.subject).toBe('Reminder: voting on gr-once closes Tuesday 12 January 2027, 2 pm UK time');
    expect(toAda!.text).toContain('Dear Person');
    expect(toAda!.text).toContain('What to do next: open https://governance.example.org/reviews/gr-once');
    expect(toAda!.text).toContain('Reference: vote-reminder-gr-once');
    expect(toAda!.text).toContain(`govern mail preferences --as ${ada.id} --board product-board immediate|daily|weekly|none`);
    expect(smtp.to(ben.email)[0]!.subject).toBe('Reminder: voting on gr-once closes Tuesday 12 January 2027, 9 am New York time');
    expect(await deliveryCounts(store.db)).toEqual({ sent: 2 });
    // What was sent is kept for the person, as they got it.
    expect((await readMailbox(store.db, ada.id)).map((m) => [m.subject, m.transport])).toEqual([[toAda!.subject, 'smtp']]);
  });

  it('tries again with back-off while the mail server is down, and sends once when it is back', async () => {
    const store = await freshStore();
    const ada = await person(store.db);
    const t0 = new Date('2027-01-10T09:00:00Z');
    await recordNotification(store.db, closing('gr-down', [ada.id]), { now: t0 });
    const loop = loopOn(store.db);
    await smtp.down();
    try {
      expect(await loop.round(t0)).toMatchObject({ sent: 0, retrying: 1 });
      const [row] = await store.db.selectFrom('deliveries').selectAll().execute();
      expect(row).toMatchObject({ status: 'retrying', attempts: 1, next_attempt_at: new Date('2027-01-10T09:01:00Z') });
      expect(row!.last_error).toContain('the mail server could not be reached');
      // Not due before its time.
      expect(await loop.round(new Date('2027-01-10T09:00:59Z'))).toMatchObject({ sent: 0, retrying: 0 });
      expect(await loop.round(new Date('2027-01-10T09:01:00Z'))).toMatchObject({ retrying: 1 });
      expect((await store.db.selectFrom('deliveries').select('next_attempt_at').executeTakeFirstOrThrow()).next_attempt_at).toEqual(new Date('2027-01-10T09:03:00Z'));
    } finally {
      await smtp.up();
    }
    expect(await loop.round(new Date('2027-01-10T09:03:00Z'))).toMatchObject({ sent: 1 });
    expect(smtp.to(ada.email)).toHaveLength(1);
    expect(await store.db.selectFrom('deliveries').select(['status', 'attempts']).execute()).toEqual([{ status: 'sent', attempts: 3 }]);
  });

  it('fails a message after its attempts and tells the board secretariat, who can read it in the mailbox', async () => {
    const store = await freshStore();
    const ada = await person(store.db);
    const t0 = new Date('2027-02-01T09:00:00Z');
    await recordNotification(store.db, closing('gr-never', [ada.id]), { now: t0 });
    const loop = loopOn(store.db, { retry: { maxAttempts: 3, firstWaitMs: 60_000, maxWaitMs: 3_600_000 } });
    await smtp.down();
    try {
      const outcomes = [];
      for (const minutes of [0, 1, 3]) outcomes.push(await loop.round(new Date(t0.getTime() + minutes * 60_000)));
      // The last round fails the message and, in the same round, delivers the report of it.
      expect(outcomes.map((o) => [o.retrying, o.failed, o.sent])).toEqual([[1, 0, 0], [1, 0, 0], [0, 1, 1]]);
    } finally {
      await smtp.up();
    }
    const report = await readNotices(store.db, 's-jo');
    expect(report.map((r) => [r.notificationId, r.subject, r.boardId])).toEqual([[expect.stringMatching(/^undeliverable-\d+$/), `Mail to ${ada.id} could not be delivered`, 'product-board']]);
    expect(report[0]!.body).toContain('We tried 3 times and gave up: the mail server could not be reached');
    expect(report[0]!.body).toContain(`govern person set ${ada.id} --email ADDRESS`);
    expect(report[0]!.body, 'the address is not repeated').not.toContain(ada.email);
    // The secretariat has no address here: the report is kept in their mailbox.
    expect((await readMailbox(store.db, 's-jo')).map((m) => [m.subject, m.transport])).toEqual([[`Mail to ${ada.id} could not be delivered`, 'local']]);
    expect(smtp.to(ada.email)).toHaveLength(0);
  });

  it('fails a bounced address at once and reports it, and never reports a failed report', async () => {
    const store = await freshStore();
    const ada = await person(store.db);
    await setPerson(store.db, 's-jo', { email: 's-jo@example.org' });
    smtp.refuse(ada.email);
    smtp.refuse('s-jo@example.org');
    await recordNotification(store.db, closing('gr-bounce', [ada.id]));
    const loop = loopOn(store.db);
    // Ada's message fails at once; the report of it, sent in the same round, bounces too and is not reported again.
    expect(await loop.round()).toMatchObject({ failed: 2, retrying: 0, sent: 0 });
    const reports = await readNotices(store.db, 's-jo');
    expect(reports).toHaveLength(1);
    expect(reports[0]!.body).toContain('The mail server refused the address: the mail server answered 550');
    expect(await loop.round()).toMatchObject({ failed: 0, sent: 0 });
    expect(await deliveryCounts(store.db)).toEqual({ failed: 2 });
  });
});

describe('digests', () => {
  it('gathers a person’s notices of one board into one message at 08:00 in their zone, daily or on Monday weekly', async () => {
    const store = await freshStore();
    const daily = await person(store.db);
    const weekly = await person(store.db, 'Europe/Paris');
    await setPreference(store.db, daily.id, 'product-board', 'daily');
    await setPreference(store.db, weekly.id, 'product-board', 'weekly');
    const loop = loopOn(store.db);
    // Tuesday 12 January 2027 (UK winter: 08:00 London is 08:00 UTC, 08:00 Paris is 07:00 UTC).
    const at = (iso: string) => new Date(iso);
    await recordNotification(store.db, closing('gr-d1', [daily.id, weekly.id]), { now: at('2027-01-11T20:00:00Z') });
    await recordNotification(store.db, closing('gr-d2', [daily.id, weekly.id]), { now: at('2027-01-12T07:30:00Z') });
    await recordNotification(store.db, { ...closing('gr-other', [daily.id]), boardId: 'initiative-board' }, { now: at('2027-01-12T07:40:00Z') });
    await recordNotification(store.db, closing('gr-d3', [daily.id]), { now: at('2027-01-12T08:00:00Z') });

    expect(await loop.round(at('2027-01-12T07:59:59Z'))).toMatchObject({ digests: 0 });
    expect(smtp.to(daily.email)).toHaveLength(1); // only the initiative board's, which is immediate
    expect(await loop.round(at('2027-01-12T08:00:00Z'))).toMatchObject({ digests: 1, sent: 1 });
    const digest = smtp.to(daily.email)[1]!;
    expect(digest.subject).toBe('Your daily digest from product-board, Tuesday 12 January 2027: 2 notices');
    expect(digest.text).toMatch(/1\. Reminder: voting on gr-d1[\s\S]*2\. Reminder: voting on gr-d2/);
    expect(digest.text).not.toContain('gr-d3');
    expect(await loop.round(at('2027-01-13T08:00:00Z'))).toMatchObject({ digests: 1, sent: 1 });
    expect(smtp.to(daily.email)[2]!.subject).toBe('Your daily digest from product-board, Wednesday 13 January 2027: 1 notice');

    expect(smtp.to(weekly.email)).toHaveLength(0);
    expect(await loop.round(at('2027-01-18T06:59:00Z'))).toMatchObject({ digests: 0 });
    expect(await loop.round(at('2027-01-18T07:00:00Z'))).toMatchObject({ digests: 1, sent: 1 });
    const week = smtp.to(weekly.email);
    expect(week.map((m) => m.subject)).toEqual(['Your weekly digest from product-board, Monday 18 January 2027: 2 notices']);
    expect(week[0]!.text).toContain('closes Tuesday 12 January 2027, 3 pm Paris time');
    // Each notice went in one message only.
    expect(await loop.round(at('2027-01-25T07:00:00Z'))).toMatchObject({ digests: 0, sent: 0 });
  });

  it('sends nothing for a board a person chose none for, and still lists the notice', async () => {
    const store = await freshStore();
    const quiet = await person(store.db);
    await setPreference(store.db, quiet.id, 'product-board', 'none');
    await recordNotification(store.db, closing('gr-quiet', [quiet.id]));
    expect(await loopOn(store.db).round(new Date('2030-01-01T00:00:00Z'))).toMatchObject({ digests: 0, sent: 0 });
    expect(smtp.to(quiet.email)).toHaveLength(0);
    expect((await readNotices(store.db, quiet.id)).map((x) => x.notificationId)).toEqual(['vote-reminder-gr-quiet']);
  });
});

describe('the local mailbox', () => {
  it('keeps mail when no SMTP server is set, and govern mail shows a person their messages', async () => {
    const store = await freshStore();
    const ada = await person(store.db);
    await recordNotification(store.db, closing('gr-local', [ada.id]));
    expect(await loopOn(store.db, { transport: localMailbox }).round()).toMatchObject({ sent: 1 });
    expect(smtp.to(ada.email)).toHaveLength(0);

    let stdout = '';
    const io = { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: () => true }, database: async () => store.db, mode: 'dev' as const }; // --as: development mode
    expect(await runGovern(['mail', '--as', ada.id], io)).toBe(0);
    expect(stdout).toContain('Reminder: voting on gr-local closes Tuesday 12 January 2027, 2 pm UK time');
    expect(stdout).toContain('What to do next: open https://governance.example.org/reviews/gr-local');
    stdout = '';
    expect(await runGovern(['mail', '--as', 'nobody-here'], io)).toBe(0);
    expect(stdout.trim()).toBe('No messages for nobody-here.');
  });
});

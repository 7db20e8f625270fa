/**
 * A message under way while PostgreSQL restarts, on real parts: the delivery loop holds the message's
 * row in a transaction while the SMTP server (started here) keeps the message and holds its 250, and
 * PostgreSQL is restarted meanwhile. The process must live through it (the dropped connection once
 * raised an uncaught 'error' and killed both workers of the fault storm), and the message, which the
 * server has but whose sending was never committed, is sent again under the same Message-ID: the one
 * way a message arrives twice, and why it carries an id a mail server can tell a repeat by.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDeliveryLoop } from '../../mail/deliveryLoop';
import { smtpTransport } from '../../mail/transport';
import { recordNotification } from '../../store/notices';
import { setPerson } from '../../store/people';
import { freshStore, restartTestPostgres } from '../support/postgres';
import { TestSmtpServer } from '../support/smtp';

let smtp: TestSmtpServer;
beforeAll(async () => {
  smtp = await TestSmtpServer.start();
});
afterAll(() => smtp?.down());

async function until(check: () => boolean | Promise<boolean>, what: string, budgetMs = 30_000): Promise<void> {
  const deadline = Date.now() + budgetMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Still waiting, after ${budgetMs / 1000} s, for ${what}`);
    await delay(100);
  }
}

describe('a message under way while PostgreSQL restarts', () => {
  it('leaves the process running and sends the message again, under the same Message-ID, once PostgreSQL is back', async () => {
    const store = await freshStore();
    await setPerson(store.db, 'p-ada', { email: 'ada@example.org' });
    await recordNotification(store.db, { notificationId: 'decision-gr-restart', to: ['p-ada'], subject: 'Decided: gr-restart', body: 'The board decided.', boardId: 'product-board' });
    const errors: string[] = [];
    const hold = smtp.hold();
    const loop = startDeliveryLoop({
      db: store.connect(),
      transport: smtpTransport(smtp.url, 'Governance <governance@example.org>', { timeoutMs: 30_000 }),
      publicUrl: 'https://governance.example.org',
      secretariatOf: async () => ['s-jo'],
      messageDomain: 'example.org',
      intervalMs: 200,
      onError: (err) => errors.push((err as Error).message),
    });
    try {
      // The server has the message and has not answered: the loop's transaction waits on it, its connection idle.
      await until(() => smtp.received.length === 1, 'the message to reach the server');
      await restartTestPostgres(500);
      hold.release();
      await until(async () => (await store.db.selectFrom('deliveries').select('status').executeTakeFirst())?.status === 'sent', 'the delivery to be sent');
    } finally {
      hold.release();
      await loop.stop();
    }
    // The first sending was answered 250 but could not be committed: it is rolled back and the message sent again.
    expect(errors.length, 'the round whose commit failed is reported').toBeGreaterThanOrEqual(1);
    const copies = smtp.to('ada@example.org');
    expect(copies.map((c) => c.subject)).toEqual(['Decided: gr-restart', 'Decided: gr-restart']);
    expect(new Set(copies.map((c) => c.messageId)), 'the same Message-ID both times').toEqual(new Set([expect.stringMatching(/^<delivery-\d+@example\.org>$/)]));
    expect(await store.db.selectFrom('deliveries').select(['status', 'attempts', 'message_id']).execute()).toEqual([{ status: 'sent', attempts: 1, message_id: copies[0]!.messageId }]);
  });
});

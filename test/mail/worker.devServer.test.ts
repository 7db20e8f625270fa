/**
 * The worker as `npm run worker` runs it, in its own process, sends mail: a notice recorded in its
 * database reaches a real SMTP server started here, once, with the worker's delivery loop doing it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordNotification } from '../../store/notices';
import { setPerson } from '../../store/people';
import { commandKeyFiles, removeTempDirs, RestartableServer, WorkerProcess } from '../support/faults';
import { freshStore, type TestStore } from '../support/postgres';
import { TestSmtpServer } from '../support/smtp';

let server: RestartableServer;
let smtp: TestSmtpServer;
let store: TestStore;
let worker: WorkerProcess;

beforeAll(async () => {
  [server, smtp, store] = await Promise.all([RestartableServer.start(), TestSmtpServer.start(), freshStore()]);
  process.env.SMTP_URL = smtp.url;
  process.env.GOVERN_PUBLIC_URL = 'https://governance.example.org';
  worker = new WorkerProcess(server.address, { store, commandKeys: commandKeyFiles() });
  await worker.start();
}, 180_000);

afterAll(async () => {
  delete process.env.SMTP_URL;
  delete process.env.GOVERN_PUBLIC_URL;
  await worker?.stop();
  await server?.stop();
  await smtp?.down();
  removeTempDirs();
});

describe('the worker', () => {
  it('delivers a recorded notice by SMTP once, through its own delivery loop', { timeout: 120_000 }, async () => {
    await setPerson(store.db, 'm-ada', { email: 'ada@example.org' });
    await recordNotification(store.db, { notificationId: 'papers-test', to: ['m-ada'], subject: 'Papers for {meeting}', body: 'Read them.', dates: { meeting: '2027-01-12T14:00:00Z' }, link: '/meetings/m-1', boardId: 'product-board' });
    while (smtp.to('ada@example.org').length === 0) await new Promise((r) => setTimeout(r, 200));
    const [message] = smtp.to('ada@example.org');
    expect(message!.subject).toBe('Papers for Tuesday 12 January 2027, 2 pm UK time');
    expect(message!.text).toContain('https://governance.example.org/meetings/m-1');
    // A few more rounds of the loop send nothing more.
    await new Promise((r) => setTimeout(r, 6_000));
    expect(smtp.to('ada@example.org')).toHaveLength(1);
    expect(worker.unplannedExits).toEqual([]);
  });
});

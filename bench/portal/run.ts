/**
 * The portal under load, on this machine, against the whole engine (a Temporal dev server and the
 * worker, PostgreSQL, the HTTP server) as the browser tests run it:
 * - the register page and a member's home page, each under CLIENTS concurrent clients for SECONDS
 *   (autocannon): requests per second, and p50 / p95 / p99 latency computed from every response, and
 *   the CPU time this process spent per response (it holds the HTTP server and the worker, and with
 *   BENCH_LOAD=in-process autocannon too: steadier than latency when other work shares the machine);
 *   autocannon runs in a process of its own (./load.ts) unless BENCH_LOAD=in-process puts it on
 *   this event loop, as rounds 1–4 of bench/results/portal.md had it;
 * - a vote end to end through the portal (GET the review page for its form token, POST the form,
 *   the confirmation page drawn) against the same vote through the API (POST the command as JSON),
 *   VOTES of each, alternating choices by changeVote, as a ratio in one run.
 * The register holds REGISTER_ENTRIES decisions first. Prints a table.
 *
 *   npm run bench:portal
 *   BENCH_CLIENTS=50 BENCH_SECONDS=10 BENCH_VOTES=40 BENCH_REGISTER_ENTRIES=300 npm run bench:portal
 */
import { fork } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { loadBoard } from '../../client/boardConfig';
import { signInPolicy } from '../../server/signIn/policy';
import { ensureAccounts } from '../../store/accounts';
import { appendToRegister } from '../../store/register';
import { openSession } from '../../store/sessions';
import { startPortalEngine } from '../../test/support/portal';
import { pendingReview } from '../../test/support/productBoardRun';
import { decision } from '../../test/support/registerRecords';
import { runLoad, type LoadDone, type LoadJob } from './load';

const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 50);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const VOTES = Number(process.env.BENCH_VOTES ?? 40);
const REGISTER_ENTRIES = Number(process.env.BENCH_REGISTER_ENTRIES ?? 300);
/** Where autocannon runs: `child`, a process of its own (as browsers are not on the server's loop); `in-process`, on this event loop beside the server and the worker (rounds 1–4). */
const LOAD = process.env.BENCH_LOAD ?? 'child';
/** A folder for a CPU profile of this process during each page's load (register.cpuprofile, home.cpuprofile); none: no profile. */
const PROFILE = process.env.BENCH_PROFILE;
if (LOAD !== 'child' && LOAD !== 'in-process') throw new Error(`BENCH_LOAD is ${LOAD}: it takes child or in-process`);

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

/** The job in a forked process (./load.ts), or on this loop. */
function loadElsewhere(job: LoadJob): Promise<LoadDone> {
  if (LOAD === 'in-process') return runLoad(job);
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(new URL('./load.ts', import.meta.url)), [], { execArgv: ['--import', 'tsx'] });
    child.once('message', (done) => resolve(done as LoadDone));
    child.once('exit', (code) => (code ? reject(new Error(`the load generator exited with ${code}`)) : undefined));
    child.send(job);
  });
}

/** CLIENTS clients on `path` for SECONDS: requests per second and latency percentiles of every response. */
async function load(path: string, headers: Record<string, string> = {}, profileAs?: string) {
  const profiler = PROFILE && profileAs ? new Session() : undefined;
  if (profiler) {
    profiler.connect();
    await profiler.post('Profiler.enable');
    await profiler.post('Profiler.start');
  }
  const cpuBefore = process.cpuUsage();
  const { times, refused, rps, errors } = await loadElsewhere({ url: `${url}${path}`, connections: CLIENTS, duration: SECONDS, headers });
  const cpu = process.cpuUsage(cpuBefore);
  if (profiler) {
    const { profile } = await profiler.post('Profiler.stop');
    writeFileSync(`${PROFILE}/${profileAs}.cpuprofile`, JSON.stringify(profile));
    profiler.disconnect();
  }
  if (refused) throw new Error(`${path} answered ${refused} requests with a status other than 200: the numbers would not be the page's`);
  times.sort((a, b) => a - b);
  return { rps, requests: times.length, p50: percentile(times, 50), p95: percentile(times, 95), p99: percentile(times, 99), cpuMs: (cpu.user + cpu.system) / 1000 / times.length, errors };
}

const rows: string[][] = [];
for (const [what, path, headers, profileAs] of [
  ['register page (anyone)', '/register', {}, 'register'],
  ["member's home page", '/me', { cookie }, 'home'],
] as const) {
  say(`${what}: ${CLIENTS} clients for ${SECONDS} s`);
  const r = await load(path, headers, profileAs);
  rows.push([what, `${r.rps.toFixed(0)}/s`, `${r.p50.toFixed(0)} ms`, `${r.p95.toFixed(0)} ms`, `${r.p99.toFixed(0)} ms`, `${r.cpuMs.toFixed(2)} ms`, `${r.requests}`, `${r.errors}`, os.loadavg()[0]!.toFixed(1)]);
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

console.log(`\nautocannon: ${LOAD === 'child' ? 'a process of its own' : 'on the server\'s event loop'}; load average at the end ${os.loadavg().map((l) => l.toFixed(2)).join(', ')}`);
console.log(`\n| page, ${CLIENTS} clients × ${SECONDS} s | requests/s | p50 | p95 | p99 | CPU a response | responses | errors | load (1 min) |\n|---|---|---|---|---|---|---|---|---|`);
for (const row of rows) console.log(`| ${row.join(' | ')} |`);
console.log(`\n| a vote end to end (${VOTES} each, one after another) | mean |\n|---|---|`);
console.log(`| through the portal (page with form token, form post, confirmation page) | ${portalMs.toFixed(1)} ms |`);
console.log(`| through the API (JSON command) | ${apiMs.toFixed(1)} ms |`);
console.log(`| ratio portal / API | ${(portalMs / apiMs).toFixed(2)} |`);
process.exit(0);

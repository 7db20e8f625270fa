/**
 * Proof under stress: the engine's gate review workflow (XState machine run by
 * the durable host) side by side with a bare Temporal workflow doing the same
 * job (bareWorkflows/), on one dev server this script starts, in one run:
 * throughput, vote latency, history size, replay time and worker memory with
 * many open processes. Prints a table and writes bench/results/temporal-vs-bare.md.
 *
 *   npm run bench:temporal
 *   BENCH_REVIEWS=150 BENCH_RUNS=3 BENCH_OPEN=10000 npm run bench:temporal
 */
import { fork } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Client, WorkflowHandle } from '@temporalio/client';
import proto from '@temporalio/proto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, DefaultLogger, Runtime, Worker, type WorkflowBundle } from '@temporalio/worker';
import { createActivities } from '../../activities';
import { GovernanceClient } from '../../client/governanceClient';
import { tools } from '../../client/settings';
import type { BoardConfig } from '../../client/boardConfig';
import type { GateReviewRequest } from '../../machines/gateReview/schema';
import { defaultProductBoardPolicy } from '../../machines/productBoard/policy';
import type { VoteChoice } from '../../machines/kernel/voting';
import { boardKey, gateKey, governanceSearchAttributes, productIdKey, statusKey } from '../../workflows/searchAttributes';
import { createGovernanceWorker } from '../../worker/worker';
import { bundleOptions } from '../../worker/bundle';
import { readRegister } from '../../store/register';
import { freshStore, stopTestPostgres, type TestStore } from '../../test/support/postgres';
import type { FromWorker, ToWorker } from './memoryWorker';
import { v8 } from './v8';
import { testTrust } from '../../test/support/trust';

const benchStart = performance.now();
const REVIEWS = Number(process.env.BENCH_REVIEWS ?? 100);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
/** Open workflows for the memory measure; 10,000 of ours take minutes and gigabytes here (see the results), so fewer by default. */
const OPEN = Number(process.env.BENCH_OPEN ?? 1_000);
const OPEN_TARGET = 10_000;
const WARMUP = 20;
/** Extra arguments for `temporal server start-dev`, e.g. "--dynamic-config-value matching.numTaskqueueReadPartitions=1". */
const SERVER_ARGS = (process.env.BENCH_SERVER_ARGS ?? '').split(' ').filter(Boolean);
const ZERO_VOTE_REVIEWS = 5;
const START_CONCURRENCY = 200;
const resultsFile = fileURLToPath(new URL('../results/temporal-vs-bare.md', import.meta.url));
const bareWorkflowsPath = fileURLToPath(new URL('./bareWorkflows/index.ts', import.meta.url));
const memoryWorkerPath = fileURLToPath(new URL('./memoryWorker.ts', import.meta.url));

type Side = 'ours' | 'bare';
const sides: readonly Side[] = ['ours', 'bare'];
const label: Record<Side, string> = { ours: 'gateReview (XState + host)', bare: 'bare workflow' };

Runtime.install({ logger: new DefaultLogger('WARN') });
const say = (line: string) => console.log(`[${((performance.now() - benchStart) / 1000).toFixed(1).padStart(5)} s] ${line}`);

// ── The board and the requests, the same for both sides ─────────────────────

const members = ['m1', 'm2', 'm3', 'm4', 'm5', 'm6', 'm7'];
const board: BoardConfig = {
  roster: { boardId: 'bench-board', seats: 7, chair: 'm1', secretariat: ['sec'], members: members.map((id, i) => ({ id, name: `Member ${i + 1}`, technical: i % 2 === 0 })) },
  policy: defaultProductBoardPolicy,
  principles: { guiding: [], board: [] },
};
const papers = ['https://example.org/papers/bench'];
const selfAssessment = [{ principle: 'Open by default', assessment: 'All code and data are published.' }];
/** Seven votes: an approval with conditions among them, so the decision has something to carry. */
const ballot: readonly { choice: VoteChoice; reason?: string; conditions?: string[] }[] = [
  { choice: 'approve', reason: 'Clear user need' },
  { choice: 'approve' },
  { choice: 'approveWithConditions', conditions: ['Publish the data protection impact assessment'] },
  { choice: 'approve' },
  { choice: 'reject', reason: 'Needs more evidence' },
  { choice: 'abstain' },
  { choice: 'approve' },
];

/** The request GovernanceClient.requestGateReview sends, built the same way for the bare workflow. */
function bareRequest(reviewId: string): GateReviewRequest {
  return {
    reviewId,
    product: { id: `p-${reviewId}`, name: `Product ${reviewId}`, stage: 'discovery' },
    gate: 'alpha',
    requestedBy: 'sec',
    papers,
    selfAssessment,
    board: board.roster,
    policy: board.policy,
    votingClosesAt: new Date(Date.now() + board.policy.votingPeriodDays * 86_400_000).toISOString(),
  };
}

interface Bench {
  readonly client: Client;
  readonly governance: Record<Side, GovernanceClient>;
  readonly taskQueue: Record<Side, string>;
}

async function open(b: Bench, side: Side, reviewId: string, taskQueue = b.taskQueue[side]): Promise<WorkflowHandle> {
  if (side === 'ours') {
    const governance = taskQueue === b.taskQueue.ours ? b.governance.ours : new GovernanceClient({ client: b.client, board, taskQueue });
    await governance.requestGateReview({ reviewId, productId: `p-${reviewId}`, productName: `Product ${reviewId}`, stage: 'discovery', gate: 'alpha', requestedBy: 'sec', papers, selfAssessment });
  } else {
    await b.client.workflow.start('bareGateReview', {
      workflowId: reviewId,
      taskQueue,
      args: [bareRequest(reviewId)],
      typedSearchAttributes: [
        { key: productIdKey, value: `p-${reviewId}` },
        { key: gateKey, value: 'alpha' },
        { key: boardKey, value: board.roster.boardId },
        { key: statusKey, value: 'awaitingVotes' },
      ],
      memo: { title: `Product ${reviewId}: discovery → alpha` },
    });
  }
  return b.client.workflow.getHandle(reviewId);
}

/** One review: opened, seven votes by Update (each timed), closed by Signal, decision awaited. */
async function review(b: Bench, side: Side, reviewId: string, latencies: number[], votes = ballot.length): Promise<void> {
  const handle = await open(b, side, reviewId);
  for (const [i, vote] of ballot.slice(0, votes).entries()) {
    const payload = { by: members[i]!, ...vote };
    // Signed as the API signs (both sides check the proof), and timed from there: signing is the API's work, not the workflow's.
    const proof = await trust.api.sign({ process: reviewId, command: 'castVote', payload, sender: payload.by });
    const sent = performance.now();
    await handle.executeUpdate('castVote', { args: [payload, proof] });
    latencies.push(performance.now() - sent);
  }
  await handle.signal('closeVoting', { by: 'sec' }, await trust.api.sign({ process: reviewId, command: 'closeVoting', payload: { by: 'sec' }, sender: 'sec' }));
  const decision = (await handle.result()) as { outcome: string };
  if (votes === ballot.length && decision.outcome === 'deferred') throw new Error(`${reviewId}: deferred with seven votes`);
}

interface Worked {
  readonly reviewsPerSecond: number;
  readonly seconds: number;
}

async function withWorker<T>(b: Bench, side: Side, bundles: Record<Side, WorkflowBundle>, env: TestWorkflowEnvironment, dirs: { store: TestStore; evidenceDir: string }, work: () => Promise<T>): Promise<T> {
  const namespace = env.namespace ?? 'default';
  const worker =
    side === 'ours'
      ? await createGovernanceWorker({ connection: env.nativeConnection, namespace, taskQueue: b.taskQueue.ours, workflowBundle: bundles.ours, client: env.client, trust: trust.worker, ...dirs })
      : await Worker.create({ connection: env.nativeConnection, namespace, taskQueue: b.taskQueue.bare, workflowBundle: bundles.bare, activities: createActivities({ ...dirs, client: env.client, trust: trust.worker }) });
  return worker.runUntil(work());
}

async function load(b: Bench, side: Side, ids: string[], latencies: number[]): Promise<Worked> {
  const t0 = performance.now();
  await Promise.all(ids.map((id) => review(b, side, id, latencies)));
  const seconds = (performance.now() - t0) / 1000;
  return { reviewsPerSecond: ids.length / seconds, seconds };
}

// ── Statistics ──────────────────────────────────────────────────────────────

const percentile = (sorted: readonly number[], q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? NaN;
const median = (xs: readonly number[]) => percentile([...xs].sort((a, b) => a - b), 0.5);
const mean = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
const eventName = (type: unknown) =>
  String((typeof type === 'number' ? proto.temporal.api.enums.v1.EventType[type] : type) ?? type).replace(/^EVENT_TYPE_/, '').toLowerCase().replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()).replace(/^./, (c) => c.toUpperCase());

async function histories(client: Client, ids: readonly string[]) {
  return Promise.all(
    ids.map(async (workflowId) => {
      const history = await client.workflow.getHandle(workflowId).fetchHistory();
      const byType: Record<string, number> = {};
      for (const e of history.events ?? []) byType[eventName(e.eventType)] = (byType[eventName(e.eventType)] ?? 0) + 1;
      return { workflowId, history, events: history.events?.length ?? 0, byType, bytes: proto.temporal.api.history.v1.History.encode(history).finish().length };
    }),
  );
}

async function pool<T>(items: readonly T[], concurrency: number, work: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < items.length) await work(items[next++]!);
  }));
}

// ── Memory: a worker in its own process with OPEN workflows open ────────────

interface MemoryResult {
  readonly defaultMaxCachedWorkflows: number;
  readonly baseline: NodeJS.MemoryUsage;
  readonly loaded: NodeJS.MemoryUsage;
  readonly cached: number;
  readonly maxCachedWorkflows: number;
  readonly heapLimitMiB: number;
  readonly startSeconds: number;
  readonly pickupSeconds: number;
}

async function memory(b: Bench, side: Side, env: TestWorkflowEnvironment, codePaths: Record<Side, string>, run: string): Promise<MemoryResult> {
  const taskQueue = `mem-${side}-${run}`;
  const store = await freshStore();
  const child = fork(memoryWorkerPath, [side, env.address, env.namespace ?? 'default', taskQueue, codePaths[side], store.url, store.keyFile, mkdtempSync(join(tmpdir(), 'bench-evidence-')), String(OPEN)], {
    execArgv: ['--import', 'tsx', '--expose-gc'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const waiting = new Map<string, { resolve: (m: FromWorker) => void; reject: (err: Error) => void }>();
  child.on('message', (m: FromWorker) => {
    const waiter = waiting.get(m.type);
    waiting.delete(m.type);
    waiter?.resolve(m);
  });
  const exited = new Promise((resolve) =>
    child.once('exit', (code) => {
      for (const waiter of waiting.values()) waiter.reject(new Error(`the memory worker exited (${code})`));
      resolve(code);
    }),
  );
  const ask = <T extends FromWorker['type']>(type: T, message?: ToWorker) =>
    new Promise<Extract<FromWorker, { type: T }>>((resolve, reject) => {
      waiting.set(type, { resolve: resolve as (m: FromWorker) => void, reject });
      if (message) child.send(message);
    });
  try {
    const ready = await ask('ready');
    const t0 = performance.now();
    const ids = Array.from({ length: OPEN }, (_, i) => `mem-${side}-${run}-${i}`);
    await pool(ids, START_CONCURRENCY, (id) => open(b, side, id, taskQueue));
    const startSeconds = (performance.now() - t0) / 1000;
    const target = Math.min(OPEN, ready.maxCachedWorkflows);
    let stable = 0;
    let last = -1;
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      const s = await ask('status', { type: 'status' });
      stable = s.numCachedWorkflows === last && s.inFlight === 0 ? stable + 1 : 0;
      last = s.numCachedWorkflows;
      if ((s.numCachedWorkflows >= target && s.inFlight === 0) || stable >= 10) break;
    }
    const pickupSeconds = (performance.now() - t0) / 1000;
    const measured = await ask('measure', { type: 'measure' });
    return { defaultMaxCachedWorkflows: ready.defaultMaxCachedWorkflows, baseline: ready.memory, loaded: measured.memory, cached: measured.numCachedWorkflows, maxCachedWorkflows: ready.maxCachedWorkflows, heapLimitMiB: ready.heapLimitMiB, startSeconds, pickupSeconds };
  } finally {
    child.send({ type: 'stop' } satisfies ToWorker);
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 15_000))]);
    if (child.exitCode === null) child.kill('SIGTERM');
  }
}

// ── The run ─────────────────────────────────────────────────────────────────

say(`dev server and bundles (reviews ${REVIEWS} × ${RUNS} runs per side, ${OPEN} open for memory)`);
const [env, oursBundle, bareBundle] = await Promise.all([
  TestWorkflowEnvironment.createLocal({
    server: {
      executable: { type: 'existing-path', path: tools().temporalCli },
      searchAttributes: governanceSearchAttributes,
      ip: '127.0.0.1',
      // The server warns of every slow call under this load; the table says it better.
      log: { format: 'pretty', level: 'error' },
      extraArgs: SERVER_ARGS,
    },
  }),
  bundleWorkflowCode(bundleOptions()),
  bundleWorkflowCode({ workflowsPath: bareWorkflowsPath, logger: new DefaultLogger('WARN') }),
]);
const bundles: Record<Side, WorkflowBundle> = { ours: oursBundle, bare: bareBundle };
const bundleDir = mkdtempSync(join(tmpdir(), 'bench-bundles-'));
const codePaths: Record<Side, string> = { ours: join(bundleDir, 'ours.js'), bare: join(bundleDir, 'bare.js') };
for (const side of sides) writeFileSync(codePaths[side], bundles[side].code);

// Both sides are sent the same signed commands; ours checks each proof, as every governance process must.
const trust = testTrust();
const taskQueue: Record<Side, string> = { ours: 'bench-ours', bare: 'bench-bare' };
const b: Bench = { client: env.client, taskQueue, governance: { ours: new GovernanceClient({ client: env.client, board, taskQueue: taskQueue.ours, signer: trust.api }), bare: new GovernanceClient({ client: env.client, board, taskQueue: taskQueue.bare, signer: trust.api }) } };
// Each side's register goes to a database of its own in a PostgreSQL of the benchmark's (test/support/postgres.ts).
const dirs: Record<Side, { store: TestStore; evidenceDir: string }> = {
  ours: { store: await freshStore(), evidenceDir: mkdtempSync(join(tmpdir(), 'bench-evidence-')) },
  bare: { store: await freshStore(), evidenceDir: mkdtempSync(join(tmpdir(), 'bench-evidence-')) },
};

try {
  // Warm-up: JIT, connections, the server's caches. Not counted.
  for (const side of sides) {
    await withWorker(b, side, bundles, env, dirs[side], () => load(b, side, Array.from({ length: WARMUP }, (_, i) => `warm-${side}-${i}`), []));
  }
  say('warmed up');

  const runs: Record<Side, Worked[]> = { ours: [], bare: [] };
  const latencies: Record<Side, number[]> = { ours: [], bare: [] };
  const lastIds: Record<Side, string[]> = { ours: [], bare: [] };
  for (let r = 0; r < RUNS; r++) {
    // Alternate which side goes first, so neither always runs on a warmer server.
    for (const side of r % 2 === 0 ? sides : [...sides].reverse()) {
      const ids = Array.from({ length: REVIEWS }, (_, i) => `gr-${side}-r${r}-${i}`);
      const worked = await withWorker(b, side, bundles, env, dirs[side], () => load(b, side, ids, latencies[side]));
      runs[side].push(worked);
      lastIds[side] = ids;
      say(`run ${r + 1} ${side}: ${REVIEWS} reviews in ${worked.seconds.toFixed(2)} s = ${worked.reviewsPerSecond.toFixed(1)} reviews/s`);
    }
  }

  // Reviews closed with no votes: what a review costs apart from its votes.
  const zeroIds: Record<Side, string[]> = { ours: [], bare: [] };
  for (const side of sides) {
    zeroIds[side] = Array.from({ length: ZERO_VOTE_REVIEWS }, (_, i) => `gr-${side}-novotes-${i}`);
    await withWorker(b, side, bundles, env, dirs[side], () => Promise.all(zeroIds[side].map((id) => review(b, side, id, [], 0))));
  }

  const published: Record<Side, number> = { ours: 0, bare: 0 };
  for (const side of sides) published[side] = (await readRegister(dirs[side].store.db)).filter((e) => e.decisionId.startsWith('gr-')).length;

  // History: every review of the last run, and the no-vote reviews.
  const hist = { ours: await histories(env.client, lastIds.ours), bare: await histories(env.client, lastIds.bare) };
  const zeroHist = { ours: await histories(env.client, zeroIds.ours), bare: await histories(env.client, zeroIds.bare) };
  say('histories fetched');

  // Replay of the longest history: once on a fresh replay worker, then 20 times on one.
  const replay: Record<Side, { once: number; each: number; events: number; workflowId: string }> = {} as never;
  for (const side of sides) {
    const longest = hist[side].reduce((a, h) => (h.events > a.events ? h : a));
    const options = { workflowBundle: bundles[side] };
    await Worker.runReplayHistory(options, longest.history, longest.workflowId); // warm
    let t0 = performance.now();
    await Worker.runReplayHistory(options, longest.history, longest.workflowId);
    const once = performance.now() - t0;
    // Under the workflow's own id: its proofs name the process they were for, and a replay under another id would refuse them.
    const copies = Array.from({ length: 20 }, () => ({ workflowId: longest.workflowId, history: longest.history }));
    t0 = performance.now();
    for await (const result of Worker.runReplayHistories(options, copies)) if (result.error) throw result.error;
    replay[side] = { once, each: (performance.now() - t0) / copies.length, events: longest.events, workflowId: longest.workflowId };
  }
  say('replayed');

  const mem: Record<Side, MemoryResult> = {} as never;
  for (const side of sides) {
    mem[side] = await memory(b, side, env, codePaths, 'a');
    say(`memory ${side}: ${mem[side].cached} cached, rss ${mb(mem[side].loaded.rss)} MiB, heap ${mb(mem[side].loaded.heapUsed)} MiB (started in ${mem[side].startSeconds.toFixed(1)} s, picked up in ${mem[side].pickupSeconds.toFixed(1)} s)`);
  }

  const duration = (performance.now() - benchStart) / 1000;
  const report = render({ runs, latencies, hist, zeroHist, replay, mem, published, duration });
  console.log('\n' + report.table);
  writeFileSync(resultsFile, report.markdown + notes());
  say(`wrote ${resultsFile}; whole benchmark ${duration.toFixed(0)} s`);
} finally {
  await env.teardown();
  await stopTestPostgres();
}

// ── Report ──────────────────────────────────────────────────────────────────

function mb(bytes: number) {
  return (bytes / 1024 / 1024).toFixed(0);
}

interface Results {
  runs: Record<Side, Worked[]>;
  latencies: Record<Side, number[]>;
  hist: Record<Side, Awaited<ReturnType<typeof histories>>>;
  zeroHist: Record<Side, Awaited<ReturnType<typeof histories>>>;
  replay: Record<Side, { once: number; each: number; events: number; workflowId: string }>;
  mem: Record<Side, MemoryResult>;
  published: Record<Side, number>;
  duration: number;
}

function render(r: Results) {
  const tput = (s: Side) => median(r.runs[s].map((w) => w.reviewsPerSecond));
  const lat = (s: Side) => {
    const sorted = [...r.latencies[s]].sort((a, b) => a - b);
    return { p50: percentile(sorted, 0.5), p95: percentile(sorted, 0.95), p99: percentile(sorted, 0.99), n: sorted.length };
  };
  const events = (s: Side) => mean(r.hist[s].map((h) => h.events));
  const zeroEvents = (s: Side) => mean(r.zeroHist[s].map((h) => h.events));
  const perVote = (s: Side) => (events(s) - zeroEvents(s)) / ballot.length;
  const bytes = (s: Side) => mean(r.hist[s].map((h) => h.bytes));
  const perOpen = (s: Side, k: 'rss' | 'heapUsed') => (r.mem[s].loaded[k] - r.mem[s].baseline[k]) / Math.max(1, r.mem[s].cached);
  const ratio = (a: number, b2: number) => (a / b2).toFixed(2);
  const L = { ours: lat('ours'), bare: lat('bare') };

  const rows: [string, string, string, string][] = [
    [`gate reviews/s, 7 votes each (${REVIEWS} concurrent, median of ${RUNS} runs)`, tput('ours').toFixed(1), tput('bare').toFixed(1), ratio(tput('ours'), tput('bare'))],
    ['  runs (reviews/s)', r.runs.ours.map((w) => w.reviewsPerSecond.toFixed(1)).join(', '), r.runs.bare.map((w) => w.reviewsPerSecond.toFixed(1)).join(', '), ''],
    [`vote round trip p50 (ms, ${L.ours.n} / ${L.bare.n} votes)`, L.ours.p50.toFixed(1), L.bare.p50.toFixed(1), ratio(L.ours.p50, L.bare.p50)],
    ['vote round trip p95 (ms)', L.ours.p95.toFixed(1), L.bare.p95.toFixed(1), ratio(L.ours.p95, L.bare.p95)],
    ['vote round trip p99 (ms)', L.ours.p99.toFixed(1), L.bare.p99.toFixed(1), ratio(L.ours.p99, L.bare.p99)],
    ['history events per review (7 votes, mean)', events('ours').toFixed(1), events('bare').toFixed(1), ratio(events('ours'), events('bare'))],
    ['history events per review with no votes', zeroEvents('ours').toFixed(1), zeroEvents('bare').toFixed(1), ratio(zeroEvents('ours'), zeroEvents('bare'))],
    ['history events per vote', perVote('ours').toFixed(2), perVote('bare').toFixed(2), ratio(perVote('ours'), perVote('bare'))],
    ['history size per review (bytes, mean)', bytes('ours').toFixed(0), bytes('bare').toFixed(0), ratio(bytes('ours'), bytes('bare'))],
    [`replay of the longest history (ms, fresh replay worker; ${r.replay.ours.events} / ${r.replay.bare.events} events)`, r.replay.ours.once.toFixed(1), r.replay.bare.once.toFixed(1), ratio(r.replay.ours.once, r.replay.bare.once)],
    ['replay of the longest history (ms each, 20 on one replay worker)', r.replay.ours.each.toFixed(2), r.replay.bare.each.toFixed(2), ratio(r.replay.ours.each, r.replay.bare.each)],
    [`worker RSS with ${r.mem.ours.cached} / ${r.mem.bare.cached} open workflows cached (MiB)`, mb(r.mem.ours.loaded.rss), mb(r.mem.bare.loaded.rss), ratio(r.mem.ours.loaded.rss, r.mem.bare.loaded.rss)],
    ['worker heap used after GC (MiB)', mb(r.mem.ours.loaded.heapUsed), mb(r.mem.bare.loaded.heapUsed), ratio(r.mem.ours.loaded.heapUsed, r.mem.bare.loaded.heapUsed)],
    ['  idle worker before (RSS / heap MiB)', `${mb(r.mem.ours.baseline.rss)} / ${mb(r.mem.ours.baseline.heapUsed)}`, `${mb(r.mem.bare.baseline.rss)} / ${mb(r.mem.bare.baseline.heapUsed)}`, ''],
    ['  per open workflow (RSS / heap KiB)', `${(perOpen('ours', 'rss') / 1024).toFixed(1)} / ${(perOpen('ours', 'heapUsed') / 1024).toFixed(1)}`, `${(perOpen('bare', 'rss') / 1024).toFixed(1)} / ${(perOpen('bare', 'heapUsed') / 1024).toFixed(1)}`, ratio(perOpen('ours', 'heapUsed'), perOpen('bare', 'heapUsed'))],
    [`  ${OPEN} started in / all picked up after (s)`, `${r.mem.ours.startSeconds.toFixed(1)} / ${r.mem.ours.pickupSeconds.toFixed(1)}`, `${r.mem.bare.startSeconds.toFixed(1)} / ${r.mem.bare.pickupSeconds.toFixed(1)}`, ''],
  ];
  const header = ['measure', label.ours, label.bare, 'ours / bare'] as const;
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  const table = [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
  const md = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;

  const targets = [
    ['throughput ≥ 0.9 × bare', tput('ours') / tput('bare') >= 0.9, `${ratio(tput('ours'), tput('bare'))} ×`],
    ['p99 vote latency ≤ 1.2 × bare', L.ours.p99 / L.bare.p99 <= 1.2, `${ratio(L.ours.p99, L.bare.p99)} ×`],
    ['≤ 3 history events per vote', perVote('ours') <= 3, `${perVote('ours').toFixed(2)} (bare ${perVote('bare').toFixed(2)})`],
  ] as const;

  const types = [...new Set([...Object.keys(r.hist.ours[0]!.byType), ...Object.keys(r.hist.bare[0]!.byType)])];
  const byType = (s: Side, t: string, from = r.hist) => mean(from[s].map((h) => h.byType[t] ?? 0));
  const breakdown = types
    .map((t) => md([t, byType('ours', t).toFixed(1), byType('bare', t).toFixed(1), byType('ours', t, r.zeroHist).toFixed(1), byType('bare', t, r.zeroHist).toFixed(1)]))
    .join('\n');
  const heapDefault = v8.heapLimitMiB();

  const markdown = `# The gate review workflow against a bare Temporal workflow

Written by \`npm run bench:temporal\` (bench/temporal/run.ts) on ${new Date().toISOString().slice(0, 10)}: ${cpus().length} × ${cpus()[0]?.model.trim() ?? 'CPU'}, Node ${process.version},
one Temporal dev server (\`temporal server start-dev\`, in-memory SQLite) started by the script, client and throughput workers in the script's process,
the memory workers each in a process of their own. **Whole benchmark: ${r.duration.toFixed(0)} s.**

- **ours**: \`gateReview\` (workflows/gateReview/workflow.ts), the gate review machine run by the host, on the worker of worker/worker.ts;
  reviews opened with \`GovernanceClient.requestGateReview\`.
- **bare**: \`bareGateReview\` (bench/temporal/bareWorkflows), no XState: the same request, the same \`castVote\`/\`closeVoting\`
  Updates and Signals, votes in an array, the same voting deadline (a condition with a timeout), counted with machines/kernel/voting.ts,
  and the same \`publishDecision\` activity with the same options. It upserts no search attributes.
- Each review: opened, **7 votes as Updates one after another** (each \`executeUpdate\` timed), \`closeVoting\` as a Signal, then the
  decision (published to the register by the activity) awaited. ${REVIEWS} reviews at once per run, ${RUNS} runs per side, alternating
  which side goes first, after ${WARMUP} warm-up reviews per side; each run has its own worker. Decisions in the register:
  ours ${r.published.ours}, bare ${r.published.bare}.

${md(header)}
${md(header.map(() => '---'))}
${rows.map(md).join('\n')}

## Targets
${md(['target', 'result', 'met'])}
${md(['---', '---', '---'])}
${targets.map(([t, ok, v]) => md([t, v, ok ? 'yes' : '**no**'])).join('\n')}

## History events by type (mean per review)
${md(['event', 'ours, 7 votes', 'bare, 7 votes', 'ours, no votes', 'bare, no votes'])}
${md(['---', '---', '---', '---', '---'])}
${breakdown}

## Memory
Each side's worker runs in a process of its own, first idle, then with ${r.mem.ours.cached} reviews opened on its task queue and left
awaiting votes, measured once the worker has run each one's first workflow task and holds it in its cache. Workflows run in the
SDK's workflow thread (a worker_thread), whose heap \`process.memoryUsage().heapUsed\` does not include: **RSS is the number that
counts**; heap used is the main thread's, after \`gc()\`. Both workers are \`Worker.create\` with what createGovernanceWorker gives it
(bundle, activities, task queue) plus \`maxCachedWorkflows: ${r.mem.ours.maxCachedWorkflows}\`, since createGovernanceWorker takes no cache size.
The SDK's default \`maxCachedWorkflows\` (with \`reuseV8Context\`, the default) is \`max(10, (heap limit MiB − 200) × 600 / 1024)\`:
**${r.mem.ours.defaultMaxCachedWorkflows}** here (heap limit ${r.mem.ours.heapLimitMiB} MiB), so a worker at its defaults holds at most that many open processes
and evicts the rest, replaying each evicted one's history at its next message.

${md(['open workflows', label.ours, label.bare])}
${md(['---', '---', '---'])}
${md([`${r.mem.ours.cached} / ${r.mem.bare.cached} measured: RSS MiB`, mb(r.mem.ours.loaded.rss), mb(r.mem.bare.loaded.rss)])}
${md(['RSS per open workflow (KiB)', (perOpen('ours', 'rss') / 1024).toFixed(0), (perOpen('bare', 'rss') / 1024).toFixed(0)])}
${md([`${OPEN_TARGET.toLocaleString('en')} open, extrapolated: RSS MiB`, mb(r.mem.ours.baseline.rss + perOpen('ours', 'rss') * OPEN_TARGET), mb(r.mem.bare.baseline.rss + perOpen('bare', 'rss') * OPEN_TARGET)])}
${md([`${OPEN_TARGET.toLocaleString('en')} open, extrapolated: first workflow task for all (s)`, ((r.mem.ours.pickupSeconds / r.mem.ours.cached) * OPEN_TARGET).toFixed(0), ((r.mem.bare.pickupSeconds / r.mem.bare.cached) * OPEN_TARGET).toFixed(0)])}
`;
  return { table, markdown };
}

/** The hand-written reading of the numbers, kept across runs below its marker. */
function notes(): string {
  const marker = '<!-- notes: kept by run.ts -->';
  try {
    const previous = readFileSync(resultsFile, 'utf8');
    const at = previous.indexOf(marker);
    if (at >= 0) return '\n' + previous.slice(at);
  } catch {
    // first run
  }
  return `\n${marker}\n`;
}

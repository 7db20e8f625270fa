/**
 * Worker memory with many open product processes: `npm run bench:open`
 * (BENCH_OPEN, default 10,000). One dev server, one worker in a process of
 * its own with the engine's default workflow cache (GOVERN_MAX_CACHED_WORKFLOWS,
 * 500), and N `product` workflows idling at `proposed`, as registered products
 * do while they wait for the board. Every one is started and has its first
 * workflow task done; the cache holds the most recent, the rest are replayed
 * when they next have work. Prints and appends the result to the results file.
 */
import { fork } from 'node:child_process';
import { appendFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, DefaultLogger, Runtime } from '@temporalio/worker';
import { tools } from '../../client/settings';
import type { ProductInput } from '../../machines/product/machine';
import { productWorkflowType } from '../../workflows/product/messages';
import { freshStore, stopTestPostgres } from '../../test/support/postgres';
import { governanceSearchAttributes } from '../../workflows/searchAttributes';
import { defaultMaxCachedWorkflows } from '../../worker/worker';
import { bundleOptions } from '../../worker/bundle';
import type { FromWorker, ToWorker } from './memoryWorker';

const OPEN = Number(process.env.BENCH_OPEN) || 10_000;
const CACHE = defaultMaxCachedWorkflows();
const MiB = 1024 * 1024;
const results = fileURLToPath(new URL('../results/temporal-vs-bare.md', import.meta.url));
const memoryWorkerPath = fileURLToPath(new URL('./memoryWorker.ts', import.meta.url));

Runtime.install({ logger: new DefaultLogger('ERROR') });
const t0 = performance.now();
const say = (line: string) => console.log(`[${((performance.now() - t0) / 1000).toFixed(1).padStart(6)} s] ${line}`);

const [env, bundle] = await Promise.all([
  TestWorkflowEnvironment.createLocal({
    server: { executable: { type: 'existing-path', path: tools().temporalCli }, searchAttributes: governanceSearchAttributes, ip: '127.0.0.1', log: { format: 'pretty', level: 'error' } },
  }),
  bundleWorkflowCode(bundleOptions()),
]);
const dir = mkdtempSync(join(tmpdir(), 'bench-open-'));
const codePath = join(dir, 'ours.js');
writeFileSync(codePath, bundle.code);

// The register goes to a PostgreSQL of the benchmark's own (test/support/postgres.ts).
const store = await freshStore();
const child = fork(memoryWorkerPath, ['ours', env.address, env.namespace ?? 'default', 'bench-open', codePath, store.url, store.keyFile, join(dir, 'evidence'), String(CACHE)], {
  execArgv: ['--import', 'tsx', '--expose-gc'],
  stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
});
const next = <T extends FromWorker['type']>(type: T, message?: ToWorker) =>
  new Promise<Extract<FromWorker, { type: T }>>((resolve) => {
    const listener = (m: FromWorker) => {
      if (m.type !== type) return;
      child.off('message', listener);
      resolve(m as Extract<FromWorker, { type: T }>);
    };
    child.on('message', listener);
    if (message) child.send(message);
  });

try {
  const ready = await next('ready');
  say(`worker ready: RSS ${(ready.memory.rss / MiB).toFixed(0)} MiB; starting ${OPEN} product processes`);
  const started = performance.now();
  let i = 0;
  await Promise.all(
    Array.from({ length: 100 }, async () => {
      while (i < OPEN) {
        const n = i++;
        const input: ProductInput = { product: { id: `open-${n}`, name: `Open ${n}`, registeredBy: 'bench', registeredAt: new Date().toISOString() }, boardId: 'bench-board' };
        await env.client.workflow.start(productWorkflowType, { workflowId: `product-open-${n}`, taskQueue: 'bench-open', args: [input] });
      }
    }),
  );
  const startSeconds = (performance.now() - started) / 1000;
  say(`${OPEN} started in ${startSeconds.toFixed(1)} s; waiting for the worker to take each one's first task`);
  // A product's first workflow task sets its search attributes: done when every one shows them.
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const { count } = await env.client.workflow.count(`GovBoard = 'bench-board' AND GovStatus = 'ready'`);
    const status = await next('status', { type: 'status' });
    if (count >= OPEN && status.inFlight === 0) break;
  }
  const pickupSeconds = (performance.now() - started) / 1000;
  const measured = await next('measure', { type: 'measure' });
  const rss = measured.memory.rss / MiB;
  const line = `| ${OPEN} open \`product\` processes, cache ${CACHE} (the engine's default) | RSS ${rss.toFixed(0)} MiB (idle ${(ready.memory.rss / MiB).toFixed(0)} MiB), ${measured.numCachedWorkflows} cached | started in ${startSeconds.toFixed(0)} s, all first tasks done after ${pickupSeconds.toFixed(0)} s |`;
  say(line);
  appendFileSync(results, `\n### Worker memory with many open product processes (npm run bench:open, ${new Date().toISOString().slice(0, 10)})\n| measure | worker | time |\n| --- | --- | --- |\n${line}\n`);
} finally {
  child.send({ type: 'stop' } satisfies ToWorker);
  await new Promise((resolve) => setTimeout(resolve, 2000));
  if (child.exitCode === null) child.kill('SIGTERM');
  await env.teardown();
  await stopTestPostgres();
}

/**
 * Fault injection for the stress tests: a worker that is a real separate
 * process (`node --import tsx worker/main.ts`) and can be killed with SIGKILL,
 * a dev server that can be stopped and started again on its database file,
 * and a bounded retry for clients sending while either is down.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { Client, Connection, type WorkflowClientInterceptor } from '@temporalio/client';
import { CommandRefused, InvalidCommand } from '../../client/errors';
import { projectRoot, tools } from '../../client/settings';
import { startDevServer, type DevServer } from '../../worker/devServer';
import { ensureSearchAttributes } from '../../worker/searchAttributes';

const made: string[] = [];

/** A fresh folder under the OS temp dir, removed by `removeTempDirs`. */
export const tempDir = (prefix: string) => {
  const dir = mkdtempSync(join(tmpdir(), `governance-${prefix}-`));
  made.push(dir);
  return dir;
};

/** Removes the folders `tempDir` made (a failing run keeps them, for the logs and the database). */
export const removeTempDirs = () => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
};

/** A port nothing listens on now (the OS picks it; the dev server takes it moments later). */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, host, () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? done(address.port) : fail(new Error('no port'))));
    });
  });
}

/**
 * A headless dev server on a fixed port and database file, so that it can be
 * stopped and started again on the same state, as an operator restarting it would.
 */
export class RestartableServer {
  private current: DevServer | undefined;
  restarts = 0;
  crashes = 0;

  private constructor(
    readonly dataDir: string,
    readonly port: number,
  ) {}

  static async start(): Promise<RestartableServer> {
    const server = new RestartableServer(tempDir('server'), await freePort());
    await server.up();
    return server;
  }

  get address(): string {
    return `127.0.0.1:${this.port}`;
  }

  get logFile(): string {
    return join(this.dataDir, 'temporal-server.log');
  }

  private async up(): Promise<void> {
    this.current = await startDevServer({
      temporalCli: tools().temporalCli,
      dataDir: this.dataDir,
      host: '127.0.0.1',
      port: this.port,
      uiPort: this.port, // unused: headless
      namespace: 'default',
      headless: true,
    });
    // Kept in the database file: a restart finds them; registering again is a no-op.
    // A server restarted on a large database file can take longer than the default 10 s to answer.
    const connection = await Connection.connect({ address: this.address, connectTimeout: '60 seconds' });
    try {
      await ensureSearchAttributes(connection, 'default');
    } finally {
      await connection.close();
    }
  }

  async stop(): Promise<void> {
    await this.current?.stop();
    this.current = undefined;
  }

  /** Kills the server with SIGKILL (no chance to flush or say goodbye) and starts it again on the same file and port. */
  async crash(downMs = 0): Promise<void> {
    const child = this.current?.process;
    if (!child || child.exitCode !== null) throw new Error('No dev server process to kill');
    const gone = new Promise((done) => child.once('exit', done));
    child.kill('SIGKILL');
    await gone;
    this.current = undefined;
    if (downMs) await delay(downMs);
    await this.up();
    this.crashes += 1;
  }

  /** Stops the server (SIGTERM, as `npm start`'s Ctrl-C does) and starts it again on the same file and port. */
  async restart(downMs = 0): Promise<void> {
    await this.stop();
    if (downMs) await delay(downMs);
    await this.up();
    this.restarts += 1;
  }
}

export interface WorkerDirs {
  /** The register's database (DATABASE_URL) and signing key (GOVERN_REGISTER_KEY_FILE). */
  readonly store: { readonly url: string; readonly keyFile: string };
  /** A prebuilt workflow bundle (GOVERN_WORKFLOW_BUNDLE), so that each start does not bundle again. */
  readonly bundleFile?: string;
  /** Settings of its own over the test's environment (SMTP_URL and the mail retry, say), the same at every start. */
  readonly env?: Readonly<Record<string, string>>;
  /** The command keys every worker of the test shares (`commandKeyFiles`): the API's, whose commands they take, and their own. */
  readonly commandKeys: CommandKeyFiles;
}

/** Where a test keeps the command keys (GOVERN_API_KEY_FILE, GOVERN_WORKER_KEY_FILE), made by whichever process starts first. */
export type CommandKeyFiles = {
  readonly GOVERN_API_KEY_FILE: string;
  readonly GOVERN_WORKER_KEY_FILE: string;
};

/** Fresh places for a test's command keys; `apiSigner(files)` (trust/settings.ts) signs as the API with them. */
export function commandKeyFiles(): CommandKeyFiles {
  const dir = tempDir('command-keys');
  return { GOVERN_API_KEY_FILE: join(dir, 'api-key.json'), GOVERN_WORKER_KEY_FILE: join(dir, 'worker-key.json') };
}

/**
 * The governance worker as `npm run worker` runs it, in its own process. It is
 * killed with SIGKILL (no graceful shutdown: in-flight workflow and activity
 * tasks are simply lost, as on a crash) and started again; an exit nobody
 * asked for is counted, and the worker is started again by `ensureRunning`.
 */
export class WorkerProcess {
  private child: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();
  private killing = false;
  starts = 0;
  kills = 0;
  unplannedExits: string[] = [];
  readonly startupMs: number[] = [];
  readonly logFile: string;

  constructor(
    private readonly address: string,
    readonly dirs: WorkerDirs,
  ) {
    this.logFile = join(tempDir('worker-log'), 'worker.log');
  }

  /** Starts a worker process and resolves once it polls its task queue. */
  async start(): Promise<void> {
    const began = Date.now();
    const log = openSync(this.logFile, 'a');
    const child = spawn(process.execPath, ['--import', 'tsx', 'worker/main.ts'], {
      cwd: projectRoot,
      env: {
        ...process.env,
        TEMPORAL_ADDRESS: this.address,
        TEMPORAL_NAMESPACE: 'default',
        DATABASE_URL: this.dirs.store.url,
        GOVERN_REGISTER_KEY_FILE: this.dirs.store.keyFile,
        GOVERN_BOARD_FILE: join(projectRoot, 'config', 'product-board.json'),
        GOVERN_DATA_DIR: tempDir('worker-data'),
        ...this.dirs.commandKeys,
        ...(this.dirs.bundleFile ? { GOVERN_WORKFLOW_BUNDLE: this.dirs.bundleFile } : {}),
        ...this.dirs.env,
      },
      stdio: ['ignore', 'pipe', log],
    });
    closeSync(log);
    this.child = child;
    this.starts += 1;
    this.killing = false;
    this.exited = new Promise((done) =>
      child.once('exit', (code, signal) => {
        if (!this.killing) this.unplannedExits.push(`worker pid ${child.pid} exited (${signal ?? code}); see ${this.logFile}`);
        if (this.child === child) this.child = undefined;
        done();
      }),
    );
    await new Promise<void>((ready, fail) => {
      let seen = '';
      child.stdout!.on('data', (chunk: Buffer) => {
        seen += chunk.toString();
        if (seen.includes('Worker polling task queue')) ready();
      });
      child.once('exit', (code) => fail(new Error(`The worker exited with ${code} before polling; see ${this.logFile}:\n${seen}`)));
    });
    this.startupMs.push(Date.now() - began);
  }

  /** SIGKILL: the process gets no chance to finish or hand back what it holds. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child?.pid) throw new Error('No worker process to kill');
    this.killing = true;
    process.kill(child.pid, 'SIGKILL');
    await this.exited;
    this.kills += 1;
  }

  get running(): boolean {
    return this.child !== undefined;
  }

  /** Starts a worker again if one exited on its own. */
  async ensureRunning(): Promise<void> {
    if (!this.running) await this.start();
  }

  async stop(): Promise<void> {
    if (!this.child?.pid) return;
    this.killing = true;
    process.kill(this.child.pid, 'SIGTERM');
    await Promise.race([this.exited, delay(10_000)]);
    if (this.child?.pid) process.kill(this.child.pid, 'SIGKILL');
    await this.exited;
  }
}

/**
 * A Temporal client whose gRPC channel reconnects by itself once the server is back. The SDK's
 * own retry of unavailable calls is switched off (`interceptors: []`): it would hide a short
 * outage from the test, whose own bounded retry is what is under test.
 */
export async function clientFor(address: string, interceptors: WorkflowClientInterceptor[] = []): Promise<{ client: Client; connection: Connection }> {
  const connection = await Connection.connect({ address, interceptors: [] });
  return { client: new Client({ connection, namespace: 'default', interceptors: { workflow: interceptors } }), connection };
}

/** What the retries saw, for the report. */
export class RetryStats {
  attempts = 0;
  retried = 0;
  /** Refusals that said the very command was already recorded, taken as success. */
  alreadyRecorded = 0;
  gaveUp = 0;
  readonly errors = new Map<string, number>();

  note(err: unknown): void {
    const key = describe(err);
    this.errors.set(key, (this.errors.get(key) ?? 0) + 1);
  }
}

function describe(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const cause = (err as { cause?: unknown }).cause;
  const grpc = cause as { code?: unknown; details?: unknown } | undefined;
  const causeText = cause instanceof Error ? ` (gRPC ${grpc?.code ?? '?'}: ${String(grpc?.details ?? cause.message).split('. Last error')[0]!.slice(0, 80)})` : '';
  // Ids and times vary; the kind of error does not.
  return `${err.name}: ${err.message.slice(0, 100)}${causeText}`.replace(/gr-storm-\d+/g, 'gr-storm-N').replace(/\d{4}-\d\d-\d\dT[\d:.]+Z/g, 'T');
}

export interface RetryOptions {
  /**
   * Gives up (throws the last error) once attempts have kept failing for this long. The clock starts at
   * the first failure, not the first attempt: an Update waits, unanswered, for as long as its worker is
   * down or its review's queue is long, and that wait is the engine working, not the outage being timed.
   */
  readonly budgetMs: number;
  readonly initialMs?: number;
  readonly maxMs?: number;
  /**
   * For a refusal: true when it says this very command is already recorded (an earlier
   * attempt whose answer was lost got through), which counts as success.
   */
  readonly alreadyRecorded?: (refusal: CommandRefused) => boolean;
}

/**
 * Runs `send` until it succeeds, backing off from `initialMs` to `maxMs` between
 * attempts, within `budgetMs`. Refusals and malformed commands are the engine's
 * answer, not an outage, so they are not retried; anything else (the server
 * unreachable, an Update whose worker or server went away) is.
 */
export async function withRetry<T>(stats: RetryStats, send: () => Promise<T>, options: RetryOptions): Promise<T | 'alreadyRecorded'> {
  let deadline: number | undefined;
  let wait = options.initialMs ?? 100;
  for (let attempt = 0; ; attempt++) {
    stats.attempts += 1;
    try {
      return await send();
    } catch (err) {
      if (err instanceof CommandRefused && attempt > 0 && options.alreadyRecorded?.(err)) {
        stats.alreadyRecorded += 1;
        return 'alreadyRecorded';
      }
      if (err instanceof CommandRefused || err instanceof InvalidCommand) throw err;
      stats.note(err);
      deadline ??= Date.now() + options.budgetMs;
      if (Date.now() + wait > deadline) {
        stats.gaveUp += 1;
        throw err;
      }
      stats.retried += 1;
      await delay(wait * (0.5 + Math.random() / 2));
      wait = Math.min(options.maxMs ?? 2_000, wait * 2);
    }
  }
}

/** Runs `work` over `items` with at most `limit` at a time, in order of start. */
export async function inPool<T>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      await work(items[index]!, index);
    }
  });
  await Promise.all(lanes);
}

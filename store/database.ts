/**
 * The engine's PostgreSQL, found from settings: `DATABASE_URL`, else the standard `PG*` variables
 * (`PGHOST` or `PGDATABASE` naming a server), else the embedded default that `npm start` runs under
 * the data folder (store/embedded.ts).
 *
 * Queries and migrations use Kysely: every query is typed from one table interface (store/schema.ts),
 * the migrations live in the same library, and there is no code generation step.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { Tables } from './schema';

/** A connection pool to the engine's database, typed by its tables. */
export type Db = Kysely<Tables>;

/** The embedded PostgreSQL's defaults; its port can be moved with GOVERN_POSTGRES_PORT. */
export const embeddedDefaults = { host: '127.0.0.1', port: 5433, user: 'postgres', database: 'governance' } as const;

/** Where the engine's PostgreSQL is, and a description of it for messages (never with a password). */
export type DatabaseSettings =
  | { readonly source: 'DATABASE_URL'; readonly connectionString: string; readonly where: string }
  | { readonly source: 'PG*'; readonly where: string }
  | {
      readonly source: 'embedded';
      readonly host: string;
      readonly port: number;
      readonly user: string;
      readonly database: string;
      /** The cluster's data folder (PGDATA). */
      readonly dataDir: string;
      /** The superuser's password, made when the cluster is first initialised. */
      readonly passwordFile: string;
      readonly logFile: string;
      readonly where: string;
    };

/** A setting that cannot work; the message says what is wrong and what to set. */
export class DatabaseSettingsError extends Error {
  override name = 'DatabaseSettingsError';
}

/** The database could not be reached or refused us; the message says where it was looked for and what to check. */
export class DatabaseUnavailable extends Error {
  override name = 'DatabaseUnavailable';
}

const example = 'postgres://USER:PASSWORD@HOST:5432/DATABASE';
const orUnset = 'or unset it to use the embedded PostgreSQL that "npm start" runs';

/** A URL with its password hidden, for messages. */
function redacted(url: URL): string {
  const shown = new URL(url.href);
  if (shown.password) shown.password = '***';
  return shown.href;
}

/**
 * Checks a `DATABASE_URL` before anything connects with it.
 *
 * @throws DatabaseSettingsError naming what is wrong (not a URL, not PostgreSQL, no host, no database)
 * and what to set instead. The password is never repeated in the message.
 * @example
 * parseDatabaseUrl('postgres://gov:secret@db.example.org:5432/governance').where // 'postgres://gov:***@db.example.org:5432/governance'
 */
export function parseDatabaseUrl(raw: string): Extract<DatabaseSettings, { source: 'DATABASE_URL' }> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    // The raw value may hold a password: say what shape it should have, not what it is.
    throw new DatabaseSettingsError(
      `DATABASE_URL is not a URL. Set it to ${example} (percent-encode any @, :, / or # in the password, e.g. @ as %40), ${orUnset}.`,
    );
  }
  // Only a postgres:// URL is shown: in any other, a password may not be where URL parsing looks for it.
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:')
    throw new DatabaseSettingsError(`DATABASE_URL starts with "${url.protocol}"; the engine needs PostgreSQL: set it to ${example}, ${orUnset}.`);
  const shown = redacted(url);
  if (!url.hostname && !url.searchParams.get('host'))
    throw new DatabaseSettingsError(`DATABASE_URL (${shown}) names no host: set it to ${example}, ${orUnset}.`);
  const database = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (!database || database.includes('/'))
    throw new DatabaseSettingsError(
      `DATABASE_URL (${shown}) names no database: put the database after the host, e.g. ${url.protocol}//${url.host}/governance, ${orUnset}.`,
    );
  return { source: 'DATABASE_URL', connectionString: raw, where: shown };
}

/**
 * The database settings in `env`. With none set, the embedded PostgreSQL under `embedded.dataDir`.
 *
 * @throws DatabaseSettingsError for a malformed DATABASE_URL or GOVERN_POSTGRES_PORT.
 * @example
 * const settings = databaseSettingsFrom(process.env, { dataDir: '.data' });
 */
export function databaseSettingsFrom(env: NodeJS.ProcessEnv, embedded: { readonly dataDir: string }): DatabaseSettings {
  const url = env.DATABASE_URL?.trim();
  if (url) return parseDatabaseUrl(url);
  if (env.PGHOST?.trim() || env.PGDATABASE?.trim()) {
    const user = env.PGUSER ?? 'the login user';
    return { source: 'PG*', where: `${user} at ${env.PGHOST ?? 'localhost'}:${env.PGPORT ?? 5432}, database ${env.PGDATABASE ?? user} (from the PG* variables)` };
  }
  const rawPort = env.GOVERN_POSTGRES_PORT?.trim();
  const port = rawPort ? Number(rawPort) : embeddedDefaults.port;
  if (rawPort && (!/^\d+$/.test(rawPort) || port < 1 || port > 65_535))
    throw new DatabaseSettingsError(`GOVERN_POSTGRES_PORT is "${rawPort}": set it to a port number from 1 to 65535, or unset it for ${embeddedDefaults.port}.`);
  const { host, user, database } = embeddedDefaults;
  return {
    source: 'embedded',
    host,
    port,
    user,
    database,
    dataDir: join(embedded.dataDir, 'postgres'),
    passwordFile: join(embedded.dataDir, 'postgres.password'),
    logFile: join(embedded.dataDir, 'postgres.log'),
    where: `the embedded PostgreSQL at ${host}:${port}, database ${database}`,
  };
}

const notSetUp = (settings: Extract<DatabaseSettings, { source: 'embedded' }>) =>
  new DatabaseUnavailable(
    `The embedded PostgreSQL has not been set up here (${settings.passwordFile} is missing): run "npm start", or set DATABASE_URL to your own PostgreSQL.`,
  );

/** What node-postgres is given for `settings`. */
function poolConfig(settings: DatabaseSettings): pg.PoolConfig {
  switch (settings.source) {
    case 'DATABASE_URL':
      return { connectionString: settings.connectionString };
    case 'PG*':
      // node-postgres reads PGHOST, PGPORT, PGDATABASE, PGUSER, PGPASSWORD and PGSSLMODE itself.
      return {};
    case 'embedded':
      return {
        host: settings.host,
        port: settings.port,
        user: settings.user,
        database: settings.database,
        // Read when connecting, so that a client started before the first `npm start` still works after it.
        password: () => {
          try {
            return readFileSync(settings.passwordFile, 'utf8').trim();
          } catch {
            throw notSetUp(settings);
          }
        },
      };
  }
}

/**
 * Opens a pool to the database; connects on the first query.
 *
 * @example
 * const db = openDatabase(settings);
 * await db.destroy();
 */
export function openDatabase(settings: DatabaseSettings, options: { readonly max?: number } = {}): Db {
  const pool = new pg.Pool({ ...poolConfig(settings), max: options.max ?? 10 });
  // An idle connection the server drops (a restart, an administrator) must not bring the process down;
  // the next query takes a fresh connection.
  pool.on('error', () => undefined);
  // So must a connection in use between two queries (a transaction waiting on the mail server, say):
  // pg raises the drop on the client, and with no listener there it is an uncaught 'error' that killed
  // both workers of the fault storm at a PostgreSQL restart. The client's next query fails instead, the
  // transaction is rolled back, and the pool discards the connection when it is released.
  pool.on('connect', (client) => client.on('error', () => undefined));
  return new Kysely<Tables>({ dialect: new PostgresDialect({ pool }) });
}

/** Why a connection failed, in words a person can act on. */
function unavailable(settings: DatabaseSettings, err: Error & { code?: string }): DatabaseUnavailable {
  if (err instanceof DatabaseUnavailable) return err;
  if (settings.source === 'embedded' && !existsSync(settings.passwordFile)) return notSetUp(settings);
  const fix =
    settings.source === 'embedded'
      ? 'Is "npm start" running? It starts this PostgreSQL; or set DATABASE_URL to your own.'
      : settings.source === 'DATABASE_URL'
        ? 'Check DATABASE_URL.'
        : 'Check the PG* variables (PGHOST, PGPORT, PGDATABASE, PGUSER, PGPASSWORD).';
  const why =
    err.code === 'ECONNREFUSED'
      ? 'nothing answers there'
      : err.code === 'ENOTFOUND'
        ? 'the host is not known'
        : err.code === '28P01' || err.code === '28000'
          ? 'the user name or password was refused'
          : err.code === '3D000'
            ? 'that database does not exist'
            : err.message;
  return new DatabaseUnavailable(`Cannot use the engine's PostgreSQL (${settings.where}): ${why}. ${fix}`);
}

/**
 * Opens the database and checks that it answers.
 *
 * @throws DatabaseUnavailable saying where the database was looked for, why it failed and what to check.
 * @example
 * const db = await connectDatabase(databaseSettings());
 */
export async function connectDatabase(settings: DatabaseSettings, options: { readonly max?: number } = {}): Promise<Db> {
  const db = openDatabase(settings, options);
  try {
    await sql`select 1`.execute(db);
    return db;
  } catch (err) {
    await db.destroy().catch(() => undefined);
    throw unavailable(settings, err as Error & { code?: string });
  }
}

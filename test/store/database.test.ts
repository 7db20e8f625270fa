/**
 * Finding the database from settings: a DATABASE_URL that cannot work is refused before anything
 * connects, with what is wrong and what to set; one that names a real server that refuses us says why.
 */
import { describe, expect, it } from 'vitest';
import { connectDatabase, databaseSettingsFrom, DatabaseSettingsError, parseDatabaseUrl } from '../../store/database';
import { freshDatabase, testPostgres } from '../support/postgres';

const settingsWith = (env: NodeJS.ProcessEnv) => databaseSettingsFrom(env, { dataDir: '/srv/governance' });

describe('database settings', () => {
  it('uses the embedded PostgreSQL under the data folder when nothing is set', () => {
    expect(settingsWith({})).toMatchObject({
      source: 'embedded',
      host: '127.0.0.1',
      port: 5433,
      database: 'governance',
      dataDir: '/srv/governance/postgres',
      passwordFile: '/srv/governance/postgres.password',
    });
    expect(settingsWith({ GOVERN_POSTGRES_PORT: '6543', DATABASE_URL: '  ' })).toMatchObject({ source: 'embedded', port: 6543 });
  });

  it('uses an organisation’s own from DATABASE_URL, or from the standard PG* variables', () => {
    expect(settingsWith({ DATABASE_URL: 'postgres://gov:s3cret@db.example.org:5432/governance?sslmode=require' })).toEqual({
      source: 'DATABASE_URL',
      connectionString: 'postgres://gov:s3cret@db.example.org:5432/governance?sslmode=require',
      where: 'postgres://gov:***@db.example.org:5432/governance?sslmode=require',
    });
    expect(settingsWith({ PGHOST: 'db.example.org', PGDATABASE: 'governance', PGUSER: 'gov' })).toMatchObject({ source: 'PG*', where: expect.stringContaining('gov at db.example.org:5432, database governance') });
  });

  it.each([
    ['not a URL', 'postgres://gov:s3cret@db.example.org:54x2/governance', 'DATABASE_URL is not a URL. Set it to postgres://USER:PASSWORD@HOST:5432/DATABASE (percent-encode'],
    ['another database', 'mysql://gov:s3cret@db.example.org/governance', 'DATABASE_URL starts with "mysql:"; the engine needs PostgreSQL'],
    ['no scheme', 'gov:s3cret@db.example.org/governance', 'DATABASE_URL starts with "gov:"; the engine needs PostgreSQL'],
    ['no host', 'postgres:///governance', 'DATABASE_URL (postgres:///governance) names no host'],
    ['no database', 'postgres://gov:s3cret@db.example.org:5432', 'names no database: put the database after the host, e.g. postgres://db.example.org:5432/governance'],
  ])('refuses a DATABASE_URL with %s, saying what to set', (_, url, message) => {
    expect(() => parseDatabaseUrl(url)).toThrow(DatabaseSettingsError);
    expect(() => parseDatabaseUrl(url)).toThrow(message);
    expect(() => parseDatabaseUrl(url)).toThrow('or unset it to use the embedded PostgreSQL that "npm start" runs');
    try {
      parseDatabaseUrl(url);
    } catch (err) {
      expect((err as Error).message, 'the password is never repeated').not.toContain('s3cret');
    }
  });

  it('refuses a port that is not one', () => {
    expect(() => settingsWith({ GOVERN_POSTGRES_PORT: '70000' })).toThrow('GOVERN_POSTGRES_PORT is "70000": set it to a port number from 1 to 65535, or unset it for 5433.');
  });
});

describe('connecting', () => {
  it('says why a database named by DATABASE_URL cannot be used', async () => {
    const { settings, password } = await testPostgres();
    const server = `${settings.host}:${settings.port}`;
    const wrongPassword = parseDatabaseUrl(`postgres://postgres:not-${password}@${server}/postgres`);
    await expect(connectDatabase(wrongPassword)).rejects.toThrow(`Cannot use the engine's PostgreSQL (postgres://postgres:***@${server}/postgres): the user name or password was refused. Check DATABASE_URL.`);
    await expect(connectDatabase(parseDatabaseUrl(`postgres://postgres:${password}@${server}/no_such_database`))).rejects.toThrow('that database does not exist');
    await expect(connectDatabase(parseDatabaseUrl('postgres://postgres:x@127.0.0.1:1/governance'))).rejects.toThrow('nothing answers there');
  });

  it('connects to a database that is there', async () => {
    const db = await connectDatabase((await freshDatabase()).settings);
    await db.destroy();
  });

  it('points at "npm start" when the embedded PostgreSQL has not been set up', async () => {
    const settings = databaseSettingsFrom({}, { dataDir: '/nonexistent/governance' });
    await expect(connectDatabase(settings)).rejects.toThrow('The embedded PostgreSQL has not been set up here (/nonexistent/governance/postgres.password is missing): run "npm start"');
  });
});

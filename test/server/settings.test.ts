/**
 * The server's settings: a setting that cannot work stops `npm start` and `npm run server` before
 * anything starts, with what is wrong and what to set, never repeating a secret; the server's secret
 * file is made once, for its owner alone; and `npm run server` on a real PostgreSQL answers, says
 * where, refuses a port that is taken, and stops on SIGTERM.
 */
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../client/settings';
import { MailSettingsError } from '../../mail/settings';
import { ServerSecretError, serverKeysFromFile } from '../../server/secret';
import { serverSettingsFrom, ServerSettingsError } from '../../server/settings';
import { accountOf } from '../../store/accounts';
import { openDatabase, parseDatabaseUrl } from '../../store/database';
import { freePort } from '../support/faults';
import { freshDatabase } from '../support/postgres';

const dataDir = mkdtempSync(join(tmpdir(), 'governance-server-settings-'));
const settingsWith = (env: NodeJS.ProcessEnv) => serverSettingsFrom(env, { dataDir });

describe('server settings', () => {
  it('listens on this machine at 8080 with nothing set, and reads an organisation’s identity provider', () => {
    expect(settingsWith({})).toEqual({ host: '127.0.0.1', port: 8080, publicUrl: 'http://localhost:8080', trustProxy: [], secretFile: join(dataDir, 'server-secret.json'), timeZone: 'Europe/London' });
    const set = settingsWith({
      GOVERN_HTTP_HOST: '0.0.0.0',
      GOVERN_HTTP_PORT: '3000',
      GOVERN_PUBLIC_URL: 'https://governance.example.org',
      GOVERN_TRUST_PROXY: '10.0.0.1, 192.168.0.0/16',
      GOVERN_OIDC_ISSUER: 'https://login.example.org/realms/staff',
      GOVERN_OIDC_CLIENT_ID: 'governance',
      GOVERN_OIDC_CLIENT_SECRET: 's3cret',
      GOVERN_OIDC_LABEL: 'Example Council staff account',
    });
    expect(set).toMatchObject({ host: '0.0.0.0', port: 3000, trustProxy: ['10.0.0.1', '192.168.0.0/16'] });
    expect(set.oidc).toMatchObject({ clientId: 'governance', clientSecret: 's3cret', label: 'Example Council staff account', redirectUri: 'https://governance.example.org/api/sign-in/oidc/callback' });
    expect(set.oidc?.issuer.href).toBe('https://login.example.org/realms/staff');
    expect(settingsWith({ GOVERN_OIDC_ISSUER: 'http://127.0.0.1:9000', GOVERN_OIDC_CLIENT_ID: 'governance' }).oidc?.label, 'plain http on this machine, for trying it out').toBe("your organisation's account (127.0.0.1)");
  });

  it.each([
    ['a port that is not one', { GOVERN_HTTP_PORT: '80a' }, 'GOVERN_HTTP_PORT is "80a": set it to a port number from 1 to 65535, or unset it for 8080.'],
    ['a port out of range', { GOVERN_HTTP_PORT: '70000' }, 'GOVERN_HTTP_PORT is "70000"'],
    ['a host that is not one', { GOVERN_HTTP_HOST: 'every address' }, 'GOVERN_HTTP_HOST is "every address", not an address to listen on: set it to 0.0.0.0'],
    ['a proxy that is not an address', { GOVERN_TRUST_PROXY: '10.0.0.1, the load balancer' }, 'GOVERN_TRUST_PROXY has "the load balancer", which is not an address or range'],
    ['a public address over plain http elsewhere', { GOVERN_PUBLIC_URL: 'http://governance.example.org' }, 'GOVERN_PUBLIC_URL is http://governance.example.org: people sign in there, and browsers keep a sign-in only over https.'],
    ['a client id without an issuer', { GOVERN_OIDC_CLIENT_ID: 'governance', GOVERN_OIDC_CLIENT_SECRET: 's3cret' }, 'GOVERN_OIDC_CLIENT_ID is set but GOVERN_OIDC_ISSUER is not'],
    ['an issuer without a client id', { GOVERN_OIDC_ISSUER: 'https://login.example.org' }, 'GOVERN_OIDC_ISSUER is set but GOVERN_OIDC_CLIENT_ID is not'],
    ['an issuer that is not an address', { GOVERN_OIDC_ISSUER: 'login.example.org', GOVERN_OIDC_CLIENT_ID: 'governance' }, 'GOVERN_OIDC_ISSUER is "login.example.org", not an address'],
    ['an issuer over plain http elsewhere', { GOVERN_OIDC_ISSUER: 'http://login.example.org', GOVERN_OIDC_CLIENT_ID: 'governance', GOVERN_OIDC_CLIENT_SECRET: 's3cret' }, 'GOVERN_OIDC_ISSUER (http://login.example.org) must be an https:// address'],
    ['a label on two lines', { GOVERN_OIDC_ISSUER: 'https://login.example.org', GOVERN_OIDC_CLIENT_ID: 'governance', GOVERN_OIDC_LABEL: 'Staff\nsign-in' }, 'GOVERN_OIDC_LABEL is the name people see on the sign-in button'],
  ])('refuses %s, saying what to set', (_, env, message) => {
    expect(() => settingsWith(env)).toThrow(ServerSettingsError);
    expect(() => settingsWith(env)).toThrow(message);
    try {
      settingsWith(env);
    } catch (err) {
      expect((err as Error).message, 'a secret is never repeated').not.toContain('s3cret');
    }
  });

  it('leaves a public address that is not one to the mail settings, which say so', () => {
    expect(() => settingsWith({ GOVERN_PUBLIC_URL: 'governance' })).toThrow(MailSettingsError);
  });
});

describe('the server secret', () => {
  it('is made once, readable by its owner alone, and refused when it holds no secret', async () => {
    const file = join(dataDir, 'secret', 'server-secret.json');
    const [a, b] = await Promise.all([serverKeysFromFile(file), serverKeysFromFile(file)]);
    expect(a.signInHash('x')).toBe(b.signInHash('x'));
    expect((await serverKeysFromFile(file)).cookieSecret).toBe(a.cookieSecret);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(file, 'utf8')).secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const broken = join(dataDir, 'broken-secret.json');
    writeFileSync(broken, '{"secret": "too short"}');
    await expect(serverKeysFromFile(broken)).rejects.toThrow(ServerSecretError);
    await expect(serverKeysFromFile(broken)).rejects.toThrow(`The server secret ${broken} holds no secret (32 bytes, base64url, in "secret"): restore it from your copy, or remove it`);
  });
});

/** Runs an entry point as `npm start` or `npm run server` would; resolves when it exits, or with the child when `until` is printed. */
function run(entry: string, env: NodeJS.ProcessEnv, until?: RegExp) {
  const child = spawn(process.execPath, ['--import', 'tsx', entry], {
    cwd: projectRoot,
    env: { ...process.env, GOVERN_DATA_DIR: dataDir, TEMPORAL_ADDRESS: '127.0.0.1:1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<{ code: number | null; stdout: string; stderr: string }>((done) => child.once('exit', (code) => done({ code, stdout, stderr })));
  const printed = until
    ? new Promise<void>((seen, failed) => {
        child.stdout.on('data', () => until.test(stdout) && seen());
        void exited.then((e) => failed(new Error(`exited ${e.code} before printing ${until}: ${e.stdout}${e.stderr}`)));
      })
    : Promise.resolve();
  return { child, exited, printed, output: () => stdout };
}

describe('starting with settings that cannot work', () => {
  it('stops npm start and npm run server at once, with what is wrong and no stack', async () => {
    const [start, server] = await Promise.all([
      run('worker/start.ts', { GOVERN_HTTP_PORT: '99999' }).exited,
      run('server/main.ts', { GOVERN_OIDC_ISSUER: 'http://login.example.org', GOVERN_OIDC_CLIENT_ID: 'governance', GOVERN_OIDC_CLIENT_SECRET: 's3cret' }).exited,
    ]);
    expect(start.code).toBe(1);
    expect(start.stderr.trim()).toBe('GOVERN_HTTP_PORT is "99999": set it to a port number from 1 to 65535, or unset it for 8080.');
    expect(start.stdout, 'nothing was started').not.toMatch(/PostgreSQL|Temporal/);
    expect(server.code).toBe(1);
    expect(server.stderr.trim()).toMatch(/^GOVERN_OIDC_ISSUER \(http:\/\/login\.example\.org\) must be an https:\/\/ address/);
    expect(server.stderr).not.toContain('s3cret');
  }, 120_000);
});

describe('npm run server', () => {
  const stops: (() => void)[] = [];
  afterAll(() => stops.forEach((stop) => stop()));

  it('answers on its port, makes accounts for the people the board files name, refuses a port taken, and stops on SIGTERM', async () => {
    const { url } = await freshDatabase();
    const port = await freePort();
    const server = run('server/main.ts', { DATABASE_URL: url, GOVERN_HTTP_PORT: String(port), GOVERN_PUBLIC_URL: `http://127.0.0.1:${port}` }, /Ctrl-C stops it/);
    stops.push(() => server.child.kill('SIGKILL'));
    await server.printed;
    expect(server.output()).toContain(`The engine's server is at http://127.0.0.1:${port} (listening on http://127.0.0.1:${port}).`);
    const methods = await fetch(`http://127.0.0.1:${port}/api/sign-in`);
    expect(await methods.json()).toEqual({ methods: [{ method: 'email', start: '/api/sign-in/code', finish: '/api/sign-in/verify' }] });

    // The boards do not answer (no Temporal here): their files name who gets an account.
    const db = openDatabase(parseDatabaseUrl(url));
    try {
      for (let i = 0; i < 100 && !(await accountOf(db, 'i-ruth')); i++) await new Promise((r) => setTimeout(r, 200));
      expect(await accountOf(db, 'i-ruth')).toMatchObject({ origin: 'roster' });
      expect(await accountOf(db, 'm-amara')).toMatchObject({ origin: 'roster' });
      expect(await accountOf(db, 's-jo')).toMatchObject({ origin: 'roster' });
    } finally {
      await db.destroy();
    }

    const second = await run('server/main.ts', { DATABASE_URL: url, GOVERN_HTTP_PORT: String(port) }).exited;
    expect(second.code).toBe(1);
    expect(second.stderr.trim()).toBe(`Port ${port} on 127.0.0.1 is already in use (another engine, or another program): stop it, or set GOVERN_HTTP_PORT to a free port.`);

    server.child.kill('SIGTERM');
    const stopped = await server.exited;
    expect(stopped.code).toBe(0);
    expect(stopped.stdout).toContain('Server stopped.');
    // The port is free again.
    await new Promise<void>((freed, failed) => {
      const probe = createServer().once('error', failed).listen(port, '127.0.0.1', () => probe.close(() => freed()));
    });
  }, 180_000);
});

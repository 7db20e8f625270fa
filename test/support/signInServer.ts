/**
 * The engine's HTTP server for sign-in tests, on real servers: a fresh PostgreSQL database of its own
 * (./postgres.ts), codes mailed to a real SMTP server (./smtp.ts) or, with none, printed, a secret of its own, and listening
 * on a free port of 127.0.0.1, which is its public address. A test may give other numbers of signing
 * in (a code that lasts a second), the boards to ask for roles, and an identity provider.
 */
import { randomBytes } from 'node:crypto';
import type { GovernanceClient } from '../../client/governanceClient';
import { buildServer } from '../../server/app';
import type { ServerContext } from '../../server/routes/context';
import type { BoardRosters } from '../../server/roles';
import { keysOf } from '../../server/secret';
import type { ErrorBody } from '../../server/errors';
import type { SignedIn } from '../../server/session';
import { defaultTimeZone, oidcCallbackPath, type OidcSettings, type ServerSettings } from '../../server/settings';
import { codeSender } from '../../server/signIn/codeMail';
import { oidcSignIn } from '../../server/signIn/oidc';
import { signInPolicy, type SignInPolicy } from '../../server/signIn/policy';
import { ensureAccounts } from '../../store/accounts';
import { openSession } from '../../store/sessions';
import { freePort } from './faults';
import { freshStore, type TestStore } from './postgres';
import type { TestSmtpServer } from './smtp';

/** An engine with no board processes to ask: every account has no role. */
/** What the API answers, as a test reads it: a refusal's or a sign-in's fields, or any other answer's (`/api/me`). */
export type ApiAnswer = Partial<SignedIn & ErrorBody> & { readonly [field: string]: unknown };

export const noBoards: BoardRosters = { boards: [], rosters: async () => ({ answered: [], silent: [] }) };

export interface TestSignInServer {
  /** Its public address, e.g. http://127.0.0.1:43210. */
  readonly url: string;
  readonly store: TestStore;
  /** POSTs JSON to `path`; answers the status, the body and the headers. */
  post(path: string, body: unknown, headers?: Record<string, string>): Promise<{ status: number; body: ApiAnswer; headers: Headers }>;
  get(path: string, headers?: Record<string, string>): Promise<{ status: number; body: ApiAnswer; headers: Headers }>;
  close(): Promise<void>;
}

/** A port chosen now, so that an identity provider can be told the callback before the server starts. */
export async function serverAddress(): Promise<{ port: number; url: string; callback: string }> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  return { port, url, callback: `${url}${oidcCallbackPath}` };
}

export async function startSignInServer(options: {
  /** Where codes are mailed; none: the server prints them, as one with no SMTP_URL does. */
  readonly smtp?: TestSmtpServer;
  /** The address the settings say it listens on (it listens on 127.0.0.1 whatever it is). */
  readonly host?: string;
  readonly policy?: Partial<SignInPolicy>;
  readonly boards?: BoardRosters;
  readonly oidc?: Omit<OidcSettings, 'redirectUri'>;
  readonly address?: Awaited<ReturnType<typeof serverAddress>>;
  readonly store?: TestStore;
  /** The engine's client, for people's commands (none: a server that only signs people in). */
  readonly governance?: GovernanceClient;
  readonly boardFiles?: ServerContext['boardFiles'];
}): Promise<TestSignInServer> {
  const store = options.store ?? (await freshStore());
  const { port, url, callback } = options.address ?? (await serverAddress());
  const oidc = options.oidc ? { ...options.oidc, redirectUri: callback } : undefined;
  const settings: ServerSettings = { host: options.host ?? '127.0.0.1', port, publicUrl: url, trustProxy: [], secretFile: '', timeZone: defaultTimeZone, ...(oidc ? { oidc } : {}) };
  const codes = codeSender({ ...(options.smtp ? { smtp: { url: options.smtp.url, where: options.smtp.url } } : {}), from: 'Governance <governance@example.org>', publicUrl: url }, () => undefined);
  const app = await buildServer(
    {
      settings,
      db: store.db,
      keys: keysOf(randomBytes(32)),
      codes,
      boards: options.boards ?? noBoards,
      policy: { ...signInPolicy, ...options.policy },
      ...(oidc ? { oidc: oidcSignIn(oidc) } : {}),
      ...(options.governance ? { governance: options.governance } : {}),
      ...(options.boardFiles ? { boardFiles: options.boardFiles } : {}),
    },
    { report: (line) => console.error(line) },
  );
  await app.listen({ host: '127.0.0.1', port });
  const call = async (method: string, path: string, body: unknown, headers: Record<string, string> = {}) => {
    const response = await fetch(`${url}${path}`, {
      method,
      headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
      ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
      redirect: 'manual',
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // not JSON: the test sees the text
    }
    return { status: response.status, body: parsed as ApiAnswer, headers: response.headers };
  };
  return {
    url,
    store,
    post: (path, body, headers) => call('POST', path, body, headers),
    get: (path, headers) => call('GET', path, undefined, headers),
    close: async () => {
      await app.close();
      codes.close();
    },
  };
}

/** The code in the latest message that reached `address` at the SMTP server. */
export function codeSentTo(smtp: TestSmtpServer, address: string): string {
  const message = smtp.to(address).at(-1);
  const code = message && /^\s+(\d{3}) (\d{3})$/m.exec(message.text);
  if (!code) throw new Error(`No sign-in code reached ${address}; messages there: ${JSON.stringify(smtp.to(address))}`);
  return `${code[1]}${code[2]}`;
}

/** The session cookie a sign-in set, as a Cookie header. */
export function sessionCookieOf(headers: Headers): string {
  const line = headers.getSetCookie().find((c) => c.startsWith('__Host-govern-session='));
  if (!line) throw new Error(`No session cookie was set: ${JSON.stringify(headers.getSetCookie())}`);
  return line.split(';')[0]!;
}

/**
 * A CLI token for `personId`, opened in the store directly (a test's setup: signing in by the emailed
 * code is tested on its own), with an account made for them if they have none.
 */
export async function tokenOf(store: TestStore, personId: string): Promise<string> {
  await ensureAccounts(store.db, [personId], 'roster');
  return (await openSession(store.db, { personId, client: 'cli', method: 'email', ttlMs: 3_600_000 })).token;
}

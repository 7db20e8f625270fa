/**
 * Signing in by an emailed code, against real servers: the engine's HTTP server on a real PostgreSQL,
 * each code read from the message that reached a real SMTP server. A right code signs in once; wrong
 * codes end in a wait; an old code is refused; the addresses and clients that ask too often are
 * refused; a revoked token is refused; bad input is refused in words, as JSON.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { ensureAccounts } from '../../store/accounts';
import { signInPolicy } from '../../server/signIn/policy';
import { setPerson } from '../../store/people';
import { TestSmtpServer } from '../support/smtp';
import { codeSentTo, sessionCookieOf, startSignInServer, type TestSignInServer } from '../support/signInServer';

let smtp: TestSmtpServer;
const servers: TestSignInServer[] = [];

beforeAll(async () => {
  smtp = await TestSmtpServer.start();
});
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  await smtp.down();
});

/** A server of the test's own: its own database and its own per-client counts. */
async function server(options: Omit<Parameters<typeof startSignInServer>[0], 'smtp'> = {}): Promise<TestSignInServer> {
  const started = await startSignInServer({ smtp, ...options });
  servers.push(started);
  return started;
}

const askCode = (s: TestSignInServer, email: string) => s.post('/api/sign-in/code', { email });
const giveCode = (s: TestSignInServer, email: string, code: string, client: 'browser' | 'cli' = 'browser') => s.post('/api/sign-in/verify', { email, code, client });
/** A six-digit code that is not `code`. */
const wrong = (code: string, n = 1) => String((Number(code) + n) % 1_000_000).padStart(6, '0');

describe('signing in by a code sent by email', () => {
  it('signs a board member in with the code read from the message, once, by a Secure HttpOnly SameSite cookie', async () => {
    const s = await server();
    await setPerson(s.store.db, 'm-ben', { email: 'Ben@Example.org', name: 'Ben Carter' });
    await ensureAccounts(s.store.db, ['m-ben'], 'roster');

    const asked = await askCode(s, 'ben@example.org');
    expect(asked.status).toBe(202);
    expect(asked.body.message).toBe('We sent a code to ben@example.org. It works once, for 10 minutes.');
    const message = smtp.to('ben@example.org').at(-1)!;
    expect(message.subject).toBe('Your sign-in code');
    expect(message.text).toContain('It works once, for 10 minutes.');
    const code = codeSentTo(smtp, 'ben@example.org');

    // Typed as people type it, with a space.
    const signedIn = await giveCode(s, 'ben@example.org', `${code.slice(0, 3)} ${code.slice(3)}`);
    expect(signedIn.status).toBe(200);
    expect(signedIn.body).toMatchObject({ personId: 'm-ben', name: 'Ben Carter', newAccount: false });
    expect(signedIn.body.token, 'a browser gets a cookie, not a token').toBeUndefined();
    const setCookie = signedIn.headers.getSetCookie().find((c) => c.startsWith('__Host-govern-session='))!;
    expect(setCookie).toMatch(/; HttpOnly/);
    expect(setCookie).toMatch(/; Secure/);
    expect(setCookie).toMatch(/; SameSite=Lax/);
    expect(setCookie).toMatch(/; Path=\//);
    expect(signedIn.headers.get('cache-control')).toBe('no-store');

    const me = await s.get('/api/me', { cookie: sessionCookieOf(signedIn.headers) });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ personId: 'm-ben', name: 'Ben Carter', email: 'Ben@Example.org', account: { origin: 'roster' }, signedIn: { method: 'email', client: 'browser' }, roles: [] });

    const again = await giveCode(s, 'ben@example.org', code);
    expect(again).toMatchObject({ status: 401, body: { error: 'NoCode', message: 'No code is waiting for ben@example.org (it was used already, or none was sent). Ask for a new one.' } });

    // Neither the code nor the address is in the database as it was sent.
    const kept = JSON.stringify((await sql`select * from sign_in_codes`.execute(s.store.db)).rows) + JSON.stringify((await sql`select * from sessions`.execute(s.store.db)).rows);
    expect(kept).not.toContain(code);
    expect(kept.toLowerCase()).not.toContain('ben@example.org');
    expect(kept).not.toContain(sessionCookieOf(signedIn.headers).split('=')[1]);
  });

  it('makes an account for a member of the public signing up with an address nobody has, and gives the CLI a token', async () => {
    const s = await server();
    await askCode(s, 'zoe@example.org');
    const signedIn = await s.post('/api/sign-in/verify', { email: 'zoe@example.org', code: codeSentTo(smtp, 'zoe@example.org'), client: 'cli', name: 'Zoe Adams' });
    expect(signedIn.status).toBe(200);
    expect(signedIn.body).toMatchObject({ personId: expect.stringMatching(/^p-[a-z2-9]{10}$/), name: 'Zoe Adams', newAccount: true, token: expect.stringMatching(/^govern_[A-Za-z0-9_-]{43}$/) });
    expect(signedIn.headers.getSetCookie(), 'the CLI gets no cookie').toEqual([]);
    const me = await s.get('/api/me', { authorization: `Bearer ${signedIn.body.token}` });
    expect(me.body).toMatchObject({ personId: signedIn.body.personId, email: 'zoe@example.org', account: { origin: 'public' }, signedIn: { client: 'cli' } });

    // The same address next time is the same person.
    await askCode(s, 'ZOE@example.org');
    const next = await giveCode(s, 'zoe@example.org', codeSentTo(smtp, 'zoe@example.org'));
    expect(next.body).toMatchObject({ personId: signedIn.body.personId, newAccount: false });
  });

  it('ends in a wait after five wrong codes, and a new code does not start the count again', async () => {
    const s = await server();
    const email = 'target@example.org';
    await askCode(s, email);
    const first = codeSentTo(smtp, email);
    const answers = [];
    for (let n = 1; n <= 3; n++) answers.push(await giveCode(s, email, wrong(first, n)));
    expect(answers.map((a) => [a.status, a.body.error, a.body.message])).toEqual([
      [401, 'CodeWrong', 'That is not the code we sent last to target@example.org. 4 tries left before you must wait.'],
      [401, 'CodeWrong', 'That is not the code we sent last to target@example.org. 3 tries left before you must wait.'],
      [401, 'CodeWrong', 'That is not the code we sent last to target@example.org. 2 tries left before you must wait.'],
    ]);
    // Asking again gives a fresh code, but the wrong tries still count.
    await askCode(s, email);
    const second = codeSentTo(smtp, email);
    expect(await giveCode(s, email, first), 'only the latest code works').toMatchObject({ status: 401, body: { error: 'CodeWrong', message: expect.stringContaining('1 try left') } });
    const locked = await giveCode(s, email, wrong(second));
    expect(locked.status).toBe(429);
    expect(locked.body).toEqual({ error: 'MustWait', message: 'That code was wrong too many times, so the codes sent to this address no longer work. Wait, then ask for a new code in 15 minutes.' });
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(14 * 60);

    // Locked out: the right code no longer works, and no new code is sent.
    expect(await giveCode(s, email, second)).toMatchObject({ status: 429, body: { error: 'MustWait', message: expect.stringContaining('Too many wrong codes were tried for this address.') } });
    const sent = smtp.to(email).length;
    expect(await askCode(s, email)).toMatchObject({ status: 429, body: { error: 'MustWait', message: expect.stringContaining('no code can be sent to it for now. Try again in 15 minutes.') } });
    expect(smtp.to(email)).toHaveLength(sent);

    // Another address is not held up.
    await askCode(s, 'someone-else@example.org');
    expect((await giveCode(s, 'someone-else@example.org', codeSentTo(smtp, 'someone-else@example.org'))).status).toBe(200);
  });

  it('refuses a code that has expired', async () => {
    const s = await server({ policy: { codeTtlMs: 1_000 } });
    await askCode(s, 'late@example.org');
    const code = codeSentTo(smtp, 'late@example.org');
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(await giveCode(s, 'late@example.org', code)).toMatchObject({
      status: 401,
      body: { error: 'CodeExpired', message: 'That code has expired: a code works for 1 second. Ask for a new one.' },
    });
  });

  it('sends an address only so many codes in a while, and a client only so many requests', async () => {
    const s = await server({ policy: { perClient: { ...signInPolicy.perClient, codeRequests: { max: 5, windowMs: 60_000 } } } });
    const email = 'many@example.org';
    const answers = [];
    for (let n = 0; n < 4; n++) answers.push(await askCode(s, email));
    expect(answers.map((a) => a.status)).toEqual([202, 202, 202, 429]);
    expect(answers[3]!.body).toEqual({ error: 'TooManyCodes', message: expect.stringMatching(/^We have sent 3 codes to this address in the last 15 minutes\. Use the latest one, or ask for another in 1[45] minutes\.$/) });
    expect(smtp.to(email)).toHaveLength(3);

    // The same client (this test's address, 127.0.0.1) asking for a sixth code, for any address.
    const fifth = await askCode(s, 'other@example.org');
    expect(fifth.status).toBe(202);
    const sixth = await askCode(s, 'yet-another@example.org');
    expect(sixth.status).toBe(429);
    expect(sixth.body).toEqual({ error: 'TooManyRequests', message: 'Too many requests from your network address: wait and try again in 1 minute.' });
    expect(sixth.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(smtp.to('yet-another@example.org')).toEqual([]);
  });

  it('refuses a token and a cookie once signed out', async () => {
    const s = await server();
    await askCode(s, 'leaving@example.org');
    const cli = await giveCode(s, 'leaving@example.org', codeSentTo(smtp, 'leaving@example.org'), 'cli');
    const bearer = { authorization: `Bearer ${cli.body.token}` };
    expect((await s.get('/api/me', bearer)).status).toBe(200);
    expect(await s.post('/api/sign-out', undefined, bearer)).toMatchObject({ status: 200, body: { signedOut: true } });
    expect(await s.get('/api/me', bearer)).toMatchObject({ status: 401, body: { error: 'SignInRequired', message: 'Your sign-in has ended (it was signed out, or it expired): run "govern login" again.' } });
    expect((await s.post('/api/sign-out', undefined, bearer)).body).toMatchObject({ signedOut: false, message: 'That sign-in had already ended.' });

    await askCode(s, 'leaving@example.org');
    const browser = await giveCode(s, 'leaving@example.org', codeSentTo(smtp, 'leaving@example.org'));
    const cookie = { cookie: sessionCookieOf(browser.headers) };
    // Another site's page cannot sign the person out (nor do anything else) with their cookie.
    expect(await s.post('/api/sign-out', undefined, { ...cookie, origin: 'https://evil.example' })).toMatchObject({ status: 403, body: { error: 'WrongOrigin' } });
    const out = await s.post('/api/sign-out', undefined, { ...cookie, origin: s.url });
    expect(out.status).toBe(200);
    expect(out.headers.getSetCookie()[0]).toMatch(/^__Host-govern-session=; Max-Age=0|^__Host-govern-session=;.*Expires=Thu, 01 Jan 1970/);
    expect(await s.get('/api/me', cookie)).toMatchObject({ status: 401, body: { error: 'SignInRequired' } });
    expect(await s.get('/api/me')).toMatchObject({ status: 401, body: { error: 'SignInRequired', message: expect.stringContaining('You are not signed in') } });
    expect(await s.get('/api/me', { authorization: 'Basic eDp5' })).toMatchObject({ status: 401, body: { error: 'SignInRequired' } });
  });

  it.each([
    ['no address', '/api/sign-in/code', {}, 400, 'Cannot send a code: email: an email address is required, e.g. name@example.org.'],
    ['an address that is not one', '/api/sign-in/code', { email: 'ben at example' }, 400, 'Cannot send a code: email: an email address reads like name@example.org.'],
    ['a field it does not take', '/api/sign-in/code', { email: 'ben@example.org', role: 'secretariat' }, 400, 'Cannot send a code'],
    ['a code that is not six digits', '/api/sign-in/verify', { email: 'ben@example.org', code: 'abcdef' }, 400, 'Cannot sign in: code: the code is the six digits in the message we sent.'],
    ['a client that is not one', '/api/sign-in/verify', { email: 'ben@example.org', code: '123456', client: 'robot' }, 400, 'client is "browser" (a cookie) or "cli" (a token)'],
    ['text that is not JSON', '/api/sign-in/code', '{"email": ', 400, 'The request could not be read as JSON'],
    ['a body far too long', '/api/sign-in/code', { email: 'ben@example.org', padding: 'x'.repeat(20_000) }, 413, 'What you sent is too long'],
  ])('refuses %s in words, as JSON, and sends nothing', async (_, path, body, status, message) => {
    const s = await server();
    const before = smtp.received.length;
    const answer = await s.post(path, body);
    expect(answer.status).toBe(status);
    expect(Object.keys(answer.body).sort()).toEqual(['error', 'message']);
    expect(answer.body.message).toContain(message);
    expect(smtp.received.length).toBe(before);
  });

  it('reads JSON only, and says so; and says what is not there', async () => {
    const s = await server();
    expect(await s.post('/api/sign-in/code', 'email=ben@example.org', { 'content-type': 'application/x-www-form-urlencoded' })).toMatchObject({ status: 415, body: { error: 'NotJson' } });
    expect(await s.post('/api/sign-in/code', 'ben@example.org', { 'content-type': 'text/plain' })).toMatchObject({ status: 415, body: { error: 'NotJson' } });
    expect(await s.get('/api/nothing-here')).toMatchObject({ status: 404, body: { error: 'NotFound', message: 'There is nothing at GET /api/nothing-here. What the engine answers is listed in its README.' } });
    expect(await s.get('/api/sign-in/oidc')).toMatchObject({ status: 404, body: { error: 'NoIdentityProvider' } });
    expect((await s.get('/api/sign-in')).body).toEqual({ methods: [{ method: 'email', start: '/api/sign-in/code', finish: '/api/sign-in/verify' }] });
  });
});

/**
 * Who is signed in and their roles, end to end on real servers: both boards opened from the shipped
 * board files on a Temporal dev server with the governance worker, the engine's HTTP server asking
 * their processes for their rosters, PostgreSQL, and a real SMTP server the codes are read from.
 * `govern login` signs the CLI in, `govern me` shows the roles the boards give, and they change with
 * the board process (not its file, nor anything the request says); `govern logout` revokes the token.
 */
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBoard } from '../../client/boardConfig';
import { runGovern } from '../../client/cli/run';
import { GovernanceClient } from '../../client/governanceClient';
import { loadInitiativeBoard } from '../../client/initiativeConfig';
import { readToken, tokenFile } from '../../client/tokenFile';
import { rostersFromProcesses, type BoardRosters } from '../../server/roles';
import { accountsFromRosters } from '../../server/rosterAccounts';
import { setPerson } from '../../store/people';
import { createGovernanceWorker } from '../../worker/worker';
import { freshStore, type TestStore } from '../support/postgres';
import { codeSentTo, startSignInServer, type TestSignInServer } from '../support/signInServer';
import { TestSmtpServer } from '../support/smtp';
import { freshDir, startDevServer, workflowBundle } from '../support/temporal';
import { testTrust } from '../support/trust';

let env: TestWorkflowEnvironment;
let worker: Worker;
let working: Promise<void>;
let store: TestStore;
let smtp: TestSmtpServer;
let engine: TestSignInServer;
let boards: BoardRosters;
let governance: GovernanceClient;

const initiative = loadInitiativeBoard();
const trust = testTrust();

beforeAll(async () => {
  [env, store, smtp] = await Promise.all([startDevServer(), freshStore(), TestSmtpServer.start()]);
  worker = await createGovernanceWorker({ connection: env.nativeConnection, namespace: 'default', store, evidenceDir: freshDir(), client: env.client, workflowBundle: await workflowBundle(), trust: trust.worker });
  working = worker.run();
  governance = new GovernanceClient({ client: env.client, board: loadBoard(), store, signer: trust.api });
  await governance.openBoard({ by: 's-jo' });
  await governance.initiative(initiative.roster.boardId).open({ by: 's-jo', config: initiative });
  boards = rostersFromProcesses(governance, { productBoardId: 'product-board', initiativeBoardId: initiative.roster.boardId });
  engine = await startSignInServer({ smtp, store, boards });
  for (const [id, email] of [['m-amara', 'amara@example.org'], ['s-jo', 'jo@example.org'], ['i-ruth', 'ruth@example.org'], ['m-gita', 'gita@example.org'], ['m-hal', 'hal@example.org']] as const)
    await setPerson(store.db, id, { email });
  // The CLI keeps its token in this test's own config folder, and finds the server at its public address.
  process.env.XDG_CONFIG_HOME = mkdtempSync(join(tmpdir(), 'governance-config-'));
  process.env.GOVERN_PUBLIC_URL = engine.url;
});

afterAll(async () => {
  await engine?.close();
  worker?.shutdown();
  await working;
  await env?.teardown();
  await smtp?.down();
});

/** `govern` in process; `answers` are typed at its prompts in turn (each may read the mail that has arrived by then). */
async function govern(argv: string[], answers: (() => string)[] = []) {
  let stdout = '';
  let stderr = '';
  const asked: string[] = [];
  const prompt = async (question: string) => {
    asked.push(question);
    const next = answers.shift();
    if (!next) throw new Error(`No answer for the prompt: ${question}`);
    return next();
  };
  const code = await runGovern(argv, { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) }, prompt });
  return { code, stdout: stdout.trim(), stderr: stderr.trim(), asked };
}

/** Signs `email` in through the API for a token, as another computer's `govern login` would. */
async function tokenFor(email: string): Promise<string> {
  await engine.post('/api/sign-in/code', { email });
  const signedIn = await engine.post('/api/sign-in/verify', { email, code: codeSentTo(smtp, email), client: 'cli' });
  return signedIn.body.token as string;
}

const rolesOf = async (token: string, headers: Record<string, string> = {}) => (await engine.get('/api/me', { authorization: `Bearer ${token}`, ...headers })).body.roles;

describe('the signed-in person and their roles', () => {
  it('makes an account for everyone the boards name', async () => {
    await accountsFromRosters(store.db, boards, () => undefined);
    const accounts = (await store.db.selectFrom('accounts').select(['person_id', 'origin']).execute()).map((a) => a.person_id).sort();
    const named = [...new Set([...loadBoard().roster.members.map((m) => m.id), 's-jo', 's-sam', ...initiative.roster.members.map((m) => m.id)])].sort();
    expect(accounts).toEqual(named);
  });

  it('signs the CLI in with govern login and the code read from the message; govern me shows the roles the boards give', async () => {
    const login = await govern(['login'], [() => 'amara@example.org', () => codeSentTo(smtp, 'amara@example.org')]);
    expect(login.asked).toEqual(['Your email address: ', 'We sent a code to amara@example.org. It works once, for 10 minutes.\nCode: ']);
    expect(login).toMatchObject({ code: 0, stderr: '' });
    expect(login.stdout).toMatch(new RegExp(`^Signed in as m-amara at ${engine.url.replace(/[.]/g, '\\.')}, until \\d{4}-`));
    expect(statSync(tokenFile()).mode & 0o777).toBe(0o600);
    expect(statSync(join(process.env.XDG_CONFIG_HOME!, 'govern')).mode & 0o777).toBe(0o700);

    const me = await govern(['me']);
    expect(me.code).toBe(0);
    expect(me.stdout).toMatch(/^m-amara <amara@example\.org>: member of product-board, chair of product-board\. Signed in by emailed code until /);
    const json = JSON.parse((await govern(['me', '--json'])).stdout);
    expect(json.roles).toEqual([
      { boardId: 'product-board', board: 'productBoard', role: 'member' },
      { boardId: 'product-board', board: 'productBoard', role: 'chair' },
    ]);
    expect(json.rolesNotKnown).toEqual([]);

    expect(await rolesOf(await tokenFor('jo@example.org'))).toEqual([
      { boardId: 'product-board', board: 'productBoard', role: 'secretariat' },
      { boardId: 'initiative-board', board: 'initiativeBoard', role: 'secretariat' },
    ]);
    expect(await rolesOf(await tokenFor('ruth@example.org'))).toEqual([
      { boardId: 'initiative-board', board: 'initiativeBoard', role: 'member' },
      { boardId: 'initiative-board', board: 'initiativeBoard', role: 'chair' },
    ]);
  });

  it('asks again for a mistyped code, and the server counts the tries', async () => {
    const login = await govern(['login', '--email', 'hal@example.org'], [() => '000000', () => codeSentTo(smtp, 'hal@example.org')]);
    // A chance in a million that 000000 is the code: then the first answer signs in.
    if (login.asked.length === 2) expect(login.asked[1]).toBe('That is not the code we sent last to hal@example.org. 4 tries left before you must wait.\nCode: ');
    expect(login.code).toBe(0);
    expect(login.stdout).toMatch(/^Signed in as m-hal/);
  });

  it('takes roles from the board process as it stands, not from its file or from what the request says', async () => {
    const gita = await tokenFor('gita@example.org');
    const hal = await tokenFor('hal@example.org');
    expect(await rolesOf(gita)).toEqual([{ boardId: 'product-board', board: 'productBoard', role: 'member' }]);
    expect(await rolesOf(hal)).toEqual([]);
    expect(await rolesOf(hal, { 'x-govern-role': 'secretariat', 'x-person-id': 's-jo' }), 'nothing a request says gives a role').toEqual([]);
    expect((await engine.get('/api/me?as=s-jo', { authorization: `Bearer ${hal}` })).body.personId).toBe('m-hal');

    await governance.boardCommand('removeMember', { by: 's-jo', memberId: 'm-gita', reason: 'Stepped down' });
    await governance.boardCommand('appointMember', { by: 's-jo', member: { id: 'm-hal', name: 'Hal Ng', technical: false, expertise: ['ethics'] } });
    expect(loadBoard().roster.members.map((m) => m.id), 'the board file still names Gita').toContain('m-gita');
    expect(await rolesOf(gita)).toEqual([]);
    expect(await rolesOf(hal)).toEqual([{ boardId: 'product-board', board: 'productBoard', role: 'member' }]);
  });

  it('revokes the token on the server with govern logout: a copy of it is refused from then on', async () => {
    await govern(['login', '--email', 'ruth@example.org'], [() => codeSentTo(smtp, 'ruth@example.org')]);
    const copy = (await readToken())!.token;
    expect((await engine.get('/api/me', { authorization: `Bearer ${copy}` })).status).toBe(200);

    const logout = await govern(['logout']);
    expect(logout).toMatchObject({ code: 0, stdout: `Signed out i-ruth from ${engine.url}; the token is deleted from this computer.` });
    expect(await readToken()).toBeUndefined();
    expect(await engine.get('/api/me', { authorization: `Bearer ${copy}` })).toMatchObject({ status: 401, body: { error: 'SignInRequired' } });
    expect(await govern(['me'])).toMatchObject({ code: 1, stderr: 'You are not signed in on this computer: run "govern login" first.' });
    expect(await govern(['logout'])).toMatchObject({ code: 0, stdout: 'You were not signed in on this computer.' });
  });

  it('says which board did not answer, and gives the roles of the one that did', async () => {
    const missing = rostersFromProcesses(governance, { productBoardId: 'product-board', initiativeBoardId: 'no-such-board' }, 2_000);
    const { answered, silent } = await missing.rosters();
    expect(answered.map((a) => a.boardId)).toEqual(['product-board']);
    expect(silent).toEqual([{ boardId: 'no-such-board', board: 'initiativeBoard', why: expect.stringMatching(/^the initiative board no-such-board did not answer \(.+\), so its roles are not known just now$/) }]);
  });
});

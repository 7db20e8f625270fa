/**
 * People's commands and reads through the engine's HTTP API, end to end on real servers: a Temporal dev
 * server with the governance worker, PostgreSQL, a real SMTP server, and the engine's server acting
 * through its own GovernanceClient. The server fills in who sends a command from the sign-in and
 * refuses a payload naming anyone else; a command only processes send is refused for every process
 * kind (the list is each process's own command table); a public submission and a harm report go
 * anonymously without an account; opening a board is for its secretariat, by the board's roster.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBoard } from '../../client/boardConfig';
import { runGovern } from '../../client/cli/run';
import { GovernanceClient } from '../../client/governanceClient';
import { loadInitiativeBoard } from '../../client/initiativeConfig';
import { anyoneMaySend, namesSender, processKinds } from '../../client/processKinds';
import { defaultHarmPolicy } from '../../machines/harmWatch/policy';
import { harmWatchProcessId } from '../../machines/kernel/ids';
import type { HarmWatchView } from '../../machines/harmWatch/view';
import { rostersFromProcesses } from '../../server/roles';
import { signInPolicy } from '../../server/signIn/policy';
import { setPerson } from '../../store/people';
import type { harmWatch } from '../../workflows/harmWatch/workflow';
import { harmWatchWorkflowType } from '../../workflows/harmWatch/messages';
import { peopleMaySend } from '../../workflows/host/commands';
import { TASK_QUEUE } from '../../workflows/taskQueue';
import { createGovernanceWorker } from '../../worker/worker';
import { freshStore, type TestStore } from '../support/postgres';
import { codeSentTo, startSignInServer, tokenOf, type TestSignInServer } from '../support/signInServer';
import { TestSmtpServer } from '../support/smtp';
import { freshDir, startDevServer, workflowBundle } from '../support/temporal';
import { testTrust } from '../support/trust';

let env: TestWorkflowEnvironment;
let worker: Worker;
let working: Promise<void>;
let store: TestStore;
let smtp: TestSmtpServer;
let engine: TestSignInServer;
const token: Record<string, string> = {};

const initiative = loadInitiativeBoard();
const initiativeId = `initiative-${initiative.roster.boardId}`;
/** The API's key (the server signs with it) and the worker's. */
const trust = testTrust();

beforeAll(async () => {
  [env, store, smtp] = await Promise.all([startDevServer(), freshStore(), TestSmtpServer.start()]);
  worker = await createGovernanceWorker({ connection: env.nativeConnection, namespace: 'default', store, evidenceDir: freshDir(), client: env.client, workflowBundle: await workflowBundle(), trust: trust.worker });
  working = worker.run();
  const governance = new GovernanceClient({ client: env.client, store, signer: trust.api });
  const boards = rostersFromProcesses(governance, { productBoardId: loadBoard().roster.boardId, initiativeBoardId: initiative.roster.boardId });
  engine = await startSignInServer({ smtp, store, boards, governance, boardFiles: { product: () => loadBoard(), initiative: () => loadInitiativeBoard() } });
  for (const person of ['s-jo', 'm-ben', 'm-amara', 'p-zoe']) token[person] = await tokenOf(store, person);
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

const as = (person: string) => ({ authorization: `Bearer ${token[person]}` });
const send = (workflowId: string, command: string, body: unknown, person?: string) =>
  engine.post(`/api/processes/${workflowId}/commands/${command}`, body, person ? as(person) : {});
const auditOf = async (workflowId: string) => (await engine.get(`/api/processes/${workflowId}/audit`)).body as unknown as { command: string; by?: string; accepted: boolean }[];

describe('opening the boards', () => {
  it('refuses a person not its secretariat, and opens the board for its secretariat (by the board file while it is not open)', async () => {
    const [refused, anonymous] = await Promise.all([engine.post('/api/boards/product-board/open', {}, as('m-ben')), engine.post('/api/boards/product-board/open', {})]);
    expect(refused).toMatchObject({ status: 403, body: { error: 'NotSecretariat', message: 'You are signed in as m-ben, who may not open product-board: only its secretariat (s-jo, s-sam) may.' } });
    expect(anonymous).toMatchObject({ status: 401, body: { error: 'SignInRequired' } });
    expect((await engine.get('/api/processes/board-product-board')).status, 'nothing was opened').toBe(404);

    const [board, initiativeBoard] = await Promise.all([
      engine.post('/api/boards/product-board/open', {}, as('s-jo')),
      engine.post(`/api/boards/${initiative.roster.boardId}/open`, {}, as('s-jo')),
    ]);
    expect(board).toMatchObject({ status: 200, body: { boardId: 'product-board', state: 'sitting' } });
    expect(initiativeBoard).toMatchObject({ status: 200, body: { boardId: initiative.roster.boardId } });
    expect(await engine.post('/api/boards/no-such-board/open', {}, as('s-jo'))).toMatchObject({ status: 404, body: { message: expect.stringContaining('This server serves no board no-such-board') } });
  });
});

describe('a command through the API', () => {
  it('is sent in the signed-in person\u2019s name: a payload naming another is refused and nothing is recorded', async () => {
    const before = await auditOf('board-product-board');
    const forged = await send('board-product-board', 'subscribe', { payload: { by: 's-jo' } }, 'm-ben');
    expect(forged).toMatchObject({ status: 403, body: { error: 'NotYourName', message: expect.stringMatching(/^You are signed in as m-ben; the engine records what you send in your name only\./) } });
    expect(await auditOf('board-product-board'), 'nothing reached the board').toEqual(before);

    const [own, named] = await Promise.all([send('board-product-board', 'subscribe', { payload: {} }, 'm-ben'), send('board-product-board', 'subscribe', { payload: { by: 'p-zoe' } }, 'p-zoe')]);
    expect(own).toMatchObject({ status: 200, body: { receipt: { accepted: 'subscribe', processId: 'board-product-board' }, view: { subscribers: expect.arrayContaining(['m-ben']) } } });
    expect(named.status).toBe(200);
    expect((await auditOf('board-product-board')).slice(-2).map((e) => e.by).sort()).toEqual(['m-ben', 'p-zoe']);
  });

  it('answers the engine\u2019s refusals as they are, and refuses bad input in words', async () => {
    const [notSecretariat, malformed, missing, unknownCommand, signedOut, badVia] = await Promise.all([
      send('board-product-board', 'registerProduct', { payload: { product: { id: 'api-map', name: 'API map' } } }, 'm-ben'),
      send('board-product-board', 'registerProduct', { payload: { product: { id: 'API map!' } } }, 's-jo'),
      send('gr-no-such-review', 'castVote', { payload: { choice: 'approve' } }, 'm-ben'),
      send('board-product-board', 'frobnicate', { payload: {} }, 's-jo'),
      send('board-product-board', 'subscribe', { payload: {} }),
      send('board-product-board', 'subscribe', { payload: {}, via: 'pigeon' }, 'm-ben'),
    ]);
    expect(notSecretariat).toMatchObject({ status: 409, body: { error: 'CommandRefused', message: expect.stringContaining('m-ben') } });
    expect(malformed).toMatchObject({ status: 400, body: { error: 'InvalidCommand' } });
    expect(missing).toMatchObject({ status: 404, body: { error: 'NotFound', message: expect.stringContaining('No gate review gr-no-such-review') } });
    expect(unknownCommand).toMatchObject({ status: 404, body: { error: 'UnknownCommand', message: expect.stringContaining('it takes: appointMember, removeMember') } });
    expect(signedOut).toMatchObject({ status: 401, body: { error: 'SignInRequired', message: expect.stringContaining('subscribe is sent by a signed-in person') } });
    expect(badVia).toMatchObject({ status: 400, body: { error: 'InvalidInput', message: expect.stringContaining('via is "update"') } });
  });

  it('refuses, for every process kind, each command only processes send, and serves each command people send', async () => {
    const processesOnly = processKinds.flatMap((k) => k.commands.filter((c) => !peopleMaySend(c)).map((c) => `${k.kind}.${c.name}`));
    expect(processesOnly.sort(), 'the commands only processes send, from the tables').toEqual(['gateReview.removeMember', 'harmWatch.lifecycleChanged', 'productBoard.amendPolicy', 'productBoard.placeItem', 'productBoard.setGuidingPrinciples']);
    const before = await auditOf('board-product-board');
    for (const kind of processKinds)
      for (const command of kind.commands) {
        // A process of this kind that does not exist: a command people send reaches the engine (and is not found), one only processes send never leaves the server.
        const answer = await send(`${kind.prefix}nobody-here`, command.name, { payload: {} }, 's-jo');
        if (peopleMaySend(command)) expect({ command: `${kind.kind}.${command.name}`, status: answer.status, error: answer.body.error }).toEqual({ command: `${kind.kind}.${command.name}`, status: 404, error: 'NotFound' });
        else expect({ command: `${kind.kind}.${command.name}`, ...answer.body }).toMatchObject({ command: `${kind.kind}.${command.name}`, error: 'ProcessesOnly', message: expect.stringContaining("is sent by the engine's own processes, not by people") });
      }
    // And to a running board: the forged cross-process commands of issue 14 do not reach it.
    const [principles, placed] = await Promise.all([
      send('board-product-board', 'setGuidingPrinciples', { payload: { principles: [] } }, 's-jo'),
      send('board-product-board', 'placeItem', { payload: {} }, 's-jo'),
    ]);
    expect([principles.status, placed.status]).toEqual([403, 403]);
    expect(await auditOf('board-product-board')).toEqual(before);
  });

  it('names the sender of every command people send, and lets only a submission and a harm report go without one', () => {
    const people = processKinds.flatMap((k) => k.commands.filter(peopleMaySend).map((c) => ({ command: `${k.kind}.${c.name}`, names: namesSender(c), anonymous: anyoneMaySend(c) })));
    expect(people.filter((c) => !c.names)).toEqual([]);
    expect(people.filter((c) => c.anonymous).map((c) => c.command).sort()).toEqual(['harmWatch.reportHarm', 'initiativeBoard.submitItem']);
    // A flag is signed: one per person is what keeps three flags from one hand hiding anything.
    expect(people.filter((c) => /^flag/.test(c.command.split('.')[1]!)).map((c) => [c.command, c.anonymous])).toEqual([
      ['harmWatch.flagHarm', false],
      ['initiativeBoard.flagSubmission', false],
    ]);
  });

  it('takes an anonymous harm report and submission with no account, and records the person when signed in', async () => {
    await env.client.workflow.start<typeof harmWatch>(harmWatchWorkflowType, {
      workflowId: harmWatchProcessId('api-watch'),
      taskQueue: TASK_QUEUE,
      args: [{ product: { id: 'api-watch', name: 'API watch' }, boardId: 'product-board', liveSince: new Date().toISOString(), policy: defaultHarmPolicy }],
    });
    const watch = harmWatchProcessId('api-watch');
    const anonymous = await send(watch, 'reportHarm', { payload: { summary: 'My address was shown' } });
    expect(anonymous).toMatchObject({ status: 200, body: { receipt: { accepted: 'reportHarm', created: expect.stringMatching(/^harm-api-watch-R\d+$/) } } });
    const named = await send(watch, 'reportHarm', { payload: { summary: 'Wrong amount shown' } }, 'p-zoe');
    const reports = (named.body.view as { reports: { reportId: string; reportedBy?: string }[] }).reports;
    expect(reports.map((r) => r.reportedBy)).toEqual([undefined, 'p-zoe']);
    expect(await send(watch, 'reportHarm', { payload: { summary: 'In her name', by: 'p-zoe' } })).toMatchObject({ status: 401, body: { error: 'SignInRequired' } });
    expect(await send(watch, 'triageHarm', { payload: { reportId: reports[0]!.reportId, severity: 'low', note: 'Next review' } })).toMatchObject({ status: 401 });

    const submitted = await send(initiativeId, 'submitItem', { payload: { title: 'Map food banks', text: 'People cannot find them.' } });
    expect(submitted).toMatchObject({ status: 200, body: { receipt: { accepted: 'submitItem', created: expect.stringMatching(/-S\d+$/) } } });
    const submission = (submitted.body.view as { submissions: { submissionId: string; submittedBy?: string }[] }).submissions.find((s) => s.submissionId === (submitted.body.receipt as { created: string }).created);
    expect(submission).toBeDefined();
    expect(submission!.submittedBy).toBeUndefined();
  });
});

describe('a harm report flagged through the API', () => {
  it('is withheld from the public and from anyone off the board, never from the board; a flag needs a sign-in', async () => {
    const watch = harmWatchProcessId('api-watch');
    const reported = await send(watch, 'reportHarm', { payload: { summary: 'It printed my case number on the letter' } }, 'p-zoe');
    const reportId = (reported.body.receipt as { created: string }).created;
    expect(await send(watch, 'flagHarm', { payload: { reportId, reason: 'spam' } }), 'no anonymous flags').toMatchObject({ status: 401, body: { error: 'SignInRequired' } });
    for (const person of ['m-ben', 'm-amara', 'p-zoe']) expect((await send(watch, 'flagHarm', { payload: { reportId, reason: 'spam' } }, person)).status).toBe(200);
    expect(await send(watch, 'flagHarm', { payload: { reportId, reason: 'abuse' } }, 'm-ben')).toMatchObject({ status: 409, body: { message: expect.stringContaining('You have already flagged') } });
    const read = async (person?: string) => ((await engine.get(`/api/processes/${watch}`, person ? as(person) : {})).body as unknown as HarmWatchView).reports.find((r) => r.reportId === reportId)!;
    for (const reader of [undefined, 'p-zoe']) {
      const seen = await read(reader);
      expect(seen.withheld, `${reader ?? 'the public'} reads it withheld`).toBe('hidden');
      expect(seen.summary).not.toContain('case number');
      expect(seen.moderation?.flaggedBy).toBeUndefined();
    }
    // The product board's members and secretariat (its roster, asked of the board) read it in full, with who flagged it.
    for (const reader of ['m-ben', 's-jo']) expect(await read(reader)).toMatchObject({ summary: 'It printed my case number on the letter', moderation: { flaggedBy: [{ by: 'm-ben' }, { by: 'm-amara' }, { by: 'p-zoe' }] } });
  });
});

describe('what is sent without signing in', () => {
  it('is limited per client, on the API and the portal\'s public forms alike; a person signed in is not counted', async () => {
    const limit = { max: 2, windowMs: 15 * 60_000 };
    const boards = rostersFromProcesses(new GovernanceClient({ client: env.client, store, signer: trust.api }), { productBoardId: loadBoard().roster.boardId, initiativeBoardId: initiative.roster.boardId });
    const tight = await startSignInServer({ smtp, store, boards, governance: new GovernanceClient({ client: env.client, store, signer: trust.api }), policy: { perClient: { ...signInPolicy.perClient, anonymousPosts: limit } }, boardFiles: { product: () => loadBoard(), initiative: () => loadInitiativeBoard() } });
    try {
      const submissions = async () => ((await tight.get(`/api/processes/${initiativeId}`)).body as unknown as { submissions: unknown[] }).submissions.length;
      const before = await submissions();
      const submit = (person?: string) => tight.post(`/api/processes/${initiativeId}/commands/submitItem`, { payload: { title: 'Map food banks', text: 'People cannot find them.' } }, person ? { authorization: `Bearer ${token[person]}` } : {});
      expect((await submit()).status).toBe(200);
      expect((await submit()).status).toBe(200);
      const third = await submit();
      expect(third).toMatchObject({ status: 429, body: { error: 'TooManyRequests' } });
      expect(third.body.message).toMatch(/sent without signing in: wait and try again in 15 minutes, or sign in first/);
      expect((await submit('p-zoe')).status, 'signed in, not counted').toBe(200);
      expect(await submissions(), 'the refused one was not recorded').toBe(before + 3);

      // The portal's form shares the count: the next anonymous form post is refused in words, and nothing recorded.
      const form = await fetch(`${tight.url}/submit`);
      const cookie = form.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
      const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())![1]!;
      const posted = await fetch(`${tight.url}/submit`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie, origin: new URL(tight.url).origin },
        body: new URLSearchParams({ _csrf: csrf, title: 'Map food banks', text: 'People cannot find them.', named: 'no' }).toString(),
      });
      expect(posted.status).toBe(429);
      expect(await posted.text()).toContain('sent without signing in: wait and try again in 15 minutes');
      expect(await submissions()).toBe(before + 3);
    } finally {
      await tight.close();
    }
  });
});

describe('reads', () => {
  it('answers a process, its audit, the register, the agenda, the reviews and, signed in, your notices', async () => {
    const [status, audit, register, agenda, due, reviews, notices, noticesSignedOut, unknown] = await Promise.all([
      engine.get('/api/processes/board-product-board'),
      engine.get('/api/processes/board-product-board/audit'),
      engine.get('/api/register'),
      engine.get('/api/boards/product-board/agenda'),
      engine.get('/api/boards/product-board/reviews-due'),
      engine.get('/api/reviews?limit=5'),
      engine.get('/api/me/notices', as('m-ben')),
      engine.get('/api/me/notices'),
      engine.get('/api/processes/zz-unknown'),
    ]);
    expect(status).toMatchObject({ status: 200, body: { boardId: 'product-board' } });
    expect(audit.status).toBe(200);
    expect(Array.isArray(audit.body)).toBe(true);
    expect([register.status, due.status, reviews.status, notices.status]).toEqual([200, 200, 200, 200]);
    expect(agenda).toMatchObject({ status: 200, body: { boardId: 'product-board', meetings: expect.any(Array) } });
    expect(noticesSignedOut.status).toBe(401);
    expect(unknown).toMatchObject({ status: 404, body: { message: expect.stringContaining('a process id starts with') } });
    expect(await engine.get('/api/reviews?limit=500')).toMatchObject({ status: 400, body: { message: expect.stringContaining('limit is at most 100') } });
  });
});

describe('govern through the API', () => {
  it('signs in by the emailed code, then acts as that person with no --as, and refuses --as', async () => {
    await setPerson(store.db, 's-sam', { email: 'sam@example.org' });
    const out = { stdout: '', stderr: '' };
    const io = (answers: (() => string)[] = []) => ({
      stdout: { write: (t: string) => (out.stdout += t) },
      stderr: { write: (t: string) => (out.stderr += t) },
      prompt: async () => answers.shift()!(),
      mode: 'api' as const,
    });
    expect(await runGovern(['login', '--email', 'sam@example.org'], io([() => codeSentTo(smtp, 'sam@example.org')]))).toBe(0);
    expect(out.stdout).toMatch(/^Signed in as s-sam/);

    out.stdout = '';
    expect(await runGovern(['product', 'register', '--id', 'login-map', '--name', 'Login map', '--json'], io()), out.stderr).toBe(0);
    expect(JSON.parse(out.stdout)).toMatchObject({ stage: 'proposed' });
    const registered = (await auditOf('board-product-board')).filter((e) => e.command === 'registerProduct' && e.accepted);
    expect(registered.at(-1)?.by, 'recorded in the name of the person signed in').toBe('s-sam');

    out.stderr = '';
    expect(await runGovern(['board', 'pause', '--as', 's-jo', '--reason', 'Summer'], io())).toBe(2);
    expect(out.stderr).toContain('--as is for development mode only (GOVERN_DEV=1); through the engine\'s server you act as s-sam: drop --as.');
  });
});

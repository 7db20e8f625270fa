/**
 * The `govern` command line through the engine's HTTP API, against a real dev server, a real
 * PostgreSQL and a real SMTP server, on a board founded from its own board file: each person is signed
 * in (a CLI token opened in the store: test/server/processes.devServer.test.ts signs in by the emailed
 * code), and every command goes to the server with their token, which sends it in their name, with no
 * --as. Most command lines run in this process through `runGovern`, the function bin/govern.js runs
 * (a subprocess costs seconds on two busy cores). A few run as people run them, a real subprocess of
 * bin/govern.js finding the server through GOVERN_PUBLIC_URL and its sign-in in its config folder: a
 * refusal (exit 1) and an answer (exit 0) from the server, a malformed command line (exit 2), and the
 * database problems of the register's export reported from DATABASE_URL.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadBoard } from '../../client/boardConfig';
import { runGovern, type GovernIO } from '../../client/cli/run';
import { GovernanceClient } from '../../client/governanceClient';
import { loadInitiativeBoard } from '../../client/initiativeConfig';
import { projectRoot } from '../../client/settings';
import { saveToken, tokenFile, type SavedToken } from '../../client/tokenFile';
import { rostersFromProcesses } from '../../server/roles';
import { createGovernanceWorker } from '../../worker/worker';
import { freshStore, type TestStore } from '../support/postgres';
import { decision } from '../support/registerRecords';
import { startSignInServer, tokenOf, type TestSignInServer } from '../support/signInServer';
import { TestSmtpServer } from '../support/smtp';
import { freshDir, startDevServer, workflowBundle } from '../support/temporal';
import { testTrust } from '../support/trust';

const run = promisify(execFile);
let env: TestWorkflowEnvironment;
let worker: Worker;
let working: Promise<void>;
let store: TestStore;
let smtp: TestSmtpServer;
let engine: TestSignInServer;
/** Each person's sign-in, made on first use. */
const signIns = new Map<string, Promise<SavedToken>>();

// The roster of the shipped board file, with principles of this test's own: two guiding, one of the board's.
const boardFile = join(freshDir(), 'board.json');
const { roster } = JSON.parse(readFileSync(join(projectRoot, 'config', 'product-board.json'), 'utf8')) as { roster: unknown };
writeFileSync(
  boardFile,
  JSON.stringify({
    roster,
    principles: {
      guiding: [
        { id: 'good-data', title: 'Good data' },
        { id: 'co-created', title: 'Co-created with communities' },
      ],
      board: [{ id: 'open-by-default', title: 'Open by default' }],
    },
  }),
);
const trust = testTrust();
const assess = ['--assess', 'good-data: sources documented', '--assess', 'Co-created with communities: designed with claimants'];
const fullAssessment = [...assess, '--assess', 'open-by-default: code published'];

beforeAll(async () => {
  [env, store, smtp] = await Promise.all([startDevServer(), freshStore(), TestSmtpServer.start()]);
  worker = await createGovernanceWorker({ connection: env.nativeConnection, namespace: 'default', store, evidenceDir: freshDir(), client: env.client, workflowBundle: await workflowBundle(), trust: trust.worker });
  working = worker.run();
  // What a command reads from the environment itself, in process as in the subprocess: the board file, the register's key.
  vi.stubEnv('GOVERN_BOARD_FILE', boardFile);
  vi.stubEnv('GOVERN_REGISTER_KEY_FILE', store.keyFile);
  // The engine's server, acting through its own client of the same dev server.
  const governance = new GovernanceClient({ client: env.client, board: loadBoard(boardFile), store, signer: trust.api });
  const initiativeBoardId = loadInitiativeBoard().roster.boardId;
  const boards = rostersFromProcesses(governance, { productBoardId: 'product-board', initiativeBoardId });
  engine = await startSignInServer({ smtp, store, boards, governance, boardFiles: { product: () => loadBoard(boardFile), initiative: () => loadInitiativeBoard() } });
  // Where a command with no sign-in finds the server, as it does for people.
  vi.stubEnv('GOVERN_PUBLIC_URL', engine.url);
});

afterAll(async () => {
  vi.unstubAllEnvs();
  await engine?.close();
  worker?.shutdown();
  await working;
  await env?.teardown();
  await smtp?.down();
});

type Result = { code: number; stdout: string; stderr: string };

/** `person`'s sign-in at the engine's server. */
function signInOf(person: string): Promise<SavedToken> {
  let signIn = signIns.get(person);
  if (!signIn) signIns.set(person, (signIn = tokenOf(store, person).then((token) => ({ server: engine.url, token, personId: person, expiresAt: new Date(Date.now() + 3_600_000).toISOString() }))));
  return signIn;
}

/** `govern` as people run it: a subprocess of bin/govern.js, signed in as `person` in a config folder of its own, with `settings` over the standard ones. */
async function governBinaryAs(person: string | undefined, settings: NodeJS.ProcessEnv, ...args: string[]): Promise<Result> {
  const config = mkdtempSync(join(tmpdir(), 'governance-config-'));
  if (person) await saveToken(await signInOf(person), tokenFile({ XDG_CONFIG_HOME: config }));
  try {
    const { stdout, stderr } = await run(process.execPath, [join(projectRoot, 'bin', 'govern.js'), ...args], {
      env: {
        ...process.env,
        XDG_CONFIG_HOME: config,
        GOVERN_PUBLIC_URL: engine.url,
        DATABASE_URL: store.url,
        GOVERN_REGISTER_KEY_FILE: store.keyFile,
        GOVERN_BOARD_FILE: boardFile,
        ...settings,
      },
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const failed = err as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

/** `govern` run in this process through the API, signed in as `person`; the register's export and import read this file's database. */
async function governAs(person: string, ...args: string[]): Promise<Result> {
  return governIn({ mode: 'api', signedIn: () => signInOf(person), database: async () => store.db }, ...args);
}

/** `govern` run in this process through the API, signed in as no one. */
async function govern(...args: string[]): Promise<Result> {
  return governIn({ mode: 'api', signedIn: async () => undefined, database: async () => store.db }, ...args);
}

/** `govern` in this process with no server and no database to reach: a command that asks for either fails saying so. */
async function governOffline(...args: string[]): Promise<Result> {
  const nowhere = (what: string) => async () => {
    throw new Error(`This command may not use ${what}`);
  };
  return governIn({ connect: nowhere('the engine'), database: nowhere('the database') }, ...args);
}

async function governIn(reach: Pick<GovernIO, 'connect' | 'database' | 'mode' | 'signedIn'>, ...args: string[]): Promise<Result> {
  let stdout = '';
  let stderr = '';
  const code = await runGovern(args, { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) }, ...reach });
  return { code, stdout, stderr };
}

const answer = async (result: Promise<Result>) => {
  const done = await result;
  expect(done, done.stdout + done.stderr).toMatchObject({ code: 0 });
  return JSON.parse(done.stdout) as Record<string, unknown>;
};
const json = (...args: string[]) => answer(govern(...args, '--json'));
const jsonAs = (person: string, ...args: string[]) => answer(governAs(person, ...args, '--json'));

/** Polls until `done` holds for the workflow's answer to `read` (a child process starts a moment after its parent's update). */
async function until<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  for (let i = 0; ; i++) {
    const value = await read().catch(() => undefined);
    if (value !== undefined && done(value)) return value;
    if (i > 100) throw new Error(`Gave up waiting; last seen ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('govern', () => {
  let reviewId: string;

  it('opens the board, registers a product and puts a request on the agenda', async () => {
    // As people run it: the binary finds the server by GOVERN_PUBLIC_URL and its sign-in in its config folder; the server says who may open the board.
    const [notSecretariat, opening] = await Promise.all([governBinaryAs('m-ben', {}, 'board', 'open'), governBinaryAs('s-jo', {}, 'board', 'open', '--json')]);
    expect(notSecretariat).toMatchObject({ code: 1, stderr: expect.stringContaining('only its secretariat (s-jo, s-sam)') });
    expect(opening, opening.stdout).toMatchObject({ code: 0 });
    const opened = JSON.parse(opening.stdout) as Record<string, unknown>;
    expect(opened).toMatchObject({ boardId: 'product-board', state: 'sitting' });
    const [registered] = await Promise.all([jsonAs('s-jo', 'product', 'register', '--id', 'cli-map', '--name', 'CLI map'), jsonAs('p-zoe', 'subscribe')]);
    expect(registered).toMatchObject({ stage: 'proposed', mayRequest: ['prioritisation', 'retirement'] });

    const [member, partial, malformed] = await Promise.all([
      governAs('m-ben', 'request', '--product', 'cli-map', '--gate', 'prioritisation', ...fullAssessment),
      governAs('s-jo', 'request', '--product', 'cli-map', '--gate', 'prioritisation', ...assess),
      governAs('s-jo', 'request', '--product', 'cli-map', '--gate', 'prioritisation', '--assess', 'no principle named'),
    ]);
    expect(member).toMatchObject({ code: 1, stderr: expect.stringContaining('secretariat') });
    expect(partial).toMatchObject({ code: 1, stderr: expect.stringContaining('it leaves out: open-by-default ("Open by default")') });
    expect(malformed).toMatchObject({ code: 2, stderr: expect.stringContaining('should read "principle: how the product meets it"') });

    const requested = await governAs('s-jo', 'request', '--product', 'cli-map', '--gate', 'prioritisation', '--paper', 'https://example.org/cli-map', ...fullAssessment);
    expect(requested.code, requested.stderr).toBe(0);
    expect(requested.stdout).toContain('Before the board: gr-cli-map-prioritisation-1 (prioritisation) at meeting product-board-');

    const [product, agenda] = (await Promise.all([json('product', 'status', 'cli-map'), json('agenda')])) as [
      { pending: { reviewId: string; meetingId: string } },
      { meetings: { meeting: { meetingId: string }; items: { itemId: string }[] }[] },
    ];
    reviewId = product.pending.reviewId;
    expect(agenda.meetings.find((m) => m.meeting.meetingId === product.pending.meetingId)?.items.map((i) => i.itemId)).toEqual([reviewId]);
  });

  it('takes votes on the pending review and refuses with the engine’s reason', async () => {
    // The product starts the review as its child just after answering the request.
    await until(() => env.client.workflow.getHandle(reviewId).describe(), (d) => d.status.name === 'RUNNING');
    const [bySignal, ...votes] = await Promise.all([
      governAs('m-eli', 'vote', reviewId, '--choice', 'reject', '--reason', 'Not yet', '--via', 'signal'),
      ...['m-ben', 'm-chen', 'm-dana'].map((m) => governAs(m, 'vote', reviewId, '--choice', 'approve')),
    ]);
    expect(votes.map((v) => v.code)).toEqual([0, 0, 0]);
    expect(bySignal.stdout).toContain(`Sent castVote to ${reviewId} as a signal`);

    const [twice, stranger, unknown, badChoice] = await Promise.all([
      governAs('m-ben', 'vote', reviewId, '--choice', 'reject'),
      governAs('mallory', 'vote', reviewId, '--choice', 'approve', '--json'),
      govern('status', 'gr-missing'),
      governAs('m-chen', 'vote', reviewId, '--choice', 'yes'),
    ]);
    expect(twice).toMatchObject({ code: 1, stderr: expect.stringContaining('You have already voted on gate review') });
    expect(stranger.code).toBe(1);
    expect(JSON.parse(stranger.stdout)).toEqual({ error: 'CommandRefused', message: expect.stringContaining('mallory is not a member of product-board') });
    expect(unknown).toMatchObject({ code: 1, stderr: expect.stringContaining('No gate review gr-missing') });
    expect(badChoice).toMatchObject({ code: 1, stderr: expect.stringContaining('choice must be one of: approve, approveWithConditions, reject, abstain') });
  });

  it('runs in process against the server: a refusal exits 1 with the engine’s reason, a command and a read succeed', async () => {
    const [refused, subscribed, read] = await Promise.all([
      governAs('mallory', 'vote', reviewId, '--choice', 'approve'),
      governAs('p-ian', 'subscribe', '--json'),
      govern('status', reviewId, '--json'),
    ]);
    expect(refused).toMatchObject({ code: 1, stdout: '', stderr: expect.stringContaining('mallory is not a member of product-board') });
    expect(subscribed).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(subscribed.stdout)).toMatchObject({ boardId: 'product-board' });
    expect(read).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(read.stdout)).toMatchObject({ reviewId, product: { id: 'cli-map' } });
  });

  it('decides, moves the product and publishes the decision to the register and subscribers', async () => {
    const closed = await jsonAs('s-jo', 'close', reviewId);
    expect(closed).toMatchObject({ decision: { outcome: 'approved', tally: { approve: 3, reject: 1 } } });

    const product = await until(() => json('product', 'status', 'cli-map'), (p) => p.prioritised === true);
    expect(product).toMatchObject({ stage: 'proposed', mayRequest: ['discovery', 'retirement'] });
    // Anyone reads the register, through the server: with no sign-in, and no database this side.
    const register = await governBinaryAs(undefined, { DATABASE_URL: 'postgres://nobody@127.0.0.1:1/nothing' }, 'register', '--product', 'cli-map');
    expect(register.code, register.stderr).toBe(0);
    expect(register.stdout).toMatch(new RegExp(`${reviewId}: APPROVED — cli-map proposed → prioritisation`));
    expect(register.stdout).toContain('m-eli: reject — Not yet');
    expect((await governAs('p-zoe', 'notifications')).stdout).toContain(`Decision ${reviewId}: approved`);
  });

  it('exports the register with its hashes and signed heads, and checks the export with no database', async () => {
    const dir = freshDir();
    const file = join(dir, 'register.jsonl');
    const [exported, csv] = await Promise.all([govern('register', 'export', '--out', file), govern('register', 'export', '--format', 'csv')]);
    expect(exported).toMatchObject({ code: 0, stdout: expect.stringMatching(/^Exported \d+ entr(y|ies) to .*register\.jsonl \(jsonl\)\. Check it, anywhere, with: govern register verify /) });
    expect(csv.stdout.split('\r\n')[0]).toBe('seq,published_at,decision_id,kind,board,product,subject,title,outcome,deferred_because,approve,approve_with_conditions,reject,abstain,explanation,prev_hash,hash,head_public_key,head_signature,record');
    expect(csv.stdout).toMatch(new RegExp(`\\r\\n\\d+,[^,]+,${reviewId},gateReview,product-board,cli-map,prioritisation,CLI map,approved,,3,\\d+,1,\\d+,`));

    // Offline: no database and no Temporal anywhere.
    const verified = await governOffline('register', 'verify', file);
    expect(verified).toMatchObject({ code: 0, stdout: expect.stringContaining('The export verifies:') });
    expect(verified.stdout).toContain(`by key ${store.signer.publicKey}`);

    const lines = readFileSync(file, 'utf8').split('\n');
    const at = lines.findIndex((l) => l.includes(`"type":"entry"`) && l.includes(`"decisionId":"${reviewId}"`));
    const { seq } = JSON.parse(lines[at]!) as { seq: number };
    lines[at] = lines[at]!.replace('"outcome":"approved"', '"outcome":"rejected"');
    writeFileSync(join(dir, 'edited.jsonl'), lines.join('\n'));
    const edited = await governOffline('register', 'verify', join(dir, 'edited.jsonl'));
    expect(edited).toMatchObject({ code: 1, stderr: expect.stringContaining(`edited.jsonl does not verify. Entry seq ${seq} (${reviewId}, line ${at + 1}) was edited`) });
    expect(await governOffline('register', 'verify', join(dir, 'edited.jsonl'), '--public-key', store.signer.publicKey)).toMatchObject({ code: 1 });
  });

  it('imports a file register of an earlier version once, however often it is run', async () => {
    const folder = freshDir();
    for (const id of ['gr-filed-1', 'gr-filed-2'])
      writeFileSync(join(folder, `${id}.json`), JSON.stringify({ ...decision(id), product: { id: 'filed-map', name: 'Filed map', stage: 'discovery' }, publishedAt: `2026-01-0${id.at(-1)}T09:00:00.000Z` }));
    expect(await govern('register', 'import', folder)).toMatchObject({ code: 0, stdout: `Imported 2 of 2 entries from ${folder}.\n` });
    expect(await govern('register', 'import', folder)).toMatchObject({ code: 0, stdout: `Imported 0 of 2 entries from ${folder} (2 already in the register).\n` });
    const filed = await govern('register', '--product', 'filed-map');
    expect(filed.stdout).toMatch(/^gr-filed-1: APPROVED — filed-map discovery → alpha \(published 2026-01-01T09:00:00.000Z\)/);
    expect(filed.stdout).toContain('gr-filed-2: APPROVED');

    writeFileSync(join(folder, 'broken.json'), '{ "decisionId": ');
    expect(await govern('register', 'import', folder)).toMatchObject({ code: 1, stderr: expect.stringContaining(`Cannot import ${join(folder, 'broken.json')}`) });
  });

  it('says where it looked when the register cannot be exported from its database', async () => {
    const [refused, mysql] = await Promise.all([
      governBinaryAs(undefined, { DATABASE_URL: 'postgres://nobody@127.0.0.1:1/nothing' }, 'register', 'export', '--format', 'csv'),
      governBinaryAs(undefined, { DATABASE_URL: 'mysql://gov@db/governance' }, 'register', 'export', '--format', 'csv'),
    ]);
    expect(refused).toMatchObject({ code: 1, stderr: "Cannot use the engine's PostgreSQL (postgres://nobody@127.0.0.1:1/nothing): nothing answers there. Check DATABASE_URL.\n" });
    expect(mysql).toMatchObject({ code: 1, stderr: expect.stringContaining('DATABASE_URL starts with "mysql:"') });
  });

  it('exits 2 with the usage for a malformed command line', async () => {
    const [missing, unknown, both, severity, planDue, worst, remedy, gate] = await Promise.all([
      governBinaryAs('s-jo', {}, 'request', '--product', 'p'),
      govern('frobnicate'),
      governAs('s-jo', 'board', 'appoint', '--member', 'm-hal', '--name', 'Hal', '--technical', '--non-technical'),
      governAs('s-jo', 'harm', 'triage', 'harm-p-1', '--product', 'p', '--severity', 'bad', '--note', 'x'),
      governAs('s-jo', 'harm', 'triage', 'harm-p-1', '--product', 'p', '--severity', 'medium', '--note', 'x', '--plan-due', '2027-03-01T00:00:00Z'),
      governAs('m-ben', 'review', 'record', '--product', 'p', '--worst', 'awful'),
      governAs('s-jo', 'harm', 'triage', 'harm-p-1', '--product', 'p', '--severity', 'critical', '--note', 'x', '--remedy', 'undo'),
      governAs('s-jo', 'request', '--product', 'p', '--gate', 'revert'),
    ]);
    expect(missing).toMatchObject({ code: 2, stderr: expect.stringContaining('--gate is required') });
    expect(unknown).toMatchObject({ code: 2, stderr: expect.stringContaining('Unknown command "frobnicate"') });
    expect(both).toMatchObject({ code: 2, stderr: expect.stringContaining('--technical and --non-technical exclude each other') });
    expect(severity).toMatchObject({ code: 2, stderr: expect.stringContaining('--severity "bad" is not one of: low, medium, high, critical') });
    expect(planDue).toMatchObject({ code: 2, stderr: expect.stringContaining('--plan-due and --owner go with --plan') });
    expect(worst).toMatchObject({ code: 2, stderr: expect.stringContaining('--worst "awful" is not one of: none, low, medium, high, critical') });
    expect(remedy).toMatchObject({ code: 2, stderr: expect.stringContaining('--remedy "undo" is not one of: suspension, rollback') });
    expect(gate).toMatchObject({ code: 2, stderr: expect.stringContaining('suspension, rollback, reinstatement, retirement') });
  });

  it('prints the initiative board usage, and exits 2 for a malformed initiative command line', async () => {
    const [help, noItem, gate, kpi, via] = await Promise.all([
      govern('initiative', '--help'),
      governAs('i-kofi', 'initiative', 'vote', '--choice', 'approve'),
      governAs('i-mo', 'initiative', 'propose', '--title', 'Next gate', '--text', 'Move it on', '--decision', 'gate'),
      governAs('i-mo', 'initiative', 'propose', '--title', 'Housing', '--text', 'Focus on housing', '--decision', 'strategy', '--focus', 'housing', '--kpi', 'five thousand families'),
      governAs('i-kofi', 'initiative', 'vote', 'initiative-board-I1', '--choice', 'approve', '--via', 'carrier'),
    ]);
    expect(help).toMatchObject({ code: 0, stdout: expect.stringContaining('Initiative board (quarterly)') });
    expect(help.stdout).toContain('initiative triage SUBMISSION_ID --outcome accepted|merged|declined --reason TEXT');
    expect(help.stdout).toContain('PROPOSAL: --decision principle|strategy|recognition|withdrawal|funding|governance');
    expect(noItem).toMatchObject({ code: 2, stderr: expect.stringContaining('"initiative vote" needs an item id, e.g.: govern initiative vote initiative-board-I4') });
    expect(gate).toMatchObject({ code: 2, stderr: expect.stringContaining(`--decision "gate" is the product board's to decide, not the initiative board's`) });
    expect(gate.stderr).toContain('The initiative board decides: principle, strategy, recognition, withdrawal, funding, governance');
    expect(kpi).toMatchObject({ code: 2, stderr: expect.stringContaining('--kpi "five thousand families" should give its name, a colon, where it stands now, an arrow, its target and the date to reach it') });
    expect(via).toMatchObject({ code: 2, stderr: expect.stringContaining('--via is "update" or "signal", not "carrier"') });
  });

  it('refuses seats that are not a number, and a signal for a command whose answer you need', async () => {
    const [seats, submit, open] = await Promise.all([
      governAs('i-mo', 'initiative', 'propose', '--title', 'Seats', '--text', 'More seats', '--decision', 'governance', '--seats', 'abc'),
      govern('initiative', 'submit', '--title', 'Map food banks', '--text', 'People cannot find them', '--via', 'signal'),
      governAs('s-jo', 'initiative', 'open', '--via', 'signal'),
    ]);
    expect(seats).toMatchObject({ code: 2, stderr: expect.stringContaining('--seats "abc" is not a whole number, e.g. --seats 12') });
    expect(submit).toMatchObject({ code: 2, stderr: expect.stringContaining('initiative submit (you need the submission id it answers with) is sent by update only: drop --via signal') });
    expect(open).toMatchObject({ code: 2, stderr: expect.stringContaining('initiative open is sent by update only') });
  });

  it('has no harm watch before a product is live', async () => {
    const [due, report] = await Promise.all([json('reviews', 'due'), govern('harm', 'report', '--product', 'cli-map', '--summary', 'Too early')]);
    expect(due).toEqual([]);
    expect(report).toMatchObject({ code: 1, stderr: expect.stringContaining('No harm watch for product cli-map') });
  });
});

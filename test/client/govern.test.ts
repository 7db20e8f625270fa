/**
 * The `govern` command line against a real dev server and a real PostgreSQL, on a
 * board founded from its own board file. Most command lines run in this process
 * through `runGovern`, the function bin/govern.js runs, with a client of the same
 * server and database (a subprocess costs seconds on two busy cores, and they
 * were most of this file's two minutes). A few run as people run them, a real
 * subprocess of bin/govern.js finding the server through TEMPORAL_ADDRESS and the
 * database through DATABASE_URL: a refusal (exit 1) and an answer (exit 0) from
 * the server, a malformed command line (exit 2), and a register read and the
 * database problems reported from DATABASE_URL.
 */
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadBoard } from '../../client/boardConfig';
import { runGovern, type GovernIO } from '../../client/cli/run';
import { GovernanceClient } from '../../client/governanceClient';
import { projectRoot } from '../../client/settings';
import { createGovernanceWorker } from '../../worker/worker';
import { freshStore, type TestStore } from '../support/postgres';
import { decision } from '../support/registerRecords';
import { freshDir, startDevServer, workflowBundle } from '../support/temporal';
import { testTrust } from '../support/trust';

const run = promisify(execFile);
let env: TestWorkflowEnvironment;
let worker: Worker;
let working: Promise<void>;
let store: TestStore;

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
  [env, store] = await Promise.all([startDevServer(), freshStore()]);
  worker = await createGovernanceWorker({ connection: env.nativeConnection, namespace: 'default', store, evidenceDir: freshDir(), client: env.client, workflowBundle: await workflowBundle(), trust: trust.worker });
  working = worker.run();
  // What a command reads from the environment itself, in process as in the subprocess: the board file, the register's key.
  vi.stubEnv('GOVERN_BOARD_FILE', boardFile);
  vi.stubEnv('GOVERN_REGISTER_KEY_FILE', store.keyFile);
});

afterAll(async () => {
  vi.unstubAllEnvs();
  worker?.shutdown();
  await working;
  await env?.teardown();
});

type Result = { code: number; stdout: string; stderr: string };

/** `govern` as people run it: a subprocess of bin/govern.js with the standard settings naming this file's servers, and `settings` over them. */
async function governBinary(settings: NodeJS.ProcessEnv, ...args: string[]): Promise<Result> {
  try {
    const { stdout, stderr } = await run(process.execPath, [join(projectRoot, 'bin', 'govern.js'), ...args], {
      env: {
        ...process.env,
        TEMPORAL_ADDRESS: env.address,
        TEMPORAL_NAMESPACE: 'default',
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

/** `govern` run in this process, with a client of the same dev server, worker register and board file. */
async function govern(...args: string[]): Promise<Result> {
  return governIn({ connect: async () => new GovernanceClient({ client: env.client, board: loadBoard(boardFile), store, signer: trust.api }), database: async () => store.db }, ...args);
}

/** `govern` in this process with no Temporal and no database to reach: a command that asks for either fails saying so. */
async function governOffline(...args: string[]): Promise<Result> {
  const nowhere = (what: string) => async () => {
    throw new Error(`This command may not use ${what}`);
  };
  return governIn({ connect: nowhere('Temporal'), database: nowhere('the database') }, ...args);
}

async function governIn(reach: Pick<GovernIO, 'connect' | 'database'>, ...args: string[]): Promise<Result> {
  let stdout = '';
  let stderr = '';
  const code = await runGovern(args, { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) }, ...reach });
  return { code, stdout, stderr };
}

const json = async (...args: string[]) => {
  const result = await govern(...args, '--json');
  expect(result, result.stdout).toMatchObject({ code: 0 });
  return JSON.parse(result.stdout) as Record<string, unknown>;
};

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
    // As people run it: the binary finds the server by TEMPORAL_ADDRESS and the board by GOVERN_BOARD_FILE.
    const [notSecretariat, opening] = await Promise.all([governBinary({}, 'board', 'open', '--as', 'm-ben'), governBinary({}, 'board', 'open', '--as', 's-jo', '--json')]);
    expect(notSecretariat).toMatchObject({ code: 1, stderr: expect.stringContaining('only its secretariat (s-jo, s-sam)') });
    expect(opening, opening.stdout).toMatchObject({ code: 0 });
    const opened = JSON.parse(opening.stdout) as Record<string, unknown>;
    expect(opened).toMatchObject({ boardId: 'product-board', state: 'sitting' });
    const [registered] = await Promise.all([json('product', 'register', '--id', 'cli-map', '--name', 'CLI map', '--as', 's-jo'), json('subscribe', '--as', 'p-zoe')]);
    expect(registered).toMatchObject({ stage: 'proposed', mayRequest: ['prioritisation', 'retirement'] });

    const [member, partial, malformed] = await Promise.all([
      govern('request', '--product', 'cli-map', '--gate', 'prioritisation', '--as', 'm-ben', ...fullAssessment),
      govern('request', '--product', 'cli-map', '--gate', 'prioritisation', '--as', 's-jo', ...assess),
      govern('request', '--product', 'cli-map', '--gate', 'prioritisation', '--as', 's-jo', '--assess', 'no principle named'),
    ]);
    expect(member).toMatchObject({ code: 1, stderr: expect.stringContaining('secretariat') });
    expect(partial).toMatchObject({ code: 1, stderr: expect.stringContaining('it leaves out: open-by-default ("Open by default")') });
    expect(malformed).toMatchObject({ code: 2, stderr: expect.stringContaining('should read "principle: how the product meets it"') });

    const requested = await govern('request', '--product', 'cli-map', '--gate', 'prioritisation', '--as', 's-jo', '--paper', 'https://example.org/cli-map', ...fullAssessment);
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
      govern('vote', reviewId, '--as', 'm-eli', '--choice', 'reject', '--reason', 'Not yet', '--via', 'signal'),
      ...['m-ben', 'm-chen', 'm-dana'].map((m) => govern('vote', reviewId, '--as', m, '--choice', 'approve')),
    ]);
    expect(votes.map((v) => v.code)).toEqual([0, 0, 0]);
    expect(bySignal.stdout).toContain(`Sent castVote to ${reviewId} as a signal`);

    const [twice, stranger, unknown, badChoice] = await Promise.all([
      govern('vote', reviewId, '--as', 'm-ben', '--choice', 'reject'),
      govern('vote', reviewId, '--as', 'mallory', '--choice', 'approve', '--json'),
      govern('status', 'gr-missing'),
      govern('vote', reviewId, '--as', 'm-chen', '--choice', 'yes'),
    ]);
    expect(twice).toMatchObject({ code: 1, stderr: expect.stringContaining('You have already voted on gate review') });
    expect(stranger.code).toBe(1);
    expect(JSON.parse(stranger.stdout)).toEqual({ error: 'CommandRefused', message: expect.stringContaining('mallory is not a member of product-board') });
    expect(unknown).toMatchObject({ code: 1, stderr: expect.stringContaining('No gate review gr-missing') });
    expect(badChoice).toMatchObject({ code: 1, stderr: expect.stringContaining('choice must be one of: approve, approveWithConditions, reject, abstain') });
  });

  it('runs in process against the server: a refusal exits 1 with the engine’s reason, a command and a read succeed', async () => {
    const [refused, subscribed, read] = await Promise.all([
      govern('vote', reviewId, '--as', 'mallory', '--choice', 'approve'),
      govern('subscribe', '--as', 'p-ian', '--json'),
      govern('status', reviewId, '--json'),
    ]);
    expect(refused).toMatchObject({ code: 1, stdout: '', stderr: expect.stringContaining('mallory is not a member of product-board') });
    expect(subscribed).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(subscribed.stdout)).toMatchObject({ boardId: 'product-board' });
    expect(read).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(read.stdout)).toMatchObject({ reviewId, product: { id: 'cli-map' } });
  });

  it('decides, moves the product and publishes the decision to the register and subscribers', async () => {
    const closed = await json('close', reviewId, '--as', 's-jo');
    expect(closed).toMatchObject({ decision: { outcome: 'approved', tally: { approve: 3, reject: 1 } } });

    const product = await until(() => json('product', 'status', 'cli-map'), (p) => p.prioritised === true);
    expect(product).toMatchObject({ stage: 'proposed', mayRequest: ['discovery', 'retirement'] });
    // The binary reads the register from the database DATABASE_URL names.
    const register = await governBinary({}, 'register', '--product', 'cli-map');
    expect(register.code, register.stderr).toBe(0);
    expect(register.stdout).toMatch(new RegExp(`${reviewId}: APPROVED — cli-map proposed → prioritisation`));
    expect(register.stdout).toContain('m-eli: reject — Not yet');
    expect((await govern('notifications', '--as', 'p-zoe')).stdout).toContain(`Decision ${reviewId}: approved`);
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

  it('says where it looked when the register cannot be read', async () => {
    const [refused, mysql] = await Promise.all([
      governBinary({ DATABASE_URL: 'postgres://nobody@127.0.0.1:1/nothing' }, 'register'),
      governBinary({ DATABASE_URL: 'mysql://gov@db/governance' }, 'register'),
    ]);
    expect(refused).toMatchObject({ code: 1, stderr: "Cannot use the engine's PostgreSQL (postgres://nobody@127.0.0.1:1/nothing): nothing answers there. Check DATABASE_URL.\n" });
    expect(mysql).toMatchObject({ code: 1, stderr: expect.stringContaining('DATABASE_URL starts with "mysql:"') });
  });

  it('exits 2 with the usage for a malformed command line', async () => {
    const [missing, unknown, both, severity, planDue, worst, remedy, gate] = await Promise.all([
      governBinary({}, 'request', '--product', 'p', '--as', 's-jo'),
      govern('frobnicate'),
      govern('board', 'appoint', '--as', 's-jo', '--member', 'm-hal', '--name', 'Hal', '--technical', '--non-technical'),
      govern('harm', 'triage', 'harm-p-1', '--product', 'p', '--as', 's-jo', '--severity', 'bad', '--note', 'x'),
      govern('harm', 'triage', 'harm-p-1', '--product', 'p', '--as', 's-jo', '--severity', 'medium', '--note', 'x', '--plan-due', '2027-03-01T00:00:00Z'),
      govern('review', 'record', '--product', 'p', '--as', 'm-ben', '--worst', 'awful'),
      govern('harm', 'triage', 'harm-p-1', '--product', 'p', '--as', 's-jo', '--severity', 'critical', '--note', 'x', '--remedy', 'undo'),
      govern('request', '--product', 'p', '--as', 's-jo', '--gate', 'revert'),
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
      govern('initiative', 'vote', '--as', 'i-kofi', '--choice', 'approve'),
      govern('initiative', 'propose', '--as', 'i-mo', '--title', 'Next gate', '--text', 'Move it on', '--decision', 'gate'),
      govern('initiative', 'propose', '--as', 'i-mo', '--title', 'Housing', '--text', 'Focus on housing', '--decision', 'strategy', '--focus', 'housing', '--kpi', 'five thousand families'),
      govern('initiative', 'vote', 'initiative-board-I1', '--as', 'i-kofi', '--choice', 'approve', '--via', 'carrier'),
    ]);
    expect(help).toMatchObject({ code: 0, stdout: expect.stringContaining('Initiative board (quarterly)') });
    expect(help.stdout).toContain('initiative triage SUBMISSION_ID --as ID --outcome accepted|merged|declined --reason TEXT');
    expect(help.stdout).toContain('PROPOSAL: --decision principle|strategy|recognition|withdrawal|funding|governance');
    expect(noItem).toMatchObject({ code: 2, stderr: expect.stringContaining('"initiative vote" needs an item id, e.g.: govern initiative vote initiative-board-I4') });
    expect(gate).toMatchObject({ code: 2, stderr: expect.stringContaining(`--decision "gate" is the product board's to decide, not the initiative board's`) });
    expect(gate.stderr).toContain('The initiative board decides: principle, strategy, recognition, withdrawal, funding, governance');
    expect(kpi).toMatchObject({ code: 2, stderr: expect.stringContaining('--kpi "five thousand families" should read "name: target"') });
    expect(via).toMatchObject({ code: 2, stderr: expect.stringContaining('--via is "update" or "signal", not "carrier"') });
  });

  it('refuses seats that are not a number, and a signal for a command whose answer you need', async () => {
    const [seats, submit, open] = await Promise.all([
      govern('initiative', 'propose', '--as', 'i-mo', '--title', 'Seats', '--text', 'More seats', '--decision', 'governance', '--seats', 'abc'),
      govern('initiative', 'submit', '--title', 'Map food banks', '--text', 'People cannot find them', '--via', 'signal'),
      govern('initiative', 'open', '--as', 's-jo', '--via', 'signal'),
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

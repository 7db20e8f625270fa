/**
 * The whole engine behind the portal, for its browser tests: a Temporal dev server with the
 * governance worker, PostgreSQL, a real SMTP server, and the engine's HTTP server acting through its
 * own GovernanceClient, with both boards opened from their files and people's addresses recorded.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import type { Page } from 'playwright-core';
import { loadBoard } from '../../client/boardConfig';
import type { GovernanceClient } from '../../client/governanceClient';
import { loadInitiativeBoard } from '../../client/initiativeConfig';
import { rostersFromProcesses } from '../../server/roles';
import type { SignInPolicy } from '../../server/signIn/policy';
import { setPerson } from '../../store/people';
import { freshStore, type TestStore } from './postgres';
import { codeSentTo, startSignInServer, type TestSignInServer } from './signInServer';
import { TestSmtpServer } from './smtp';
import { goLive, type GoingLive } from './productBoardRun';
import { governanceOn, startDevServer, startTimeSkippingServer } from './temporal';

export interface PortalEngine {
  readonly env: TestWorkflowEnvironment;
  readonly store: TestStore;
  readonly smtp: TestSmtpServer;
  readonly server: TestSignInServer;
  /** Acts as the engine does for people: its commands are signed with the API's key. */
  readonly governance: GovernanceClient;
  /** Each person's address at the SMTP server. */
  addressOf(personId: string): string;
  stop(): Promise<void>;
}

/**
 * Starts it on a dev server (the default: lists of reviews need its visibility store), or on the
 * time-skipping server for a test that must wait days (a product taken live by written procedures).
 */
export async function startPortalEngine(options: { readonly timeSkipping?: boolean; readonly policy?: Partial<SignInPolicy> } = {}): Promise<PortalEngine> {
  const [env, store, smtp] = await Promise.all([options.timeSkipping ? startTimeSkippingServer() : startDevServer(), freshStore(), TestSmtpServer.start()]);
  // The worker, and a GovernanceClient signing with the API's key by the server's clock (which skips).
  const { governance, startWorker } = await governanceOn(env, store, loadBoard());
  const worker: Worker = await startWorker();
  const working = worker.run();
  const product = loadBoard();
  const initiative = loadInitiativeBoard();
  const boards = rostersFromProcesses(governance, { productBoardId: product.roster.boardId, initiativeBoardId: initiative.roster.boardId });
  const server = await startSignInServer({ smtp, store, boards, governance, ...(options.policy ? { policy: options.policy } : {}), boardFiles: { product: () => loadBoard(), initiative: () => loadInitiativeBoard() } });
  const addressOf = (personId: string) => `${personId}@example.org`;
  const people = new Set([...product.roster.members.map((m) => m.id), ...initiative.roster.members.map((m) => m.id), ...product.roster.secretariat]);
  for (const personId of people) await setPerson(store.db, personId, { email: addressOf(personId) });
  await governance.openBoard({ by: product.roster.secretariat[0]!, config: product });
  await governance.initiative(initiative.roster.boardId).open({ by: initiative.roster.secretariat[0]!, config: initiative });
  return {
    env,
    store,
    smtp,
    server,
    governance,
    addressOf,
    async stop() {
      await server.close();
      worker.shutdown();
      // A task the time-skipping server half-applied is never answered (see skipTime): the server is taken away after a while.
      await Promise.race([working, new Promise((resolve) => setTimeout(resolve, 10_000).unref())]);
      await env.teardown();
      await smtp.down();
    },
  };
}

/** On a page with the address form (sign-in, subscribe): gives `address`, then the code that reached it at the engine's SMTP server. */
export async function signInWithAddress(engine: Pick<PortalEngine, 'smtp'>, page: Page, address: string): Promise<void> {
  await page.fill('#email', address);
  await page.getByRole('button', { name: 'Send me a code' }).click();
  await page.fill('#code', codeSentTo(engine.smtp, address));
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** Signs `personId` in with the code that reached their address at the engine's SMTP server, and lands on `then`. */
export async function signInAs(engine: PortalEngine, page: Page, personId: string, then: string): Promise<void> {
  await page.goto(`${engine.server.url}/sign-in?then=${encodeURIComponent(then)}`);
  await signInWithAddress(engine, page, engine.addressOf(personId));
  const landed = new URL(page.url()).pathname;
  if (landed !== then.split('?')[0]) throw new Error(`Signing ${personId} in landed on ${landed}, not ${then}`);
}

/** Waits until `read` gives what `done` wants, every half second, for at most `ms`. */
export async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string, ms = 60_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await read().catch(() => undefined);
    if (value !== undefined && done(value)) return value;
    if (Date.now() > end) throw new Error(`Gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

/**
 * Takes a registered product live on a time-skipping engine, as the board in config/ decides it: each
 * gate by a written procedure its chair calls, approved by five of its members, every principle in force
 * assessed (`going` sets conditions at a gate, say).
 */
export function goLiveInPortal(engine: PortalEngine, productId: string, going: Pick<GoingLive, 'conditions'> = {}): Promise<void> {
  const board = loadBoard();
  const principles = [...board.principles.guiding, ...board.principles.board];
  return goLive(engine.env, engine.governance, productId, {
    ...going,
    chair: board.roster.chair,
    voters: board.roster.members.slice(0, 5).map((m) => m.id),
    selfAssessment: principles.map((p) => ({ principle: p.id, assessment: `Met: ${p.title}.` })),
  });
}

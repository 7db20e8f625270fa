/**
 * Starting the HTTP server as `npm start` and `npm run server` do: its database (migrated), its secret,
 * how codes are sent, the boards it asks for roles through its own Temporal client (the one client
 * acting for people: issue 14 has it sign their commands next), the accounts the rosters call for,
 * and, where set, the identity provider. Answers once it listens.
 */
import { Client, Connection } from '@temporalio/client';
import { loadBoard } from '../client/boardConfig';
import { apiSigner } from '../trust/settings';
import { GovernanceClient } from '../client/governanceClient';
import { loadInitiativeBoard } from '../client/initiativeConfig';
import type { TemporalSettings } from '../client/settings';
import type { BoardRoster } from '../machines/kernel/roster';
import type { MailSettings } from '../mail/settings';
import { connectDatabase, type DatabaseSettings } from '../store/database';
import { migrateToLatest } from '../store/migrations';
import { buildServer } from './app';
import { rostersFromProcesses } from './roles';
import { keepRosterAccounts } from './rosterAccounts';
import { serverKeysFromFile } from './secret';
import { HttpListenError, type ServerSettings } from './settings';
import { codeSender } from './signIn/codeMail';
import { oidcSignIn } from './signIn/oidc';
import { signInPolicy } from './signIn/policy';

export interface RunningHttpServer {
  /** Where it listens, e.g. http://127.0.0.1:8080. */
  readonly address: string;
  close(): Promise<void>;
}

/** The founding roster of each board file, for accounts while a board does not answer; a file that cannot be read gives none. */
function foundingRosters(report: (line: string) => void): { readonly product?: BoardRoster; readonly initiative?: BoardRoster } {
  const read = (what: string, load: () => BoardRoster): BoardRoster | undefined => {
    try {
      return load();
    } catch (err) {
      report(`The ${what}'s file could not be read (${(err as Error).message}); its people can sign in once it is fixed.`);
      return undefined;
    }
  };
  const product = read('product board', () => loadBoard().roster);
  const initiative = read('initiative board', () => loadInitiativeBoard().roster as BoardRoster);
  return { ...(product ? { product } : {}), ...(initiative ? { initiative } : {}) };
}

/**
 * Starts the server.
 *
 * @throws DatabaseUnavailable, ServerSecretError, HttpListenError; nothing is left open when it throws.
 * @example
 * const http = await startHttpServer({ settings: serverSettings(), database: databaseSettings(), temporal: temporalSettings(), mail: mailSettings() });
 */
export async function startHttpServer(options: {
  readonly settings: ServerSettings;
  readonly database: DatabaseSettings;
  readonly temporal: TemporalSettings;
  readonly mail: MailSettings;
  readonly report?: (line: string) => void;
}): Promise<RunningHttpServer> {
  const report = options.report ?? ((line: string) => console.log(line));
  const keys = await serverKeysFromFile(options.settings.secretFile);
  const db = await connectDatabase(options.database);
  const connection = Connection.lazy(options.temporal.connect.connectionOptions);
  const codes = codeSender(options.mail, report);
  let accounts: ReturnType<typeof keepRosterAccounts> | undefined;
  const closeAll = async () => {
    await accounts?.stop();
    codes.close();
    await connection.close().catch(() => undefined);
    await db.destroy();
  };
  try {
    await migrateToLatest(db);
    const founding = foundingRosters(report);
    // The API alone holds the people key: every command it sends is signed in the name of the person signed in.
    const governance = new GovernanceClient({ client: new Client({ connection, namespace: options.temporal.namespace }), signer: await apiSigner() });
    const boards = rostersFromProcesses(governance, {
        ...(founding.product ? { productBoardId: founding.product.boardId } : {}),
        ...(founding.initiative ? { initiativeBoardId: founding.initiative.boardId } : {}),
      });
    const foundingOf = (boardId: string) => [founding.product, founding.initiative].find((r) => r?.boardId === boardId);
    accounts = keepRosterAccounts(db, boards, foundingOf, report);
    const app = await buildServer({
      settings: options.settings,
      db,
      keys,
      codes,
      boards,
      policy: signInPolicy,
      governance,
      boardFiles: { ...(founding.product ? { product: () => loadBoard() } : {}), ...(founding.initiative ? { initiative: () => loadInitiativeBoard() } : {}) },
      ...(options.settings.oidc ? { oidc: oidcSignIn(options.settings.oidc) } : {}),
    });
    try {
      await app.listen({ host: options.settings.host, port: options.settings.port });
    } catch (err) {
      throw listenProblem(err as NodeJS.ErrnoException, options.settings);
    }
    const address = `http://${options.settings.host.includes(':') ? `[${options.settings.host}]` : options.settings.host}:${(app.server.address() as { port: number }).port}`;
    return {
      address,
      async close() {
        await app.close();
        await closeAll();
      },
    };
  } catch (err) {
    await closeAll();
    throw err;
  }
}

function listenProblem(err: NodeJS.ErrnoException, settings: ServerSettings): Error {
  const where = `${settings.host}:${settings.port}`;
  if (err.code === 'EADDRINUSE') return new HttpListenError(`Port ${settings.port} on ${settings.host} is already in use (another engine, or another program): stop it, or set GOVERN_HTTP_PORT to a free port.`);
  if (err.code === 'EACCES') return new HttpListenError(`The server may not listen on ${where} (ports below 1024 need extra rights): set GOVERN_HTTP_PORT to 1024 or above, and put a reverse proxy on port 443.`);
  if (err.code === 'EADDRNOTAVAIL' || err.code === 'ENOTFOUND') return new HttpListenError(`GOVERN_HTTP_HOST is ${settings.host}, which is not an address of this machine: set it to one of its addresses, 0.0.0.0 for all, or unset it for 127.0.0.1.`);
  return err;
}

/**
 * `govern` as a function: runs one command line against the table and answers with its exit code,
 * writing to the streams it is given, so it runs in process (tests, other tools) as well as from
 * bin/govern.js. Exit codes, as the README documents them: 0 done, 1 refused by the engine (the
 * message says why), 2 a malformed command line.
 *
 * Where commands go is chosen here, once: to the engine's HTTP API as the person `govern login` signed
 * in (the normal way), or, in development mode (GOVERN_DEV=1), straight to Temporal with --as naming
 * who acts. The handlers call one interface (./governance.ts) and cannot tell which.
 */
import { connectDatabase, DatabaseSettingsError, DatabaseUnavailable, type Db } from '../../store/database';
import { GovernanceError, UsageError } from '../errors';
import { ApiGovernance } from '../apiGovernance';
import { GovernanceClient } from '../governanceClient';
import { databaseSettings } from '../settings';
import { readToken, type SavedToken } from '../tokenFile';
import { serverOf } from './accountCommands';
import { dispatch } from './dispatch';
import { apiIdentity, devIdentity, modeOf, type Governance, type Identity, type Mode } from './governance';
import { initiativeCommands } from './initiativeCommands';
import { productBoardCommands } from './productBoardCommands';
import { CommandUsageError, type Section } from './table';

/** The whole table: the product board's commands, then the initiative board's. */
export const governTable: readonly Section[] = [productBoardCommands, initiativeCommands];

/** Where `govern` writes, and how it reaches the engine. */
export interface GovernIO {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
  /**
   * Makes the engine's client; called at most once, and only by a command that needs it. By default, a
   * client of the engine's API with the saved sign-in (development mode: a GovernanceClient connected
   * with the standard Temporal environment settings, closed when the command is done); a client given
   * here is the caller's to close.
   */
  readonly connect?: () => Promise<Governance>;
  /** Through the API ('api') or straight to Temporal ('dev'); by default 'dev' when GOVERN_DEV=1, else 'api'. */
  readonly mode?: Mode;
  /** The sign-in commands go with through the API; by default the one `govern login` saved (../tokenFile.ts). */
  readonly signedIn?: () => Promise<SavedToken | undefined>;
  /**
   * Opens the engine's database, for the register's commands; called at most once, and only by a command
   * that needs it. By default it connects with the database settings and closes when the command is done.
   */
  readonly database?: () => Promise<Db>;
  /** Asks the person a question (`govern login`); by default at the terminal, the question on stderr. */
  readonly prompt?: (question: string) => Promise<string>;
}

/** A question at the terminal: asked on stderr, so that --json output on stdout stays JSON. */
async function terminalPrompt(question: string): Promise<string> {
  const readline = await import('node:readline/promises');
  const asking = readline.createInterface({ input: process.stdin, output: process.stderr, terminal: Boolean(process.stdin.isTTY) });
  try {
    // A closed stdin (a script, CI) answers nothing rather than waiting for ever.
    return await new Promise<string>((answer) => {
      asking.once('close', () => answer(''));
      asking.question(question).then(answer, () => answer(''));
    });
  } finally {
    asking.close();
  }
}

/**
 * Runs `govern` with `argv` (the arguments after "govern") and answers with the exit code. Never throws
 * and never exits the process: a refusal is printed with the engine's reason (exit 1), a usage error
 * with the usage of the command (exit 2); with --json, errors print as {"error", "message"} on stdout.
 *
 * @example
 * process.exitCode = await runGovern(['vote', 'gr-benefits-map-discovery-1', '--as', 'm-ben', '--choice', 'approve'], { stdout: process.stdout, stderr: process.stderr });
 */
export async function runGovern(argv: readonly string[], io: GovernIO, table: readonly Section[] = governTable): Promise<number> {
  const json = argv.includes('--json');
  const mode = io.mode ?? modeOf();
  let connecting: Promise<Governance> | undefined;
  let opening: Promise<Db> | undefined;
  const database = () => (opening ??= io.database ? io.database() : connectDatabase(databaseSettings(), { max: 2 }));
  try {
    // The sign-in is read once, up front: a token file that cannot be read matters only to a command that acts.
    const saved: SavedToken | Error | undefined = mode === 'api' ? await (io.signedIn ?? readToken)().catch((err: Error) => err) : undefined;
    const signedIn = saved instanceof Error ? undefined : saved;
    const identity: Identity =
      mode === 'dev'
        ? devIdentity
        : apiIdentity(signedIn?.personId, () =>
            saved instanceof Error ? saved : new GovernanceError('You are not signed in on this computer: run "govern login" first (or, to work straight against Temporal in development, set GOVERN_DEV=1 and give --as).'),
          );
    const reach = (): Promise<Governance> =>
      mode === 'dev' ? GovernanceClient.connect() : ApiGovernance.connect({ server: signedIn?.server ?? serverOf(undefined), ...(signedIn ? { token: signedIn.token } : {}) });
    const client = () => (connecting ??= io.connect ? io.connect() : reach());
    const { json: data, text } = await dispatch(table, argv, client, database, io.prompt ?? terminalPrompt, identity);
    io.stdout.write(`${json ? JSON.stringify(data, null, 2) : text}\n`);
    return 0;
  } catch (err) {
    const error = err instanceof Error ? err : new Error(String(err));
    // gRPC errors carry a numeric code; only Node's argument parser's string codes are usage problems.
    const code = (error as { code?: unknown }).code;
    const usageProblem = error instanceof UsageError || (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS'));
    if (json) io.stdout.write(`${JSON.stringify({ error: error.name, message: error.message })}\n`);
    else {
      const usage = error instanceof CommandUsageError ? `\n\n${error.usage}` : '';
      // The engine's own errors and the database's say what to do; anything else is shown with its name.
      const explained = error instanceof GovernanceError || error instanceof DatabaseUnavailable || error instanceof DatabaseSettingsError || usageProblem;
      io.stderr.write(`${explained ? '' : `${error.name}: `}${error.message}${usage}\n`);
    }
    return usageProblem ? 2 : 1;
  } finally {
    // Our own connection would keep the process alive after the answer.
    if (connecting && !io.connect)
      await connecting.then((governance) => (governance instanceof GovernanceClient ? governance.temporal.connection.close() : undefined)).catch(() => undefined);
    if (opening && !io.database) await opening.then((db) => db.destroy()).catch(() => undefined);
  }
}

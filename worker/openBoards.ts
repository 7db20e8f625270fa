/**
 * The opening step of `npm start`: founds the product board and the initiative board from their
 * files, or finds them running. A board whose last run stopped (terminated, failed…) is not founded
 * again: that would start an empty board under its id and orphan its products (issue 12). It is
 * reported with how to recover it, and the worker keeps running for every other process.
 */
import { boardFile, type BoardConfig } from '../client/boardConfig';
import type { GovernanceClient } from '../client/governanceClient';
import { initiativeFile, loadInitiativeBoard } from '../client/initiativeConfig';
import { ProcessStopped } from '../client/recovery';
import { boardProcessId, initiativeProcessId } from '../machines/kernel/ids';
import type { InitiativeConfigInput } from '../machines/initiativeBoard/schema';

/** What opening one board came to. */
export interface BoardOpening {
  readonly board: 'product board' | 'initiative board';
  /** `open`: founded now or running already; `stopped`: its last run is closed and nothing was opened; `failed`: the file or the server said no. */
  readonly outcome: 'open' | 'stopped' | 'failed';
  /** What was printed. */
  readonly message: string;
  readonly error?: Error;
}

export interface OpenBoardsOptions {
  /** The product board's founding configuration; by default the governance client's (the board file). */
  readonly board?: BoardConfig;
  /** The initiative board's; by default read from its file when opening it. */
  readonly initiative?: InitiativeConfigInput;
  /** Where the lines go; the console by default. */
  readonly log?: Pick<Console, 'log' | 'error'>;
}

/**
 * Opens both boards, each on its own: a failure of one never stops the other, nor the worker.
 *
 * @example
 * const [board, initiative] = await openBoards(governance);
 * if (board.outcome === 'stopped') console.error('recover it: npx govern board recover --as s-jo');
 */
export async function openBoards(governance: GovernanceClient, options: OpenBoardsOptions = {}): Promise<BoardOpening[]> {
  const log = options.log ?? console;
  const board = await opening('product board', boardFile(), 'npx govern board open --as <secretariat id>', log, async () => {
    const view = await governance.openBoard({ by: 'npm-start', ...(options.board ? { config: options.board } : {}) });
    return `Board "${view.boardId}" is open (workflow ${boardProcessId(view.boardId)}, founded from ${boardFile()}).`;
  });
  const initiative = await opening('initiative board', initiativeFile(), 'npx govern initiative open --as <secretariat id>', log, async () => {
    const config = options.initiative ?? loadInitiativeBoard();
    const view = await governance.initiative(config.roster.boardId).open({ by: 'npm-start', config });
    return `Initiative board "${view.boardId}" is open (workflow ${initiativeProcessId(view.boardId)}, founded from ${initiativeFile()}); next meeting ${view.quarter.startsAt}.`;
  });
  return [board, initiative];
}

async function opening(
  board: BoardOpening['board'],
  file: string,
  command: string,
  log: Pick<Console, 'log' | 'error'>,
  open: () => Promise<string>,
): Promise<BoardOpening> {
  try {
    const message = await open();
    log.log(message);
    return { board, outcome: 'open', message };
  } catch (err) {
    const error = err instanceof Error ? err : new Error(String(err));
    if (error instanceof ProcessStopped) {
      const message = `${error.message}\nThe worker keeps running for the processes that need it (products, reviews, meetings); the ${board} was not founded again.`;
      log.error(message);
      return { board, outcome: 'stopped', message, error };
    }
    const message = `Could not open the ${board} from ${file}: ${error.message}\nThe worker keeps running; fix the file and open the board with "${command}".`;
    log.error(message);
    return { board, outcome: 'failed', message, error };
  }
}

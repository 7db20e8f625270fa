/**
 * The engine through its HTTP API (server/), as a signed-in person (or anonymously, for what anyone
 * may do): the same methods as the GovernanceClient that `govern`'s handlers call (./cli/governance.ts),
 * each one request to a route the server lists in the README. The server fills in who sends a
 * command from the sign-in, checks roles against the boards' rosters, and answers the engine's own
 * refusals; they are thrown here as the GovernanceClient throws them (CommandRefused, NotFound…),
 * so a caller cannot tell the two apart but by who may act.
 */
import type { RegisterEntry } from '../activities/decisionRegister';
import type { GateReviewView } from '../machines/gateReview/view';
import type { HarmReportView } from '../machines/harmWatch/view';
import type { HarmWatchView } from '../machines/harmWatch/view';
import type { InitiativeConfigInput } from '../machines/initiativeBoard/schema';
import type { SubmissionView } from '../machines/initiativeBoard/view';
import type { InitiativeView } from '../machines/initiativeBoard/view';
import type { MeetingView } from '../machines/boardMeeting/view';
import { boardProcessId, harmWatchProcessId, initiativeProcessId, meetingProcessId, productProcessId } from '../machines/kernel/ids';
import type { ProductView } from '../machines/product/view';
import type { BoardConfigInput } from '../machines/productBoard/schema';
import type { BoardView } from '../machines/productBoard/view';
import type { Notice } from '../store/notices';
import type { AuditEntry, Receipt } from '../workflows/host/commands';
import { ApiRefused, callApi } from './api';
import type { InitiativeDoor, Governance } from './cli/governance';
import { CommandRefused, GovernanceError, InvalidCommand, NotFound, OutcomeUnknown, Unavailable } from './errors';
import type {
  Agenda,
  BoardCommandName,
  BoardCommandPayload,
  BoardRecovery,
  CommandName,
  CommandPayload,
  DueReview,
  HarmWatchCommandName,
  HarmWatchPayload,
  ProductCommandPayload,
  ReviewSummary,
} from './governanceClient';
import { followSubmission, initiativeRecords, type InitiativePayload, type InitiativeRecovery } from './initiativeClient';
import { readOnceStarted, type Delivery } from './processes';
import type { InitiativeCommandName } from '../workflows/initiativeBoard/messages';

/** What the command route answers: by update the receipt and the view, by signal that it was sent. */
interface CommandAnswer {
  readonly receipt?: Receipt;
  readonly view?: unknown;
  readonly sent?: string;
}

interface ServedBoard {
  readonly boardId: string;
  readonly board: 'productBoard' | 'initiativeBoard';
}

/** The engine's own refusals by the name the server gives them, as the GovernanceClient throws them. */
const engineErrors: Readonly<Record<string, new (message: string) => GovernanceError>> = { CommandRefused, InvalidCommand, NotFound, Unavailable, OutcomeUnknown };

const path = (...parts: string[]) => parts.map(encodeURIComponent).join('/');

export class ApiGovernance implements Governance {
  private constructor(
    /** The server's address, e.g. https://governance.example.org. */
    readonly server: string,
    private readonly token: string | undefined,
    private readonly boards: readonly ServedBoard[],
  ) {}

  /**
   * Asks `server` which boards it serves, and answers a client of it acting with `token` (none: anonymously).
   *
   * @throws GovernanceError when the server cannot be reached or is not the engine's.
   * @example
   * const governance = await ApiGovernance.connect({ server: 'http://localhost:8080', token });
   */
  static async connect({ server, token }: { readonly server: string; readonly token?: string }): Promise<ApiGovernance> {
    const { boards } = await callApi<{ boards: ServedBoard[] }>(server, 'GET', '/api/boards');
    return new ApiGovernance(server, token, boards);
  }

  private async call<T>(method: 'GET' | 'POST', route: string, body?: unknown): Promise<T> {
    try {
      return await callApi<T>(this.server, method, route, { ...(body === undefined ? {} : { body }), ...(this.token ? { token: this.token } : {}) });
    } catch (err) {
      const Engine = err instanceof ApiRefused ? engineErrors[err.error] : undefined;
      throw Engine ? new Engine((err as Error).message) : err;
    }
  }

  private boardOf(board: ServedBoard['board']): string {
    const found = this.boards.find((b) => b.board === board);
    if (!found) throw new GovernanceError(`The server at ${this.server} serves no ${board === 'productBoard' ? 'product' : 'initiative'} board.`);
    return found.boardId;
  }

  /** The id of the product board the server serves. */
  get boardId(): string {
    return this.boardOf('productBoard');
  }

  private read<V>(workflowId: string): Promise<V> {
    return this.call<V>('GET', `/api/processes/${path(workflowId)}`);
  }

  /** Sends a command to a process: by update, answers its receipt and view; by signal, nothing. */
  async command(workflowId: string, name: string, payload: unknown, via: Delivery = 'update'): Promise<{ receipt?: Receipt; view?: unknown }> {
    const answer = await this.call<CommandAnswer>('POST', `/api/processes/${path(workflowId)}/commands/${path(name)}`, { payload, via });
    return answer.receipt ? { receipt: answer.receipt, ...(answer.view === undefined ? {} : { view: answer.view }) } : {};
  }

  private async viewAfter<V>(workflowId: string, name: string, payload: unknown, via: Delivery = 'update'): Promise<V | undefined> {
    return (await this.command(workflowId, name, payload, via)).view as V | undefined;
  }

  // ── Boards ───────────────────────────────────────────────────────────────

  boardStatus(boardId = this.boardId): Promise<BoardView> {
    return this.read(boardProcessId(boardId));
  }

  /** Opens the product board from the server's board file (the secretariat's): `by` and `config` are the server's to know. */
  openBoard(_asked: { by: string; config?: BoardConfigInput }): Promise<BoardView> {
    return this.call('POST', `/api/boards/${path(this.boardId)}/open`, {});
  }

  recoverBoard({ reason, boardId = this.boardId }: { by: string; reason?: string; boardId?: string }): Promise<BoardRecovery> {
    return this.call('POST', `/api/boards/${path(boardId)}/recover`, reason ? { reason } : {});
  }

  boardCommand<N extends BoardCommandName>(name: N, payload: BoardCommandPayload<N>, options: { boardId?: string; via?: Delivery } = {}): Promise<BoardView | undefined> {
    return this.viewAfter(boardProcessId(options.boardId ?? this.boardId), name, payload, options.via);
  }

  // ── Products ─────────────────────────────────────────────────────────────

  async registerProduct(payload: BoardCommandPayload<'registerProduct'>, boardId = this.boardId): Promise<ProductView> {
    await this.boardCommand('registerProduct', payload, { boardId });
    // The board starts the product's process as it records the registration; wait until it answers.
    return readOnceStarted(() => this.product(payload.product.id));
  }

  product(productId: string): Promise<ProductView> {
    return this.read(productProcessId(productId));
  }

  requestGate(productId: string, payload: ProductCommandPayload<'requestGate'>, via: Delivery = 'update'): Promise<ProductView | undefined> {
    return this.viewAfter(productProcessId(productId), 'requestGate', payload, via);
  }

  closeCondition(productId: string, payload: ProductCommandPayload<'closeCondition'>, via: Delivery = 'update'): Promise<ProductView | undefined> {
    return this.viewAfter(productProcessId(productId), 'closeCondition', payload, via);
  }

  // ── Gate reviews ─────────────────────────────────────────────────────────

  async send<N extends CommandName>(reviewId: string, name: N, payload: CommandPayload<N>, via: 'signal'): Promise<void>;
  async send<N extends CommandName>(reviewId: string, name: N, payload: CommandPayload<N>, via?: 'update'): Promise<GateReviewView>;
  async send<N extends CommandName>(reviewId: string, name: N, payload: CommandPayload<N>, via: Delivery): Promise<GateReviewView | undefined>;
  async send<N extends CommandName>(reviewId: string, name: N, payload: CommandPayload<N>, via: Delivery = 'update'): Promise<GateReviewView | void> {
    return this.viewAfter<GateReviewView>(reviewId, name, payload, via);
  }

  status(reviewId: string): Promise<GateReviewView> {
    return this.read(reviewId);
  }

  listReviews(filter: { productId?: string; status?: string; limit?: number } = {}): Promise<ReviewSummary[]> {
    const query = new URLSearchParams(Object.entries(filter).filter(([, v]) => v !== undefined).map(([k, v]): [string, string] => [k, String(v)]));
    return this.call('GET', `/api/reviews${query.size ? `?${query}` : ''}`);
  }

  // ── Meetings and records ─────────────────────────────────────────────────

  meeting(meetingId: string): Promise<MeetingView> {
    return this.read(meetingProcessId(meetingId));
  }

  recordAttendance(meetingId: string, payload: { by: string; present: string[] }): Promise<MeetingView | undefined> {
    return this.viewAfter(meetingProcessId(meetingId), 'recordAttendance', payload);
  }

  agenda(boardId = this.boardId): Promise<Agenda> {
    return this.call('GET', `/api/boards/${path(boardId)}/agenda`);
  }

  audit(workflowId: string): Promise<AuditEntry[]> {
    return this.call('GET', `/api/processes/${path(workflowId)}/audit`);
  }

  /** The signed-in person's notices (the server knows whose: `personId` is the caller's own). */
  notifications(_personId: string): Promise<Notice[]> {
    return this.call('GET', '/api/me/notices');
  }

  readRegister(filter: { productId?: string } = {}): Promise<RegisterEntry[]> {
    return this.call('GET', `/api/register${filter.productId ? `?${new URLSearchParams({ productId: filter.productId })}` : ''}`);
  }

  // ── Harms ────────────────────────────────────────────────────────────────

  async reportHarm(productId: string, report: Omit<HarmWatchPayload<'reportHarm'>, 'reportId'>): Promise<{ reportId: string; triageBy: string }> {
    const { receipt, view } = await this.command(harmWatchProcessId(productId), 'reportHarm', report);
    const reportId = receipt?.created;
    if (!reportId) throw new GovernanceError(`The harm watch of ${productId} took the report but did not say its id; ask the secretariat to look it up.`);
    const filed = (view as HarmWatchView | undefined)?.reports.find((r) => r.reportId === reportId) ?? (await this.harmReport(productId, reportId));
    return { reportId, triageBy: filed.triageBy };
  }

  async harmReport(productId: string, reportId: string): Promise<HarmReportView> {
    const report = (await this.harmWatch(productId)).reports.find((r) => r.reportId === reportId);
    if (!report) throw new NotFound(`No harm report ${reportId} on ${productId}; check the id you were given when you reported.`);
    return report;
  }

  harmWatch(productId: string): Promise<HarmWatchView> {
    return this.read(harmWatchProcessId(productId));
  }

  harmCommand<N extends HarmWatchCommandName>(productId: string, name: N, payload: HarmWatchPayload<N>, via: Delivery = 'update'): Promise<HarmWatchView | undefined> {
    return this.viewAfter(harmWatchProcessId(productId), name, payload, via);
  }

  dueReviews(boardId = this.boardId): Promise<DueReview[]> {
    return this.call('GET', `/api/boards/${path(boardId)}/reviews-due`);
  }

  // ── The initiative board ─────────────────────────────────────────────────

  initiative(): InitiativeDoor {
    const boardId = this.boardOf('initiativeBoard');
    const workflowId = initiativeProcessId(boardId);
    const status = () => this.read<InitiativeView>(workflowId);
    const register = async () => initiativeRecords(await this.readRegister(), boardId);
    const follow = (submissionId: string) => followSubmission(submissionId, boardId, status, register);
    const send = (name: string, payload: unknown, via?: Delivery) => this.command(workflowId, name, payload, via);
    return {
      boardId,
      status,
      register,
      follow,
      command: async <N extends InitiativeCommandName>(name: N, payload: InitiativePayload<N>, via: Delivery = 'update') => this.viewAfter<InitiativeView>(workflowId, name, payload, via),
      async submit(payload: InitiativePayload<'submitItem'>): Promise<SubmissionView> {
        const { receipt } = await send('submitItem', payload);
        if (!receipt?.created) throw new GovernanceError(`${boardId} took the submission but did not say its id; ask the secretariat to look it up.`);
        return follow(receipt.created);
      },
      open: (_asked: { by: string; config: InitiativeConfigInput }) => this.call<InitiativeView>('POST', `/api/boards/${path(boardId)}/open`, {}),
      recover: ({ reason }: { by: string; reason?: string }) => this.call<InitiativeRecovery>('POST', `/api/boards/${path(boardId)}/recover`, reason ? { reason } : {}),
    };
  }
}

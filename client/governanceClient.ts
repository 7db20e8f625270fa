/**
 * The typed client for secretariat, members and operators. Commands are typed
 * by the gate review machine's payload schemas; refusals come back as
 * `CommandRefused` with the engine's own sentence.
 */
import {
  Client,
  Connection,
  WorkflowExecutionAlreadyStartedError,
} from '@temporalio/client';
import { v4 as uuid } from 'uuid';
import type { z } from 'zod';
import { requestRefusal, type DecisionRecord } from '../machines/gateReview/rules';
import { gateReviewRequestSchema, type GateReviewRequest } from '../machines/gateReview/schema';
import type { GateReviewView } from '../machines/gateReview/view';
import type { Gate, Stage } from '../machines/kernel/lifecycle';
import { describeIssues } from '../machines/kernel/schema';
import type { RegisterEntry } from '../activities/decisionRegister';
import type { gateReview } from '../workflows/gateReview/workflow';
import { gateReviewCommands, gateReviewWorkflowType, statusForQuery, statusQuery } from '../workflows/gateReview/messages';
import { auditQuery, commandNamed, type AnyCommand, type AuditEntry, type CommandNamed, type PayloadOf, type Receipt } from '../workflows/host/commands';
import { boardKey, gateKey, gateReviewSearchAttributes, productBoardSearchAttributes, productIdKey, statusKey } from '../workflows/searchAttributes';
import { TASK_QUEUE } from '../workflows/taskQueue';
import { loadBoard, type BoardConfig } from './boardConfig';
import { InitiativeClient } from './initiativeClient';
import { loadInitiativeBoard } from './initiativeConfig';
import { readDecisions } from './decisions';
import { foundOnce, productBoardProcess, recoverProcess, settled, type Recovery } from './recovery';
import { isSecretariat } from '../machines/kernel/roster';
import { CommandRefused, GovernanceError, InvalidCommand, isTransient, NotFound } from './errors';
import { explainFailure, queryProcess, readOnceStarted, sendAndRead, sendCommand, type Delivery, type Door, type ProcessRef } from './processes';
import type { CommandSigner } from '../trust/commandSigner';
import { localApiSigner } from '../trust/settings';
import { temporalSettings } from './settings';
import type { RegisterReader } from '../store/register';
import type { Notice } from '../store/notices';
import { readNotifications, withDatabase } from './notices';
import { kindOf, refOf, unknownProcess, type ProcessKind } from './processKinds';
import { boardConfigSchema, type BoardConfigInput } from '../machines/productBoard/schema';
import type { AgendaItem } from '../machines/productBoard/rules';
import type { BoardView } from '../machines/productBoard/view';
import type { Meeting } from '../machines/kernel/calendar';
import type { MeetingView } from '../machines/boardMeeting/view';
import type { ProductView } from '../machines/product/view';
import type { Audience, HarmReportView } from '../machines/harmWatch/view';
import type { HarmWatchView } from '../machines/harmWatch/view';
import { boardProcessId, harmWatchProcessId, meetingProcessId, productProcessId, standaloneGateReviewId } from '../machines/kernel/ids';
import { harmWatchBoardStatusQuery, harmWatchCommands, harmWatchStatusQuery, reportHarm } from '../workflows/harmWatch/messages';
import type { productBoard } from '../workflows/productBoard/workflow';
import { boardCommands, boardStatusQuery, boardWorkflowType } from '../workflows/productBoard/messages';
import { meetingStatusQuery, recordAttendance } from '../workflows/boardMeeting/messages';
import { closeCondition, productCommands, productStatusQuery, requestGate } from '../workflows/product/messages';

const DAY = 86_400_000;

/** What the secretariat says when requesting a gate review; the board and policy come from the board file. */
export interface GateReviewRequestInput {
  readonly productId: string;
  readonly productName?: string;
  /** The stage the product is at now. */
  readonly stage: Stage;
  readonly gate: Gate;
  /** The secretariat member making the request. */
  readonly requestedBy: string;
  readonly papers?: readonly string[];
  readonly selfAssessment?: readonly { principle: string; assessment: string }[];
  /** Defaults to the board policy's voting period from now. */
  readonly votingClosesAt?: Date;
  /** Defaults to a fresh id (`standaloneGateReviewId`), e.g. gr-benefits-map-alpha-3f2a9c1e. */
  readonly reviewId?: string;
}

export interface ReviewSummary {
  readonly reviewId: string;
  readonly productId?: string;
  readonly gate?: string;
  readonly boardId?: string;
  readonly status?: string;
  readonly running: boolean;
  readonly startedAt: string;
  readonly closedAt?: string;
}

export type CommandName = (typeof gateReviewCommands)[number]['name'];
export type BoardCommandName = (typeof boardCommands)[number]['name'];
export type BoardCommandPayload<N extends BoardCommandName> = PayloadOf<CommandNamed<typeof boardCommands, N>>;
export type ProductCommandName = (typeof productCommands)[number]['name'];
export type HarmWatchCommandName = (typeof harmWatchCommands)[number]['name'];
export type HarmWatchPayload<N extends HarmWatchCommandName> = PayloadOf<CommandNamed<typeof harmWatchCommands, N>>;
export type ProductCommandPayload<N extends ProductCommandName> = PayloadOf<CommandNamed<typeof productCommands, N>>;
export type CommandPayload<N extends CommandName> = PayloadOf<CommandNamed<typeof gateReviewCommands, N>>;


export interface GovernanceClientOptions {
  readonly client: Client;
  readonly board?: BoardConfig;
  /** The database to read the register and notices from; by default each read connects with the database settings. */
  readonly store?: RegisterReader;
  readonly taskQueue?: string;
  /** The clock for defaults such as the voting deadline; a time-skipping test passes the server's. */
  readonly now?: () => Date | Promise<Date>;
  /**
   * Signs every command this client sends, in the name its payload gives (trust/commandSigner.ts): the
   * API's key, held by the engine's server, which makes that name the signed-in person's. Processes
   * refuse a command without a proof, so a client without a signer can only read.
   */
  readonly signer?: CommandSigner;
}

export class GovernanceClient implements Door {
  readonly temporal: Client;
  readonly signer?: CommandSigner;
  private readonly boardConfig?: BoardConfig;
  private readonly store?: RegisterReader;
  private readonly taskQueue: string;
  private readonly now: () => Date | Promise<Date>;

  constructor(options: GovernanceClientOptions) {
    this.temporal = options.client;
    if (options.board) this.boardConfig = options.board;
    if (options.store) this.store = options.store;
    this.taskQueue = options.taskQueue ?? TASK_QUEUE;
    this.now = options.now ?? (() => new Date());
    if (options.signer) this.signer = options.signer;
  }

  /**
   * Connects with the standard Temporal environment settings (the embedded dev server when none are set).
   *
   * @example
   * const governance = await GovernanceClient.connect();
   */
  static async connect(): Promise<GovernanceClient> {
    const settings = temporalSettings();
    const connection = await Connection.connect(settings.connect.connectionOptions).catch((err: Error) => {
      throw new GovernanceError(
        `Cannot reach Temporal at ${settings.connect.connectionOptions.address} (${err.message}). Is "npm start" running, or TEMPORAL_ADDRESS set?`,
      );
    });
    // Commands sent straight to Temporal are signed with the API's key when it is on this machine (development mode).
    const signer = await localApiSigner();
    return new GovernanceClient({ client: new Client({ connection, namespace: settings.namespace }), ...(signer ? { signer } : {}) });
  }

  get board(): BoardConfig {
    return this.boardConfig ?? loadBoard();
  }

  /**
   * Low level: opens one gate review on its own, outside any product's lifecycle and any
   * meeting (the product board normally opens reviews through `requestGate`). Useful for a
   * one-off decision and for testing the review alone; the decision moves no product.
   * Checks the request here first, so a refused request starts nothing; the workflow checks it again.
   *
   * @throws InvalidCommand for a malformed request; CommandRefused when the requester is not secretariat,
   * the gate is not the product's next one, the deadline is past, or the review id is taken.
   * @example
   * const { reviewId } = await governance.requestGateReview({ productId: 'benefits-map', stage: 'proposed', gate: 'discovery', requestedBy: 's-jo' });
   */
  async requestGateReview(input: GateReviewRequestInput): Promise<{ reviewId: string; votingClosesAt: string }> {
    const { roster, policy } = this.board;
    const now = await this.now();
    const reviewId = input.reviewId ?? standaloneGateReviewId(input.productId, input.gate, uuid().slice(0, 8));
    const request: GateReviewRequest = {
      reviewId,
      product: { id: input.productId, stage: input.stage, ...(input.productName ? { name: input.productName } : {}) },
      gate: input.gate,
      requestedBy: input.requestedBy,
      papers: [...(input.papers ?? [])],
      selfAssessment: [...(input.selfAssessment ?? [])],
      board: roster,
      policy,
      votingClosesAt: (input.votingClosesAt ?? new Date(now.getTime() + policy.votingPeriodDays * DAY)).toISOString(),
    };
    const parsed = gateReviewRequestSchema.safeParse(request);
    if (!parsed.success) throw new InvalidCommand(`Gate review request: ${describeIssues(parsed.error)}`);
    const refusal = requestRefusal(parsed.data, now);
    if (refusal) throw new CommandRefused(refusal);
    try {
      await this.temporal.workflow.start<typeof gateReview>(gateReviewWorkflowType, {
        workflowId: reviewId,
        taskQueue: this.taskQueue,
        args: [request],
        typedSearchAttributes: gateReviewSearchAttributes(request),
        memo: { title: `${input.productName ?? input.productId}: ${input.stage} → ${input.gate}` },
      });
    } catch (err) {
      if (err instanceof WorkflowExecutionAlreadyStartedError)
        throw new CommandRefused(`A gate review with id ${reviewId} already exists; choose another id or omit it.`);
      throw err;
    }
    return { reviewId, votingClosesAt: request.votingClosesAt };
  }

  /**
   * Sends a command to a gate review. By Update (the default) it returns the review's
   * view once recorded (read by query: the Update answers with a receipt); by Signal it
   * returns as soon as the server has the message, and a refusal is kept in the review's audit log.
   *
   * @throws InvalidCommand (malformed payload), CommandRefused (the rules or the state say no:
   * the message says why), NotFound (no such review). Nothing changes on a throw.
   * @example
   * await governance.send('gr-1', 'castVote', { by: 'm-ben', choice: 'approve', reason: 'Meets the principles' });
   */
  async send<N extends CommandName>(reviewId: string, name: N, payload: CommandPayload<N>, via: 'signal'): Promise<void>;
  async send<N extends CommandName>(reviewId: string, name: N, payload: CommandPayload<N>, via?: 'update'): Promise<GateReviewView>;
  async send<N extends CommandName>(reviewId: string, name: N, payload: CommandPayload<N>, via: Delivery): Promise<GateReviewView | undefined>;
  async send<N extends CommandName>(reviewId: string, name: N, payload: CommandPayload<N>, via: Delivery = 'update'): Promise<GateReviewView | void> {
    return sendAndRead(this, reviewRef(reviewId), reviewId, commandNamed(gateReviewCommands, name), payload, statusQuery, via);
  }

  /**
   * The review's current view (a Query; works on running and finished reviews while a worker runs). With
   * `reader`, the view as that person may see it (the count under the board's results visibility): give
   * only the person a door has signed in, never a name taken from a request.
   */
  status(reviewId: string, reader?: string): Promise<GateReviewView> {
    if (reader !== undefined) return queryProcess(this.temporal, reviewRef(reviewId), reviewId, statusForQuery, reader);
    return queryProcess(this.temporal, reviewRef(reviewId), reviewId, statusQuery);
  }

  /** Every command a process (review, product, board or meeting, by workflow id) received, accepted or refused, newest last. */
  audit(workflowId: string): Promise<AuditEntry[]> {
    return queryProcess(this.temporal, { noun: 'process', id: workflowId, hint: 'Give a workflow id such as gr-…, product-…, board-… or meeting-….' }, workflowId, auditQuery);
  }

  /**
   * Sends `command` (from the table of the process `workflowId` names, see ./processKinds.ts) to that
   * process: by Update, answers its receipt and its view once recorded (the view is missing when it
   * cannot be read just now); by Signal, nothing once the server has it. The HTTP API sends every
   * person's command through here, having checked who sends it.
   *
   * @throws NotFound (no such process), InvalidCommand, CommandRefused, Unavailable, OutcomeUnknown.
   * @example
   * const { receipt, view } = await governance.sendToProcess('gr-1', castVote, { by: 'm-ben', choice: 'approve' });
   */
  async sendToProcess(workflowId: string, command: AnyCommand, payload: unknown, via: Delivery = 'update', reader?: string, audience: Audience = 'public'): Promise<{ receipt?: Receipt; view?: unknown }> {
    const kind = kindOf(workflowId);
    if (!kind) throw new NotFound(unknownProcess(workflowId));
    const ref = refOf(kind, workflowId);
    const receipt = await sendCommand(this, ref, workflowId, command, payload, via);
    if (!receipt) return {};
    const view = await this.viewOf(kind, workflowId, reader, audience).catch((err: unknown) => {
      // Recorded, as the receipt says: a read that fails just now must not make it look unconfirmed.
      if (isTransient(err)) return undefined;
      throw err;
    });
    return { receipt, ...(view === undefined ? {} : { view }) };
  }

  /**
   * The view of any process by its workflow id (gr-…, board-…, product-…, meeting-…, harm-watch-…, initiative-…);
   * with `reader` (the person a door signed in), as that person may see it where the view depends on who reads it;
   * with `audience: 'board'` (a reader the door has checked sits on the process's board), the board's view of a
   * kind that has one (a harm watch's, moderation hiding nothing from the board).
   */
  processStatus(workflowId: string, reader?: string, audience: Audience = 'public'): Promise<unknown> {
    const kind = kindOf(workflowId);
    if (!kind) return Promise.reject(new NotFound(unknownProcess(workflowId)));
    return this.viewOf(kind, workflowId, reader, audience);
  }

  /** A process's view: the board's where asked and the kind has one, else `reader`'s by its per-reader query where it has one, else the view everyone sees. */
  private viewOf(kind: ProcessKind, workflowId: string, reader: string | undefined, audience: Audience): Promise<unknown> {
    const ref = refOf(kind, workflowId);
    if (audience === 'board' && kind.boardStatus) return queryProcess(this.temporal, ref, workflowId, kind.boardStatus.query);
    if (reader !== undefined && kind.statusFor) return queryProcess(this.temporal, ref, workflowId, kind.statusFor, reader);
    return queryProcess(this.temporal, ref, workflowId, kind.status);
  }

  /** Waits for a review's decision. */
  async decision(reviewId: string): Promise<DecisionRecord> {
    try {
      return await this.temporal.workflow.getHandle<typeof gateReview>(reviewId).result();
    } catch (err) {
      throw await this.explain(reviewId, err);
    }
  }

  /**
   * Lists gate reviews, newest first, from Temporal's visibility store (needs a server with
   * list queries: the dev server or a cluster, not the time-skipping test server).
   */
  async listReviews(filter: { productId?: string; status?: string; limit?: number } = {}): Promise<ReviewSummary[]> {
    const clauses = [`WorkflowType = '${gateReviewWorkflowType}'`];
    if (filter.productId) clauses.push(`${productIdKey.name} = ${quote(filter.productId)}`);
    if (filter.status) clauses.push(`${statusKey.name} = ${quote(filter.status)}`);
    const rows: ReviewSummary[] = [];
    for await (const info of this.temporal.workflow.list({ query: clauses.join(' AND ') })) {
      const attr = info.typedSearchAttributes;
      const productId = attr.get(productIdKey);
      const gate = attr.get(gateKey);
      const boardId = attr.get(boardKey);
      const status = attr.get(statusKey);
      rows.push({
        reviewId: info.workflowId,
        ...(productId ? { productId } : {}),
        ...(gate ? { gate } : {}),
        ...(boardId ? { boardId } : {}),
        ...(status ? { status } : {}),
        running: info.status.name === 'RUNNING',
        startedAt: info.startTime.toISOString(),
        ...(info.closeTime ? { closedAt: info.closeTime.toISOString() } : {}),
      });
      if (rows.length >= (filter.limit ?? 100)) break;
    }
    return rows;
  }

  /** The published decisions, oldest first; anyone may read them. */
  readRegister(filter: { productId?: string } = {}): Promise<RegisterEntry[]> {
    return readDecisions({ ...filter, ...(this.store ? { store: this.store } : {}) });
  }

  /** Turns an SDK error into one a person can act on. */
  private explain(reviewId: string, err: unknown): Promise<Error> {
    return explainFailure(this.temporal, reviewRef(reviewId), err);
  }

  // ── Boards ───────────────────────────────────────────────────────────────

  /** The id of the board this client works with by default: the board file's. */
  get boardId(): string {
    return this.board.roster.boardId;
  }

  /**
   * Opens the board process from the board file (or `config`), unless it is already running;
   * returns its view. Safe to call at every start.
   *
   * @throws InvalidCommand for a board configuration that does not parse.
   * @example
   * await governance.openBoard({ by: 's-jo' });
   */
  async openBoard({ by, config }: { by: string; config?: BoardConfigInput }): Promise<BoardView> {
    const founding = config ?? this.board;
    const parsed = boardConfigSchema.safeParse(founding);
    if (!parsed.success) throw new InvalidCommand(`Board configuration: ${describeIssues(parsed.error)}`);
    const boardId = parsed.data.roster.boardId;
    // Never a new, empty run over a stopped one (issue 12): a stopped board is recovered, not founded again.
    await foundOnce(this.temporal, productBoardProcess(boardId, parsed.data.roster.secretariat[0]), (policies) =>
      this.temporal.workflow.start<typeof productBoard>(boardWorkflowType, {
        ...policies,
        workflowId: boardProcessId(boardId),
        taskQueue: this.taskQueue,
        args: [{ config: founding, openedBy: by }],
        typedSearchAttributes: productBoardSearchAttributes(boardId),
        memo: { title: `Product board ${boardId}` },
      }),
    );
    return this.boardStatus(boardId);
  }

  /**
   * Brings a stopped board back with everything it held: Temporal resets its last run to its last
   * completed workflow task (see ./recovery.ts for why a reset and not a new founding), so its
   * products, change log, agenda and meeting timers are those it had. Only the board file's
   * secretariat may. Answers with what was recovered; `view` is missing when no worker answered yet.
   *
   * @throws CommandRefused (not the secretariat, or the board is running), NotFound (never opened),
   * GovernanceError (nothing to go back to). Safe to retry: once it runs, a second call refuses.
   * @example
   * const { view } = await governance.recoverBoard({ by: 's-jo' });
   */
  async recoverBoard({ by, reason, boardId = this.boardId }: { by: string; reason?: string; boardId?: string }): Promise<BoardRecovery> {
    const { roster } = this.board;
    if (roster.boardId === boardId && !isSecretariat(roster, by))
      throw new CommandRefused(`${by} may not recover ${boardId}: only its secretariat (${roster.secretariat.join(', ')}) may.`);
    const recovery = await recoverProcess(this.temporal, productBoardProcess(boardId, by), { by, ...(reason ? { reason } : {}) });
    const view = await settled(() => this.boardStatus(boardId));
    return { ...recovery, ...(view ? { view } : {}) };
  }

  /** The board as it stands: roster, policy, principles, composition, agenda, calendar, changes. */
  boardStatus(boardId = this.boardId): Promise<BoardView> {
    return queryProcess(this.temporal, boardRef(boardId), boardProcessId(boardId), boardStatusQuery);
  }

  /**
   * Sends a command to the board (appointMember, removeMember, changePolicy, subscribe, callMeeting…);
   * by Update, returns the board's view once recorded (read by query), by Signal undefined.
   *
   * @throws InvalidCommand, CommandRefused (the sentence says why: not secretariat, seats full…), NotFound.
   * @example
   * await governance.boardCommand('appointMember', { by: 's-jo', member: { id: 'm-hal', name: 'Hal Ng', technical: true, expertise: ['product'] } });
   */
  async boardCommand<N extends BoardCommandName>(name: N, payload: BoardCommandPayload<N>, options: { boardId?: string; via?: Delivery } = {}): Promise<BoardView | undefined> {
    const boardId = options.boardId ?? this.boardId;
    return sendAndRead(this, boardRef(boardId), boardProcessId(boardId), commandNamed(boardCommands, name), payload, boardStatusQuery, options.via);
  }

  // ── Products ─────────────────────────────────────────────────────────────

  /**
   * Registers a product with the board (secretariat only); the board starts its lifecycle
   * process at `proposed`. Returns the product's view once it is running.
   *
   * @throws CommandRefused (not secretariat, already registered), InvalidCommand.
   * @example
   * await governance.registerProduct({ by: 's-jo', product: { id: 'benefits-map', name: 'Benefits map' } });
   */
  async registerProduct(payload: BoardCommandPayload<'registerProduct'>, boardId = this.boardId): Promise<ProductView> {
    await this.boardCommand('registerProduct', payload, { boardId });
    // The board starts the product's process as it records the registration; wait until it answers.
    return readOnceStarted(() => this.product(payload.product.id));
  }

  /** Where a product stands: stage, what may be requested, the item before the board, conditions, decisions. */
  product(productId: string): Promise<ProductView> {
    return queryProcess(this.temporal, productRef(productId), productProcessId(productId), productStatusQuery);
  }

  /**
   * Requests a decision on a product (a gate, prioritisation, suspension, roll back, reinstatement, retirement).
   * The product checks its stage and open conditions; the board checks the requester's role and the
   * self-assessment, and puts the item on the agenda of the first meeting whose papers deadline it
   * meets (or, called by the chair, to written procedure). Returns the product with the item pending.
   *
   * @throws CommandRefused (gate skipped, condition open, not secretariat, principle not assessed…),
   * InvalidCommand, NotFound (unknown product). Nothing changes on a throw.
   * @example
   * await governance.requestGate('benefits-map', { by: 's-jo', gate: 'alpha', selfAssessment: [{ principle: 'good-data', assessment: '…' }] });
   */
  async requestGate(productId: string, payload: ProductCommandPayload<'requestGate'>, via: Delivery = 'update'): Promise<ProductView | undefined> {
    return sendAndRead(this, productRef(productId), productProcessId(productId), requestGate, payload, productStatusQuery, via);
  }

  /**
   * Closes a condition of an earlier approval with evidence (secretariat only).
   *
   * @throws CommandRefused (unknown or closed condition, not secretariat), InvalidCommand, NotFound.
   * @example
   * await governance.closeCondition('benefits-map', { by: 's-jo', conditionId: 'gr-benefits-map-alpha-3-c1', evidence: 'https://…/dpia' });
   */
  async closeCondition(productId: string, payload: ProductCommandPayload<'closeCondition'>, via: Delivery = 'update'): Promise<ProductView | undefined> {
    return sendAndRead(this, productRef(productId), productProcessId(productId), closeCondition, payload, productStatusQuery, via);
  }

  // ── Meetings ─────────────────────────────────────────────────────────────

  /** A convened meeting: agenda, attendance, composition, state. */
  meeting(meetingId: string): Promise<MeetingView> {
    return queryProcess(this.temporal, meetingRef(meetingId), meetingProcessId(meetingId), meetingStatusQuery);
  }

  /**
   * Records who attended a meeting in session (secretariat only).
   *
   * @throws CommandRefused (not secretariat, a non-member listed, meeting not sitting), NotFound.
   * @example
   * await governance.recordAttendance('product-board-2027-01-10', { by: 's-jo', present: ['m-amara', 'm-ben'] });
   */
  async recordAttendance(meetingId: string, payload: z.input<typeof recordAttendance.schema>): Promise<MeetingView | undefined> {
    return sendAndRead(this, meetingRef(meetingId), meetingProcessId(meetingId), recordAttendance, payload, meetingStatusQuery);
  }

  /**
   * The agenda: the next meetings with the items placed on each, and written procedures under
   * way. Items of a meeting already convened are on that meeting (see `meeting`).
   */
  async agenda(boardId = this.boardId): Promise<Agenda> {
    const board = await this.boardStatus(boardId);
    return {
      boardId,
      ...(board.paused ? { paused: board.paused } : {}),
      meetings: board.upcomingMeetings.map((meeting) => ({ meeting, items: board.agenda.filter((i) => i.meeting?.meetingId === meeting.meetingId) })),
      writtenProcedures: board.agenda.filter((i) => i.procedure === 'written'),
    };
  }

  // ── Benefits and harms of live products ──────────────────────────────────

  /**
   * Reports a harm caused by a live product. Anyone may: give `by` to be told of the triage, or
   * leave it out to report anonymously. Returns the report id to follow it with `harmReport`.
   *
   * @throws InvalidCommand (no summary), NotFound (the product is not live, so it has no harm watch).
   * @example
   * const { reportId } = await governance.reportHarm('benefits-map', { summary: 'My address was shown to my landlord' });
   */
  async reportHarm(productId: string, report: Omit<HarmWatchPayload<'reportHarm'>, 'reportId'>): Promise<{ reportId: string; triageBy: string }> {
    // The watch names the report; its receipt says the id.
    const receipt = await sendCommand(this, watchRef(productId), harmWatchProcessId(productId), reportHarm, report);
    const reportId = receipt?.created;
    if (!reportId) throw new GovernanceError(`The harm watch of ${productId} took the report but did not say its id; ask the secretariat to look it up.`);
    return { reportId, triageBy: (await this.harmReport(productId, reportId)).triageBy };
  }

  /**
   * Where a harm report stands: triage (severity, note), action plan, escalation. Anyone with its id may follow it;
   * `audience: 'board'` (only for a reader a door has checked sits on the product board) reads it whatever moderation hid.
   */
  async harmReport(productId: string, reportId: string, audience: Audience = 'public'): Promise<HarmReportView> {
    const report = (await this.harmWatch(productId, audience)).reports.find((r) => r.reportId === reportId);
    if (!report) throw new NotFound(`No harm report ${reportId} on ${productId}; check the id you were given when you reported.`);
    return report;
  }

  /** A live product's harm watch: next review, the review under way, recent reviews, reports. */
  harmWatch(productId: string, audience: Audience = 'public'): Promise<HarmWatchView> {
    return queryProcess(this.temporal, watchRef(productId), harmWatchProcessId(productId), audience === 'board' ? harmWatchBoardStatusQuery : harmWatchStatusQuery);
  }

  /**
   * Sends a harm watch command: `triageHarm` and `completeAction` (secretariat), `recordReview`
   * (a board member or the secretariat).
   *
   * @throws CommandRefused (role, unknown or already triaged report, no review waiting), InvalidCommand, NotFound.
   * @example
   * await governance.harmCommand('benefits-map', 'triageHarm', { by: 's-jo', reportId, severity: 'low', note: 'Take up at the next review' });
   */
  async harmCommand<N extends HarmWatchCommandName>(productId: string, name: N, payload: HarmWatchPayload<N>, via: Delivery = 'update', audience: Audience = 'public'): Promise<HarmWatchView | undefined> {
    const query = audience === 'board' ? harmWatchBoardStatusQuery : harmWatchStatusQuery;
    return sendAndRead(this, watchRef(productId), harmWatchProcessId(productId), commandNamed(harmWatchCommands, name), payload, query, via);
  }

  /**
   * Reviews under way and due, across the board's live products, with those past their due date
   * marked overdue; then the next scheduled review of each, soonest first.
   */
  async dueReviews(boardId = this.boardId): Promise<DueReview[]> {
    const rows: DueReview[] = [];
    for (const productId of (await this.boardStatus(boardId)).products) {
      const watch = await this.harmWatch(productId).catch((err: unknown) => {
        if (err instanceof NotFound || err instanceof CommandRefused) return undefined; // not live yet, or retired
        throw err;
      });
      if (watch?.current) rows.push({ productId, reviewId: watch.current.reviewId, dueAt: watch.current.dueAt, overdue: watch.current.overdue === true, underWay: true }); // the watch marks it at its due date
      else if (watch?.nextReviewAt) rows.push({ productId, dueAt: watch.nextReviewAt, overdue: false, underWay: false });
    }
    return rows.sort((a, b) => Number(b.underWay) - Number(a.underWay) || a.dueAt.localeCompare(b.dueAt));
  }

  // ── The initiative board ─────────────────────────────────────────────────

  /**
   * The initiative board (by default the one in config/initiative-board.json): submissions,
   * triage, agenda, votes, minutes, subscriptions.
   *
   * @example
   * await governance.initiative().submit({ title: 'Map food banks', text: 'People cannot find them.' });
   */
  initiative(boardId: string = loadInitiativeBoard().roster.boardId): InitiativeClient {
    return new InitiativeClient(this, boardId, this.taskQueue, () => this.readRegister());
  }

  /** What the engine has sent to a person (papers, reminders, decisions), oldest first. */
  notifications(personId: string): Promise<Notice[]> {
    return withDatabase(this.store, (db) => readNotifications(db, personId));
  }
}

/** What `recoverBoard` did, and the board as it now stands. */
export interface BoardRecovery extends Recovery {
  readonly view?: BoardView;
}

export interface DueReview {
  readonly productId: string;
  /** Set for a review under way (its evidence gathered, its assessment awaited). */
  readonly reviewId?: string;
  readonly dueAt: string;
  readonly overdue: boolean;
  readonly underWay: boolean;
}

export interface Agenda {
  readonly boardId: string;
  readonly paused?: BoardView['paused'];
  readonly meetings: readonly { readonly meeting: Meeting; readonly items: readonly AgendaItem[] }[];
  readonly writtenProcedures: readonly AgendaItem[];
}

const reviewRef = (id: string): ProcessRef => ({ noun: 'gate review', id, hint: 'List the reviews with "govern reviews", or see the product with "govern product status".' });
const boardRef = (id: string): ProcessRef => ({ noun: 'board', id, hint: 'The secretariat opens it with "govern board open".' });
const productRef = (id: string): ProcessRef => ({ noun: 'product', id, hint: 'Register it first with "govern product register".' });
const watchRef = (id: string): ProcessRef => ({ noun: 'harm watch for product', id, hint: 'A product has one once it is live; see "govern product status".' });
const meetingRef = (id: string): ProcessRef => ({ noun: 'meeting', id, hint: 'A meeting is convened at its papers deadline; see the calendar with "govern agenda".' });

const quote = (value: string) => `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/**
 * The typed client for secretariat, members and operators. Commands are typed
 * by the gate review machine's payload schemas; refusals come back as
 * `CommandRefused` with the engine's own sentence.
 */
import {
  Client,
  Connection,
  WorkflowExecutionAlreadyStartedError,
  WorkflowFailedError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  isGrpcServiceError,
} from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { v4 as uuid } from 'uuid';
import type { z } from 'zod';
import { requestRefusal, type DecisionRecord } from '../machines/gateReviewRules';
import { gateReviewRequestSchema, type GateReviewRequest } from '../machines/gateReviewSchema';
import type { GateReviewView } from '../machines/gateReviewView';
import type { Gate, Stage } from '../machines/lifecycle';
import { describeIssues } from '../machines/schema';
import type { RegisterEntry } from '../activities/decisionRegister';
import type { gateReview } from '../workflows/gateReview';
import { gateReviewCommands, gateReviewWorkflowType, statusQuery } from '../workflows/gateReviewMessages';
import { auditQuery, type AuditEntry } from '../workflows/host/commands';
import { boardKey, gateKey, productIdKey, statusKey } from '../workflows/searchAttributes';
import { TASK_QUEUE } from '../workflows/taskQueue';
import { loadBoard, type BoardConfig } from './boardConfig';
import { readDecisions } from './decisions';
import { CommandRefused, GovernanceError, InvalidCommand, NotFound } from './errors';
import { registerDir, temporalSettings } from './settings';

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
  /** Defaults to a fresh id like `gr-benefits-map-alpha-3f2a9c1e`. */
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
type CommandByName<N extends CommandName> = Extract<(typeof gateReviewCommands)[number], { name: N }>;
export type CommandPayload<N extends CommandName> = z.input<CommandByName<N>['schema']>;

/** How a command travels: an Update waits for the verdict; a Signal is fire-and-forget. */
export type Delivery = 'update' | 'signal';

export interface GovernanceClientOptions {
  readonly client: Client;
  readonly board?: BoardConfig;
  readonly registerDir?: string;
  readonly taskQueue?: string;
  /** The clock for defaults such as the voting deadline; a time-skipping test passes the server's. */
  readonly now?: () => Date | Promise<Date>;
}

export class GovernanceClient {
  readonly temporal: Client;
  private readonly boardConfig?: BoardConfig;
  private readonly register: string;
  private readonly taskQueue: string;
  private readonly now: () => Date | Promise<Date>;

  constructor(options: GovernanceClientOptions) {
    this.temporal = options.client;
    if (options.board) this.boardConfig = options.board;
    this.register = options.registerDir ?? registerDir();
    this.taskQueue = options.taskQueue ?? TASK_QUEUE;
    this.now = options.now ?? (() => new Date());
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
    return new GovernanceClient({ client: new Client({ connection, namespace: settings.namespace }) });
  }

  get board(): BoardConfig {
    return this.boardConfig ?? loadBoard();
  }

  /**
   * Opens a gate review (secretariat only). Checks the request here first, so a
   * refused request starts nothing; the workflow checks it again.
   *
   * @throws InvalidCommand for a malformed request; CommandRefused when the requester is not secretariat,
   * the gate is not the product's next one, the deadline is past, or the review id is taken.
   * @example
   * const { reviewId } = await governance.requestGateReview({ productId: 'benefits-map', stage: 'proposed', gate: 'discovery', requestedBy: 's-jo' });
   */
  async requestGateReview(input: GateReviewRequestInput): Promise<{ reviewId: string; votingClosesAt: string }> {
    const { roster, policy } = this.board;
    const now = await this.now();
    const reviewId = input.reviewId ?? `gr-${input.productId}-${input.gate}-${uuid().slice(0, 8)}`;
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
        typedSearchAttributes: [
          { key: productIdKey, value: input.productId },
          { key: gateKey, value: input.gate },
          { key: boardKey, value: roster.boardId },
          { key: statusKey, value: 'awaitingVotes' },
        ],
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
   * view once recorded; by Signal it returns as soon as the server has the message,
   * and a refusal is kept in the review's audit log.
   *
   * @throws InvalidCommand (malformed payload), CommandRefused (the rules or the state say no:
   * the message says why), NotFound (no such review). Nothing changes on a throw.
   * @example
   * await governance.send('gr-1', 'castVote', { by: 'm-ben', choice: 'approve', reason: 'Meets the principles' });
   */
  async send<N extends CommandName>(reviewId: string, name: N, payload: CommandPayload<N>, via: 'signal'): Promise<void>;
  async send<N extends CommandName>(reviewId: string, name: N, payload: CommandPayload<N>, via?: 'update'): Promise<GateReviewView>;
  async send<N extends CommandName>(reviewId: string, name: N, payload: CommandPayload<N>, via: Delivery = 'update'): Promise<GateReviewView | void> {
    const command = gateReviewCommands.find((c) => c.name === name)!;
    const handle = this.temporal.workflow.getHandle(reviewId);
    try {
      if (via === 'signal') {
        // Malformed signals are refused here too, so the CLI user hears it rather than only the audit log.
        const parsed = command.schema.safeParse(payload);
        if (!parsed.success) throw new InvalidCommand(`${name}: ${describeIssues(parsed.error)}. Nothing was sent.`);
        await handle.signal(command.signal as never, payload as never);
        return;
      }
      return await handle.executeUpdate(command.update as never, { args: [payload] as never });
    } catch (err) {
      throw await this.explain(reviewId, err);
    }
  }

  /** The review's current view (a Query; works on running and finished reviews while a worker runs). */
  async status(reviewId: string): Promise<GateReviewView> {
    try {
      return await this.temporal.workflow.getHandle(reviewId).query(statusQuery);
    } catch (err) {
      throw await this.explain(reviewId, err);
    }
  }

  /** Every command the review received, accepted or refused, newest last. */
  async audit(reviewId: string): Promise<AuditEntry[]> {
    try {
      return await this.temporal.workflow.getHandle(reviewId).query(auditQuery);
    } catch (err) {
      throw await this.explain(reviewId, err);
    }
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
    return readDecisions({ ...filter, registerDir: this.register });
  }

  /** Turns an SDK error into one a person can act on. */
  private async explain(reviewId: string, err: unknown): Promise<Error> {
    if (err instanceof GovernanceError) return err;
    const failure = err instanceof WorkflowUpdateFailedError ? err.cause : err instanceof WorkflowFailedError ? err.cause : undefined;
    if (failure instanceof ApplicationFailure) {
      if (failure.type === 'InvalidPayload') return new InvalidCommand(failure.message);
      return new CommandRefused(failure.message);
    }
    if (err instanceof WorkflowNotFoundError || (isGrpcServiceError(err) && /not found/i.test(err.message))) {
      const closed = await this.closedReview(reviewId);
      if (closed) return new CommandRefused(closed);
      return new NotFound(`No gate review ${reviewId}. List the reviews with "govern reviews".`);
    }
    if (err instanceof Error && /already completed|workflow execution already completed/i.test(err.message)) {
      return new CommandRefused((await this.closedReview(reviewId)) ?? `Gate review ${reviewId} has finished; nothing was recorded.`);
    }
    return err instanceof Error ? err : new GovernanceError(String(err));
  }

  /** A sentence for a review that exists but has finished, or undefined when it does not exist. */
  private async closedReview(reviewId: string): Promise<string | undefined> {
    try {
      const description = await this.temporal.workflow.getHandle(reviewId).describe();
      if (description.status.name === 'RUNNING') return undefined;
      const at = description.closeTime?.toISOString() ?? 'an earlier time';
      return `Gate review ${reviewId} closed at ${at} (${description.status.name.toLowerCase()}); nothing was recorded. Read its decision with "govern status ${reviewId}" or "govern register".`;
    } catch {
      return undefined;
    }
  }
}

const quote = (value: string) => `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

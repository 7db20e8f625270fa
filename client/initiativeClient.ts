/**
 * The initiative board, for the people around it: anyone submits an item and
 * follows it; the secretariat triages, proposes, records attendance and
 * actions; members propose, declare interests and vote; stakeholders
 * subscribe. Refusals come back as `CommandRefused` with the board's sentence.
 */
import type { Client } from '@temporalio/client';
import type { RegisterEntry } from '../activities/decisionRegister';
import type { SubmissionView } from '../machines/initiativeBoard/view';
import { publicSight } from '../machines/kernel/moderation';
import { initiativeConfigSchema, type InitiativeConfigInput } from '../machines/initiativeBoard/schema';
import type { InitiativeItemView, InitiativeView } from '../machines/initiativeBoard/view';
import { describeIssues } from '../machines/kernel/schema';
import type { initiativeBoard } from '../workflows/initiativeBoard/workflow';
import { initiativeProcessId } from '../machines/kernel/ids';
import { commandNamed, type CommandNamed, type PayloadOf, type Receipt } from '../workflows/host/commands';
import { initiativeCommands, initiativeStatusForQuery, initiativeStatusQuery, initiativeWorkflowType, type InitiativeCommandName } from '../workflows/initiativeBoard/messages';
import { initiativeBoardSearchAttributes } from '../workflows/searchAttributes';
import { InvalidCommand, NotFound } from './errors';
import { queryProcess, sendCommand, type Delivery, type Door, type ProcessRef } from './processes';
import { foundOnce, initiativeBoardProcess, recoverProcess, settled, type Recovery } from './recovery';

export type InitiativePayload<N extends InitiativeCommandName> = PayloadOf<CommandNamed<typeof initiativeCommands, N>>;

const ref = (id: string): ProcessRef => ({ noun: 'initiative board', id, hint: 'The secretariat opens it with "govern initiative open" (npm start opens it).' });

/** What `recover` did, and the board as it now stands. */
export interface InitiativeRecovery extends Recovery {
  readonly view?: InitiativeView;
}

export class InitiativeClient {
  private readonly temporal: Client;

  constructor(
    /** Where its commands go and who signs them: the governance client it came from. */
    private readonly door: Door,
    readonly boardId: string,
    private readonly taskQueue: string,
    /** Reads the whole register, oldest first (the governance client's `readRegister`). */
    private readonly readRegister: () => Promise<RegisterEntry[]>,
  ) {
    this.temporal = door.temporal;
  }

  private get workflowId(): string {
    return initiativeProcessId(this.boardId);
  }

  /**
   * Opens the board's process unless it is already running, and returns its view. Safe to call at every start.
   *
   * @throws InvalidCommand for a configuration that does not parse.
   * @example
   * await governance.initiative().open({ by: 's-jo', config: loadInitiativeBoard() });
   */
  async open({ by, config }: { by: string; config: InitiativeConfigInput }): Promise<InitiativeView> {
    const parsed = initiativeConfigSchema.safeParse(config);
    if (!parsed.success) throw new InvalidCommand(`Initiative board configuration: ${describeIssues(parsed.error)}`);
    if (parsed.data.roster.boardId !== this.boardId) throw new InvalidCommand(`The configuration is for ${parsed.data.roster.boardId}, not ${this.boardId}.`);
    // Never a new, empty run over a stopped one (issue 12): a stopped board is recovered, not founded again.
    await foundOnce(this.temporal, initiativeBoardProcess(this.boardId, parsed.data.roster.secretariat[0]), (policies) =>
      this.temporal.workflow.start<typeof initiativeBoard>(initiativeWorkflowType, {
        ...policies,
        workflowId: this.workflowId,
        taskQueue: this.taskQueue,
        args: [{ config, openedBy: by }],
        typedSearchAttributes: initiativeBoardSearchAttributes(this.boardId),
        memo: { title: `Initiative board ${this.boardId}` },
      }),
    );
    return this.status();
  }

  /**
   * Brings a stopped initiative board back with everything it held, by Temporal's reset to its last
   * completed workflow task (see ./recovery.ts for why not a new founding). The caller checks that
   * `by` is the secretariat of the board file (`govern initiative recover` does). Answers with what
   * was recovered; `view` is missing when no worker answered yet.
   *
   * @throws CommandRefused (it is running), NotFound (never opened), GovernanceError (nothing to go back to).
   * @example
   * const { view } = await governance.initiative().recover({ by: 's-jo' });
   */
  async recover({ by, reason }: { by: string; reason?: string }): Promise<InitiativeRecovery> {
    const recovery = await recoverProcess(this.temporal, initiativeBoardProcess(this.boardId, by), { by, ...(reason ? { reason } : {}) });
    const view = await settled(() => this.status());
    return { ...recovery, ...(view ? { view } : {}) };
  }

  /**
   * The quarter as it stands: stage, agenda, next quarter's items, submissions, actions, what the board has decided.
   * With `reader` (only the person a door signed in), each item's count as that person may see it before the meeting ends.
   */
  status(reader?: string): Promise<InitiativeView> {
    if (reader !== undefined) return queryProcess(this.temporal, ref(this.boardId), this.workflowId, initiativeStatusForQuery, reader);
    return queryProcess(this.temporal, ref(this.boardId), this.workflowId, initiativeStatusQuery);
  }

  /**
   * Sends any initiative board command by name.
   *
   * @throws InvalidCommand (malformed payload), CommandRefused (the sentence says why), NotFound (no such board).
   * @example
   * await governance.initiative().command('castVote', { by: 'i-kofi', itemId: 'initiative-board-3', choice: 'approve' });
   */
  async command<N extends InitiativeCommandName>(name: N, payload: InitiativePayload<N>, via: Delivery = 'update'): Promise<InitiativeView | undefined> {
    return (await this.send(name, payload, via)) && this.status();
  }

  /** Sends the command; by Update, answers with the board's receipt (the quarter's stage, and the id of what the command created). */
  private send<N extends InitiativeCommandName>(name: N, payload: InitiativePayload<N>, via: Delivery = 'update'): Promise<Receipt | undefined> {
    return sendCommand(this.door, ref(this.boardId), this.workflowId, commandNamed(initiativeCommands, name), payload, via);
  }

  /**
   * Submits an item to the board: anyone may. Leave `by` out to stay anonymous (keep the returned id to follow it).
   *
   * @throws InvalidCommand (no title or text, a decision the board does not take).
   * @example
   * const { submissionId } = await governance.initiative().submit({ title: 'Map food banks', text: '…' });
   */
  async submit(payload: InitiativePayload<'submitItem'>): Promise<SubmissionView> {
    const receipt = (await this.send('submitItem', payload))!;
    return this.follow(receipt.created!);
  }

  /** Where a submission stands: awaiting triage (and by when), accepted into an item, merged, or declined with the reason. */
  async follow(submissionId: string, reader?: string): Promise<SubmissionView> {
    return followSubmission(submissionId, this.boardId, () => this.status(reader), () => this.register());
  }

  /**
   * Puts an item on the agenda (a member, or the secretariat; the secretariat also for a product board referral).
   * It joins this quarter's meeting until the papers go out, then the next.
   */
  async propose(payload: InitiativePayload<'proposeItem'>): Promise<InitiativeItemView> {
    const receipt = (await this.send('proposeItem', payload))!;
    const view = await this.status();
    return [...view.agenda, ...view.nextAgenda].find((i) => i.itemId === receipt.created)!;
  }

  /** The board's published records, oldest first: decisions, minutes and answers to submissions. */
  async register(): Promise<RegisterEntry[]> {
    return initiativeRecords(await this.readRegister(), this.boardId);
  }
}

/** The initiative board `boardId`'s records among `entries`: decisions, minutes and answers to submissions. */
export const initiativeRecords = (entries: readonly RegisterEntry[], boardId: string): RegisterEntry[] =>
  entries.filter((e) => (e.kind === 'initiativeDecision' || e.kind === 'initiativeMinutes' || e.kind === 'submissionTriage' || (e.kind === 'moderation' && e.subject === 'submission')) && e.boardId === boardId);

/**
 * Where a submission stands: in the board's view while it is open, else its published answer in the
 * register (the board keeps only a window of what it closed). Shared by this client and the API's.
 *
 * @throws NotFound when neither has it.
 */
export async function followSubmission(submissionId: string, boardId: string, status: () => Promise<InitiativeView>, register: () => Promise<RegisterEntry[]>): Promise<SubmissionView> {
  const found = (await status()).submissions.find((s) => s.submissionId === submissionId);
  if (found) return found;
  const records = await register();
  // A submission the secretariat removed is answered by its moderation decision, which keeps nothing it said; it is
  // looked for first, so that a triage answer published before the removal does not show its title again here.
  const removed = records.find((e) => e.kind === 'moderation' && e.subjectId === submissionId && e.outcome === 'removed');
  if (removed?.kind === 'moderation') {
    const words = publicSight({ decisions: [{ ...removed, by: removed.moderatedBy, at: removed.moderatedAt }] });
    const text = words.shown ? '' : words.words;
    return { submissionId, title: text, text, submittedAt: '', triageBy: removed.moderatedAt, status: 'declined', withheld: 'removed', triage: { by: removed.moderatedBy, at: removed.moderatedAt, reason: removed.reason, decisionId: removed.decisionId } };
  }
  const answered = records.find((e) => e.kind === 'submissionTriage' && e.submissionId === submissionId);
  if (answered?.kind === 'submissionTriage')
    return { submissionId, title: answered.title, text: '', submittedAt: '', triageBy: answered.triagedAt, status: answered.outcome, triage: { by: answered.triagedBy, at: answered.triagedAt, reason: answered.reason, ...(answered.itemId ? { itemId: answered.itemId } : {}) } };
  throw new NotFound(`No submission ${submissionId} on ${boardId}; check the id you were given when you submitted.`);
}

/**
 * The activities the worker registers, bound to where this deployment keeps
 * its data: the register and the notices in PostgreSQL, the evidence in a folder.
 * Each activity's name is the machine actor that asks for it.
 */
import type { Client } from '@temporalio/client';
import type { Notification, Publication, Refusal } from '../machines/kernel/effects';
import { decisionNoticeId } from '../machines/kernel/ids';
import type { Escalation, EvidenceRequest } from '../machines/harmWatch/machine';
import type { Evidence } from '../machines/harmWatch/rules';
import { escalateHarm } from './escalation';
import { gatherEvidenceFrom } from './evidence';
import type { AgendaRequest, Placement } from '../machines/product/schema';
import { authorise, placeOnAgenda, type RoleCheck, type RoleHeld } from './boardClient';
import type { Store } from '../store/register';
import { publishDecisionTo, type PublishedRecord, type RegisteredRecord } from './decisionRegister';
import { noticeOf } from './notices';
import { recordNotification } from '../store/notices';
import type { OutgoingSignal } from '../workflows/host/processDefinition';
import type { TrustedKey } from '../workflows/host/proof';
import type { WorkerTrust } from '../trust/settings';
import { sendSignedCommand } from './processCommands';

export interface ActivityDeps {
  /** The database the decision register and the notices are in, and the key that signs the register's heads. */
  readonly store: Store;
  /** Folder of each product's evidence for benefit and harm reviews. */
  readonly evidenceDir: string;
  /** The client the board activities use; the worker's own when omitted. */
  readonly client?: Client;
  /** The key that signs what one process sends another, and the keys a new process trusts. */
  readonly trust: WorkerTrust;
}

/**
 * Creates the activity implementations.
 *
 * @example
 * const store = await openStore(databaseSettings(), registerKeyFile());
 * new Worker({ activities: createActivities({ store, evidenceDir: '.data/evidence' }), … })
 */
export function createActivities(deps: ActivityDeps) {
  return {
    /**
     * Publishes a decision, minutes or a benefit and harm review to the register, then tells the subscribers the record names.
     * Idempotent by `decisionId` and, for notices, by notification and recipient (unique constraints in
     * the database); retried by Temporal on database errors; `InvalidDecision` is not retried.
     */
    publishDecision: async (record: PublishedRecord): Promise<Publication> => {
      const { notify, ...kept } = record as PublishedRecord & { notify?: readonly string[] };
      // Worded before anything is written: a record the notices cannot word fails here, loudly, not after its publication.
      const words = notify?.length ? noticeOf(record) : undefined;
      const publication = await publishDecisionTo(deps.store, kept as RegisteredRecord);
      if (notify?.length && words) await recordNotification(deps.store.db, { notificationId: decisionNoticeId(record.decisionId), to: notify, ...words });
      return publication;
    },
    /**
     * Records a notification for each recipient in PostgreSQL, once per recipient however often it runs
     * (a unique constraint); the delivery loop (mail/) sends it as each recipient chose. Retried on database errors.
     */
    notify: async (notification: Notification): Promise<void> => {
      await recordNotification(deps.store.db, notification);
    },
    /** Asks the board for a place on its agenda: the place, or `{ refused }` with the board's reason. Retried only when the board cannot be reached. */
    placeOnAgenda: (request: AgendaRequest): Promise<Placement | Refusal> => placeOnAgenda(request, deps.trust.signer, deps.client),
    /** Reads a product's evidence for a review. Changes nothing; retried while the folder cannot be read. */
    gatherEvidence: (request: EvidenceRequest): Promise<Evidence> => gatherEvidenceFrom(deps.evidenceDir, request),
    /**
     * Puts a high or critical harm to the product board by written procedure and tells both boards.
     * Idempotent; retried until the board has the item.
     */
    escalateHarm: (escalation: Escalation) => escalateHarm(deps.store.db, escalation, deps.trust.signer, deps.client),
    /** Checks a person's role on the board: nothing (the board's subscribers, when asked for), or `{ refused }` when they do not hold it. */
    authorise: (check: RoleCheck): Promise<Refusal | RoleHeld | undefined> => authorise(check, deps.client),
    /** The keys a process opened now trusts (the API's and the worker's), from the worker's settings: a start request cannot choose them. */
    trustedKeys: async (): Promise<TrustedKey[]> => [...deps.trust.trusted],
    /** Sends the command a process emitted to another, signed in its name; taken once however often it is retried. */
    sendCommand: (outgoing: OutgoingSignal): Promise<void> => sendSignedCommand(deps.trust.signer, outgoing, deps.client),
  };
}

export type Activities = ReturnType<typeof createActivities>;

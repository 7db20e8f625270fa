/**
 * The worker's mail: the delivery loop (mail/deliveryLoop.ts) on the worker's database, sending by
 * SMTP when SMTP_URL is set and into the local mailbox otherwise, trying a failed message again as
 * GOVERN_MAIL_RETRY_FIRST_WAIT_SECONDS and GOVERN_MAIL_RETRY_ATTEMPTS say, and asking the boards
 * themselves who their secretariat is when a message cannot be delivered.
 */
import { Client, Connection, type ConnectionOptions } from '@temporalio/client';
import { loadBoard } from '../client/boardConfig';
import { loadInitiativeBoard } from '../client/initiativeConfig';
import { startDeliveryLoop, type DeliveryLoop } from '../mail/deliveryLoop';
import type { SecretariatOf } from '../mail/report';
import { mailSettingsFrom, type MailSettings } from '../mail/settings';
import { localMailbox, smtpTransport } from '../mail/transport';
import { boardProcessId, initiativeProcessId } from '../machines/kernel/ids';
import type { Db } from '../store/database';
import { initiativeStatusQuery } from '../workflows/initiativeBoard/messages';
import { boardStatusQuery } from '../workflows/productBoard/messages';

/**
 * The mail settings of this process.
 *
 * @throws MailSettingsError for an SMTP_URL, GOVERN_PUBLIC_URL, GOVERN_MAIL_FROM or retry setting that cannot work.
 */
export const mailSettings = (): MailSettings => mailSettingsFrom(process.env);

/** The boards the board files found, for a message that names no board, and when a board cannot be asked. */
function foundingSecretariats(): Map<string, readonly string[]> {
  const found = new Map<string, readonly string[]>();
  for (const load of [() => loadBoard().roster, () => loadInitiativeBoard().roster]) {
    try {
      const roster = load();
      found.set(roster.boardId, roster.secretariat);
    } catch {
      // A board file that cannot be read is reported where the board is opened; mail does without it.
    }
  }
  return found;
}

/**
 * Asks the board's own process (product board, else initiative board) for its secretariat now, as
 * appointments may have changed it since its file; the board file's when the process cannot answer.
 * A message about no board goes to every founding secretariat.
 */
export function secretariatFromBoards(temporal: { readonly connectionOptions: ConnectionOptions; readonly namespace: string }): { readonly secretariatOf: SecretariatOf; close(): Promise<void> } {
  let client: Promise<Client> | undefined;
  const connect = () => (client ??= Connection.connect(temporal.connectionOptions).then((connection) => new Client({ connection, namespace: temporal.namespace })));
  const close = async () => {
    const opened = client;
    client = undefined;
    await opened?.then((c) => c.connection.close()).catch(() => undefined);
  };
  const secretariatOf: SecretariatOf = async (boardId) => {
    const founding = foundingSecretariats();
    if (!boardId) return [...new Set([...founding.values()].flat())];
    try {
      const temporalClient = await connect();
      const asked = await temporalClient.workflow
        .getHandle(boardProcessId(boardId))
        .query(boardStatusQuery)
        .catch(() => temporalClient.workflow.getHandle(initiativeProcessId(boardId)).query(initiativeStatusQuery));
      return asked.roster.secretariat;
    } catch {
      return founding.get(boardId) ?? [...new Set([...founding.values()].flat())];
    }
  };
  return { secretariatOf, close };
}

/**
 * Starts delivering mail from `db`; `stop()` lets the messages under way finish.
 *
 * @example
 * const mail = startMail(store.db, mailSettings(), { connectionOptions, namespace });
 */
export function startMail(db: Db, settings: MailSettings, temporal: { readonly connectionOptions: ConnectionOptions; readonly namespace: string }): DeliveryLoop {
  const domain = /@([^>\s]+)>?\s*$/.exec(settings.from)?.[1] ?? 'localhost';
  const transport = settings.smtp ? smtpTransport(settings.smtp.url, settings.from) : localMailbox;
  const boards = secretariatFromBoards(temporal);
  const loop = startDeliveryLoop({
    db,
    transport,
    publicUrl: settings.publicUrl,
    retry: settings.retry,
    secretariatOf: boards.secretariatOf,
    messageDomain: domain,
    onError: (err) => console.warn(`Mail delivery: ${(err as Error).message}; trying again shortly.`),
  });
  return {
    round: loop.round,
    async stop() {
      await loop.stop();
      transport.close();
      await boards.close();
    },
  };
}

/**
 * Telling the secretariat that a message could not be delivered: a bounced address (the mail server
 * refused it) or one that kept failing until the attempts ran out. The notice goes to the board's
 * secretariat like any other, by person id; it names the person and the message, never the address.
 */
import type { Db } from '../store/database';
import { recordNotification } from '../store/notices';
import type { DeliveryRow } from '../store/schema';

/** The secretariat's person ids for a board (the one the message was about; undefined when it named none). */
export type SecretariatOf = (boardId: string | undefined) => Promise<readonly string[]>;

export interface Undeliverable {
  readonly delivery: DeliveryRow;
  readonly attempts: number;
  readonly error: string;
  readonly subject: string;
  readonly permanent: boolean;
}

/** The id of the notice reporting an undeliverable message: one per message, however often this runs. */
export const undeliverableNoticeId = (deliveryId: string): string => `undeliverable-${deliveryId}`;

/**
 * Records a notice to the secretariat of the message's board, in `trx` with the failure itself.
 *
 * @example
 * await reportUndeliverable(trx, secretariatOf, { delivery, attempts: 8, error: 'the mail server answered 550 …', subject, permanent: true }, now);
 */
export async function reportUndeliverable(trx: Db, secretariatOf: SecretariatOf, failed: Undeliverable, now: Date): Promise<void> {
  const { delivery, attempts, error, subject, permanent } = failed;
  const to = await secretariatOf(delivery.board_id ?? undefined);
  if (!to.length) return;
  const person = delivery.person_id;
  const why = permanent ? `The mail server refused the address: ${error}.` : `We tried ${attempts} times and gave up: ${error}.`;
  await recordNotification(
    trx,
    {
      notificationId: undeliverableNoticeId(delivery.id),
      to,
      subject: `Mail to ${person} could not be delivered`,
      body: `Our message to ${person}, "${subject}", was not delivered. ${why}\nCheck the address we hold for them with them, and set it again with: govern person set ${person} --email ADDRESS\nUntil then they can read their messages with: govern mail --as ${person}`,
      ...(delivery.board_id ? { boardId: delivery.board_id } : {}),
    },
    { now, reportsDelivery: delivery.id },
  );
}

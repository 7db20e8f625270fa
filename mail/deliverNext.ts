/**
 * One message, start to end: claim the next one due (no other worker can hold it meanwhile), finish
 * it for its reader, send it, and commit what happened: sent (kept in the mailbox), tried again
 * later, or failed, and then reported to the board's secretariat.
 */
import type { Db } from '../store/database';
import { claimDue, markAttemptFailed, markSent, noticesIn } from '../store/deliveries';
import { personOf } from '../store/people';
import type { DeliveryRow } from '../store/schema';
import { retryAt, type RetryPolicy } from './backoff';
import { renderDigest, renderNotice } from './render';
import { reportUndeliverable, type SecretariatOf } from './report';
import { localMailbox, SendFailed, type MailTransport } from './transport';

export interface DeliveryContext {
  readonly db: Db;
  /** SMTP when configured; the local mailbox otherwise. */
  readonly transport: MailTransport;
  readonly publicUrl: string;
  readonly retry: RetryPolicy;
  /** Who to tell when a message to someone on a board cannot be delivered. */
  readonly secretariatOf: SecretariatOf;
  /** The domain of Message-IDs (the sender's). */
  readonly messageDomain: string;
}

export type Outcome = 'sent' | 'retrying' | 'failed';

/**
 * Delivers the next message due at `now`, if any; answers what became of it, or undefined when none was due.
 *
 * @throws the database's errors (the transaction is rolled back: the message is due again and is tried afresh).
 * @example
 * while (await deliverNext(context, new Date())) {}
 */
export async function deliverNext(context: DeliveryContext, now: Date): Promise<Outcome | undefined> {
  return context.db.transaction().execute(async (trx) => {
    const [delivery] = await claimDue(trx, now, 1);
    if (!delivery) return undefined;
    return deliver(trx, context, delivery, now);
  });
}

async function deliver(trx: Db, context: DeliveryContext, delivery: DeliveryRow, now: Date): Promise<Outcome> {
  const [person, notices] = await Promise.all([personOf(trx, delivery.person_id), noticesIn(trx, delivery.id)]);
  const rendered =
    delivery.kind === 'immediate' && notices.length === 1
      ? renderNotice(notices[0]!, person, context.publicUrl)
      : renderDigest(notices, person, delivery.kind === 'immediate' ? 'daily' : delivery.kind, delivery.board_id, delivery.created_at, context.publicUrl);
  // A person without an address still has the mailbox: the portal and `govern mail` show it.
  const transport = person.email ? context.transport : localMailbox;
  const messageId = `<delivery-${delivery.id}@${context.messageDomain}>`;
  try {
    if (person.email) await transport.send({ to: person.email, subject: rendered.subject, text: rendered.text, messageId });
  } catch (err) {
    const failure = err instanceof SendFailed ? err : new SendFailed((err as Error).message, false);
    const attempts = delivery.attempts + 1;
    const again = retryAt(attempts, now, failure.permanent, context.retry);
    await markAttemptFailed(trx, delivery, failure.message, again, now);
    if (again) return 'retrying';
    // A notice about a failed message is not itself reported when it fails: that would never end.
    if (!notices.every((n) => n.reports_delivery !== null))
      await reportUndeliverable(trx, context.secretariatOf, { delivery, attempts, error: failure.message, subject: rendered.subject, permanent: failure.permanent }, now);
    return 'failed';
  }
  await markSent(trx, delivery, { transport: transport.kind, messageId, subject: rendered.subject, text: rendered.text, at: now });
  return 'sent';
}

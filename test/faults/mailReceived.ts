/**
 * What a real SMTP server received, set against what the engine recorded: every notice to a person
 * with an address must have its message at the server, under the Message-ID its delivery names
 * (`<delivery-ID@domain>`), for that person's address, and nothing else may arrive. The engine's own
 * count (the deliveries table) is read only to wait until it has nothing left to send.
 */
import { setTimeout as delay } from 'node:timers/promises';
import type { Db } from '../../store/database';
import { deliveryCounts } from '../../store/deliveries';
import type { Received } from '../support/smtp';

/**
 * Waits until no message is pending or waiting to be tried again, and answers the count in each state.
 *
 * @throws after `budgetMs` with the counts, when mail is still waiting.
 */
export async function mailSettled(db: Db, budgetMs: number): Promise<Record<string, number>> {
  const deadline = Date.now() + budgetMs;
  for (;;) {
    const counts = await deliveryCounts(db);
    if (!counts.pending && !counts.retrying) return counts;
    if (Date.now() > deadline) throw new Error(`Mail still waiting ${budgetMs / 1000} s after the storm: ${JSON.stringify(counts)}`);
    await delay(500);
  }
}

/** A message the server got more than once: the same delivery, so the same Message-ID. */
export interface Duplicate {
  readonly deliveryId: string;
  readonly to: string;
  readonly notificationId: string;
  /** When each copy arrived (ms since the epoch), oldest first. */
  readonly arrivals: readonly number[];
}

export interface MailAtServer {
  /** Notices recorded for someone with an address. */
  readonly notices: number;
  /** Notices without a message to carry them (must be none). */
  readonly unsent: readonly string[];
  /** Deliveries by state (every one must be sent, none failed). */
  readonly states: Readonly<Record<string, number>>;
  /** Deliveries whose message never reached the server (must be none). */
  readonly missing: readonly string[];
  /** Copies that arrived for someone other than the delivery's person, or under another subject than the mailbox keeps (must be none). */
  readonly misaddressed: readonly string[];
  /** Messages at the server that no delivery names (must be none). */
  readonly unknown: readonly Received[];
  /** Distinct messages at the server: one per delivery when none is missing. */
  readonly distinct: number;
  readonly duplicates: readonly Duplicate[];
  /** Deliveries sent after at least one failed attempt, and those attempts in all. */
  readonly heldBack: { readonly deliveries: number; readonly decisions: number; readonly failedAttempts: number; readonly lastArrival?: number };
}

/**
 * Sets what `received` holds against the notices, deliveries and mailbox in `db`.
 *
 * @example
 * const mail = await mailAtServer(store.db, smtp.received);
 * expect(mail.missing).toEqual([]);
 */
export async function mailAtServer(db: Db, received: readonly Received[]): Promise<MailAtServer> {
  const notices = await db
    .selectFrom('notices')
    .innerJoin('people', 'people.person_id', 'notices.person_id')
    .leftJoin('delivery_notices', 'delivery_notices.notice_id', 'notices.id')
    .leftJoin('deliveries', 'deliveries.id', 'delivery_notices.delivery_id')
    .leftJoin('mailbox', 'mailbox.delivery_id', 'deliveries.id')
    .select([
      'notices.notification_id',
      'notices.person_id',
      'people.email',
      'deliveries.id as deliveryId',
      'deliveries.status',
      'deliveries.attempts',
      'deliveries.message_id',
      'mailbox.subject',
    ])
    .where('people.email', 'is not', null)
    .execute();

  const copies = new Map<string, Received[]>();
  for (const message of received) copies.set(message.messageId, [...(copies.get(message.messageId) ?? []), message]);

  const states: Record<string, number> = {};
  const unsent: string[] = [];
  const missing: string[] = [];
  const misaddressed: string[] = [];
  const duplicates: Duplicate[] = [];
  const named = new Set<string>();
  const seenDeliveries = new Set<string>();
  const heldBack = { deliveries: 0, decisions: 0, failedAttempts: 0, lastArrival: undefined as number | undefined };
  for (const n of notices) {
    const who = `${n.notification_id} to ${n.person_id}`;
    if (!n.deliveryId) {
      unsent.push(who);
      continue;
    }
    // An immediate notice is a message of its own; a digest would carry several (the storm sets no digests).
    if (seenDeliveries.has(n.deliveryId)) continue;
    seenDeliveries.add(n.deliveryId);
    states[n.status!] = (states[n.status!] ?? 0) + 1;
    if (n.status !== 'sent' || !n.message_id) continue;
    named.add(n.message_id);
    const arrived = (copies.get(n.message_id) ?? []).sort((a, b) => a.at - b.at);
    if (!arrived.length) missing.push(`${who} (${n.message_id})`);
    for (const copy of arrived)
      if (copy.to !== n.email!.toLowerCase() || copy.subject !== n.subject) misaddressed.push(`${who}: arrived for ${copy.to} as "${copy.subject}"`);
    if (arrived.length > 1) duplicates.push({ deliveryId: n.deliveryId, to: n.person_id, notificationId: n.notification_id, arrivals: arrived.map((c) => c.at) });
    if (n.attempts! > 1) {
      heldBack.deliveries += 1;
      heldBack.failedAttempts += n.attempts! - 1;
      if (n.notification_id.startsWith('decision-')) heldBack.decisions += 1;
      const first = arrived[0]?.at;
      if (first !== undefined) heldBack.lastArrival = Math.max(heldBack.lastArrival ?? first, first);
    }
  }
  const { lastArrival, ...counts } = heldBack;
  return {
    notices: notices.length,
    unsent,
    states,
    missing,
    misaddressed,
    unknown: received.filter((m) => !named.has(m.messageId)),
    distinct: [...copies.keys()].filter((id) => named.has(id)).length,
    duplicates,
    heldBack: { ...counts, ...(lastArrival !== undefined ? { lastArrival } : {}) },
  };
}

/**
 * The decision register, as the `publishDecision` activity writes it: an append to the register in
 * PostgreSQL (store/register.ts), hash-chained and signed, which anyone with the engine can read
 * (`govern register`).
 */
import { ApplicationFailure } from '@temporalio/common';
import type { Publication } from '../machines/kernel/effects';
import type { RegisteredRecord } from '../store/records';
import { appendToRegister, type Store } from '../store/register';

export { isDecision, type DecisionEntry, type PublishedRecord, type RegisteredRecord, type RegisterEntry } from '../store/records';

/**
 * Appends a decision to the register unless it is already there.
 *
 * Idempotent: keyed by `decisionId` in the database (a unique constraint, and appends serialised in
 * one transaction each), so a retried or replayed activity, or another worker, finds the first entry
 * and returns its publication without writing again. Throws a non-retryable `InvalidDecision` failure
 * for a record with no id; database errors are retried by Temporal (the append is rolled back whole).
 *
 * @example
 * const publication = await publishDecisionTo(store, record);
 * // → { decisionId: 'gr-benefits-map-alpha-1', publishedAt: '2026-…', location: 'register entry 12' }
 */
export async function publishDecisionTo(store: Store, record: RegisteredRecord, now: Date = new Date()): Promise<Publication> {
  if (!record?.decisionId)
    throw ApplicationFailure.create({ type: 'InvalidDecision', message: 'A decision without a decisionId cannot be registered', nonRetryable: true });
  const { entry } = await appendToRegister(store, record, now);
  return { decisionId: entry.decisionId, publishedAt: entry.publishedAt, location: `register entry ${entry.seq}` };
}

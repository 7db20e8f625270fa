/**
 * The decision register: one JSON file per decision in a folder anyone with
 * the engine can read (`govern register`). Files are written whole or not at
 * all, so a reader never sees half a decision, and a decision is written once
 * however often Temporal retries the activity.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { ApplicationFailure } from '@temporalio/common';
import type { Publication } from '../machines/kernel/effects';
import type { RegisteredRecord, RegisterEntry } from '../store/records';
import { readJsonFile, readJsonFolder, writeJsonOnce } from './jsonFiles';

export { isDecision, type DecisionEntry, type PublishedRecord, type RegisteredRecord, type RegisterEntry } from '../store/records';

const fileFor = (dir: string, decisionId: string) => join(dir, `${encodeURIComponent(decisionId)}.json`);

/**
 * Writes a decision to the register unless it is already there.
 *
 * Idempotent: keyed by `decisionId`, so a retried or replayed activity finds the
 * first copy and returns its publication without writing again. The write is
 * atomic (a temporary file hard-linked into place, which fails if the name
 * exists). Throws a non-retryable `InvalidDecision` failure for a record with
 * no id; file-system errors are retried by Temporal.
 *
 * @example
 * const publication = await publishDecisionTo('/var/governance/register', record);
 * // → { decisionId: 'gr-benefits-map-alpha-1', publishedAt: '2026-…', location: '/var/…/gr-….json' }
 */
export async function publishDecisionTo(dir: string, record: RegisteredRecord, now: Date = new Date()): Promise<Publication> {
  if (!record?.decisionId)
    throw ApplicationFailure.create({ type: 'InvalidDecision', message: 'A decision without a decisionId cannot be registered', nonRetryable: true });
  await mkdir(dir, { recursive: true });
  const target = fileFor(dir, record.decisionId);
  const existing = await readJsonFile<RegisterEntry>(target);
  if (existing) return { decisionId: record.decisionId, publishedAt: existing.publishedAt, location: target };

  const entry: RegisterEntry = { ...record, publishedAt: now.toISOString() };
  if (await writeJsonOnce(target, entry)) return { decisionId: record.decisionId, publishedAt: entry.publishedAt, location: target };
  // Another attempt won the race; its copy is the register's.
  const winner = await readJsonFile<RegisterEntry>(target);
  return { decisionId: record.decisionId, publishedAt: winner?.publishedAt ?? entry.publishedAt, location: target };
}

/**
 * Reads the whole register, oldest publication first.
 *
 * Returns an empty list when nothing has been published yet. Never writes.
 *
 * @example
 * for (const d of await readRegister(dir)) console.log(d.decisionId, d.outcome);
 */
export async function readRegister(dir: string): Promise<RegisterEntry[]> {
  return (await readJsonFolder<RegisterEntry>(dir)).sort((a, b) => a.publishedAt.localeCompare(b.publishedAt) || a.decisionId.localeCompare(b.decisionId));
}

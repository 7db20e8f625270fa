/**
 * The register as a file anyone can keep and check: JSON Lines of every entry with its hashes, each
 * followed by the head signed when it was published (what `govern register verify` checks, offline),
 * or CSV for a spreadsheet, one row per entry with its main fields flattened.
 */
import type { ChainEntry, SignedHead } from './chain';
import type { Db } from './database';
import { registerChain, signedHeads } from './register';

/** The first line's `format`: what `verify` recognises an export by. */
export const exportFormat = 'insight-governance register export';
export const exportVersion = 1;

export type ExportLine =
  | { readonly type: 'register'; readonly format: typeof exportFormat; readonly version: typeof exportVersion; readonly exportedAt: string }
  | ({ readonly type: 'entry' } & ChainEntry<unknown>)
  | ({ readonly type: 'head' } & SignedHead);

/** What the register holds, read in one transaction so that entries and heads agree. */
export interface RegisterSnapshot {
  readonly entries: readonly ChainEntry[];
  readonly heads: readonly SignedHead[];
  readonly exportedAt: string;
}

/**
 * Reads every entry and head as of one moment.
 *
 * @example
 * const text = toJsonLines(await snapshotRegister(db));
 */
export async function snapshotRegister(db: Db, now: Date = new Date()): Promise<RegisterSnapshot> {
  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (trx) => ({ entries: await registerChain(trx), heads: await signedHeads(trx), exportedAt: now.toISOString() }));
}

/** The export's lines: a header, then each entry followed by its signed head. */
export function exportLines(snapshot: RegisterSnapshot): ExportLine[] {
  const headOf = new Map(snapshot.heads.map((h) => [h.seq, h]));
  const lines: ExportLine[] = [{ type: 'register', format: exportFormat, version: exportVersion, exportedAt: snapshot.exportedAt }];
  for (const entry of snapshot.entries) {
    lines.push({ type: 'entry', ...entry });
    const head = headOf.get(entry.seq);
    if (head) lines.push({ type: 'head', ...head });
  }
  return lines;
}

/** JSON Lines: one JSON object a line, the file ending with a line break. */
export const toJsonLines = (snapshot: RegisterSnapshot): string => exportLines(snapshot).map((line) => JSON.stringify(line)).join('\n') + '\n';

type Fields = Record<string, unknown>;
const text = (value: unknown): string => (typeof value === 'string' ? value : value === undefined || value === null ? '' : String(value));

/** The fields a person looks for first, whatever the kind of record. */
function mainFields(record: Fields): Fields {
  const product = record.product as { id?: string; name?: string } | undefined;
  const meeting = record.meeting as { meetingId?: string; startsAt?: string } | undefined;
  const proposal = record.proposal as { decision?: string } | undefined;
  const tally = record.tally as Record<string, number> | undefined;
  return {
    board: record.boardId,
    product: product?.id,
    subject: record.gate ?? proposal?.decision ?? (record.kind === 'harmReview' ? 'benefit and harm review' : meeting ? `meeting ${meeting.startsAt}` : record.submissionId),
    title: record.title ?? product?.name,
    outcome: record.outcome ?? record.worstHarm,
    deferred_because: record.deferredBecause,
    approve: tally?.approve,
    approve_with_conditions: tally?.approveWithConditions,
    reject: tally?.reject,
    abstain: tally?.abstain,
    explanation: record.explanation ?? record.reason ?? record.summary ?? record.compositionSummary,
  };
}

export const csvColumns = [
  'seq', 'published_at', 'decision_id', 'kind', 'board', 'product', 'subject', 'title', 'outcome', 'deferred_because',
  'approve', 'approve_with_conditions', 'reject', 'abstain', 'explanation', 'prev_hash', 'hash', 'head_public_key', 'head_signature', 'record',
] as const;

/**
 * One CSV cell (RFC 4180). Text that a spreadsheet would run as a formula (=, +, -, @ first) is
 * prefixed with an apostrophe: public submissions reach the register, and a cell must stay text.
 */
function cell(value: unknown): string {
  let s = text(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** CSV: a header row, then one row per entry with its main fields flattened and the whole record as JSON last. */
export function toCsv(snapshot: RegisterSnapshot): string {
  const headOf = new Map(snapshot.heads.map((h) => [h.seq, h]));
  const rows = snapshot.entries.map((entry) => {
    const head = headOf.get(entry.seq);
    const row: Fields = {
      seq: entry.seq,
      published_at: entry.publishedAt,
      decision_id: entry.decisionId,
      kind: entry.kind,
      ...mainFields(entry.record as unknown as Fields),
      prev_hash: entry.prevHash,
      hash: entry.hash,
      head_public_key: head?.publicKey,
      head_signature: head?.signature,
      record: JSON.stringify(entry.record),
    };
    return csvColumns.map((column) => cell(row[column])).join(',');
  });
  return [csvColumns.join(','), ...rows].join('\r\n') + '\r\n';
}

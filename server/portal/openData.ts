/**
 * The register as files anyone may keep: JSON Lines with every entry's hashes and signed heads (what
 * `govern register verify` checks, offline) and CSV for a spreadsheet, both from store/export.ts.
 *
 * Not streamed from the database, on purpose: a file must be one consistent snapshot (entries and heads
 * read in one repeatable-read transaction, store/export.ts), and streaming it would hold that
 * transaction and a database connection open for as long as the slowest reader takes to download.
 * Instead the files are made once each time the register grows (it only grows: each entry is appended
 * once and never changed, store/register.ts) and sent from memory; a download costs one count.
 */
import type { Db } from '../../store/database';
import { snapshotRegister, toCsv, toJsonLines, type RegisterSnapshot } from '../../store/export';
import { registerSize } from '../../store/register';

/** The two files and what a reader checks them against. */
export interface RegisterFiles {
  readonly jsonl: string;
  readonly csv: string;
  readonly entries: number;
  readonly exportedAt: string;
  /** The last entry's place and hash: compare with a copy kept earlier, since no file alone shows its end was cut off. */
  readonly last?: { readonly seq: number; readonly hash: string };
  /** The keys the heads are signed with (one, unless the key was changed). */
  readonly publicKeys: readonly string[];
}

/** The files of `snapshot`. */
export function filesOf(snapshot: RegisterSnapshot): RegisterFiles {
  const last = snapshot.entries.at(-1);
  return {
    jsonl: toJsonLines(snapshot),
    csv: toCsv(snapshot),
    entries: snapshot.entries.length,
    exportedAt: snapshot.exportedAt,
    ...(last ? { last: { seq: last.seq, hash: last.hash } } : {}),
    publicKeys: [...new Set(snapshot.heads.map((h) => h.publicKey))],
  };
}

/**
 * The register's files, made again only when the register has more entries than when they were made.
 *
 * @example
 * const files = keptRegisterFiles(db);
 * reply.send((await files()).jsonl);
 */
export function keptRegisterFiles(db: Db): () => Promise<RegisterFiles> {
  let kept: { readonly size: number; readonly files: Promise<RegisterFiles> } | undefined;
  return async () => {
    const size = await registerSize(db);
    if (kept?.size !== size) {
      const files = snapshotRegister(db).then(filesOf);
      kept = { size, files };
      // A failed read is not kept: the next download reads again.
      files.catch(() => (kept = undefined));
    }
    return kept.files;
  };
}

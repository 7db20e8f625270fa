/**
 * The tables, as Kysely types them: every query in store/ is checked against these interfaces.
 * Keep them equal to what store/migrations/ creates.
 */
import type { ColumnType, Selectable } from 'kysely';
import type { RegisteredRecord } from './records';

/** int8 comes back from pg as a string (it may not fit a JS number); the store writes numbers. Nothing is ever updated. */
type Seq = ColumnType<string, number | string, never>;

/**
 * The decision register: one row per decision, minutes, review or answer, never updated or deleted
 * (a trigger refuses both). `hash` is the SHA-256 of the entry's canonical form (store/chain.ts),
 * which includes `prev_hash`, the hash of the entry before it: a chain from the first entry on.
 */
export interface RegisterEntriesTable {
  readonly seq: Seq;
  readonly decision_id: ColumnType<string, string, never>;
  readonly kind: ColumnType<string, string, never>;
  readonly record: ColumnType<RegisteredRecord, string, never>;
  readonly published_at: ColumnType<Date, string, never>;
  readonly prev_hash: ColumnType<string, string, never>;
  readonly hash: ColumnType<string, string, never>;
}

/**
 * A signed head per publication: the Ed25519 signature, by a key kept outside the database, of
 * `{ seq, hash }` of the entry just appended, with the public key that checks it.
 */
export interface RegisterHeadsTable {
  readonly seq: Seq;
  readonly hash: ColumnType<string, string, never>;
  readonly public_key: ColumnType<string, string, never>;
  readonly signature: ColumnType<string, string, never>;
  readonly signed_at: ColumnType<Date, string | undefined, never>;
}

/** Every table the engine keeps in PostgreSQL. */
export interface Tables {
  register_entries: RegisterEntriesTable;
  register_heads: RegisterHeadsTable;
}

export type RegisterEntryRow = Selectable<RegisterEntriesTable>;
export type RegisterHeadRow = Selectable<RegisterHeadsTable>;

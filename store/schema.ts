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

/** How often a person wants a board's notices: each at once, gathered daily or weekly, or not by mail. */
export type Frequency = 'immediate' | 'daily' | 'weekly' | 'none';
export type DeliveryStatus = 'pending' | 'retrying' | 'sent' | 'failed';
export type Transport = 'smtp' | 'local';

/** A bigserial id: a string from pg, a number or string into it, never changed. */
type Id = ColumnType<string, number | string | undefined, never>;
type Stamp = ColumnType<Date, string | Date | undefined, string | Date>;

/** A person's contact details: the only place an email address is kept. */
export interface PeopleTable {
  readonly person_id: ColumnType<string, string, never>;
  name: string | null;
  email: string | null;
  time_zone: ColumnType<string, string | undefined, string>;
  updated_at: Stamp;
}

/** A person's choice per board; none stored means immediate. */
export interface DeliveryPreferencesTable {
  readonly person_id: ColumnType<string, string, never>;
  readonly board_id: ColumnType<string, string, never>;
  frequency: Frequency;
  updated_at: Stamp;
}

/** One row per notification and recipient, written once however often it is sent. */
export interface NoticesTable {
  readonly id: Id;
  readonly notification_id: ColumnType<string, string, never>;
  readonly person_id: ColumnType<string, string, never>;
  readonly board_id: ColumnType<string | null, string | null | undefined, never>;
  readonly subject: ColumnType<string, string, never>;
  readonly body: ColumnType<string, string, never>;
  readonly dates: ColumnType<Record<string, string>, string | undefined, never>;
  readonly link: ColumnType<string | null, string | null | undefined, never>;
  readonly schedule: ColumnType<Frequency, Frequency, never>;
  readonly reports_delivery: ColumnType<string | null, number | string | null | undefined, never>;
  readonly created_at: ColumnType<Date, string | Date | undefined, never>;
}

/** One message to one person: an immediate notice, or a digest of several. */
export interface DeliveriesTable {
  readonly id: Id;
  readonly person_id: ColumnType<string, string, never>;
  readonly board_id: ColumnType<string | null, string | null | undefined, never>;
  readonly kind: ColumnType<Exclude<Frequency, 'none'>, Exclude<Frequency, 'none'>, never>;
  status: ColumnType<DeliveryStatus, DeliveryStatus | undefined, DeliveryStatus>;
  attempts: ColumnType<number, number | undefined, number>;
  next_attempt_at: Stamp;
  last_error: string | null;
  transport: Transport | null;
  message_id: string | null;
  readonly created_at: ColumnType<Date, string | Date | undefined, never>;
  finished_at: ColumnType<Date | null, string | Date | null | undefined, string | Date | null>;
}

/** Which notices a message carries; a notice is in one message at most. */
export interface DeliveryNoticesTable {
  readonly delivery_id: ColumnType<string, number | string, never>;
  readonly notice_id: ColumnType<string, number | string, never>;
}

/** What each person was sent, as they got it. */
export interface MailboxTable {
  readonly id: Id;
  readonly delivery_id: ColumnType<string, number | string, never>;
  readonly person_id: ColumnType<string, string, never>;
  readonly subject: ColumnType<string, string, never>;
  readonly text: ColumnType<string, string, never>;
  readonly transport: ColumnType<Transport, Transport, never>;
  readonly sent_at: ColumnType<Date, string | Date, never>;
}

/** How an account came to be: a board named the person, or they signed up with an address. */
export type AccountOrigin = 'roster' | 'public';
export type SessionClient = 'browser' | 'cli';
export type SignInMethod = 'email' | 'oidc';

/** Someone who may sign in; their address and name are in `people`. */
export interface AccountsTable {
  readonly person_id: ColumnType<string, string, never>;
  readonly origin: ColumnType<AccountOrigin, AccountOrigin, never>;
  readonly created_at: ColumnType<Date, string | Date | undefined, never>;
}

/** A person as an organisation's identity provider knows them (issuer and subject), linked at their first sign-in there. */
export interface AccountIdentitiesTable {
  readonly issuer: ColumnType<string, string, never>;
  readonly subject: ColumnType<string, string, never>;
  readonly person_id: ColumnType<string, string, never>;
  readonly created_at: ColumnType<Date, string | Date | undefined, never>;
}

/** A one-time code, as HMACs of itself and of the address it was sent to. */
export interface SignInCodesTable {
  readonly id: Id;
  readonly address_hash: ColumnType<string, string, never>;
  readonly code_hash: ColumnType<string, string, never>;
  readonly created_at: ColumnType<Date, string | Date | undefined, never>;
  readonly expires_at: ColumnType<Date, string | Date, never>;
  wrong_attempts: ColumnType<number, number | undefined, number>;
  used_at: ColumnType<Date | null, string | Date | null | undefined, string | Date | null>;
}

/** An address that must wait before trying codes again, after too many wrong ones. */
export interface SignInWaitsTable {
  readonly address_hash: ColumnType<string, string, never>;
  until: Stamp;
}

/** A browser session or a CLI token, kept as the SHA-256 of its secret. */
export interface SessionsTable {
  readonly id: Id;
  readonly token_hash: ColumnType<string, string, never>;
  readonly person_id: ColumnType<string, string, never>;
  readonly client: ColumnType<SessionClient, SessionClient, never>;
  readonly method: ColumnType<SignInMethod, SignInMethod, never>;
  readonly created_at: ColumnType<Date, string | Date | undefined, never>;
  readonly expires_at: ColumnType<Date, string | Date, never>;
  last_used_at: Stamp;
  revoked_at: ColumnType<Date | null, string | Date | null | undefined, string | Date | null>;
}

/** Every table the engine keeps in PostgreSQL. */
export interface Tables {
  register_entries: RegisterEntriesTable;
  register_heads: RegisterHeadsTable;
  people: PeopleTable;
  delivery_preferences: DeliveryPreferencesTable;
  notices: NoticesTable;
  deliveries: DeliveriesTable;
  delivery_notices: DeliveryNoticesTable;
  mailbox: MailboxTable;
  accounts: AccountsTable;
  account_identities: AccountIdentitiesTable;
  sign_in_codes: SignInCodesTable;
  sign_in_waits: SignInWaitsTable;
  sessions: SessionsTable;
}

export type RegisterEntryRow = Selectable<RegisterEntriesTable>;
export type RegisterHeadRow = Selectable<RegisterHeadsTable>;
export type NoticeRow = Selectable<NoticesTable>;
export type DeliveryRow = Selectable<DeliveriesTable>;
export type PersonRow = Selectable<PeopleTable>;
export type MailboxRow = Selectable<MailboxTable>;
export type AccountRow = Selectable<AccountsTable>;
export type SessionRow = Selectable<SessionsTable>;
export type SignInCodeRow = Selectable<SignInCodesTable>;

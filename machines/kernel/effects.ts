/**
 * Side effects a machine asks for, declared by name and type only. The
 * durable host carries each out as the Temporal activity (or child workflow)
 * of the same name; a test that runs a machine elsewhere provides its own.
 */
import { fromPromise } from 'xstate';

export const effect = <TOutput, TInput>(name: string) =>
  fromPromise<TOutput, TInput>(() =>
    Promise.reject(new Error(`${name} is carried out by the durable host; provide an implementation to run this machine elsewhere`)),
  );

/** Where a published decision can be read. */
export interface Publication {
  readonly decisionId: string;
  readonly publishedAt: string;
  readonly location: string;
}

/**
 * A message to people, delivered once per recipient however often it is sent. It names people by id
 * only: their addresses, time zones and how often they want mail live in the store, never in a
 * workflow, so the message is finished for each recipient at delivery.
 */
export interface Notification {
  /** Stable across retries: the same id is delivered once. */
  readonly notificationId: string;
  /** Person ids. */
  readonly to: readonly string[];
  readonly subject: string;
  readonly body: string;
  /**
   * Moments the subject or body names as `{name}`, as ISO instants: delivery writes each in words in the
   * recipient's time zone ("Tuesday 12 January 2027, 2 pm UK time"). `{ closes: '2027-01-12T14:00:00.000Z' }`.
   */
  readonly dates?: Readonly<Record<string, string>>;
  /** Where to act on it, as a path under the deployment's public address (`GOVERN_PUBLIC_URL`): `/reviews/gr-1`. */
  readonly link?: string;
  /** The board the message is about, for each person's delivery choice per board (immediate, digest, none). */
  readonly boardId?: string;
}

/** Another process's reason for saying no, returned by an activity as an answer rather than thrown. */
export interface Refusal {
  readonly refused: string;
}

export const isRefusal = (answer: unknown): answer is Refusal =>
  typeof answer === 'object' && answer !== null && typeof (answer as Refusal).refused === 'string';

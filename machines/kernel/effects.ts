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

/** A message to people, delivered once per recipient however often it is sent. */
export interface Notification {
  /** Stable across retries: the same id is delivered once. */
  readonly notificationId: string;
  readonly to: readonly string[];
  readonly subject: string;
  readonly body: string;
}

/** Another process's reason for saying no, returned by an activity as an answer rather than thrown. */
export interface Refusal {
  readonly refused: string;
}

export const isRefusal = (answer: unknown): answer is Refusal =>
  typeof answer === 'object' && answer !== null && typeof (answer as Refusal).refused === 'string';

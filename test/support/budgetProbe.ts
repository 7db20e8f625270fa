/**
 * Reading, from a process's recorded histories, what it carried and answered: the input of each
 * of its runs (the first run's start, then each continue-as-new argument) and each Update answer,
 * in bytes as Temporal holds them, for tests that hold a long-lived process to its budget.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { temporal } from '@temporalio/proto';
import { jsonBytes } from '../../machines/kernel/size';
import { historiesOf } from './temporal';

const EventType = temporal.api.enums.v1.EventType;

type Payloads = temporal.api.common.v1.IPayloads | null | undefined;
const bytesOf = (payloads: Payloads): number => (payloads?.payloads ?? []).reduce((sum, p) => sum + (p.data?.length ?? 0), 0);

export interface RunMeasure {
  readonly runId: string;
  /** Bytes of the run's input: what the previous run carried into it (the founding arguments for the first). */
  readonly inputBytes: number;
  readonly events: number;
  /** Bytes of each Update answer the run gave. */
  readonly updateAnswers: readonly number[];
}

/** Every run of the workflow `workflowId`, oldest first, measured. */
export async function runsOf(env: TestWorkflowEnvironment, workflowId: string): Promise<RunMeasure[]> {
  return (await historiesOf(env, workflowId)).map(({ runId, history }) => {
    const events = history.events ?? [];
    const started = events.find((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED)?.workflowExecutionStartedEventAttributes;
    const updateAnswers = events
      .filter((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED)
      .map((e) => bytesOf(e.workflowExecutionUpdateCompletedEventAttributes?.outcome?.success));
    return { runId, inputBytes: bytesOf(started?.input), events: events.length, updateAnswers };
  });
}

/** The largest of what was measured, and where. */
export interface Largest {
  bytes: number;
  what: string;
}

/** Keeps every answer's size, and the largest: `note(view, 'status after 1,000 products')`. */
export function largestOf(): { readonly largest: Largest; readonly all: readonly Largest[]; note(value: unknown, what: string): number } {
  const largest: Largest = { bytes: 0, what: 'nothing yet' };
  const all: Largest[] = [];
  return {
    largest,
    all,
    note(value, what) {
      const bytes = jsonBytes(value);
      all.push({ bytes, what });
      if (bytes > largest.bytes) Object.assign(largest, { bytes, what });
      return bytes;
    },
  };
}

/** One line per measure, against its budget: `  run 3: 80.2 KiB (31% of 256.0 KiB)`. */
export const againstBudget = (measures: readonly Largest[], budget: number): string[] =>
  measures.map((m) => `  ${m.what}: ${kib(m.bytes)} (${Math.round((100 * m.bytes) / budget)}% of ${kib(budget)})`);

/** Runs `work` on every item, `concurrency` at a time. */
export async function inParallel<T>(items: readonly T[], concurrency: number, work: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(concurrency, items.length) }, async () => {
    while (next < items.length) await work(items[next++]!);
  });
  await Promise.all(lanes);
}

export const kib = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KiB`;

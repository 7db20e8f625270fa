/**
 * Timeouts and retries for every activity, by name, shared by the processes
 * that use them.
 */
import type { ActivityOptions } from '@temporalio/workflow';
import type { Activities } from '../activities';

export const activityOptions = {
  // Local writes take milliseconds: a worker lost mid-write is noticed, and the write retried, within 30 s.
  publishDecision: {
    startToCloseTimeout: '30 seconds',
    // The register is ours and idempotent: keep trying, backing off to a retry every 10 minutes.
    retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '10 minutes', nonRetryableErrorTypes: ['InvalidDecision'] },
  },
  notify: {
    startToCloseTimeout: '30 seconds',
    retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '10 minutes' },
  },
  // Reading the product's sources changes nothing: retry until they can be read, then the reviewer decides.
  gatherEvidence: {
    startToCloseTimeout: '5 minutes',
    retry: { initialInterval: '10 seconds', backoffCoefficient: 2, maximumInterval: '1 hour', maximumAttempts: 10 },
  },
  // Escalating a harm must happen: keep trying (it is idempotent) until the board has the item.
  escalateHarm: {
    startToCloseTimeout: '1 minute',
    retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '10 minutes' },
  },
  // Someone is waiting on the answer (an Update), so a board that cannot answer is given up on within a minute.
  placeOnAgenda: {
    startToCloseTimeout: '30 seconds',
    retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumAttempts: 5 },
  },
  authorise: {
    startToCloseTimeout: '30 seconds',
    retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumAttempts: 5 },
  },
  // The keys a new process trusts come from the worker's settings: wait for a worker that can read them.
  trustedKeys: {
    startToCloseTimeout: '30 seconds',
    retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
  },
  // A command to another process, signed by the worker: delivered however long the server is away; a process that is gone is not retried.
  sendCommand: {
    startToCloseTimeout: '30 seconds',
    retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '10 minutes', nonRetryableErrorTypes: ['NotFound'] },
  },
} satisfies Record<keyof Activities, ActivityOptions>;

/** The activities the host itself runs for every process (workflows/host/runProcess.ts). */
export const hostActivityOptions = { trustedKeys: activityOptions.trustedKeys, sendCommand: activityOptions.sendCommand };

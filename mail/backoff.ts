/**
 * When a message that could not be sent is tried again, and when it is given up: a doubling wait
 * from a minute to an hour, and a bounded number of attempts (by default 8: about two hours in all),
 * so that a mail server down for a while loses nothing and an address that never works is reported
 * within the morning. An operator sets the first wait and the attempts (mail/settings.ts); the
 * longest wait stays an hour.
 */
export interface RetryPolicy {
  /** Attempts in all, the first included, before a message is failed. */
  readonly maxAttempts: number;
  /** The wait after the first failure; each later wait doubles it. */
  readonly firstWaitMs: number;
  /** The longest wait. */
  readonly maxWaitMs: number;
}

export const defaultRetryPolicy: RetryPolicy = { maxAttempts: 8, firstWaitMs: 60_000, maxWaitMs: 3_600_000 };

/**
 * What an operator may set. The first wait is at most the longest wait (beyond it every wait would
 * be the hour); more than 100 attempts would report an address that never works days after anyone
 * could act on it.
 */
export const retryLimits = {
  firstWaitSeconds: { min: 1, max: defaultRetryPolicy.maxWaitMs / 1000 },
  attempts: { min: 1, max: 100 },
} as const;

/**
 * When to try again after `attempts` failed attempts (1 after the first), or undefined when the
 * message has had its attempts, or the failure is permanent (the server refused the address).
 *
 * @example
 * retryAt(1, now, false) // now + 1 minute
 */
export function retryAt(attempts: number, now: Date, permanent: boolean, policy: RetryPolicy = defaultRetryPolicy): Date | undefined {
  if (permanent || attempts >= policy.maxAttempts) return undefined;
  const wait = Math.min(policy.maxWaitMs, policy.firstWaitMs * 2 ** Math.max(0, attempts - 1));
  return new Date(now.getTime() + wait);
}

/**
 * The loop the worker runs beside its Temporal work: every few seconds it makes the digests that are
 * due and sends every message that is due, a few at once, until none is left; then it waits. Two
 * workers on one database run two loops that share the work and never send one message twice
 * (store/deliveries.ts). Stopping lets the messages under way finish.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { defaultRetryPolicy } from './backoff';
import { deliverNext, type DeliveryContext, type Outcome } from './deliverNext';
import { makeDigests } from './makeDigests';

export interface LoopOptions extends Omit<DeliveryContext, 'retry'> {
  readonly retry?: DeliveryContext['retry'];
  /** The wait between rounds when nothing is due (default 5 s). */
  readonly intervalMs?: number;
  /** Messages sent at once (default 4). */
  readonly concurrency?: number;
  /** The clock (tests step it). */
  readonly now?: () => Date;
  /** Told of an error in a round (the database away, say); the loop goes on. */
  readonly onError?: (err: unknown) => void;
}

export interface RoundResult {
  readonly digests: number;
  readonly sent: number;
  readonly retrying: number;
  readonly failed: number;
}

export interface DeliveryLoop {
  /** One round now: digests, then every message due, at `now` (default the loop's clock). */
  round(now?: Date): Promise<RoundResult>;
  /** Stops after the round under way. */
  stop(): Promise<void>;
}

/**
 * Starts the loop (unless `start: false`, for a test that drives `round` itself).
 *
 * @example
 * const loop = startDeliveryLoop({ db, transport, publicUrl, secretariatOf, messageDomain: 'example.org' });
 * … await loop.stop();
 */
export function startDeliveryLoop(options: LoopOptions & { readonly start?: boolean }): DeliveryLoop {
  const context: DeliveryContext = { ...options, retry: options.retry ?? defaultRetryPolicy };
  const clock = options.now ?? (() => new Date());
  const lanes = options.concurrency ?? 4;

  async function round(now: Date = clock()): Promise<RoundResult> {
    const digests = await makeDigests(context.db, now);
    const counts: Record<Outcome, number> = { sent: 0, retrying: 0, failed: 0 };
    await Promise.all(
      Array.from({ length: lanes }, async () => {
        for (let outcome = await deliverNext(context, now); outcome && !stopping; outcome = await deliverNext(context, now)) counts[outcome] += 1;
      }),
    );
    return { digests, ...counts };
  }

  let stopping = false;
  const abort = new AbortController();
  const running =
    options.start === false
      ? Promise.resolve()
      : (async () => {
          while (!stopping) {
            try {
              await round();
            } catch (err) {
              options.onError?.(err);
            }
            await delay(options.intervalMs ?? 5_000, undefined, { signal: abort.signal }).catch(() => undefined);
          }
        })();

  return {
    round,
    async stop() {
      stopping = true;
      abort.abort();
      await running;
    },
  };
}

/**
 * Keys for a test's engine: the API's (which signs what the test sends in a person's name, as the
 * server would) and the worker's (which signs what processes send each other), fresh for each setup,
 * held in memory only. A time-skipping test dates its proofs by the test server's clock.
 */
import { commandSigner, type CommandSigner } from '../../trust/commandSigner';
import { ephemeralKey } from '../../trust/keyFile';
import type { WorkerTrust } from '../../trust/settings';

export interface TestTrust {
  /** Signs as the API does: give it to the test's GovernanceClient. */
  readonly api: CommandSigner;
  /** The worker's key and the keys the processes it opens trust: give it to the test's worker. */
  readonly worker: WorkerTrust;
}

export function testTrust(clock?: () => Date | Promise<Date>): TestTrust {
  const api = commandSigner(ephemeralKey(), 'people', clock);
  const signer = commandSigner(ephemeralKey(), 'processes', clock);
  return { api, worker: { signer, trusted: [signer.trusted, api.trusted] } };
}

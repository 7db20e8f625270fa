/**
 * The errors that stop the engine from starting because of a setting or the machine, not a bug:
 * printed as their message alone (which says what to do), with exit code 1, instead of a stack trace.
 */
import { MailSettingsError } from '../mail/settings';
import { ServerSecretError } from '../server/secret';
import { HttpListenError, ServerSettingsError } from '../server/settings';
import { DatabaseSettingsError, DatabaseUnavailable } from '../store/database';
import { EmbeddedPostgresError } from '../store/embedded';
import { ImportError } from '../store/importFolder';
import { RegisterKeyError } from '../store/signing';
import { CommandKeyError } from '../trust/settings';

const expected = [DatabaseSettingsError, DatabaseUnavailable, EmbeddedPostgresError, RegisterKeyError, ImportError, MailSettingsError, ServerSettingsError, ServerSecretError, HttpListenError, CommandKeyError];

/**
 * Runs `main`; an expected error is printed as its message and sets exit code 1, anything else is thrown on.
 *
 * @example
 * await startOrExplain(() => runWorker(temporalSettings()));
 */
export async function startOrExplain(main: () => Promise<void>): Promise<void> {
  try {
    await main();
  } catch (err) {
    if (!expected.some((type) => err instanceof type)) throw err;
    console.error((err as Error).message);
    process.exitCode = 1;
  }
}

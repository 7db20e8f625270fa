/**
 * Connects to the configured Temporal, makes sure the search attributes exist,
 * and runs the governance worker until a signal asks it to stop.
 */
import { DefaultLogger, NativeConnection, Runtime, type LogLevel } from '@temporalio/worker';
import { outboxDir, registerDir, type TemporalSettings } from '../client/settings';
import { TASK_QUEUE } from '../workflows/taskQueue';
import { ensureSearchAttributes } from './searchAttributes';
import { createGovernanceWorker } from './worker';

export async function runWorker(settings: TemporalSettings): Promise<void> {
  // The SDK logs every bundled module at INFO; people starting the engine want warnings and our own lines.
  Runtime.install({ logger: new DefaultLogger((process.env.GOVERN_LOG_LEVEL as LogLevel | undefined) ?? 'WARN') });
  const connection = await NativeConnection.connect(settings.connect.connectionOptions);
  try {
    try {
      const added = await ensureSearchAttributes(connection, settings.namespace);
      if (added.length) console.log(`Registered search attributes: ${added.join(', ')}`);
    } catch (err) {
      // Temporal Cloud manages search attributes outside the operator service.
      console.warn(`Could not check search attributes (${(err as Error).message}); register GovProductId, GovGate, GovStatus, GovBoard, GovStage (Keyword) yourself.`);
    }
    const worker = await createGovernanceWorker({ connection, namespace: settings.namespace, registerDir: registerDir(), outboxDir: outboxDir() });
    console.log(`Worker polling task queue "${TASK_QUEUE}" in namespace "${settings.namespace}"; decisions go to ${registerDir()}`);
    // Worker.run() stops gracefully on SIGINT/SIGTERM (the SDK's default shutdown signals).
    await worker.run();
  } finally {
    await connection.close();
  }
}

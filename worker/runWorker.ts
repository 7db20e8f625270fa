/**
 * Connects to the configured Temporal and PostgreSQL, makes sure the search
 * attributes exist and the database schema is up to date (importing the file
 * register of earlier versions the first time), runs the governance worker
 * until a signal asks it to stop, and opens the boards from their files once
 * the worker is there to answer them (a board whose last run stopped is
 * reported, not founded again: ./openBoards.ts).
 */
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, type LogLevel } from '@temporalio/worker';
import { GovernanceClient } from '../client/governanceClient';
import { databaseSettings, evidenceDir, registerDir, registerKeyFile, type TemporalSettings } from '../client/settings';
import { importRegisterFolderOnce } from '../store/importFolder';
import { openStore, type OpenStore } from '../store/store';
import { governanceSearchAttributes } from '../workflows/searchAttributes';
import { TASK_QUEUE } from '../workflows/taskQueue';
import { openBoards } from './openBoards';
import { recordRosterNames } from './rosterNames';
import { ensureSearchAttributes } from './searchAttributes';
import { mailSettings, startMail } from './mail';
import { createGovernanceWorker } from './worker';
import { workerTrust } from '../trust/settings';

export async function runWorker(settings: TemporalSettings): Promise<void> {
  // The SDK logs every bundled module at INFO; people starting the engine want warnings and our own lines.
  Runtime.install({ logger: new DefaultLogger((process.env.GOVERN_LOG_LEVEL as LogLevel | undefined) ?? 'WARN') });
  const database = databaseSettings();
  // Checked before anything starts: a worker never runs with mail it cannot send.
  const mail = mailSettings();
  const store = await openStore(database, registerKeyFile());
  let connection: NativeConnection | undefined;
  try {
    await announceStore(store, database.where);
    connection = await NativeConnection.connect(settings.connect.connectionOptions);
    try {
      const added = await ensureSearchAttributes(connection, settings.namespace);
      if (added.length) console.log(`Registered search attributes: ${added.join(', ')}`);
    } catch (err) {
      // Temporal Cloud manages search attributes outside the operator service.
      console.warn(`Could not check search attributes (${(err as Error).message}); register ${governanceSearchAttributes.map((key) => key.name).join(', ')} (Keyword) yourself.`);
    }
    const worker = await createGovernanceWorker({ connection, namespace: settings.namespace, store, evidenceDir: evidenceDir(), trust: await workerTrust() });
    console.log(`Worker polling task queue "${TASK_QUEUE}" in namespace "${settings.namespace}"; decisions go to the register in ${database.where}`);
    const delivery = startMail(store.db, mail, { connectionOptions: settings.connect.connectionOptions, namespace: settings.namespace });
    console.log(`Mail: ${mail.smtp ? `sent by SMTP through ${mail.smtp.where}` : 'kept in the local mailbox (govern mail --as ID); set SMTP_URL to send it'}, links under ${mail.publicUrl}`);
    // Worker.run() stops gracefully on SIGINT/SIGTERM (the SDK's default shutdown signals).
    // The board answers its status query only once the worker polls, so it is opened alongside run().
    await Promise.all([worker.run().finally(() => delivery.stop()), openBoard(settings), nameRosterPeople(store)]);
  } finally {
    await connection?.close();
    await store.close();
  }
}

/** Says what the store did on opening, and imports the file register of earlier versions into an empty register. */
async function announceStore(store: OpenStore, where: string): Promise<void> {
  if (store.migrated.length) console.log(`Database schema brought up to date in ${where}: ${store.migrated.join(', ')}`);
  const imported = await importRegisterFolderOnce(store, registerDir());
  if (imported)
    console.log(`Imported the file register ${registerDir()} into PostgreSQL: ${imported.imported} entr${imported.imported === 1 ? 'y' : 'ies'} (the folder is no longer written; keep it or remove it).`);
}

/** Records the board files' names for people the store has none for; never fatal to the worker. */
async function nameRosterPeople(store: OpenStore): Promise<void> {
  try {
    const named = await recordRosterNames(store.db);
    if (named) console.log(`Names from the board files recorded for ${named} ${named === 1 ? 'person' : 'people'}, so mail greets them by name.`);
  } catch (err) {
    console.error(`Could not record the board files' names: ${(err as Error).message}. Mail greets people by their id until \`govern person set --name\`.`);
  }
}

/** Opens both boards from their files unless they run already (./openBoards.ts); never fatal to the worker. */
async function openBoard(settings: TemporalSettings): Promise<void> {
  let connection: Connection | undefined;
  try {
    connection = await Connection.connect(settings.connect.connectionOptions);
    await openBoards(new GovernanceClient({ client: new Client({ connection, namespace: settings.namespace }) }));
  } catch (err) {
    console.error(`Could not connect to open the boards: ${(err as Error).message}. The worker keeps running.`);
  } finally {
    await connection?.close();
  }
}

/**
 * `npm run server`: only the HTTP server, against the configured PostgreSQL and Temporal (those of a
 * running `npm start` when none is set), for an organisation that runs it apart from the workers.
 * Ctrl-C (or SIGTERM) stops it, letting requests under way finish.
 */
import { databaseSettings, temporalSettings } from '../client/settings';
import { mailSettings } from '../worker/mail';
import { startOrExplain } from '../worker/startupErrors';
import { startHttpServer } from './run';
import { serverSettings } from './settings';

await startOrExplain(async () => {
  const settings = serverSettings();
  const http = await startHttpServer({ settings, database: databaseSettings(), temporal: temporalSettings(), mail: mailSettings() });
  console.log(`The engine's server is at ${settings.publicUrl} (listening on ${http.address}). Ctrl-C stops it.`);
  await new Promise<void>((stopped) => {
    process.once('SIGINT', () => stopped());
    process.once('SIGTERM', () => stopped());
  });
  await http.close();
  console.log('Server stopped.');
});

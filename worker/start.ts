/**
 * `npm start`: with Temporal settings in the environment, runs the worker
 * against that server; with none, first brings up the embedded dev server
 * (persisted under the data folder, with its Web UI). Likewise the database:
 * DATABASE_URL (or PG*) names the organisation's own PostgreSQL; with neither,
 * the embedded PostgreSQL under the data folder starts first. Then the HTTP server (sign-in and the
 * API, the one door through which people act) on GOVERN_HTTP_PORT, and the worker beside it. Ctrl-C
 * stops all.
 */
import { databaseSettings, dataDir, embedded, temporalSettings, tools } from '../client/settings';
import { startEmbeddedPostgres, type RunningPostgres } from '../store/embedded';
import { startHttpServer, type RunningHttpServer } from '../server/run';
import { isLoopback, serverSettings } from '../server/settings';
import { startDevServer, type DevServer } from './devServer';
import { mailSettings } from './mail';
import { runWorker } from './runWorker';
import { startOrExplain } from './startupErrors';

const tryThese = (register: string) => `Try, in another terminal:
  npx govern login                               # sign the CLI in with a code sent by email (shown here while SMTP_URL is unset)
  npx govern product register --id benefits-map --name "Benefits map" --as s-jo
  npx govern request --product benefits-map --gate prioritisation --as s-jo \\
    --assess "good-data: sources documented" --assess "co-created: designed with claimants" \\
    --assess "do-no-harm: harms reviewed" --assess "open-by-default: code published"
  npx govern product status benefits-map          # the pending review id
  npx govern vote <review-id> --as m-ben --choice approve --reason "Clear need"
  npx govern status <review-id>
  npx govern agenda
  npx govern register                            # what was decided, from ${register}
  npx govern register export --out register.jsonl && npx govern register verify register.jsonl
  npx govern initiative submit --title "Map food banks" --text "People cannot find them"   # anyone
  npx govern initiative                          # the initiative board's quarter`;

await startOrExplain(async () => {
  const settings = temporalSettings();
  const database = databaseSettings();
  // A mail or server setting that cannot work is refused before any server starts.
  const mail = mailSettings();
  const httpSettings = serverSettings();
  let postgres: RunningPostgres | undefined;
  let server: DevServer | undefined;
  let http: RunningHttpServer | undefined;
  try {
    if (database.source === 'embedded') {
      postgres = await startEmbeddedPostgres(database);
      console.log(`PostgreSQL (embedded) on ${database.host}:${database.port}, data in ${database.dataDir}${postgres.initialised ? ' (created now)' : ''}`);
    } else {
      console.log(`Using the PostgreSQL at ${database.where} (from the environment).`);
    }
    if (settings.configured) {
      console.log(`Using the Temporal server at ${settings.connect.connectionOptions.address} (from the environment).`);
    } else {
      server = await startDevServer({ temporalCli: tools().temporalCli, dataDir: dataDir(), ...embedded });
      console.log(`
Temporal dev server on ${server.address}, persisting to ${server.databaseFile}
Temporal UI:  ${server.uiUrl}
${tryThese(database.where)}
Ctrl-C stops the worker and the servers; your processes stay in ${server.databaseFile}, the register in ${database.where}.
`);
    }
    http = await startHttpServer({ settings: httpSettings, database, temporal: settings, mail });
    console.log(`The portal: ${httpSettings.publicUrl} (listening on ${http.address}): read the decisions, raise something, and sign in to vote. The API is under ${httpSettings.publicUrl}/api; "npx govern login" signs the CLI in.${mail.smtp || !isLoopback(httpSettings.host) ? '' : `\nNo SMTP_URL is set, so nothing is mailed: the sign-in codes and notices are in the local mailbox, ${httpSettings.publicUrl}/dev/mailbox (on this machine only).`}`);
    await runWorker(settings);
  } finally {
    if (http) {
      await http.close();
      console.log('HTTP server stopped.');
    }
    if (server) {
      await server.stop();
      console.log('Temporal dev server stopped.');
    }
    if (postgres) {
      await postgres.stop();
      console.log('PostgreSQL stopped.');
    }
  }
});

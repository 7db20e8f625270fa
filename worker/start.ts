/**
 * `npm start`: with Temporal settings in the environment, runs the worker
 * against that server; with none, first brings up the embedded dev server
 * (persisted under the data folder, with its Web UI). Ctrl-C stops both.
 */
import { dataDir, embedded, temporalSettings, tools } from '../client/settings';
import { startDevServer } from './devServer';
import { runWorker } from './runWorker';

const settings = temporalSettings();

if (settings.configured) {
  console.log(`Using the Temporal server at ${settings.connect.connectionOptions.address} (from the environment).`);
  await runWorker(settings);
} else {
  const server = await startDevServer({ temporalCli: tools().temporalCli, dataDir: dataDir(), ...embedded });
  console.log(`
Temporal dev server on ${server.address}, persisting to ${server.databaseFile}
Temporal UI:  ${server.uiUrl}
Try, in another terminal:
  npx govern product register --id benefits-map --name "Benefits map" --as s-jo
  npx govern request --product benefits-map --gate prioritisation --as s-jo \
    --assess "good-data: sources documented" --assess "co-created: designed with claimants" \
    --assess "do-no-harm: harms reviewed" --assess "open-by-default: code published"
  npx govern product status benefits-map          # the pending review id
  npx govern vote <review-id> --as m-ben --choice approve --reason "Clear need"
  npx govern status <review-id>
  npx govern agenda
  npx govern register
  npx govern initiative submit --title "Map food banks" --text "People cannot find them"   # anyone
  npx govern initiative                          # the initiative board's quarter
Ctrl-C stops the worker and the server; your processes stay in ${server.databaseFile}.
`);
  try {
    await runWorker(settings);
  } finally {
    await server.stop();
    console.log('Temporal dev server stopped.');
  }
}

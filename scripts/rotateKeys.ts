/**
 * `npm run keys:rotate -- begin|finish api|worker`: rotates the API's or the worker's command key on
 * every running process (trust/rotation.ts says how, and why in two steps). Run it on the machine that
 * holds the key file, with the engine's Temporal settings.
 */
import { Client, Connection } from '@temporalio/client';
import { temporalSettings } from '../client/settings';
import { beginRotation, finishRotation, type RotationReport } from '../trust/rotation';
import { CommandKeyError } from '../trust/settings';

const usage = 'Usage: npm run keys:rotate -- begin|finish api|worker\n  begin   make the new key and have every running process trust it too; then restart the workers\n  finish  put the new key in place and have every running process stop trusting the old one; then restart the API and the workers';

const [step, which] = process.argv.slice(2);
if ((step !== 'begin' && step !== 'finish') || (which !== 'api' && which !== 'worker')) {
  console.error(usage);
  process.exit(2);
}
const use = which === 'api' ? 'people' : 'processes';
const settings = temporalSettings();
const connection = await Connection.connect(settings.connect.connectionOptions).catch((err: Error) => {
  console.error(`Cannot reach Temporal at ${settings.connect.connectionOptions.address} (${err.message}): is the engine running, or TEMPORAL_ADDRESS set?`);
  process.exit(1);
});
const client = new Client({ connection, namespace: settings.namespace });

const told = (report: RotationReport) => {
  console.log(`${report.rotated.length} running process${report.rotated.length === 1 ? '' : 'es'} took it.`);
  for (const { workflowId, why } of report.refused) console.log(`  ${workflowId} refused: ${why}`);
};

try {
  if (step === 'begin') {
    const report = await beginRotation(client, use);
    console.log(`New ${which} key ${report.added.id} made.`);
    told(report);
    console.log(`Now restart the workers, then run "npm run keys:rotate -- finish ${which}".`);
  } else {
    const report = await finishRotation(client, use);
    console.log(`The ${which} key ${report.retired} is retired; the new one is in its place.`);
    told(report);
    console.log('Now restart the API and the workers.');
  }
} catch (err) {
  if (!(err instanceof CommandKeyError)) throw err;
  console.error(err.message);
  process.exitCode = 1;
} finally {
  await connection.close();
}

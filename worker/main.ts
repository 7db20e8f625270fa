/** `npm run worker`: only the worker, against the configured Temporal. */
import { temporalSettings } from '../client/settings';
import { runWorker } from './runWorker';

await runWorker(temporalSettings());

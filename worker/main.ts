/** `npm run worker`: only the worker, against the configured Temporal and PostgreSQL (the embedded one of a running `npm start` when none is set). */
import { temporalSettings } from '../client/settings';
import { runWorker } from './runWorker';
import { startOrExplain } from './startupErrors';

await startOrExplain(() => runWorker(temporalSettings()));

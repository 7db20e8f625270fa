/** `npm run worker:bundle -- FILE`: writes the workflow bundle that GOVERN_WORKFLOW_BUNDLE can name (worker/bundle.ts). */
import { writeWorkflowBundle } from './bundle';

const file = process.argv[2];
if (!file) {
  console.error('Say where to write the bundle: npm run worker:bundle -- FILE');
  process.exit(2);
}
await writeWorkflowBundle(file);
console.log(`Wrote the workflow bundle to ${file}. Start each worker with GOVERN_WORKFLOW_BUNDLE=${file}; build it again whenever the code changes.`);

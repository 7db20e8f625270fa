/**
 * The workflow code as one prebuilt file. A worker bundles workflows/ at every start (about 8 s on
 * an idle core, 30 s on a busy one); workers that start often, or several on one machine, can share
 * a bundle built once: `npm run worker:bundle -- FILE`, then GOVERN_WORKFLOW_BUNDLE=FILE for each.
 * The bundle must be rebuilt with the code it came from: a stale one runs old workflow code.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { bundleWorkflowCode, DefaultLogger, type WorkerOptions } from '@temporalio/worker';

/** The entry of the workflow code: every workflow the worker runs. */
export const workflowsPath = fileURLToPath(new URL('../workflows/index.ts', import.meta.url));

/** The workflow interceptors every bundle carries: the sender's identity for the audit (workflows/host/senderIdentity.ts). */
export const workflowInterceptorModules = [fileURLToPath(new URL('../workflows/host/senderIdentity.ts', import.meta.url))];

/** What every bundle of the governance workflows is built from (the worker's, the tests', the benchmarks'). */
export const bundleOptions = () => ({ workflowsPath, workflowInterceptorModules, logger: new DefaultLogger('WARN') });

/** Bundles workflows/ and writes the code to `file`. */
export async function writeWorkflowBundle(file: string): Promise<void> {
  const { code } = await bundleWorkflowCode(bundleOptions());
  writeFileSync(file, code);
}

/**
 * The bundle GOVERN_WORKFLOW_BUNDLE names, or undefined to bundle at start.
 *
 * @throws Error when the variable names no file, rather than starting without the code the operator meant.
 */
export function workflowBundleFromEnv(): WorkerOptions['workflowBundle'] | undefined {
  const file = process.env.GOVERN_WORKFLOW_BUNDLE?.trim();
  if (!file) return undefined;
  if (!existsSync(file)) throw new Error(`GOVERN_WORKFLOW_BUNDLE is "${file}", and there is no such file: build it with "npm run worker:bundle -- ${file}", or unset the variable to bundle at start.`);
  return { codePath: file };
}

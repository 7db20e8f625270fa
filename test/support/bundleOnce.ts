/**
 * A vitest global setup (vitest.config.ts): the workflow code is bundled once for the whole run,
 * before the first file, and every test file's workers load that bundle (workflowBundle in
 * ./temporal.ts) instead of bundling it again: webpack takes about 4 s a file on two busy cores, and
 * some thirty files start a worker. In watch mode each file still bundles the code as it is then.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import type { TestProject } from 'vitest/node';
import { bundleOptions } from '../../worker/bundle';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The folder holding this run's workflow bundle (code.js and code.js.map), when it was built once. */
    workflowBundleDir?: string;
  }
}

export const bundleFiles = (dir: string) => ({ code: join(dir, 'code.js'), sourceMap: join(dir, 'code.js.map') });

export default async function bundleOnce(project: TestProject): Promise<(() => void) | undefined> {
  if (project.config.watch) return undefined;
  const { code, sourceMap } = await bundleWorkflowCode(bundleOptions());
  const dir = mkdtempSync(join(tmpdir(), 'governance-bundle-'));
  const files = bundleFiles(dir);
  writeFileSync(files.code, code);
  writeFileSync(files.sourceMap, sourceMap);
  project.provide('workflowBundleDir', dir);
  return () => rmSync(dir, { recursive: true, force: true });
}

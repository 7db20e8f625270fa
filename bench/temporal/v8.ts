/** The V8 heap limit, which sets the worker's default maxCachedWorkflows. */
import { getHeapStatistics } from 'node:v8';

export const v8 = {
  heapLimitMiB: () => Math.round(getHeapStatistics().heap_size_limit / 1024 / 1024),
  /** The SDK's default for maxCachedWorkflows with reuseV8Context (the default), as in @temporalio/worker's worker-options. */
  defaultMaxCachedWorkflows: (heapLimitMiB: number) => Math.max(Math.floor((Math.max(heapLimitMiB - 200, 0) * 600) / 1024), 10),
};

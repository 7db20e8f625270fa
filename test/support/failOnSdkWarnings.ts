/**
 * A vitest setup file: a test during which Temporal warned of an oversized payload (TMPRL1103)
 * fails, naming the warning (see ./sdkWarnings.ts). Core's forwarded logs arrive up to 100 ms
 * late, so what comes after a file's last test fails the file. Slow workflow tasks (TMPRL1104)
 * are counted and reported at the end of the file.
 */
import { afterAll, afterEach } from 'vitest';
import { describeLine, runtimeInstalled, takeFailingWarnings, takeSlowTasks } from './sdkWarnings';

const failIfWarned = (when: string) => {
  const warnings = takeFailingWarnings();
  if (warnings.length) throw new Error(`Temporal warned ${when}:\n${warnings.map(describeLine).join('\n')}`);
};

afterEach(() => failIfWarned('during this test'));

afterAll(async () => {
  if (!runtimeInstalled()) return;
  await new Promise((resolve) => setTimeout(resolve, 250));
  const slow = takeSlowTasks();
  if (slow.length) {
    const longest = Math.max(...slow.map((l) => Number(l.meta?.['workflowTaskDuration'] ?? 0)));
    console.warn(`Temporal logged ${slow.length} workflow task(s) over 5 s (TMPRL1104; the longest ${longest} ms, from when the worker took it): reported, not failed.`);
  }
  failIfWarned("after this file's last test");
});

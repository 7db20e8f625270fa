/**
 * What the Temporal SDK warns of, kept for the tests to read. Temporal's core logs `TMPRL1103`
 * when a payload it uploads is over the warning size (512 KiB: a continue-as-new argument, a
 * query or Update answer, an activity's input or result) or over the server's error size: a
 * process outgrew its budget. A test during which one is logged fails, naming it
 * (./failOnSdkWarnings.ts, a vitest setup file).
 *
 * Core also logs `TMPRL1104` when a workflow task took longer than 5 s. That is kept and reported
 * at the end of the file, not failed: the time counts from when the worker took the task, so on
 * two shared cores a burst of tasks (5,000 products starting) queues past it with nothing wrong.
 *
 * `test/support/temporal.ts` installs the Runtime with `recordingLogger`, and forwards core's logs
 * to it. Imports nothing that starts a runtime, so pure tests load it for nothing.
 */
import type { LogLevel, LogMetadata, Logger } from '@temporalio/common';

/** The warnings that fail a test: a payload over Temporal's warning (or error) size. */
export const FAILING_WARNINGS = /\[TMPRL1103\]/;
/** The warnings reported, not failed: a workflow task that took longer than 5 s. */
export const SLOW_TASK_WARNINGS = /\[TMPRL1104\]/;

export interface LoggedLine {
  readonly level: LogLevel;
  readonly message: string;
  readonly meta?: LogMetadata;
}

const lines: LoggedLine[] = [];
const failing: LoggedLine[] = [];
const slow: LoggedLine[] = [];
let installed = false;

/** Every warning and error logged through the Runtime so far (the SDK's, core's, and workflows' `log.warn`). */
export const loggedLines = (): readonly LoggedLine[] => lines;

/** The failing warnings logged since the last call, taken. */
export const takeFailingWarnings = (): LoggedLine[] => failing.splice(0);

/** The slow workflow tasks logged since the last call, taken. */
export const takeSlowTasks = (): LoggedLine[] => slow.splice(0);

/** Whether a Runtime logging to `recordingLogger` was installed in this test file. */
export const runtimeInstalled = (): boolean => installed;

/** One line, with its metadata, as a test failure names it. */
export const describeLine = (line: LoggedLine): string => `${line.level} ${line.message}${line.meta ? ` ${JSON.stringify(line.meta, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v))}` : ''}`;

/** A logger that keeps warnings and errors (and spots the failing ones) before passing everything on to `inner`. */
export function recordingLogger(inner: Logger): Logger {
  installed = true;
  const log = (level: LogLevel, message: string, meta?: LogMetadata) => {
    if (level === 'WARN' || level === 'ERROR') {
      const line = { level, message, ...(meta ? { meta } : {}) };
      lines.push(line);
      if (FAILING_WARNINGS.test(message)) failing.push(line);
      if (SLOW_TASK_WARNINGS.test(message)) slow.push(line);
    }
    inner.log(level, message, meta);
  };
  return {
    log,
    trace: (message, meta) => log('TRACE', message, meta),
    debug: (message, meta) => log('DEBUG', message, meta),
    info: (message, meta) => log('INFO', message, meta),
    warn: (message, meta) => log('WARN', message, meta),
    error: (message, meta) => log('ERROR', message, meta),
  };
}

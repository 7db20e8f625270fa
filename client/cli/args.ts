/**
 * Reading `govern`'s options: each helper names the option it wanted and what
 * it is for, so a usage error tells the person what to type. Shared by the
 * product board's commands and the initiative board's.
 */
import { readFileSync } from 'node:fs';
import type { z } from 'zod';
import { describeIssues } from '../../machines/kernel/schema';
import { UsageError } from '../errors';
import type { Delivery } from '../processes';

/** Parsed options (node:util parseArgs values); keys are checked against the command's own options. */
type Values = Readonly<Record<string, string | boolean | (string | boolean)[] | undefined>>;
type StringKey<V extends Values> = { [K in keyof V]-?: V[K] extends string | undefined ? K : never }[keyof V] & string;

/**
 * The option's value; missing or blank, a usage error (exit 2) saying `what` it is for.
 *
 * @example
 * required(values, 'reason', 'why') // throws "--reason is required: why" when absent
 */
export function required<V extends Values>(values: V, key: StringKey<V>, what: string): string {
  const value = values[key];
  if (typeof value !== 'string' || value.trim() === '') throw new UsageError(`--${key} is required: ${what}`);
  return value;
}

/** The option's value, which must be one of `allowed`; otherwise a usage error listing them. */
export function oneOf<V extends Values, T extends string>(values: V, key: StringKey<V>, allowed: readonly T[], what: string): T {
  const value = required(values, key, `${what} (${allowed.join(', ')})`);
  if (!(allowed as readonly string[]).includes(value)) throw new UsageError(`--${key} "${value}" is not one of: ${allowed.join(', ')}`);
  return value as T;
}

/** The option as an ISO 8601 instant (normalised to UTC); not a date, a usage error with an example. */
export function isoDate<V extends Values>(values: V, key: StringKey<V>, what: string): string {
  const raw = required(values, key, what);
  const date = new Date(raw);
  if (Number.isNaN(date.getTime())) throw new UsageError(`--${key} "${raw}" is not a date; use ISO 8601, e.g. 2027-03-01T17:00:00Z`);
  return date.toISOString();
}

/** The option when given, under the payload's field name (its own name unless `field` says otherwise). */
export function optional<V extends Values, K extends StringKey<V>>(values: V, key: K): Partial<Record<K, string>>;
export function optional<V extends Values, F extends string>(values: V, key: StringKey<V>, field: F): Partial<Record<F, string>>;
export function optional<V extends Values>(values: V, key: StringKey<V>, field: string = key): Partial<Record<string, string>> {
  const value = values[key];
  return typeof value === 'string' ? { [field]: value } : {};
}

/** A whole number option when given, e.g. --seats 12; the process checks its range. */
export function wholeNumber<V extends Values>(values: V, key: StringKey<V>, example: string): number | undefined {
  const raw = values[key];
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string' || !/^\s*\d+\s*$/.test(raw)) throw new UsageError(`--${key} "${String(raw)}" is not a whole number, e.g. --${key} ${example}`);
  return Number(raw);
}

/** A comma-separated option, e.g. --present m-ben,m-chen: the ids, trimmed, empty ones dropped. */
export function commaList<V extends Values>(values: V, key: StringKey<V>, what: string): string[] {
  return required(values, key, what)
    .split(',')
    .map((id) => id.trim())
    .filter(Boolean);
}

/** Each "left: right" line of a repeated option (--assess, --kpi), split at the first colon. */
export function colonPairs(lines: readonly string[] | undefined, key: string, shape: string): [string, string][] {
  return (lines ?? []).map((line) => {
    const split = line.indexOf(':');
    if (split < 1) throw new UsageError(`--${key} "${line}" should read "${shape}"`);
    return [line.slice(0, split).trim(), line.slice(split + 1).trim()];
  });
}

/** How a command travels (--via): by update, unless the person asks for a signal. */
export function delivery(values: { readonly via?: string | undefined }): Delivery {
  const via = values.via ?? 'update';
  if (via !== 'update' && via !== 'signal') throw new UsageError(`--via is "update" or "signal", not "${via}"`);
  return via;
}

/** Refuses --via signal for a command whose answer the person needs (an id to keep, a view to print). */
export function byUpdateOnly(via: Delivery, what: string): void {
  if (via === 'signal') throw new UsageError(`${what} is sent by update only: drop --via signal`);
}

/** The positional argument at `index` (after the command words), e.g. a review or item id. */
export function idAt(positionals: readonly string[], index: number, what: string, example: string): string {
  const id = positionals[index];
  const words = positionals.slice(0, index).join(' ');
  if (!id) throw new UsageError(`"${words}" needs ${what}, e.g.: govern ${words} ${example}`);
  return id;
}

/** The JSON in the file at `path`, checked against `schema`: a usage error names the file and each problem. */
export function readJsonAs<S extends z.ZodType>(path: string, schema: S, what: string): z.output<S> {
  const parsed = schema.safeParse(readJson(path));
  if (!parsed.success) throw new UsageError(`${path} is not ${what}: ${describeIssues(parsed.error)}`);
  return parsed.data;
}

/** The JSON in the file at `path`; unreadable or malformed, a usage error naming the file. */
export function readJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new UsageError(`Cannot read ${path} as JSON: ${(err as Error).message}`);
  }
}

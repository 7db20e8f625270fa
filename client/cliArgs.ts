/**
 * Reading `govern`'s options: each helper names the option it wanted and what
 * it is for, so a usage error tells the person what to type. Shared by the
 * product board's commands and the initiative board's.
 */
import { readFileSync } from 'node:fs';
import { UsageError } from './errors';

/** Parsed options (node:util parseArgs values); keys are checked against the command's own options. */
type Values = Readonly<Record<string, string | boolean | (string | boolean)[] | undefined>>;
type StringKey<V extends Values> = { [K in keyof V]-?: V[K] extends string | undefined ? K : never }[keyof V] & string;

export function required<V extends Values>(values: V, key: StringKey<V>, what: string): string {
  const value = values[key];
  if (typeof value !== 'string' || value.trim() === '') throw new UsageError(`--${key} is required: ${what}`);
  return value;
}

export function oneOf<V extends Values, T extends string>(values: V, key: StringKey<V>, allowed: readonly T[], what: string): T {
  const value = required(values, key, `${what} (${allowed.join(', ')})`);
  if (!(allowed as readonly string[]).includes(value)) throw new UsageError(`--${key} "${value}" is not one of: ${allowed.join(', ')}`);
  return value as T;
}

export function isoDate<V extends Values>(values: V, key: StringKey<V>, what: string): string {
  const raw = required(values, key, what);
  const date = new Date(raw);
  if (Number.isNaN(date.getTime())) throw new UsageError(`--${key} "${raw}" is not a date; use ISO 8601, e.g. 2027-03-01T17:00:00Z`);
  return date.toISOString();
}

/** The positional argument at `index` (after the command words), e.g. a review or item id. */
export function idAt(positionals: readonly string[], index: number, what: string, example: string): string {
  const id = positionals[index];
  const words = positionals.slice(0, index).join(' ');
  if (!id) throw new UsageError(`"${words}" needs ${what}, e.g.: govern ${words} ${example}`);
  return id;
}

export function readJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new UsageError(`Cannot read ${path} as JSON: ${(err as Error).message}`);
  }
}

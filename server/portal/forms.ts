/**
 * What a form sent, bounded, and what went wrong with it, as the GOV.UK error summary shows it: each
 * problem a sentence that links to its field, the field marked with the same sentence, and everything
 * the person typed shown again.
 */
import type { z } from 'zod';
import { GovernanceError } from '../../client/errors';
import { ApiError } from '../errors';

/** No field of any form takes more: the longest text the engine keeps (a reason, a submission) is shorter. */
const fieldLimit = 10_000;

/** The fields of a form as typed: only the names asked for, each a string (the first, if sent twice), cut to the limit. */
export type Typed<TName extends string> = Readonly<Record<TName, string>>;

export function typed<TName extends string>(body: unknown, names: readonly TName[]): Typed<TName> {
  const sent = (body ?? {}) as Record<string, unknown>;
  const first = (value: unknown): string => (Array.isArray(value) ? first(value[0]) : typeof value === 'string' ? value.slice(0, fieldLimit) : '');
  return Object.fromEntries(names.map((name) => [name, first(sent[name])])) as Typed<TName>;
}

/** Lines of a text box, each trimmed, the empty ones left out: one condition, paper or name per line. */
export const lines = (text: string): string[] => text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);

/** What the error summary lists, and the message by each field. */
export interface Problem {
  readonly summary: readonly { readonly text: string; readonly href: string }[];
  readonly fields: Readonly<Record<string, { readonly text: string }>>;
}

/** Sentences each at its field, in the order given. */
export const problemsAt = (entries: readonly (readonly [field: string, text: string])[]): Problem => ({
  summary: entries.map(([field, text]) => ({ text, href: `#${field}` })),
  fields: Object.fromEntries(entries.map(([field, text]) => [field, { text }])),
});

/** A sentence for the field `field` (the one the person must change). */
export const problemAt = (field: string, text: string): Problem => problemsAt([[field, text]]);

/** The sentence or name with its first letter a capital: a schema's message, a program's value offered as a choice. */
export const capitalised = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

/**
 * The form field of a payload path: the longest of its dotted prefixes `fieldOf` names ("product.name",
 * then "product"), so one form field may stand for a key nested in the payload.
 */
function fieldAt(path: readonly PropertyKey[], fieldOf: Readonly<Record<string, string>>): string | undefined {
  for (let n = path.length; n > 1; n--) {
    const field = fieldOf[path.slice(0, n).map(String).join('.')];
    if (field) return field;
  }
  return fieldOf[String(path[0] ?? '')];
}

/**
 * The schema's refusals, each at the form field its path names (`fieldOf` maps a payload key, or a
 * dotted path into it, to the field's id; a path it does not know goes to `otherwise`). `said` gives a
 * field the form's own words where the schema's name a program's values ("choice must be one of: …").
 */
export function problemOfIssues(error: z.ZodError, fieldOf: Readonly<Record<string, string>>, otherwise: string, said: Readonly<Record<string, string>> = {}): Problem {
  const seen = new Set<string>();
  const entries: (readonly [string, string])[] = [];
  for (const issue of error.issues) {
    const field = fieldAt(issue.path, fieldOf) ?? otherwise;
    if (seen.has(field)) continue;
    seen.add(field);
    entries.push([field, said[field] ?? capitalised(issue.message)]);
  }
  return problemsAt(entries);
}

/**
 * An engine's or the server's refusal as a problem at `field`, or undefined for a failure that is not
 * a refusal (it goes to the error page). The sentence is the engine's: the same words the API and the
 * CLI give.
 */
export function problemOfRefusal(err: unknown, field: string): Problem | undefined {
  if (err instanceof GovernanceError || (err instanceof ApiError && err.status < 500)) return problemAt(field, err.message);
  return undefined;
}

/** Every value sent for a field that repeats (a group of checkboxes), each a string cut to the limit, at most `max`. */
export function picked(body: unknown, name: string, max = 100): string[] {
  const value = ((body ?? {}) as Record<string, unknown>)[name];
  const all = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return all.filter((v): v is string => typeof v === 'string').slice(0, max).map((v) => v.slice(0, fieldLimit));
}

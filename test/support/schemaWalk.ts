/**
 * Walks a zod 4 schema to every field a payload can reach, so property tests
 * cover a field as soon as a schema has it: each leaf says where it is (the
 * path the schema reports issues at) and what it holds, and `plant` puts a
 * value there in a copy of a valid payload, making whatever the path passes
 * through (a list's first entry, an optional object, a union's option).
 * `example` makes a value of a schema for those parts.
 */
import type { z } from 'zod';

/** What a leaf holds: free text, an id or other pattern, a link, a date, one of a set, a number, a share, a list. */
export type LeafKind = 'text' | 'pattern' | 'url' | 'date' | 'choice' | 'number' | 'fraction' | 'list';

/** One step of a path: the key, the schema of the value there, and the union option it must be, if any. */
export interface Step {
  readonly key: string | number;
  readonly schema: z.ZodType;
  readonly option?: { readonly discriminator: string; readonly value: unknown; readonly schema: z.ZodType };
}

export interface Leaf {
  readonly kind: LeafKind;
  readonly steps: readonly Step[];
  readonly schema: z.ZodType;
}

export const pathOf = (leaf: Leaf): (string | number)[] => leaf.steps.map((s) => s.key);
export const nameOf = (leaf: Leaf): string => pathOf(leaf).join('.');

type Def = { type: string; [key: string]: any };
const defOf = (schema: z.ZodType): Def => (schema as unknown as { def: Def }).def;

const wrappers = new Set(['optional', 'nullable', 'default', 'prefault', 'readonly', 'catch', 'nonoptional']);

/** The schema under optional, default and the like, and under a pipe's input. */
export function unwrap(schema: z.ZodType): z.ZodType {
  let s = schema;
  for (;;) {
    const def = defOf(s);
    if (wrappers.has(def.type)) s = def.innerType;
    else if (def.type === 'pipe') s = def.in;
    else return s;
  }
}

function stringKind(def: Def): LeafKind {
  if (def.format === 'url') return 'url';
  if (def.format === 'datetime') return 'date';
  if (def.format || (def.checks ?? []).some((c: any) => c._zod.def.check === 'string_format')) return 'pattern';
  return 'text';
}

/** Every leaf of `schema`: strings, numbers, shares and lists, with the path to each. */
export function leaves(schema: z.ZodType): Leaf[] {
  const found: Leaf[] = [];
  const walk = (s: z.ZodType, steps: Step[]): void => {
    const inner = unwrap(s);
    const def = defOf(inner);
    const at = (kind: LeafKind) => found.push({ kind, steps, schema: inner });
    switch (def.type) {
      case 'string':
        return void at(stringKind(def));
      case 'enum':
      case 'literal':
        return void at('choice');
      case 'number':
        return void at('number');
      case 'object': {
        const shape = def.shape as Record<string, z.ZodType>;
        if ('numerator' in shape && 'denominator' in shape) at('fraction');
        for (const [key, field] of Object.entries(shape)) walk(field, [...steps, { key, schema: field }]);
        return;
      }
      case 'array':
        at('list');
        return walk(def.element, [...steps, { key: 0, schema: def.element }]);
      case 'union': {
        const last = steps.at(-1);
        if (!last) throw new Error('a union at the top of a schema: give the walker a step to hold its option');
        for (const option of def.options as z.ZodType[]) {
          const discriminator = def.discriminator as string | undefined;
          const value = discriminator ? defOf(unwrap((defOf(unwrap(option)).shape as Record<string, z.ZodType>)[discriminator]!)).values?.[0] : undefined;
          walk(option, [...steps.slice(0, -1), { ...last, option: { discriminator: discriminator ?? '', value, schema: option } }]);
        }
        return;
      }
      case 'boolean':
      case 'never':
      case 'unknown':
      case 'any':
        return;
      default:
        throw new Error(`the schema walker does not know zod's ${def.type}: teach it (test/support/schemaWalk.ts)`);
    }
  };
  walk(schema, []);
  return found;
}

/** A value of `schema` with every optional field filled, valid unless the schema cross-checks its fields. */
export function example(schema: z.ZodType): unknown {
  const inner = unwrap(schema);
  const def = defOf(inner);
  switch (def.type) {
    case 'string': {
      const kind = stringKind(def);
      return kind === 'url' ? 'https://example.org/papers/1' : kind === 'date' ? '2027-03-01T17:00:00Z' : kind === 'pattern' ? 'id-1' : 'Plain words';
    }
    case 'enum':
      return Object.values(def.entries as Record<string, unknown>)[0];
    case 'literal':
      return (def.values as unknown[])[0];
    case 'number':
      return 1;
    case 'boolean':
      return true;
    case 'object':
      return Object.fromEntries(Object.entries(def.shape as Record<string, z.ZodType>).map(([k, v]) => [k, example(v)]));
    case 'array':
      return [example(def.element)];
    case 'union':
      return example((def.options as z.ZodType[])[0]!);
    default:
      return undefined;
  }
}

const isObject = (v: unknown): v is Record<string | number, unknown> => typeof v === 'object' && v !== null;

/** A copy of `payload` with `value` at the leaf, the parts on the way made where missing or of another union option. */
export function plant(payload: unknown, leaf: Leaf, value: unknown): unknown {
  const root = structuredClone(payload);
  if (leaf.steps.length === 0) return value;
  let holder = root as Record<string | number, unknown>;
  leaf.steps.forEach((step, i) => {
    const last = i === leaf.steps.length - 1;
    const here = holder[step.key];
    if (step.option && !(isObject(here) && here[step.option.discriminator] === step.option.value)) holder[step.key] = example(step.option.schema);
    else if (!isObject(here) && !last) holder[step.key] = example(step.schema);
    if (last) holder[step.key] = value;
    else holder = holder[step.key] as Record<string | number, unknown>;
  });
  return root;
}

/** The value at the leaf's path in a parsed payload. */
export function valueAt(parsed: unknown, leaf: Leaf): unknown {
  return pathOf(leaf).reduce<unknown>((v, k) => (isObject(v) ? v[k] : undefined), parsed);
}

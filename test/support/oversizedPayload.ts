/**
 * A payload for any command with every field filled far past its bound: what a careless or hostile
 * sender might try (issue 12: three 600 KB product descriptions killed a board). Built from the
 * command's own zod schema, so a field added to a command is filled too. Each text is longer than
 * any bound in machines/kernel/input.ts (`limits.text`), and the whole payload stays under Temporal's
 * 2 MB request limit, so what refuses it is the engine, not the server.
 */
import type { z } from 'zod';
import { limits } from '../../machines/kernel/input';

/** The most a whole payload carries: under Temporal's 2 MB limit on one request. */
export const OVERSIZED_PAYLOAD_BYTES = 1_500_000;
/** The longest one field gets: the size of a description in the original reproduction. */
export const OVERSIZED_FIELD = 600 * 1024;

type Def = { type: string; shape?: Record<string, z.ZodType>; innerType?: z.ZodType; in?: z.ZodType; element?: z.ZodType; options?: z.ZodType[] };
const defOf = (schema: z.ZodType) => (schema as unknown as { _zod: { def: Def } })._zod.def;

/** The paths of the fields a payload of `schema` has, to the leaves (a list holds one entry). */
export function leavesOf(schema: z.ZodType, path: readonly string[] = []): string[][] {
  const def = defOf(schema);
  switch (def.type) {
    case 'object':
      return Object.entries(def.shape!).flatMap(([key, inner]) => leavesOf(inner, [...path, key]));
    case 'optional':
    case 'default':
    case 'prefault':
    case 'nullable':
    case 'readonly':
    case 'nonoptional':
      return leavesOf(def.innerType!, path);
    case 'pipe':
      return leavesOf(def.in!, path);
    case 'array':
      return leavesOf(def.element!, [...path, '0']);
    case 'union':
      return leavesOf(def.options![0]!, path);
    default:
      return [[...path]];
  }
}

/**
 * A payload of `schema` whose every leaf is a text past every bound, together about `bytes` (each
 * leaf at most OVERSIZED_FIELD, at least one character past the longest text bound); see the file's comment.
 */
export function oversizedPayload(schema: z.ZodType, bytes = OVERSIZED_PAYLOAD_BYTES): unknown {
  const leaves = leavesOf(schema);
  const longest = Math.max(...Object.values(limits.text));
  const size = Math.max(longest + 1, Math.min(OVERSIZED_FIELD, Math.floor(bytes / leaves.length)));
  const text = 'x'.repeat(size);
  const payload: Record<string, unknown> = {};
  for (const leaf of leaves) {
    if (leaf.length === 0) return text;
    let at: Record<string, unknown> | unknown[] = payload;
    leaf.forEach((key, i) => {
      const last = i === leaf.length - 1;
      const next = leaf[i + 1];
      const container = at as Record<string, unknown>;
      if (last) container[key] = text;
      else container[key] ??= next === '0' ? [] : {};
      at = container[key] as Record<string, unknown>;
    });
  }
  return payload;
}

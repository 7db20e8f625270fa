/**
 * A payload for any command with every field filled far past its bound: what a careless or hostile
 * sender might try (issue 12: three 600 KB product descriptions killed a board). Built from the
 * command's own zod schema, so a field added to a command is filled too. Each text is longer than
 * any bound in machines/kernel/input.ts (`limits.text`, at most 20,000 characters), and the whole
 * payload stays well under 512 KiB: a worker that rejects an Update sends the request back to the
 * server with its rejection (Temporal's update protocol), and a workflow task may carry the
 * rejections of two or three Updates, so requests of 512 KiB between them make the worker log
 * TMPRL1103 however the engine answers. What refuses these is the engine, and nothing is kept.
 */
import type { z } from 'zod';
import { limits } from '../../machines/kernel/input';

/** The most a whole payload carries: three of them under the 512 KiB past which Temporal's worker warns of a payload it uploads. */
export const OVERSIZED_PAYLOAD_BYTES = 160_000;
/** The longest one field gets: 7 times the longest bound. */
export const OVERSIZED_FIELD = 140_000;

type Def = { type: string; shape?: Record<string, z.ZodType>; innerType?: z.ZodType; in?: z.ZodType; element?: z.ZodType; options?: z.ZodType[] };
const defOf = (schema: z.ZodType) => (schema as unknown as { _zod: { def: Def } })._zod.def;

/** A field of a payload: its path (a list holds one entry, `0`) and whether it takes text. */
export interface Leaf {
  readonly path: readonly string[];
  readonly text: boolean;
}

/** The fields a payload of `schema` has, to the leaves. */
export function leavesOf(schema: z.ZodType, path: readonly string[] = []): Leaf[] {
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
      return [{ path, text: def.type === 'string' }];
  }
}

/**
 * A payload of `schema` whose every text field is past every bound, together about `bytes` (each
 * at most OVERSIZED_FIELD, at least one character past the longest text bound), and whose every
 * other field (a number, a choice, a yes or no) is a short text, the wrong kind; see the file's comment.
 */
export function oversizedPayload(schema: z.ZodType, bytes = OVERSIZED_PAYLOAD_BYTES): unknown {
  const leaves = leavesOf(schema);
  const texts = leaves.filter((l) => l.text).length || 1;
  const longest = Math.max(...Object.values(limits.text));
  const long = 'x'.repeat(Math.max(longest + 1, Math.min(OVERSIZED_FIELD, Math.floor(bytes / texts))));
  const payload: Record<string, unknown> = {};
  for (const { path, text } of leaves) {
    const value = text ? long : 'x';
    if (path.length === 0) return value;
    let at: Record<string, unknown> = payload;
    path.forEach((key, i) => {
      if (i === path.length - 1) at[key] = value;
      else at[key] ??= path[i + 1] === '0' ? [] : {};
      at = at[key] as Record<string, unknown>;
    });
  }
  return payload;
}

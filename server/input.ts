/**
 * Every input is bounded and validated before it is used: a body or query is parsed with its zod
 * schema (strict objects: a field the request does not take is refused), and a refusal names each
 * field and what to send, in the same words as the engine's other refusals.
 */
import type { z } from 'zod';
import { describeIssues } from '../machines/kernel/schema';
import { ApiError } from './errors';

/**
 * `input` parsed by `schema`.
 *
 * @throws ApiError 400 InvalidInput: "<what>: <field>: <what to send>; …".
 * @example
 * const { email } = parseInput(codeRequestSchema, request.body, 'Cannot send a code');
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, what: string): z.output<S> {
  const parsed = schema.safeParse(input ?? {});
  if (!parsed.success) throw new ApiError(400, 'InvalidInput', `${what}: ${describeIssues(parsed.error)}.`);
  return parsed.data;
}

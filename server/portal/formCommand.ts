/**
 * A form's command, sent the way every page sends one: the command from its process's own table
 * (only those people may send), `by` filled in from the sign-in (or left out for an anonymous one),
 * the payload checked against the command's schema so each refusal names its field, then sent
 * through the engine's door. A refusal comes back as a problem to show on the form, never thrown.
 */
import { kindOf, unknownProcess } from '../../client/processKinds';
import type { Receipt } from '../../workflows/host/commands';
import { ApiError } from '../errors';
import type { ServerContext } from '../routes/context';
import { governanceOf, peoplesCommand } from '../routes/processes';
import { inSendersName } from '../sender';
import { problemOfIssues, problemOfRefusal, type Problem } from './forms';

export interface FormCommand {
  readonly workflowId: string;
  readonly command: string;
  /** The fields the form gives, without `by`. */
  readonly payload: Readonly<Record<string, unknown>>;
  /** The person signed in who sends it; undefined sends it anonymously (only a command anyone may send). */
  readonly by: string | undefined;
  /** The form field of each payload field; a refusal of any other goes to `field`. */
  readonly fields: Readonly<Record<string, string>>;
  readonly field: string;
  /** The form's own words for a field, where the schema's name a program's values. */
  readonly said?: Readonly<Record<string, string>>;
  /** The field the engine's refusal `message` is about; `field` when not given. */
  readonly refusedAt?: (message: string) => string;
}

export type FormSent = { readonly problem?: undefined; readonly receipt?: Receipt } | { readonly problem: Problem; readonly status: 400 | 409 };

/**
 * Sends `form`'s command: the receipt once the process took it, or the problem (400 for what the
 * schema refused, 409 for what the process refused).
 *
 * @throws ApiError 404 for a process id no process kind has; what the engine throws that is not a refusal.
 */
export async function sendFromForm(context: ServerContext, form: FormCommand): Promise<FormSent> {
  const kind = kindOf(form.workflowId);
  if (!kind) throw new ApiError(404, 'NotFound', unknownProcess(form.workflowId));
  const command = peoplesCommand(kind, form.command);
  const parsed = command.schema.safeParse(inSendersName(command, form.payload, form.by));
  if (!parsed.success) return { problem: problemOfIssues(parsed.error, form.fields, form.field, form.said), status: 400 };
  try {
    const { receipt } = await governanceOf(context).sendToProcess(form.workflowId, command, parsed.data);
    return receipt ? { receipt } : {};
  } catch (err) {
    const problem = problemOfRefusal(err, form.refusedAt?.(err instanceof Error ? err.message : '') ?? form.field);
    if (!problem) throw err;
    return { problem, status: 409 };
  }
}

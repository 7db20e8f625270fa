/**
 * The Temporal identity of whoever sent the command being handled, for the audit log: a refused
 * command is kept there with the reason and the client that sent it. The SDK hands a handler its
 * arguments only; the identity the server recorded comes with the activation's job (a Signal's
 * `identity`, an Update's `meta.identity`). So an internals interceptor copies it into the job's
 * headers, and an inbound interceptor holds it while the handler's synchronous start runs.
 *
 * Registered as a workflow interceptor module of the bundle (worker/bundle.ts). The identity is in the
 * history, so a replay sees the same; and only the audit reads it, never a decision.
 */
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import type { Next, UpdateInput, SignalInput, WorkflowInboundCallsInterceptor, WorkflowInterceptors } from '@temporalio/workflow';

const HEADER = 'insight-governance-sender-identity';

let current: string | undefined;

/** The identity of the client that sent the Signal or Update whose handler is starting; read before its first await. */
export const senderIdentity = (): string | undefined => current;

const identityIn = (headers: Record<string, Payload>): string | undefined => {
  const payload = headers[HEADER];
  if (!payload) return undefined;
  const value: unknown = defaultPayloadConverter.fromPayload(payload);
  return typeof value === 'string' ? value.slice(0, 200) : undefined;
};

function holding<TInput extends { readonly headers: Record<string, Payload> }, TOut>(input: TInput, next: (input: TInput) => TOut): TOut {
  current = identityIn(input.headers);
  try {
    return next(input);
  } finally {
    current = undefined;
  }
}

const inbound: WorkflowInboundCallsInterceptor = {
  handleSignal: (input: SignalInput, next: Next<WorkflowInboundCallsInterceptor, 'handleSignal'>) => holding(input, next),
  validateUpdate: (input: UpdateInput, next: Next<WorkflowInboundCallsInterceptor, 'validateUpdate'>) => holding(input, next),
  handleUpdate: (input: UpdateInput, next: Next<WorkflowInboundCallsInterceptor, 'handleUpdate'>) => holding(input, next),
};

export const interceptors = (): WorkflowInterceptors => ({
  internals: [
    {
      activate(input, next) {
        for (const job of input.activation.jobs ?? []) {
          const signal = job.signalWorkflow;
          const update = job.doUpdate;
          const identity = signal?.identity ?? update?.meta?.identity;
          const target = signal ?? update;
          if (identity && target) target.headers = { ...(target.headers ?? {}), [HEADER]: defaultPayloadConverter.toPayload(identity) as Payload };
        }
        return next(input);
      },
    },
  ],
  inbound: [inbound],
});

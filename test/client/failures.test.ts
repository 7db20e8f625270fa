/**
 * The failure contract between the host and its callers: what the host throws comes back, through
 * the SDK's own failure conversion and error classes, as the named error it means.
 */
import { Metadata, status, type ServiceError } from '@grpc/grpc-js';
import { WorkflowFailedError, WorkflowUpdateFailedError, WorkflowUpdateRPCTimeoutOrCancelledError, isGrpcServiceError } from '@temporalio/client';
import { ApplicationFailure, DefaultFailureConverter, RetryState, WorkflowNotFoundError, defaultPayloadConverter, type TemporalFailure } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { CommandRefused, GovernanceError, InvalidCommand, NotFound, OutcomeUnknown, Unavailable, isTransient } from '../../client';
import { FailureType, invalidPayload, readFailure, refused, unavailable } from '../../workflows/host/failures';

const converter = new DefaultFailureConverter();

/** What a client receives when an Update handler throws `failure`: the failure as it crossed the wire, as the update's cause. */
const updateFailedWith = (failure: ApplicationFailure): WorkflowUpdateFailedError => {
  const received = converter.failureToError(converter.errorToFailure(failure, defaultPayloadConverter), defaultPayloadConverter);
  return new WorkflowUpdateFailedError('Workflow Update failed', received);
};

const grpcError = (code: status, details: string): ServiceError =>
  Object.assign(new Error(`${code} ${status[code]}: ${details}`), { code, details, metadata: new Metadata() });

const review = { noun: 'gate review', id: 'gr-benefits-map-alpha-1', hint: 'List the reviews with "govern reviews".' };

describe('the failures the host creates', () => {
  it.each([
    ['refused', refused, FailureType.refused, CommandRefused],
    ['invalidPayload', invalidPayload, FailureType.invalidPayload, InvalidCommand],
    ['unavailable', unavailable, FailureType.unavailable, Unavailable],
  ] as const)('comes back from %s as its named error, with the host sentence', (_, create, type, named) => {
    const sentence = 'Voting on gate review GR-12 closed at 2026-05-04 17:00 UTC; your vote was not recorded.';
    const thrown = create(sentence);
    expect(thrown.type).toBe(type);
    const read = readFailure(updateFailedWith(thrown), review);
    expect(read).toBeInstanceOf(named);
    expect(read).toBeInstanceOf(GovernanceError);
    expect(read?.name).toBe(named.name);
    expect(read?.message).toBe(sentence);
  });

  it('keeps an unavailable board transient: retryable when thrown, and read back as "try again", not as a refusal', () => {
    const thrown = unavailable('requestGate needs placeOnAgenda, which failed (board unreachable); nothing was recorded. Try again later.');
    expect(thrown.nonRetryable).toBe(false);
    const read = readFailure(updateFailedWith(thrown));
    expect(read).toBeInstanceOf(Unavailable);
    expect(read).not.toBeInstanceOf(CommandRefused);
    expect(isTransient(read)).toBe(true);
  });

  it('makes refusals and malformed payloads final', () => {
    expect(refused('no').nonRetryable).toBe(true);
    expect(invalidPayload('no').nonRetryable).toBe(true);
    expect(isTransient(readFailure(updateFailedWith(refused('no'))))).toBe(false);
    expect(isTransient(readFailure(updateFailedWith(invalidPayload('no'))))).toBe(false);
  });

  it('reads a process that refused to start as a refusal', () => {
    const received = converter.failureToError(converter.errorToFailure(refused('A meeting needs its date and agenda.'), defaultPayloadConverter), defaultPayloadConverter);
    const read = readFailure(new WorkflowFailedError('Workflow execution failed', received as TemporalFailure, RetryState.NON_RETRYABLE_FAILURE));
    expect(read).toBeInstanceOf(CommandRefused);
    expect(read?.message).toBe('A meeting needs its date and agenda.');
  });

  it('reads a failure the host does not name as the process saying no', () => {
    expect(readFailure(updateFailedWith(ApplicationFailure.create({ type: 'InvalidDecision', message: 'no id' })))).toBeInstanceOf(CommandRefused);
  });
});

describe('the errors Temporal itself throws', () => {
  it('reads an unknown workflow as NotFound, naming the process and what to do', () => {
    const read = readFailure(new WorkflowNotFoundError('workflow not found', review.id, undefined), review);
    expect(read).toBeInstanceOf(NotFound);
    expect(read?.message).toBe(`No gate review ${review.id}. ${review.hint}`);
    expect(readFailure(grpcError(status.NOT_FOUND, 'workflow not found for ID: x'))).toBeInstanceOf(NotFound);
  });

  it('reads a message to a finished process as a refusal', () => {
    const read = readFailure(new WorkflowNotFoundError('workflow execution already completed', review.id, undefined), review);
    expect(read).toBeInstanceOf(CommandRefused);
    expect(read?.message).toBe(`The gate review ${review.id} has finished; nothing was recorded.`);
  });

  it('reads a server that went away with the command in flight as OutcomeUnknown, which is transient', () => {
    const away = grpcError(status.UNAVAILABLE, 'No connection established');
    expect(isGrpcServiceError(away)).toBe(true);
    for (const err of [away, new WorkflowUpdateRPCTimeoutOrCancelledError('Timed out waiting for update response', { cause: grpcError(status.DEADLINE_EXCEEDED, 'Deadline exceeded') })]) {
      const read = readFailure(err, review);
      expect(read).toBeInstanceOf(OutcomeUnknown);
      expect(read?.message).toContain(`the gate review ${review.id}`);
      expect(isTransient(read)).toBe(true);
    }
  });

  it('reads an Update sent while the process retries a failed step as Unavailable, which is transient', () => {
    const stuck = grpcError(status.FAILED_PRECONDITION, 'Unable to perform workflow execution update due to Workflow Task in failed state.');
    const read = readFailure(new Error('Workflow Update failed', { cause: stuck }), review);
    expect(read).toBeInstanceOf(Unavailable);
    expect(read?.message).toContain(`The gate review ${review.id} cannot take commands just now`);
    expect(isTransient(read)).toBe(true);
    expect(readFailure(grpcError(status.FAILED_PRECONDITION, 'some other precondition'), review)).toBeUndefined();
  });

  it('leaves other errors as they are', () => {
    expect(readFailure(new TypeError('a bug'))).toBeUndefined();
    expect(readFailure('a string')).toBeUndefined();
    const named = new CommandRefused('already said no');
    expect(readFailure(named)).toBe(named);
  });
});

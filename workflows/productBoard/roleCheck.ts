/**
 * The enrichment for a command only someone holding a role on the board may
 * send: before the event reaches the machine, the host asks the board (the
 * `authorise` activity), which answers with a refusal naming the role.
 */
import type { AnyMachineSnapshot, AnyStateMachine } from 'xstate';
import type { RoleCheck } from '../../activities/boardClient';
import type { Enrichment } from '../host/processDefinition';

export const boardRole = <TMachine extends AnyStateMachine>(role: RoleCheck['role'], action: string): Enrichment<TMachine> => ({
  activity: 'authorise',
  input: (snapshot, event): RoleCheck => ({
    boardId: ((snapshot as AnyMachineSnapshot).context as { boardId: string }).boardId,
    personId: 'by' in event && typeof event.by === 'string' ? event.by : '',
    role,
    action,
  }),
  merge: () => ({}),
});

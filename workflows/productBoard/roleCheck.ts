/**
 * The enrichment for a command only someone holding a role on the board may
 * send: before the event reaches the machine, the host asks the board (the
 * `authorise` activity), which answers with a refusal naming the role.
 */
import type { AnyMachineSnapshot, AnyStateMachine, SnapshotFrom } from 'xstate';
import type { RoleCheck, RoleHeld } from '../../activities/boardClient';
import type { Enrichment } from '../host/processDefinition';

export interface RoleCheckOptions<TMachine extends AnyStateMachine> {
  /**
   * Whether the same check also asks for the board's subscribers, added to the event as `subscribers`:
   * for a command whose outcome they are told of. Read from the snapshot, so that a process opened before
   * it could tell them asks exactly what it asked then.
   */
  readonly withSubscribers?: (snapshot: SnapshotFrom<TMachine>) => boolean;
}

export const boardRole = <TMachine extends AnyStateMachine>(role: RoleCheck['role'], action: string, options: RoleCheckOptions<TMachine> = {}): Enrichment<TMachine, RoleHeld | undefined> => ({
  activity: 'authorise',
  input: (snapshot, event): RoleCheck => ({
    boardId: ((snapshot as AnyMachineSnapshot).context as { boardId: string }).boardId,
    personId: 'by' in event && typeof event.by === 'string' ? event.by : '',
    role,
    action,
    ...(options.withSubscribers?.(snapshot) ? { withSubscribers: true } : {}),
  }),
  // A check that did not ask (or a history recorded before it could) answers nothing: nothing is added.
  merge: (answer) => (answer?.subscribers ? { subscribers: answer.subscribers } : {}),
});

/**
 * Sending a command to a process and printing its answer: by Update the process's view as it now
 * stands, by Signal (--via signal) a note saying where to check whether it was accepted.
 */
import type { HarmWatchView } from '../../machines/harmWatch/view';
import { boardProcessId, harmWatchProcessId } from '../../machines/kernel/ids';
import { loadBoard } from '../boardConfig';
import { formatBoard, formatHarmReport, formatHarmWatch, formatSignalSent, formatView } from '../format';
import type { BoardCommandName, BoardCommandPayload, CommandName, CommandPayload, HarmWatchCommandName, HarmWatchPayload } from '../governanceClient';
import type { Delivery } from '../processes';
import { delivery } from './args';
import type { Invocation, Output } from './table';

/** A command that travels by --via. */
export type Sender = Invocation<{ readonly via?: string | undefined }>;

/**
 * Sends `name` to `workflowId` with `call`; by Update prints the view it answers with, by Signal a note.
 *
 * @throws what `call` throws: CommandRefused (exit 1) when the process says no, nothing changed.
 * @example
 * return deliver('requestGate', productProcessId(id), delivery(values), (v) => governance.requestGate(id, payload, v), formatProduct);
 */
export async function deliver<V>(name: string, workflowId: string, via: Delivery, call: (via: Delivery) => Promise<V | undefined>, format: (view: V) => string): Promise<Output> {
  const view = await call(via);
  if (via === 'signal' || view === undefined) return { json: { sent: name, workflowId, via }, text: formatSignalSent(name, workflowId) };
  return { json: view, text: format(view) };
}

/**
 * A gate review command, to the review named by the command's first argument.
 *
 * @example
 * return toReview(invocation, 'closeVoting', { by: actor(values, 'secretariat or chair') });
 */
export function toReview<N extends CommandName>(invocation: Sender, name: N, payload: CommandPayload<N>): Promise<Output> {
  const id = invocation.positional(0, 'a review id', 'gr-benefits-map-discovery-1');
  return deliver(name, id, delivery(invocation.values), async (v) => (await invocation.client()).send(id, name, payload, v), formatView);
}

/**
 * A command to the product board of the board file.
 *
 * @example
 * return toBoard(invocation, 'resumeMeetings', { by: actor(values, 'secretariat') });
 */
export function toBoard<N extends BoardCommandName>(invocation: Sender, name: N, payload: BoardCommandPayload<N>): Promise<Output> {
  const workflowId = boardProcessId(loadBoard().roster.boardId);
  return deliver(name, workflowId, delivery(invocation.values), async (v) => (await invocation.client()).boardCommand(name, payload, { via: v }), formatBoard);
}

/**
 * A command to the harm watch of `productId`; prints the report `reportId` when given, else the watch.
 *
 * @example
 * return toHarmWatch(invocation, 'completeAction', 'benefits-map', { by: 's-jo', reportId, evidence }, reportId);
 */
export function toHarmWatch<N extends HarmWatchCommandName>(invocation: Sender, name: N, productId: string, payload: HarmWatchPayload<N>, reportId?: string): Promise<Output> {
  const show = (view: HarmWatchView) => {
    const report = reportId ? view.reports.find((r) => r.reportId === reportId) : undefined;
    return report ? formatHarmReport(report) : formatHarmWatch(view);
  };
  return deliver(name, harmWatchProcessId(productId), delivery(invocation.values), async (v) => (await invocation.client()).harmCommand(productId, name, payload, v), show);
}

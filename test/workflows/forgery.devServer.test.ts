/**
 * Nobody acts in another's name (issue 14): on a real dev server, with one of every process running,
 * every command of every process (its own table, and the host's rotateKeys) is sent by a plain
 * Temporal client, as an Update and as a Signal, with each kind of bad proof: none, a signature that
 * does not match, a proof made for another process, one signed by the worker in another process's
 * name, a nonce already used, and one too old. Every probe is refused with its reason, kept in the
 * audit with the Temporal identity that sent it, and no process changes. The probes are counted, and
 * the count of those taken is printed and must be 0.
 */
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as workflowTypes from '../../workflows';
import { auditQuery, peopleMaySend, type AnyCommand, type AuditEntry } from '../../workflows/host/commands';
import { boardProcessId, initiativeProcessId, productProcessId } from '../../machines/kernel/ids';
import { INITIATIVE } from '../support/initiativeFixtures';
import { PROOF_LIFETIME_MS, type CommandProof } from '../../workflows/host/proof';
import { rotateKeys } from '../../workflows/host/trust';
import { eventually, foundingBoard } from '../support/productBoardRun';
import { startEveryProcess, type EveryProcess, type RunningProcess } from '../support/everyProcess';

const PRODUCT = 'forgery-map';
let every: EveryProcess;

beforeAll(async () => {
  every = await startEveryProcess(PRODUCT);
});

afterAll(async () => {
  await every?.stop();
});

/** A payload the command might carry: a well-formed sender (and what names the sending process), so that only the proof is wrong. */
const payloadFor = (command: AnyCommand): Record<string, unknown> => {
  if (command.name === rotateKeys.name) return { add: [every.trust.api.trusted], retire: [] };
  return command.name === 'placeItem' ? { by: 'sec', productId: PRODUCT } : { by: 'sec' };
};

/**
 * Who would sign each command were it real: the API, in the secretariat's name, for what people send; the
 * worker, in the sending process's name, for what only processes send. A new command only processes send
 * needs its sender here, or the suite fails.
 */
const processSenders: Readonly<Record<string, string>> = {
  placeItem: productProcessId(PRODUCT),
  setGuidingPrinciples: initiativeProcessId(INITIATIVE),
  amendPolicy: initiativeProcessId(INITIATIVE),
  lifecycleChanged: productProcessId(PRODUCT),
  // A gate review hears of a removal only from its board (the board's own removeMember is people's).
  removeMember: boardProcessId(foundingBoard.roster.boardId),
};

/** The nonce each process has seen already (burned by a signed command its rules refused), for the replay probes. */
const burned = new Map<string, string>();

interface Probe {
  readonly name: string;
  /** What the refusal says. */
  readonly says: RegExp;
  proof(p: RunningProcess, command: AnyCommand, payload: unknown): Promise<CommandProof | undefined>;
}

/** A process other than `p`, and other than the one that may send `command` (a product places items on its board). */
const otherProcess = (p: RunningProcess, command?: AnyCommand) => every.processes.find((q) => q.workflowId !== p.workflowId && q.workflowId !== processSenders[command?.name ?? ''])!.workflowId;
/** The proof the command's real sender would make, but for what `extra` changes. */
function apiProof(p: RunningProcess, command: AnyCommand, payload: unknown, extra: { at?: Date; nonce?: string; process?: string } = {}) {
  const byPeople = peopleMaySend(command);
  const sender = byPeople ? 'sec' : processSenders[command.name];
  if (sender === undefined) throw new Error(`${command.name} is sent by processes only: name its sender in processSenders`);
  const signer = byPeople ? every.trust.api : every.trust.worker.signer;
  return signer.sign({ process: extra.process ?? p.workflowId, command: command.name, payload, sender, ...(extra.at ? { at: extra.at } : {}), ...(extra.nonce ? { nonce: extra.nonce } : {}) });
}

const probes: readonly Probe[] = [
  { name: 'no proof', says: /carries no proof of who sent it/, proof: async () => undefined },
  {
    name: 'a signature that does not match',
    says: /signature does not match/,
    proof: async (p, command, payload) => {
      const proof = await apiProof(p, command, payload);
      // The same proof over another payload: what an altered command carries.
      return { ...proof, signature: (await apiProof(p, command, { ...(payload as object), tampered: true })).signature };
    },
  },
  { name: 'a proof made for another process', says: /made for another process/, proof: (p, command, payload) => apiProof(p, command, payload, { process: otherProcess(p) }) },
  {
    name: "the worker's signature in another process's name",
    // A command people send is not the worker's to sign; one a process sends comes from its one sender; a worker key may not add an API key.
    says: /is sent by people|only .* may send|no process may send|may add and retire only/,
    proof: (p, command, payload) => every.trust.worker.signer.sign({ process: p.workflowId, command: command.name, payload, sender: otherProcess(p, command) }),
  },
  { name: 'a nonce used before', says: /received before .* replay/, proof: (p, command, payload) => apiProof(p, command, payload, { nonce: burned.get(p.workflowId)! }) },
  { name: 'a proof too old', says: /too old/, proof: async (p, command, payload) => apiProof(p, command, payload, { at: new Date(Date.now() - PROOF_LIFETIME_MS - 60_000) }) },
];

/** Every command a process answers: its table's and the host's own. */
const commandsOf = (p: RunningProcess): readonly AnyCommand[] => [...p.def.commands, rotateKeys];

/** What a process shows: its view and the part of its audit the probes must not add to but refusals. */
/** A process's view, but for how many runs it has had: a refused Signal is in the history, so a long-lived process may continue as new. */
const stateOf = async (p: RunningProcess) => JSON.stringify(await every.env.client.workflow.getHandle(p.workflowId).query(p.def.statusQuery), (key, value: unknown) => (key === 'run' || key === 'runs' ? undefined : value));

describe('forged commands, for every command of every process', () => {
  it('tries one of every process the worker registers', () => {
    expect(every.processes.map((p) => p.type).sort()).toEqual(Object.keys(workflowTypes).sort());
  });

  it('refuses every bad proof, by Update and by Signal, keeps each in the audit with its sender, and changes nothing', async () => {
    const identity = every.env.client.options.identity;
    let sent = 0;
    let taken = 0;
    const renewals: string[] = [];
    for (const p of every.processes) {
      const handle = every.env.client.workflow.getHandle(p.workflowId);
      // A signed command the process's rules refuse: its proof holds, so its nonce is used, and nothing else changes.
      const burner = await apiProof(p, commandsOf(p)[0]!, { by: 'sec', nonsense: true });
      burned.set(p.workflowId, burner.nonce);
      await handle.signal(commandsOf(p)[0]!.name, { by: 'sec', nonsense: true }, burner);
      await eventually(() => handle.query(auditQuery), (audit) => audit.some((e) => e.via === 'signal'), `${p.type} to take the burning signal`);
      const before = await stateOf(p);

      for (const command of commandsOf(p)) {
        const payload = payloadFor(command);
        /** Sends every probe of `command`, and reads their audit entries; 'renewed' when the run continued as new meanwhile. */
        const probeAll = async (): Promise<AuditEntry[] | 'renewed'> => {
          const run = (await handle.describe()).runId;
          for (const probe of probes) {
            const where = `${p.type}.${command.name} with ${probe.name}`;
            // A proof of its own for the Update and for the Signal: a probe whose proof holds (a rotation the rules refuse) uses its nonce.
            const argsOf = async (): Promise<[unknown, ...unknown[]]> => {
              const proof = await probe.proof(p, command, payload);
              return proof ? [payload, proof] : [payload];
            };
            const refusal = await handle.executeUpdate(command.name, { args: await argsOf() }).then(
              () => undefined,
              (err: unknown) => err,
            );
            sent++;
            if (!(refusal instanceof WorkflowUpdateFailedError)) taken++;
            expect(refusal, `${where} by Update was taken`).toBeInstanceOf(WorkflowUpdateFailedError);
            expect(((refusal as WorkflowUpdateFailedError).cause as Error).message, `${where} by Update`).toMatch(probe.says);
            await handle.signal(command.name, ...(await argsOf()));
            sent++;
          }
          // The audit keeps the newest entries: read this command's probes as they arrive, the Signals a moment after. A refused
          // Signal is written to the history, so a long-lived process may continue as new among them, and its new run's audit
          // starts empty (it is the worker's, not the history's): then the probes are sent again, to the new run.
          const read = await eventually(
            async () => ((await handle.describe()).runId !== run ? 'renewed' : (await handle.query(auditQuery)).filter((e) => e.command === command.name).slice(-2 * probes.length)),
            (entries) => entries === 'renewed' || (entries.length === 2 * probes.length && entries.filter((e) => e.via === 'signal').length === probes.length),
            `${p.type}'s audit to hold every probe of ${command.name}`,
          );
          return read;
        };
        let added = await probeAll();
        if (added === 'renewed') {
          renewals.push(`${p.type} during ${command.name}`);
          sent -= 2 * probes.length;
          added = await probeAll();
        }
        if (added === 'renewed') throw new Error(`${p.type} continued as new twice while ${command.name} was probed`);
        taken += added.filter((e) => e.accepted).length;
        expect(added.filter((e) => e.accepted), `${p.type} took a forged ${command.name}`).toEqual([]);
        for (const via of ['update', 'signal'] as const) {
          const entries = added.filter((e) => e.via === via);
          for (const probe of probes) expect(entries.filter((e) => probe.says.test(e.reason ?? '')).length, `${p.type}.${command.name} by ${via}: ${probe.name}`).toBeGreaterThanOrEqual(1);
          for (const entry of entries) expect(entry.identity, `${p.type}.${entry.command} by ${via}: the sender's Temporal identity`).toBe(identity);
        }
      }

      expect(await stateOf(p), `${p.type} changed`).toBe(before);
    }
    const commands = every.processes.reduce((n, p) => n + commandsOf(p).length, 0);
    console.log(`Forgery probes: ${sent} sent (${commands} commands × ${probes.length} kinds of bad proof × Update and Signal), ${taken} taken; probed again after continuing as new: ${renewals.join(', ') || 'none'}`);
    expect(sent).toBe(commands * probes.length * 2);
    expect(taken).toBe(0);
  });

  it('takes the same commands with a good proof: the probes failed for their proofs alone', async () => {
    // One command per process that its rules take from the secretariat: the API's proof makes it count.
    const board = every.processes.find((p) => p.type === 'productBoard')!;
    const before = (await every.governance.boardStatus()).subscribers.length;
    await every.governance.boardCommand('subscribe', { by: 'reader-1' });
    expect((await every.governance.boardStatus()).subscribers.length).toBe(before + 1);
    const audit = await every.env.client.workflow.getHandle(board.workflowId).query(auditQuery);
    expect(audit.at(-1)).toMatchObject({ command: 'subscribe', accepted: true, by: 'reader-1', key: every.trust.api.trusted.id });
  });
});

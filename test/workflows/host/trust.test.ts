/**
 * What a process trusts, checked purely (workflows/host/trust.ts): each reason a proof is refused, the
 * nonces remembered and forgotten, key rotation, and what a next run and a child are given. The
 * signatures are real Ed25519 ones, made by the signers the API and the worker use.
 */
import { describe, expect, it } from 'vitest';
import { commandSigner } from '../../../trust/commandSigner';
import { ephemeralKey } from '../../../trust/keyFile';
import { castVote } from '../../../workflows/gateReview/messages';
import { placeItem } from '../../../workflows/productBoard/messages';
import { requestGate } from '../../../workflows/product/messages';
import { PROOF_CLOCK_SKEW_MS, PROOF_LIFETIME_MS, REMEMBERED_NONCES } from '../../../workflows/host/proof';
import { CommandTrust, rotateKeys } from '../../../workflows/host/trust';
import type { AnyCommand } from '../../../workflows/host/commands';

const now = new Date('2027-03-01T12:00:00Z');
const api = commandSigner(ephemeralKey(), 'people', () => now);
const worker = commandSigner(ephemeralKey(), 'processes', () => now);
const stranger = commandSigner(ephemeralKey(), 'people', () => now);
const trustOf = () => new CommandTrust({ keys: [api.trusted, worker.trusted] });

const review = 'gr-map-alpha-1';
const vote = { by: 'm-ben', choice: 'approve' };

async function verdict(trust: CommandTrust, command: AnyCommand, payload: unknown, proof: unknown, expectedProcess?: string) {
  return trust.check({ workflowId: review, command, payload, proof, now, ...(expectedProcess ? { expectedProcess } : {}) });
}
const refusalOf = async (...args: Parameters<typeof verdict>) => {
  const v = await verdict(...args);
  return 'refusal' in v ? v.refusal : undefined;
};

describe('a proof, checked by the process it is sent to', () => {
  it('holds when the API signed this command for this process in the name the payload gives', async () => {
    const proof = await api.sign({ process: review, command: castVote.name, payload: vote, sender: 'm-ben' });
    expect(await verdict(trustOf(), castVote, vote, proof)).toEqual({ proven: { sender: 'm-ben', use: 'people', key: api.trusted.id, nonce: proof.nonce, at: now.getTime() } });
  });

  it('is refused, with its reason, for each way it can be wrong', async () => {
    const good = await api.sign({ process: review, command: castVote.name, payload: vote, sender: 'm-ben' });
    const cases: [string, Promise<string | undefined>, RegExp][] = [
      ['missing', refusalOf(trustOf(), castVote, vote, undefined), /carries no proof/],
      ['malformed', refusalOf(trustOf(), castVote, vote, { ...good, signature: 'zz' }), /malformed/],
      ['for another process', refusalOf(trustOf(), castVote, vote, await api.sign({ process: 'gr-other-1', command: castVote.name, payload: vote, sender: 'm-ben' })), /another process \(gr-other-1\)/],
      ['for another command', refusalOf(trustOf(), castVote, vote, await api.sign({ process: review, command: 'closeVoting', payload: vote, sender: 'm-ben' })), /another command \(closeVoting\)/],
      ['by a key not trusted', refusalOf(trustOf(), castVote, vote, await stranger.sign({ process: review, command: castVote.name, payload: vote, sender: 'm-ben' })), /does not trust/],
      ['over another payload', refusalOf(trustOf(), castVote, { ...vote, choice: 'reject' }, good), /signature does not match/],
      ['in another name', refusalOf(trustOf(), castVote, vote, await api.sign({ process: review, command: castVote.name, payload: vote, sender: 'm-eli' })), /names m-ben .* signed for m-eli/],
      ['anonymous, naming someone', refusalOf(trustOf(), castVote, vote, await api.sign({ process: review, command: castVote.name, payload: vote })), /signed for an anonymous person/],
      ['too old', refusalOf(trustOf(), castVote, vote, await api.sign({ process: review, command: castVote.name, payload: vote, sender: 'm-ben', at: new Date(now.getTime() - PROOF_LIFETIME_MS - 1) })), /too old/],
      ['from the future', refusalOf(trustOf(), castVote, vote, await api.sign({ process: review, command: castVote.name, payload: vote, sender: 'm-ben', at: new Date(now.getTime() + PROOF_CLOCK_SKEW_MS + 1000) })), /in the future/],
      ["a person's command signed by the worker", refusalOf(trustOf(), castVote, vote, await worker.sign({ process: review, command: castVote.name, payload: vote, sender: 'product-map' })), /sent by people/],
    ];
    for (const [name, refusal, says] of cases) expect(await refusal, name).toMatch(says);
  });

  it('checks the signature again when the same proof comes with another payload', async () => {
    const trust = trustOf();
    const proof = await api.sign({ process: review, command: castVote.name, payload: vote, sender: 'm-ben' });
    expect(await refusalOf(trust, castVote, vote, proof)).toBeUndefined();
    expect(await refusalOf(trust, castVote, { ...vote, choice: 'reject' }, proof)).toMatch(/signature does not match/);
    expect(await refusalOf(trust, castVote, vote, proof)).toBeUndefined();
  });

  it('takes a lifetime-old proof, and one a little ahead of its clock', async () => {
    const at = (ms: number) => api.sign({ process: review, command: castVote.name, payload: vote, sender: 'm-ben', at: new Date(now.getTime() + ms) });
    expect(await refusalOf(trustOf(), castVote, vote, await at(-PROOF_LIFETIME_MS))).toBeUndefined();
    expect(await refusalOf(trustOf(), castVote, vote, await at(PROOF_CLOCK_SKEW_MS))).toBeUndefined();
  });

  it('takes a command only processes send from its one sender, and never with the API key', async () => {
    const item = { by: 's-jo', productId: 'map' };
    const from = (sender: string) => worker.sign({ process: review, command: placeItem.name, payload: item, sender });
    expect(await refusalOf(trustOf(), placeItem, item, await from('product-map'), 'product-map')).toBeUndefined();
    expect(await refusalOf(trustOf(), placeItem, item, await from('product-other'), 'product-map')).toMatch(/only product-map may send placeItem.*product-other/);
    expect(await refusalOf(trustOf(), placeItem, item, await from('product-map'))).toMatch(/no process may send placeItem/);
    expect(await refusalOf(trustOf(), placeItem, item, await api.sign({ process: review, command: placeItem.name, payload: item, sender: 's-jo' }), 'product-map')).toMatch(/only another process/);
  });

  it('takes a command both send from people and from its one process', async () => {
    const request = { by: 's-jo', gate: 'suspension' };
    expect(await refusalOf(trustOf(), requestGate, request, await api.sign({ process: review, command: requestGate.name, payload: request, sender: 's-jo' }))).toBeUndefined();
    expect(await refusalOf(trustOf(), requestGate, request, await worker.sign({ process: review, command: requestGate.name, payload: request, sender: 'harm-watch-map' }), 'harm-watch-map')).toBeUndefined();
  });
});

describe('nonces', () => {
  it('refuses a nonce used before, and across a continued run', async () => {
    const trust = trustOf();
    const proof = await api.sign({ process: review, command: castVote.name, payload: vote, sender: 'm-ben' });
    const first = await verdict(trust, castVote, vote, proof);
    if (!('proven' in first)) throw new Error(first.refusal);
    // Checking changes nothing: only a handler that takes the command remembers it.
    expect(await refusalOf(trust, castVote, vote, proof)).toBeUndefined();
    trust.remember(first.proven, now);
    expect(await refusalOf(trust, castVote, vote, proof)).toMatch(/received before/);
    expect(await refusalOf(new CommandTrust(trust.carried(now)), castVote, vote, proof)).toMatch(/received before/);
    // A child starts with the keys alone.
    expect(trust.forChild()).toEqual({ keys: [api.trusted, worker.trusted] });
  });

  it('forgets nonces too old to be taken, and past its memory takes nothing older than what it forgot', async () => {
    const trust = trustOf();
    trust.remember({ use: 'people', key: api.trusted.id, nonce: 'a'.repeat(32), at: now.getTime() - PROOF_LIFETIME_MS - 1 }, now);
    expect(trust.carried(now).seen).toEqual([]);
    for (let n = 0; n <= REMEMBERED_NONCES; n++) trust.remember({ use: 'people', key: api.trusted.id, nonce: `n${String(n).padStart(31, '0')}`, at: now.getTime() - 1000 + n / 100 }, now);
    const carried = trust.carried(now);
    expect(carried.seen).toHaveLength(REMEMBERED_NONCES);
    expect(carried.horizon).toBe(now.getTime() - 1000 + 1);
    const before = await api.sign({ process: review, command: castVote.name, payload: vote, sender: 'm-ben', at: new Date(now.getTime() - 2000) });
    expect(await refusalOf(new CommandTrust(carried), castVote, vote, before)).toMatch(/too old/);
  });
});

describe('rotating keys', () => {
  const next = commandSigner(ephemeralKey(), 'people', () => now);
  const parse = (payload: unknown) => rotateKeys.schema.parse(payload);

  it('adds a key of the same use and retires the old one, leaving one of each use', () => {
    const trust = trustOf();
    expect(trust.rotationRefusal(parse({ add: [next.trusted] }), 'people')).toBeUndefined();
    trust.rotate(parse({ add: [next.trusted] }));
    expect(trust.rotationRefusal(parse({ retire: [api.trusted.id] }), 'people')).toBeUndefined();
    trust.rotate(parse({ retire: [api.trusted.id] }));
    expect(trust.trustedKeys.map((k) => k.id)).toEqual([worker.trusted.id, next.trusted.id]);
  });

  it('refuses a key of another use, a key it does not hold, and the last key of a use', () => {
    const trust = trustOf();
    expect(trust.rotationRefusal(parse({ add: [next.trusted] }), 'processes')).toMatch(/processes key may add and retire only processes keys/);
    expect(trust.rotationRefusal(parse({ retire: ['api-0000000000000000'] }), 'people')).toMatch(/not a key this process trusts/);
    expect(trust.rotationRefusal(parse({ retire: [api.trusted.id] }), 'people')).toMatch(/leave no people key/);
  });
});

/**
 * What proving its sender costs a vote (workflows/host/trust.ts), beside the same vote without it, in
 * one run: the host's work for one castVote (parse, explain, transition) bare, and with the proof
 * checked first (its shape, the key, the nonce, the Ed25519 signature over the canonical command in
 * pure JS, as the workflow sandbox runs it). The results, with the machine
 * they ran on, are in bench/results/proof.md.
 *
 *   npm run bench -- proof
 */
import { bench, describe } from 'vitest';
import { initialTransition, transition } from 'xstate';
import { gateReviewMachine, type GateReviewEvent } from '../machines/gateReview/machine';
import { gateReviewPayloads } from '../machines/gateReview/schema';
import { explainGateReviewRefusal } from '../machines/gateReview/view';
import { T0, events, members, parsedRequest } from '../test/support/gateReviews';
import { commandSigner } from '../trust/commandSigner';
import { ephemeralKey } from '../trust/keyFile';
import { castVote } from '../workflows/gateReview/messages';
import { CommandTrust } from '../workflows/host/trust';

const [opened] = initialTransition(gateReviewMachine, { request: parsedRequest(), openedAt: T0 });
const sixVoted = members.slice(0, 6).reduce((s, m) => transition(gateReviewMachine, s, events.vote(m, 'approve'))[0], opened);
const payload = { by: 'm7', choice: 'reject', reason: 'Needs more evidence' };
const now = new Date(T0);
const api = commandSigner(ephemeralKey(), 'people', () => now);
const trust = new CommandTrust({ keys: [api.trusted] });
/** Proofs made beforehand, one per vote, so that each check is a fresh signature (not the memo of the last). */
const proofs = await Promise.all(Array.from({ length: 2_000 }, () => api.sign({ process: 'gr-1', command: castVote.name, payload, sender: 'm7' })));
let next = 0;

const vote = () => {
  const parsed = gateReviewPayloads['vote.cast'].parse(payload);
  const event = { ...parsed, type: 'vote.cast', at: T0 } as GateReviewEvent;
  if (explainGateReviewRefusal(sixVoted, event)) throw new Error('refused');
  transition(gateReviewMachine, sixVoted, event);
};

describe('one vote, with and without proving its sender', () => {
  bench('bare: parse, explain, transition', vote);

  bench('proven: check the proof, then the same', () => {
    const verdict = trust.check({ workflowId: 'gr-1', command: castVote, payload, proof: proofs[next++ % proofs.length], now });
    if (!('proven' in verdict)) throw new Error(verdict.refusal);
    vote();
  });
});

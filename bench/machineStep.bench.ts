/**
 * What the XState layer costs per vote inside a workflow task: parsing the
 * payload, explaining (or not) a refusal, the pure transition, and the view a
 * reply carries. The comparison with a bare Temporal workflow is
 * bench/README.md's next step; this isolates the part the engine adds.
 *
 *   npm run bench
 */
import { bench, describe } from 'vitest';
import { initialTransition, transition } from 'xstate';
import { gateReviewMachine, type GateReviewEvent } from '../machines/gateReview/machine';
import { gateReviewPayloads } from '../machines/gateReview/schema';
import { explainGateReviewRefusal, gateReviewView } from '../machines/gateReview/view';
import { T0, events, members, parsedRequest } from '../test/support/gateReviews';

const [opened] = initialTransition(gateReviewMachine, { request: parsedRequest(), openedAt: T0 });
const sixVoted = members.slice(0, 6).reduce((s, m) => transition(gateReviewMachine, s, events.vote(m, 'approve'))[0], opened);
const lastVote = events.vote('m7', 'reject', { reason: 'Needs more evidence' });

describe('one vote through the gate review machine', () => {
  bench('transition only', () => {
    transition(gateReviewMachine, sixVoted, lastVote);
  });

  bench('as the host does it: parse, explain, transition, view', () => {
    const payload = gateReviewPayloads['vote.cast'].parse({ by: 'm7', choice: 'reject', reason: 'Needs more evidence' });
    const event = { ...payload, type: 'vote.cast', at: T0 } as GateReviewEvent;
    if (explainGateReviewRefusal(sixVoted, event)) throw new Error('refused');
    gateReviewView(transition(gateReviewMachine, sixVoted, event)[0]);
  });

  bench('a refused second vote: parse and explain', () => {
    const event = { ...gateReviewPayloads['vote.cast'].parse({ by: 'm1', choice: 'reject' }), type: 'vote.cast', at: T0 } as GateReviewEvent;
    if (!explainGateReviewRefusal(sixVoted, event)) throw new Error('accepted');
  });
});
